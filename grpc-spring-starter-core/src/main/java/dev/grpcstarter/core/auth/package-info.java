/**
 * Authentication of gRPC calls: the API-key interceptor, the API key as a Spring Security
 * mechanism (token, extractor, provider) beside the application's own gRPC security,
 * method access rules, the failed-attempt throttle, the master key. The principal itself is in {@code call}.
 */
@NullMarked
package dev.grpcstarter.core.auth;

import org.jspecify.annotations.NullMarked;
