/**
 * Mapping of exceptions thrown by services to gRPC status codes.
 */
@NullMarked
package dev.grpcstarter.core.error;

import org.jspecify.annotations.NullMarked;
