package dev.grpcstarter.admin;

import java.util.UUID;

import dev.grpcstarter.autoconfigure.auth.ApplicationUserDetails;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * The users of the admin UI: the application's own {@link UserDetailsService} when it has
 * one; otherwise one admin user, like Spring Boot's default user, with a generated password
 * printed once at startup. The fallback user lives only in the admin chain: the
 * application's security is left alone.
 */
final class AdminUsers {

	private static final Logger logger = LoggerFactory.getLogger(AdminUsers.class);

	private AdminUsers() {
	}

	static UserDetailsService resolve(ConfigurableListableBeanFactory beanFactory, GrpcAdminProperties properties) {
		UserDetailsService application = ApplicationUserDetails.find(beanFactory);
		if (application != null) {
			return application;
		}
		String password = properties.getUser().getPassword();
		if (password == null || password.isBlank()) {
			password = UUID.randomUUID().toString();
			logger.warn(String.format("%n%nUsing generated grpc-admin password for user '%s': %s%n%n"
					+ "Set grpc.admin.user.password, or define a UserDetailsService, for real use.%n",
					properties.getUser().getName(), password));
		}
		return new InMemoryUserDetailsManager(User.withUsername(properties.getUser().getName())
			.password("{noop}" + password)
			.authorities(properties.getAuthority())
			.build());
	}

}
