package dev.grpcstarter.autoconfigure.auth;

import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.security.core.userdetails.UserDetailsService;

/**
 * Finds the application's own {@link UserDetailsService}. Spring Boot's generated
 * in-memory user ("user" with a printed password) does not count: it knows none of the
 * application's principals.
 */
public final class ApplicationUserDetails {

	private ApplicationUserDetails() {
	}

	/**
	 * The application's user details service.
	 * @param beanFactory the bean factory
	 * @return the single application-defined service, or {@code null} when there is none
	 * (or several)
	 */
	public static @Nullable UserDetailsService find(ConfigurableListableBeanFactory beanFactory) {
		List<String> own = Arrays.stream(beanFactory.getBeanNamesForType(UserDetailsService.class, false, false))
			.filter((name) -> !isBootDefault(beanFactory, name))
			.toList();
		return (own.size() == 1) ? beanFactory.getBean(own.get(0), UserDetailsService.class) : null;
	}

	private static boolean isBootDefault(ConfigurableListableBeanFactory beanFactory, String name) {
		if (!beanFactory.containsBeanDefinition(name)) {
			return false;
		}
		String factory = beanFactory.getBeanDefinition(name).getFactoryBeanName();
		return factory != null && factory.endsWith("UserDetailsServiceAutoConfiguration");
	}

}
