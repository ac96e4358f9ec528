package dev.grpcstarter.core.requestlog;

/**
 * Takes finished calls off the call path. Must never block.
 */
@FunctionalInterface
public interface RequestLogSink {

	/**
	 * Accepts one row.
	 * @param entry the row
	 */
	void accept(RequestLogEntry entry);

}
