package dev.grpcstarter.autoconfigure.server;

import java.io.IOException;
import java.net.BindException;

import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

class GrpcPortInUseFailureAnalyzerTests {

	private final GrpcPortInUseFailureAnalyzer analyzer = new GrpcPortInUseFailureAnalyzer();

	@Test
	void whenThePortIsInUseThenTheAnalysisNamesItAndThePortProperty() {
		FailureAnalysis analysis = this.analyzer.analyze(startFailure(new BindException("Address already in use")));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains("port 50051 (0.0.0.0/0.0.0.0:50051) is already in use");
		assertThat(analysis.getAction()).contains("spring.grpc.server.port").contains("sport = :50051");
	}

	@Test
	void whenBindingIsNotPermittedThenTheAnalysisGivesTheReason() {
		FailureAnalysis analysis = this.analyzer
			.analyze(startFailure(new IOException("bind(..) failed with error(-13): Permission denied")));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription())
			.isEqualTo("The gRPC server could not start: it cannot listen on 0.0.0.0/0.0.0.0:50051 (Permission denied).");
		assertThat(analysis.getAction()).contains("below 1024");
	}

	@Test
	void whenAnotherIoExceptionFailsTheStartThenItIsNotAnalyzed() {
		assertThat(this.analyzer.analyze(new IllegalStateException("boom", new IOException("disk full")))).isNull();
	}

	private static Exception startFailure(IOException reason) {
		return new IllegalStateException("Failed to start the grpc server",
				new IOException("Failed to bind to address 0.0.0.0/0.0.0.0:50051", reason));
	}

}
