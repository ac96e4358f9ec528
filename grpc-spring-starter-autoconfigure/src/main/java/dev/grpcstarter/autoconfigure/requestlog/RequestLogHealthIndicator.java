package dev.grpcstarter.autoconfigure.requestlog;

import dev.grpcstarter.core.requestlog.RequestLogWriter;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the request log: {@code DOWN} while the writer is dropping rows (a drop within
 * the last minute), with the writer's counts as details.
 */
public final class RequestLogHealthIndicator extends AbstractHealthIndicator {

	private final RequestLogWriter writer;

	/**
	 * An indicator of a writer.
	 * @param writer the request-log writer
	 */
	public RequestLogHealthIndicator(RequestLogWriter writer) {
		super("Request log health check failed");
		this.writer = writer;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		RequestLogWriter.Counts counts = this.writer.counts();
		if (this.writer.isDropping()) {
			builder.down();
		}
		else {
			builder.up();
		}
		builder.withDetail("accepted", counts.accepted())
			.withDetail("written", counts.written())
			.withDetail("dropped", counts.dropped())
			.withDetail("pending", counts.pending());
	}

}
