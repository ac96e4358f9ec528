/**
 * The interceptors around every call and their fixed order.
 */
@NullMarked
package dev.grpcstarter.core.pipeline;

import org.jspecify.annotations.NullMarked;
