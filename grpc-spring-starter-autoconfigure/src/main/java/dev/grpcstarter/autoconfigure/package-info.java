/**
 * Auto-configuration of the gRPC Spring Starter on Spring Boot's gRPC server.
 */
@NullMarked
package dev.grpcstarter.autoconfigure;

import org.jspecify.annotations.NullMarked;
