package dev.grpcstarter.admin;

import java.util.Arrays;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.security.core.userdetails.UserDetailsService;

/**
 * One line at startup saying where the admin UI is and how to sign in: its URL, the user
 * and, when generated, the password. Spring Boot's own generated user ("Using generated
 * security password"), when there is one, is explained in the same line, so that the two
 * passwords are not confused.
 */
final class AdminAccessLine implements ApplicationListener<WebServerInitializedEvent> {

	private static final Logger logger = LoggerFactory.getLogger(AdminAccessLine.class);

	private final AdminUsers users;

	private final GrpcAdminProperties properties;

	private final ConfigurableListableBeanFactory beanFactory;

	AdminAccessLine(AdminUsers users, GrpcAdminProperties properties, ConfigurableListableBeanFactory beanFactory) {
		this.users = users;
		this.properties = properties;
		this.beanFactory = beanFactory;
	}

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		// The management server, when separate, has its own namespace; the admin is on the main one.
		if (event.getApplicationContext().getServerNamespace() != null) {
			return;
		}
		Environment environment = event.getApplicationContext().getEnvironment();
		String url = "http://localhost:" + event.getWebServer().getPort()
				+ environment.getProperty("server.servlet.context-path", "") + this.properties.getPath();
		logger.info(line(url));
	}

	String line(String url) {
		if (this.users.userName() == null) {
			return "gRPC admin UI: " + url + ", sign in as a user of the application with authority "
					+ this.properties.getAuthority();
		}
		String password = (this.users.generatedPassword() != null)
				? "password " + this.users.generatedPassword()
						+ " (generated for this run; set grpc.admin.user.password to choose one)"
				: "password from grpc.admin.user.password";
		String boot = hasBootGeneratedUser()
				? "; Spring Boot's generated 'user' password printed above is for the application's other pages"
						+ " and does not sign in here"
				: "";
		return "gRPC admin UI: " + url + ", user '" + this.users.userName() + "', " + password + boot;
	}

	private boolean hasBootGeneratedUser() {
		return Arrays.stream(this.beanFactory.getBeanNamesForType(UserDetailsService.class, false, false))
			.filter(this.beanFactory::containsBeanDefinition)
			.map((name) -> this.beanFactory.getBeanDefinition(name).getFactoryBeanName())
			.anyMatch((factory) -> factory != null && factory.endsWith("UserDetailsServiceAutoConfiguration"));
	}

}
