/**
 * API keys stored in the application's database: format, hashing, persistence, verification, usage.
 */
@NullMarked
package dev.grpcstarter.core.apikey;

import org.jspecify.annotations.NullMarked;
