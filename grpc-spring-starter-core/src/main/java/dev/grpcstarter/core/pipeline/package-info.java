/**
 * Interceptors of the pipeline that belong to no single concern: the request id and
 * read-only transactions. Their order is {@link dev.grpcstarter.core.call.PipelineOrder}.
 */
@NullMarked
package dev.grpcstarter.core.pipeline;

import org.jspecify.annotations.NullMarked;
