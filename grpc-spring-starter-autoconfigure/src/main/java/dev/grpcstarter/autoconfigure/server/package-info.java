/**
 * Defaults and additions for Spring Boot's gRPC server: port, reflection v1alpha.
 */
@NullMarked
package dev.grpcstarter.autoconfigure.server;

import org.jspecify.annotations.NullMarked;
