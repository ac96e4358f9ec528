package dev.grpcstarter.autoconfigure.ratelimit;

import dev.grpcstarter.core.ratelimit.LimitStore;

/**
 * Opens a bucket store on the application's Redis; a bean only where Spring Data Redis
 * with Lettuce is configured, so that nothing else touches Redis's classes.
 */
@FunctionalInterface
interface RedisBuckets {

	LimitStore open(String keyPrefix, LimitStore.EngineConnection connection);

}
