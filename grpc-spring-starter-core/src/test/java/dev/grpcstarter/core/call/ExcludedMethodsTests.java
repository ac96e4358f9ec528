package dev.grpcstarter.core.call;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ExcludedMethodsTests {

	@Test
	void whenAPatternNamesAServiceThenEveryMethodOfItIsExcluded() {
		ExcludedMethods excluded = new ExcludedMethods(List.of("grpc.health.v1.Health/*", "demo.v1.Greeter/Ping"));
		assertThat(excluded.contains("grpc.health.v1.Health/Check")).isTrue();
		assertThat(excluded.contains("grpc.health.v1.Health/Watch")).isTrue();
		assertThat(excluded.contains("demo.v1.Greeter/Ping")).isTrue();
		assertThat(excluded.contains("demo.v1.Greeter/Hello")).isFalse();
		// A second look at the same method comes from the cache and agrees.
		assertThat(excluded.contains("demo.v1.Greeter/Hello")).isFalse();
	}

	@Test
	void whenNothingIsExcludedThenNoMethodIs() {
		assertThat(ExcludedMethods.NONE.contains("grpc.health.v1.Health/Check")).isFalse();
	}

	@Test
	void whenAPatternIsMalformedThenItIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ExcludedMethods(List.of("Health")))
			.withMessageContaining("'Health' is not a method pattern");
	}

}
