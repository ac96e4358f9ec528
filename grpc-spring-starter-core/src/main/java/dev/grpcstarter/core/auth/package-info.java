/**
 * Authentication of gRPC calls: the API-key interceptor, principals, method access rules, master key.
 */
@NullMarked
package dev.grpcstarter.core.auth;

import org.jspecify.annotations.NullMarked;
