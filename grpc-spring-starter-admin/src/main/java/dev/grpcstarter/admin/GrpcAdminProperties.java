package dev.grpcstarter.admin;

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

	private final User user = new User();

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

	public User getUser() {
		return this.user;
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

}
