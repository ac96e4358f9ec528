/**
 * Auto-configuration of API keys and call authentication.
 */
@NullMarked
package dev.grpcstarter.autoconfigure.auth;

import org.jspecify.annotations.NullMarked;
