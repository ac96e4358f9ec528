/**
 * Auto-configuration of pipeline stages that belong to no single feature: read-only
 * transactions for read-only services.
 */
@NullMarked
package dev.grpcstarter.autoconfigure.pipeline;

import org.jspecify.annotations.NullMarked;
