/**
 * Auto-configuration of the request log.
 */
@NullMarked
package dev.grpcstarter.autoconfigure.requestlog;

import org.jspecify.annotations.NullMarked;
