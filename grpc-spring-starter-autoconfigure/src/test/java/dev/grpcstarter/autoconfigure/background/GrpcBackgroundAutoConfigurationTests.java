package dev.grpcstarter.autoconfigure.background;

import dev.grpcstarter.core.background.BackgroundScheduler;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class GrpcBackgroundAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcBackgroundAutoConfiguration.class));

	@Test
	void whenTheContextRunsThenOneSchedulerRunsWithIt() {
		BackgroundScheduler[] scheduler = new BackgroundScheduler[1];
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(BackgroundScheduler.class);
			scheduler[0] = context.getBean(BackgroundScheduler.class);
			assertThat(scheduler[0].isRunning()).isTrue();
		});
		assertThat(scheduler[0].isRunning()).isFalse();
	}

	@Test
	void whenUserDefinesASchedulerThenOursBacksOff() {
		BackgroundScheduler own = new BackgroundScheduler();
		this.contextRunner.withBean("ownScheduler", BackgroundScheduler.class, () -> own)
			.run((context) -> assertThat(context).getBean(BackgroundScheduler.class).isSameAs(own));
	}

}
