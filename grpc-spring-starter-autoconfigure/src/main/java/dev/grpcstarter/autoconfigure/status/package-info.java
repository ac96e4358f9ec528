/**
 * Auto-configuration of server-instance identity and status.
 */
@NullMarked
package dev.grpcstarter.autoconfigure.status;

import org.jspecify.annotations.NullMarked;
