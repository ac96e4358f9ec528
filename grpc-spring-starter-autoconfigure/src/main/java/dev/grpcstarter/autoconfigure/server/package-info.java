/**
 * Defaults and additions for Spring Boot's gRPC server: port, reflection v1alpha, the report
 * of a port in use.
 */
@NullMarked
package dev.grpcstarter.autoconfigure.server;

import org.jspecify.annotations.NullMarked;
