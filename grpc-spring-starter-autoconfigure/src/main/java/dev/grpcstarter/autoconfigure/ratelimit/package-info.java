/**
 * Auto-configuration of API-key rate limits and quotas on the chosen engine.
 */
@NullMarked
package dev.grpcstarter.autoconfigure.ratelimit;

import org.jspecify.annotations.NullMarked;
