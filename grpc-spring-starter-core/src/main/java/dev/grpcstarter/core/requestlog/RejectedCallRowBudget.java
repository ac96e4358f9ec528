package dev.grpcstarter.core.requestlog;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.grpcstarter.core.background.BackgroundPhases;
import dev.grpcstarter.core.call.CallTransport;
import dev.grpcstarter.core.call.RequestContext;
import io.grpc.Status;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;

/**
 * Keeps a flood of refused calls from becoming a flood of request-log rows. Calls refused
 * before any caller was authenticated ({@link RequestContext#isRefusedBeforeAuthentication()}:
 * no key, a bad key, an address throttled for failed attempts, or a method no service has)
 * get a row each up to {@code rowsPerAddress} per client address and window, whatever the
 * reason: one budget per address. The calls past it are left out and counted exactly, per
 * address and {@link Reason}; when the window ends, each count becomes one summary row
 * ({@link #SUMMARY_CALL_TYPE}) whose {@link RequestLogEntry#calls()} says how many calls it
 * stands for. Calls that passed authentication never come here: they are always logged in
 * full, also when refused afterwards (scopes, rate limits, quota).
 *
 * <p>An address's window starts with its first refused call. Every count is a compute on
 * the address's entry, which Caffeine makes atomic with the entry's removal, so a call is
 * counted in exactly one window and a window is summarised once, after its last count.
 * Ended windows are summarised by {@link #closeEndedWindows()} (run periodically) or by the
 * next refused call from the address, all windows by {@link #stop()}, which runs after the
 * servers stopped taking calls and before the request-log writer's last flush.
 *
 * <p>Memory is bounded: once {@code maxAddresses} addresses have an open window, calls from
 * further addresses share one window ({@link #OTHER_ADDRESSES}, a summary row without a
 * client address), so the rows per window stay bounded however many addresses a flood
 * comes from. Should racing callers still push the cache past its hard limit, the windows
 * it evicts are summarised early: counts stay exact.
 */
public final class RejectedCallRowBudget implements SmartLifecycle {

	/** The {@code call_type} of a summary row. */
	public static final String SUMMARY_CALL_TYPE = "summary";

	/** The service or method of a summary row whose calls went to different ones. */
	public static final String SEVERAL = "*";

	/** The window of the addresses beyond {@code maxAddresses}. */
	static final String OTHER_ADDRESSES = "*";

	/** The window of calls without a known client address. */
	private static final String NO_ADDRESS = "";

	private final RequestLogSink sink;

	private final int rowsPerAddress;

	private final Duration window;

	private final int maxAddresses;

	private final Supplier<String> instanceId;

	private final Cache<String, AddressWindow> windows;

	private final Map<Reason, LongAdder> suppressed = new EnumMap<>(Reason.class);

	private final LongAdder summaryRows = new LongAdder();

	private volatile boolean stopped;

	private volatile boolean running;

	/**
	 * A budget.
	 * @param sink where the rows go, summary rows included
	 * @param rowsPerAddress rows of refused calls per address and window; 0 leaves only the
	 * summaries
	 * @param window the length of an address's window
	 * @param maxAddresses addresses with a window of their own at most
	 * @param instanceId the id of this server instance, for the summary rows
	 */
	public RejectedCallRowBudget(RequestLogSink sink, int rowsPerAddress, Duration window, int maxAddresses,
			Supplier<String> instanceId) {
		this(sink, rowsPerAddress, window, maxAddresses, instanceId, Ticker.systemTicker());
	}

	RejectedCallRowBudget(RequestLogSink sink, int rowsPerAddress, Duration window, int maxAddresses,
			Supplier<String> instanceId, Ticker ticker) {
		if (rowsPerAddress < 0) {
			throw new IllegalArgumentException("rowsPerAddress must not be negative, was " + rowsPerAddress);
		}
		if (window.isNegative() || window.isZero()) {
			throw new IllegalArgumentException("window must be positive, was " + window);
		}
		if (maxAddresses < 1) {
			throw new IllegalArgumentException("maxAddresses must be at least 1, was " + maxAddresses);
		}
		this.sink = sink;
		this.rowsPerAddress = rowsPerAddress;
		this.window = window;
		this.maxAddresses = maxAddresses;
		this.instanceId = instanceId;
		for (Reason reason : Reason.values()) {
			this.suppressed.put(reason, new LongAdder());
		}
		// A window lasts from its creation, however often it is counted in. Removal notices
		// run on the thread that removed the window, after the removal.
		this.windows = Caffeine.newBuilder()
			.maximumSize(2L * maxAddresses + 1)
			.expireAfter(Expiry.<String, AddressWindow>creating((address, counts) -> window))
			.ticker(ticker)
			.executor(Runnable::run)
			.removalListener(this::windowEnded)
			.build();
	}

	/**
	 * Why a call was refused before authentication, as far as the budget is concerned; the
	 * tag of the {@code grpc.request-log.suppressed} meter.
	 */
	public enum Reason {

		/** {@code UNAUTHENTICATED}: no key where one is required, or a bad key. */
		UNAUTHENTICATED(Status.Code.UNAUTHENTICATED),

		/** {@code RESOURCE_EXHAUSTED}: the address is throttled for failed attempts. */
		THROTTLED(Status.Code.RESOURCE_EXHAUSTED),

		/**
		 * {@code UNIMPLEMENTED}: a method no service has, answered before authentication,
		 * which it never reaches.
		 */
		UNIMPLEMENTED(Status.Code.UNIMPLEMENTED);

		private final Status.Code code;

		Reason(Status.Code code) {
			this.code = code;
		}

		/** @return the code the calls ended with */
		public Status.Code code() {
			return this.code;
		}

		/** @return the meter's tag value */
		public String tagValue() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

		/**
		 * The reason of a call authentication refused.
		 * @param code the call's final code
		 * @return the reason, {@code null} for a code the budget does not cover (the call
		 * ended otherwise than authentication decided, and keeps its row)
		 */
		static @Nullable Reason of(Status.Code code) {
			for (Reason reason : values()) {
				if (reason.code == code) {
					return reason;
				}
			}
			return null;
		}

	}

	/**
	 * Takes the row of a call refused before authentication: passes it on while its address
	 * has rows left in its window, otherwise counts it for the address's summary.
	 * @param entry the row
	 * @param reason why the call was refused
	 */
	public void accept(RequestLogEntry entry, Reason reason) {
		if (this.stopped) {
			this.sink.accept(entry);
			return;
		}
		String address = windowOf(entry.clientIp());
		boolean[] kept = new boolean[1];
		this.windows.asMap().compute(address, (key, current) -> {
			AddressWindow window = (current != null) ? current : new AddressWindow();
			kept[0] = window.take(entry, reason, this.rowsPerAddress);
			return window;
		});
		if (kept[0]) {
			this.sink.accept(entry);
		}
		else {
			this.suppressed.get(reason).increment();
		}
		if (this.stopped) {
			// Stopped while counting: the stop may have summarised this address's window
			// before the count, so summarise it again.
			this.windows.invalidate(address);
		}
	}

	private String windowOf(@Nullable String clientIp) {
		String address = (clientIp != null) ? clientIp : NO_ADDRESS;
		if (this.windows.estimatedSize() >= this.maxAddresses && !this.windows.asMap().containsKey(address)) {
			return OTHER_ADDRESSES;
		}
		return address;
	}

	/** Summarises the windows that have ended; run periodically. */
	public void closeEndedWindows() {
		this.windows.cleanUp();
	}

	/** Summarises every window now, ended or not. */
	public void closeAllWindows() {
		this.windows.invalidateAll();
		this.windows.cleanUp();
	}

	/**
	 * Calls left out of the request log so far, in summary rows or in windows still open.
	 * @param reason why they were refused
	 * @return how many
	 */
	public long suppressed(Reason reason) {
		return this.suppressed.get(reason).sum();
	}

	/** @return summary rows handed on so far */
	public long summaryRows() {
		return this.summaryRows.sum();
	}

	/** @return the addresses with an open window, the shared window of further addresses included */
	long trackedAddresses() {
		this.windows.cleanUp();
		return this.windows.estimatedSize();
	}

	/** @return rows per address and window */
	public int rowsPerAddress() {
		return this.rowsPerAddress;
	}

	/** @return the length of an address's window */
	public Duration window() {
		return this.window;
	}

	@Override
	public void start() {
		this.stopped = false;
		this.running = true;
	}

	/**
	 * Summarises every window; rows of refused calls accepted from now on pass straight
	 * through, so none is lost while the request-log writer takes its last rows.
	 */
	@Override
	public void stop() {
		this.stopped = true;
		closeAllWindows();
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return BackgroundPhases.REQUEST_LOG_SUMMARIES;
	}

	private void windowEnded(@Nullable String address, @Nullable AddressWindow window, RemovalCause cause) {
		// Counting hands back the window it was given: a replacement is never an end.
		if (address == null || window == null || cause == RemovalCause.REPLACED) {
			return;
		}
		for (Map.Entry<Reason, LeftOut> each : window.leftOut.entrySet()) {
			this.sink.accept(each.getValue().summary(address, each.getKey()));
			this.summaryRows.increment();
		}
	}

	/**
	 * One address's window: rows kept so far and the calls left out, per reason. Changed
	 * only inside a compute on its key, so plain fields.
	 */
	private final class AddressWindow {

		private int rows;

		private final Map<Reason, LeftOut> leftOut = new EnumMap<>(Reason.class);

		boolean take(RequestLogEntry entry, Reason reason, int maxRows) {
			if (this.rows < maxRows) {
				this.rows++;
				return true;
			}
			this.leftOut.computeIfAbsent(reason, (key) -> new LeftOut(entry)).add(entry);
			return false;
		}

	}

	/** The calls of one window and reason left out: what their summary row says. */
	private final class LeftOut {

		private long calls;

		private long micros;

		private final Instant first;

		private Instant last;

		private final Agreed<String> service;

		private final Agreed<String> method;

		private final Agreed<Long> apiKeyId;

		private final Agreed<String> userAgent;

		private long messagesIn;

		private long messagesOut;

		private long bytesIn;

		private long bytesOut;

		/** The calls' transport where they all agree; native gRPC where they do not. */
		private final Agreed<CallTransport> transport;

		LeftOut(RequestLogEntry first) {
			this.first = first.startedAt();
			this.last = first.startedAt();
			this.service = new Agreed<>(first.service());
			this.method = new Agreed<>(first.method());
			this.apiKeyId = new Agreed<>(first.apiKeyId());
			this.userAgent = new Agreed<>(first.userAgent());
			this.transport = new Agreed<>(first.transport());
		}

		void add(RequestLogEntry entry) {
			this.calls++;
			this.micros += entry.durationMicros();
			if (entry.startedAt().isAfter(this.last)) {
				this.last = entry.startedAt();
			}
			this.service.offer(entry.service());
			this.method.offer(entry.method());
			this.apiKeyId.offer(entry.apiKeyId());
			this.userAgent.offer(entry.userAgent());
			this.transport.offer(entry.transport());
			this.messagesIn += entry.messagesIn();
			this.messagesOut += entry.messagesOut();
			this.bytesIn += entry.bytesIn();
			this.bytesOut += entry.bytesOut();
		}

		/**
		 * One row for many calls: the service, method, key and user agent if they all agree,
		 * else none; their mean duration (statistics leave summary rows out of durations),
		 * their total traffic, and in {@code calls} how many they were.
		 */
		RequestLogEntry summary(String address, Reason reason) {
			RejectedCallRowBudget budget = RejectedCallRowBudget.this;
			boolean others = OTHER_ADDRESSES.equals(address);
			String from = others ? "from addresses beyond the " + budget.maxAddresses + " tracked"
					: "from this address";
			String message = this.calls + " calls refused before authentication (" + reason.code().name() + ") "
					+ from + " left out of the request log: over " + budget.rowsPerAddress + " rows per "
					+ budget.window + "; first at " + this.first + ", last at " + this.last;
			return new RequestLogEntry(null, RequestContext.newRequestId(), budget.instanceId.get(),
					Objects.requireNonNull(this.service.value(SEVERAL)),
					Objects.requireNonNull(this.method.value(SEVERAL)), SUMMARY_CALL_TYPE,
					RequestStatus.of(reason.code()), reason.code().name(), message, this.micros / this.calls,
					this.apiKeyId.value(null), null, false, null, (others || NO_ADDRESS.equals(address)) ? null : address,
					this.userAgent.value(null), clamp(this.messagesIn), clamp(this.messagesOut), this.bytesIn,
					this.bytesOut, this.first, this.calls,
					Objects.requireNonNull(this.transport.value(CallTransport.GRPC)));
		}

		private static int clamp(long value) {
			return (int) Math.min(value, Integer.MAX_VALUE);
		}

	}

	/** A value the calls of a summary agree on, or none when they differ. */
	private static final class Agreed<T> {

		private final @Nullable T first;

		private boolean differs;

		Agreed(@Nullable T first) {
			this.first = first;
		}

		void offer(@Nullable T value) {
			if (!this.differs && !Objects.equals(this.first, value)) {
				this.differs = true;
			}
		}

		@Nullable T value(@Nullable T whenTheyDiffer) {
			return this.differs ? whenTheyDiffer : this.first;
		}

	}

}
