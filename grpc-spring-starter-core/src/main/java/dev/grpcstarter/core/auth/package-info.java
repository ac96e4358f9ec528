/**
 * Authentication of gRPC calls: the API-key interceptor, method access rules, the
 * failed-attempt throttle, the master key. The principal itself is in {@code call}.
 */
@NullMarked
package dev.grpcstarter.core.auth;

import org.jspecify.annotations.NullMarked;
