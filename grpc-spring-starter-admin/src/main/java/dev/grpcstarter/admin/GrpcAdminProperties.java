package dev.grpcstarter.admin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The bundled admin UI.
 */
@ConfigurationProperties("grpc.admin")
public class GrpcAdminProperties {

	/** Whether the admin UI is served. */
	private boolean enabled = true;

	/** Path the admin UI is mounted under, on the application's HTTP server. */
	private String path = "/grpc-admin";

	/** Authority a user needs to use the admin UI. */
	private String authority = "ROLE_ADMIN";

	/**
	 * Link from a request-log row to its trace in a tracing UI (Grafana Tempo, Jaeger,
	 * Zipkin), with {@code {traceId}} where the trace id goes; unset shows the id without a
	 * link.
	 */
	private @Nullable String traceUrlTemplate;

	private final User user = new User();

	private final Login login = new Login();

	private final Explorer explorer = new Explorer();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getPath() {
		return this.path;
	}

	public void setPath(String path) {
		this.path = path;
	}

	public String getAuthority() {
		return this.authority;
	}

	public void setAuthority(String authority) {
		this.authority = authority;
	}

	public @Nullable String getTraceUrlTemplate() {
		return this.traceUrlTemplate;
	}

	public void setTraceUrlTemplate(@Nullable String traceUrlTemplate) {
		this.traceUrlTemplate = traceUrlTemplate;
	}

	public User getUser() {
		return this.user;
	}

	public Login getLogin() {
		return this.login;
	}

	public Explorer getExplorer() {
		return this.explorer;
	}

	/**
	 * The API explorer.
	 */
	public static class Explorer {

		/**
		 * Descriptor sets written by the build with source info, whose .proto comments the
		 * explorer shows; locations that match nothing are skipped.
		 */
		private List<String> descriptorSets = new ArrayList<>(List.of("classpath*:META-INF/grpc/descriptor-set.binpb"));

		public List<String> getDescriptorSets() {
			return this.descriptorSets;
		}

		public void setDescriptorSets(List<String> descriptorSets) {
			this.descriptorSets = descriptorSets;
		}

	}

	/**
	 * The admin user used when the application has no {@code UserDetailsService} of its own.
	 */
	public static class User {

		/** Name of the admin user. */
		private String name = "admin";

		/** Password of the admin user; unset generates one and prints it once at startup. */
		private @Nullable String password;

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

		public @Nullable String getPassword() {
			return this.password;
		}

		public void setPassword(@Nullable String password) {
			this.password = password;
		}

	}

	/**
	 * Throttling of failed sign-ins to the admin UI, per user name and per client address.
	 */
	public static class Login {

		/** Failed sign-ins allowed per user name and window; 0 disables the per-name limit. */
		private int maxFailuresPerUser = 10;

		/** Failed sign-ins allowed per client address and window; 0 disables the per-address limit. */
		private int maxFailuresPerAddress = 30;

		/** Window in which failed sign-ins are counted; the allowance refills evenly over it. */
		private Duration window = Duration.ofMinutes(15);

		public int getMaxFailuresPerUser() {
			return this.maxFailuresPerUser;
		}

		public void setMaxFailuresPerUser(int maxFailuresPerUser) {
			this.maxFailuresPerUser = maxFailuresPerUser;
		}

		public int getMaxFailuresPerAddress() {
			return this.maxFailuresPerAddress;
		}

		public void setMaxFailuresPerAddress(int maxFailuresPerAddress) {
			this.maxFailuresPerAddress = maxFailuresPerAddress;
		}

		public Duration getWindow() {
			return this.window;
		}

		public void setWindow(Duration window) {
			this.window = window;
		}

	}

}
