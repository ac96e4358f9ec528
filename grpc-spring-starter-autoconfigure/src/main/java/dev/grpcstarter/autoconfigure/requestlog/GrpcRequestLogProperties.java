package dev.grpcstarter.autoconfigure.requestlog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.grpcstarter.core.auth.MethodAccessRules;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The request log: one row per gRPC call in the application's database.
 */
@ConfigurationProperties("grpc.request-log")
public class GrpcRequestLogProperties {

	/** Whether calls are recorded. */
	private boolean enabled = true;

	/** Whether only failed calls are recorded. */
	private boolean errorsOnly = false;

	/** Share of successful calls recorded, 0 to 1; failed calls are always recorded. */
	private double sampleRate = 1.0;

	/** Methods never recorded: package.Service/Method, package.Service/* or *. */
	private List<String> excludedMethods = new ArrayList<>(MethodAccessRules.INFRASTRUCTURE_PATTERNS);

	/**
	 * A cancellation arriving with less than this left of the call's deadline is logged as
	 * a timeout: the client's deadline started before the server received the call.
	 */
	private Duration timeoutTolerance = Duration.ofMillis(100);

	/** How long rows are kept. */
	private Duration retention = Duration.ofDays(30);

	/** How often old rows are deleted. */
	private Duration retentionInterval = Duration.ofHours(1);

	/** Rows deleted per statement by the retention job. */
	private int retentionBatchSize = 1000;

	/** Rows held in memory at most while the database is slow or down; past it the oldest are dropped. */
	private int queueCapacity = 50_000;

	/**
	 * Whether finishing calls pause briefly (up to 1 ms) while the queue is more than half
	 * full and the database is reachable, so the writer catches up instead of dropping rows.
	 */
	private boolean slowCallsWhenBehind = true;

	/** Rows written per insert. */
	private int batchSize = 500;

	/** Longest time a row waits in memory for a full batch. */
	private Duration flushInterval = Duration.ofSeconds(1);

	/** Longest time spent writing what is left at shutdown. */
	private Duration shutdownTimeout = Duration.ofSeconds(10);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public boolean isErrorsOnly() {
		return this.errorsOnly;
	}

	public void setErrorsOnly(boolean errorsOnly) {
		this.errorsOnly = errorsOnly;
	}

	public double getSampleRate() {
		return this.sampleRate;
	}

	public void setSampleRate(double sampleRate) {
		this.sampleRate = sampleRate;
	}

	public List<String> getExcludedMethods() {
		return this.excludedMethods;
	}

	public void setExcludedMethods(List<String> excludedMethods) {
		this.excludedMethods = excludedMethods;
	}

	public Duration getTimeoutTolerance() {
		return this.timeoutTolerance;
	}

	public void setTimeoutTolerance(Duration timeoutTolerance) {
		this.timeoutTolerance = timeoutTolerance;
	}

	public Duration getRetention() {
		return this.retention;
	}

	public void setRetention(Duration retention) {
		this.retention = retention;
	}

	public Duration getRetentionInterval() {
		return this.retentionInterval;
	}

	public void setRetentionInterval(Duration retentionInterval) {
		this.retentionInterval = retentionInterval;
	}

	public int getRetentionBatchSize() {
		return this.retentionBatchSize;
	}

	public void setRetentionBatchSize(int retentionBatchSize) {
		this.retentionBatchSize = retentionBatchSize;
	}

	public boolean isSlowCallsWhenBehind() {
		return this.slowCallsWhenBehind;
	}

	public void setSlowCallsWhenBehind(boolean slowCallsWhenBehind) {
		this.slowCallsWhenBehind = slowCallsWhenBehind;
	}

	public int getQueueCapacity() {
		return this.queueCapacity;
	}

	public void setQueueCapacity(int queueCapacity) {
		this.queueCapacity = queueCapacity;
	}

	public int getBatchSize() {
		return this.batchSize;
	}

	public void setBatchSize(int batchSize) {
		this.batchSize = batchSize;
	}

	public Duration getFlushInterval() {
		return this.flushInterval;
	}

	public void setFlushInterval(Duration flushInterval) {
		this.flushInterval = flushInterval;
	}

	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

}
