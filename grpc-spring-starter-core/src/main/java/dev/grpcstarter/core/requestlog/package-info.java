/**
 * The request log: one row per call, written in batches off the call path, with statistics and retention.
 */
@NullMarked
package dev.grpcstarter.core.requestlog;

import org.jspecify.annotations.NullMarked;
