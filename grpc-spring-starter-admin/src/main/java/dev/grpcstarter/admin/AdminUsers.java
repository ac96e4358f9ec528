package dev.grpcstarter.admin;

import java.util.UUID;

import dev.grpcstarter.autoconfigure.auth.ApplicationUserDetails;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * The users of the admin UI: the application's own {@link UserDetailsService} when it has
 * one; otherwise one admin user, like Spring Boot's default user, with a generated password
 * that {@link AdminAccessLine} prints once at startup. The fallback user lives only in the
 * admin chain: the application's security is left alone.
 *
 * @param service who may sign in
 * @param userName the admin's own user, or {@code null} when the application's users sign in
 * @param generatedPassword the password generated for this run, or {@code null}
 */
record AdminUsers(UserDetailsService service, @Nullable String userName, @Nullable String generatedPassword) {

	static AdminUsers resolve(ConfigurableListableBeanFactory beanFactory, GrpcAdminProperties properties) {
		UserDetailsService application = ApplicationUserDetails.find(beanFactory);
		if (application != null) {
			return new AdminUsers(application, null, null);
		}
		String password = properties.getUser().getPassword();
		String generated = null;
		if (password == null || password.isBlank()) {
			generated = UUID.randomUUID().toString();
			password = generated;
		}
		String name = properties.getUser().getName();
		return new AdminUsers(new InMemoryUserDetailsManager(
				User.withUsername(name).password("{noop}" + password).authorities(properties.getAuthority()).build()),
				name, generated);
	}

}
