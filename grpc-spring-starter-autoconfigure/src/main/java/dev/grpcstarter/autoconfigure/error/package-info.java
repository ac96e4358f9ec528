/**
 * Default mapping of exceptions to gRPC status and the request id on failed calls.
 */
@NullMarked
package dev.grpcstarter.autoconfigure.error;

import org.jspecify.annotations.NullMarked;
