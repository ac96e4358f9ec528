/**
 * Package-scoped discovery of gRPC services.
 */
@NullMarked
package dev.grpcstarter.autoconfigure.service;

import org.jspecify.annotations.NullMarked;
