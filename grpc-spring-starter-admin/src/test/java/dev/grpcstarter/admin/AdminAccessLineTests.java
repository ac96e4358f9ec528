package dev.grpcstarter.admin;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import static org.assertj.core.api.Assertions.assertThat;

class AdminAccessLineTests {

	private final GrpcAdminProperties properties = new GrpcAdminProperties();

	@Test
	void whenThePasswordIsGeneratedThenOneLineGivesUrlUserAndPassword() {
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		AdminUsers users = AdminUsers.resolve(beanFactory, this.properties);
		String line = new AdminAccessLine(users, this.properties, beanFactory).line("http://localhost:8080/grpc-admin");
		assertThat(line).isEqualTo("gRPC admin UI: http://localhost:8080/grpc-admin, user 'admin', password "
				+ users.generatedPassword() + " (generated for this run; set grpc.admin.user.password to choose one)");
	}

	@Test
	void whenSpringBootGeneratedItsOwnUserThenTheSameLineSaysItDoesNotSignInHere() {
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		// As Spring Boot's UserDetailsServiceAutoConfiguration defines its generated user.
		String factory = "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration";
		beanFactory.registerBeanDefinition(factory, new RootBeanDefinition(BootUsers.class));
		RootBeanDefinition bootUser = new RootBeanDefinition();
		bootUser.setFactoryBeanName(factory);
		bootUser.setFactoryMethodName("inMemoryUserDetailsManager");
		beanFactory.registerBeanDefinition("inMemoryUserDetailsManager", bootUser);
		this.properties.getUser().setPassword("chosen");
		AdminUsers users = AdminUsers.resolve(beanFactory, this.properties);
		assertThat(users.generatedPassword()).isNull();
		assertThat(new AdminAccessLine(users, this.properties, beanFactory).line("http://localhost:8080/grpc-admin"))
			.isEqualTo("gRPC admin UI: http://localhost:8080/grpc-admin, user 'admin', password from"
					+ " grpc.admin.user.password; Spring Boot's generated 'user' password printed above is for the"
					+ " application's other pages and does not sign in here");
	}

	static class BootUsers {

		InMemoryUserDetailsManager inMemoryUserDetailsManager() {
			return new InMemoryUserDetailsManager();
		}

	}

}
