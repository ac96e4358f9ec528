package dev.grpcstarter.core.ratelimit;

import java.time.Duration;

/**
 * How much of one limit a caller has left, as the admin pages show it.
 *
 * @param limit the limit in its text form, for example {@code 20/1s} or {@code quota 100000/30d}
 * @param calls the calls it allows per period
 * @param remaining the calls left now
 * @param reset the time until it is back to {@code calls} if unused
 */
public record LimitUsage(String limit, long calls, long remaining, Duration reset) {

}
