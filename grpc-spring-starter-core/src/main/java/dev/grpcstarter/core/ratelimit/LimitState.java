package dev.grpcstarter.core.ratelimit;

import java.time.Duration;

/**
 * Where a caller stands against its most constraining limit: the one with the fewest calls
 * left. These are the values of the {@code ratelimit-limit}, {@code ratelimit-remaining}
 * and {@code ratelimit-reset} headers.
 *
 * @param limit the calls that limit allows per its period
 * @param remaining the calls left now
 * @param reset the time until the limit is back to {@code limit} calls if unused
 */
public record LimitState(long limit, long remaining, Duration reset) {

	/** @return the reset in whole seconds, rounded up, as the headers carry it */
	public long resetSeconds() {
		long seconds = this.reset.getSeconds();
		return (this.reset.getNano() > 0) ? seconds + 1 : seconds;
	}

}
