/**
 * Runtime types of the gRPC Spring Starter. No auto-configuration lives here; see
 * {@code dev.grpcstarter.autoconfigure}.
 */
@NullMarked
package dev.grpcstarter.core;

import org.jspecify.annotations.NullMarked;
