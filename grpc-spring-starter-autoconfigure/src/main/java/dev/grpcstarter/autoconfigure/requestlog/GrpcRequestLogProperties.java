package dev.grpcstarter.autoconfigure.requestlog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.grpcstarter.core.auth.MethodAccessRules;
import dev.grpcstarter.core.call.MethodPatternSyntax;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.Validated;

/**
 * The request log: one row per gRPC call in the application's database.
 *
 * <p>Checked when bound ({@link Validated}), by this class itself as a Spring
 * {@link Validator} rather than with Jakarta constraints: Spring Boot applies a
 * self-validating properties class without a Bean Validation provider on the class path
 * (the starter brings none), and the rules need the method-pattern syntax and more than
 * one property. A failure stops startup with a message naming the property.
 */
@ConfigurationProperties("grpc.request-log")
@Validated
public class GrpcRequestLogProperties implements Validator {

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

	/** The daily partitions of the log on PostgreSQL. */
	private final Partitions partitions = new Partitions();

	/** Rows of calls refused before authentication: a budget per client address. */
	private final RejectedCalls rejectedCalls = new RejectedCalls();

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

	public Partitions getPartitions() {
		return this.partitions;
	}

	public RejectedCalls getRejectedCalls() {
		return this.rejectedCalls;
	}

	@Override
	public boolean supports(Class<?> type) {
		return GrpcRequestLogProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		GrpcRequestLogProperties properties = (GrpcRequestLogProperties) target;
		if (properties.getSampleRate() < 0 || properties.getSampleRate() > 1) {
			errors.rejectValue("sampleRate", "grpc.request-log.sample-rate.range",
					"grpc.request-log.sample-rate must be between 0 and 1, was " + properties.getSampleRate());
		}
		for (String pattern : properties.getExcludedMethods()) {
			if (!MethodPatternSyntax.isValid(pattern)) {
				errors.rejectValue("excludedMethods", "grpc.request-log.excluded-methods.pattern",
						"grpc.request-log.excluded-methods: '" + pattern
								+ "' is not a method pattern; use package.Service/Method, package.Service/* or *");
			}
		}
		if (properties.getQueueCapacity() < 1) {
			errors.rejectValue("queueCapacity", "grpc.request-log.queue-capacity.range",
					"grpc.request-log.queue-capacity must be at least 1, was " + properties.getQueueCapacity());
		}
		if (properties.getBatchSize() < 1 || properties.getBatchSize() > 1000) {
			errors.rejectValue("batchSize", "grpc.request-log.batch-size.range",
					"grpc.request-log.batch-size must be between 1 and 1000, was " + properties.getBatchSize());
		}
		if (properties.getPartitions().getAhead() < 1) {
			errors.rejectValue("partitions.ahead", "grpc.request-log.partitions.ahead.range",
					"grpc.request-log.partitions.ahead must be at least 1, was " + properties.getPartitions().getAhead());
		}
		if (properties.getPartitions().getLockTimeout().isNegative()
				|| properties.getPartitions().getLockTimeout().isZero()) {
			errors.rejectValue("partitions.lockTimeout", "grpc.request-log.partitions.lock-timeout.range",
					"grpc.request-log.partitions.lock-timeout must be positive, was "
							+ properties.getPartitions().getLockTimeout());
		}
		RejectedCalls rejected = properties.getRejectedCalls();
		if (rejected.getRowsPerAddress() < 0) {
			errors.rejectValue("rejectedCalls.rowsPerAddress", "grpc.request-log.rejected-calls.rows-per-address.range",
					"grpc.request-log.rejected-calls.rows-per-address must not be negative, was "
							+ rejected.getRowsPerAddress());
		}
		if (rejected.getWindow().isNegative() || rejected.getWindow().isZero()) {
			errors.rejectValue("rejectedCalls.window", "grpc.request-log.rejected-calls.window.range",
					"grpc.request-log.rejected-calls.window must be positive, was " + rejected.getWindow());
		}
		if (rejected.getMaxAddresses() < 1) {
			errors.rejectValue("rejectedCalls.maxAddresses", "grpc.request-log.rejected-calls.max-addresses.range",
					"grpc.request-log.rejected-calls.max-addresses must be at least 1, was "
							+ rejected.getMaxAddresses());
		}
		if (properties.getTimeoutTolerance().isNegative()) {
			errors.rejectValue("timeoutTolerance", "grpc.request-log.timeout-tolerance.range",
					"grpc.request-log.timeout-tolerance must not be negative, was " + properties.getTimeoutTolerance());
		}
	}

	/**
	 * The daily partitions of the log on PostgreSQL, created ahead and dropped after the
	 * retention period every {@code retention-interval} (and once at startup).
	 */
	public static class Partitions {

		/** Days after today that already have a partition. */
		private int ahead = 7;

		/**
		 * Longest wait for a table lock when creating or dropping a partition; past it the
		 * change is left for the next run, so writers never queue long behind it.
		 */
		private Duration lockTimeout = Duration.ofSeconds(2);

		public int getAhead() {
			return this.ahead;
		}

		public void setAhead(int ahead) {
			this.ahead = ahead;
		}

		public Duration getLockTimeout() {
			return this.lockTimeout;
		}

		public void setLockTimeout(Duration lockTimeout) {
			this.lockTimeout = lockTimeout;
		}

	}

	/**
	 * Calls refused before authentication (no key, a bad key, an address throttled for
	 * failed attempts, a method no service has): each client address gets a budget of rows
	 * per window, the calls past it are counted into one summary row per address and reason
	 * when the window ends.
	 * Calls that pass authentication are always logged in full.
	 */
	public static class RejectedCalls {

		/** Whether rows of calls refused before authentication are limited per client address. */
		private boolean enabled = true;

		/** Rows of such calls per client address and window; 0 leaves only the summary rows. */
		private int rowsPerAddress = 20;

		/** Length of an address's window, from its first refused call. */
		private Duration window = Duration.ofMinutes(1);

		/** Client addresses with a window of their own; further addresses share one. */
		private int maxAddresses = 10_000;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getRowsPerAddress() {
			return this.rowsPerAddress;
		}

		public void setRowsPerAddress(int rowsPerAddress) {
			this.rowsPerAddress = rowsPerAddress;
		}

		public Duration getWindow() {
			return this.window;
		}

		public void setWindow(Duration window) {
			this.window = window;
		}

		public int getMaxAddresses() {
			return this.maxAddresses;
		}

		public void setMaxAddresses(int maxAddresses) {
			this.maxAddresses = maxAddresses;
		}

	}

}
