/**
 * Service discovery support and helpers for service implementations.
 */
@NullMarked
package dev.grpcstarter.core.service;

import org.jspecify.annotations.NullMarked;
