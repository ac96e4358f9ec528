/**
 * Rate limits and quotas of API keys, held cluster-wide on the chosen engine (PostgreSQL,
 * Redis, or memory for a single instance) with Bucket4j.
 */
@NullMarked
package dev.grpcstarter.core.ratelimit;

import org.jspecify.annotations.NullMarked;
