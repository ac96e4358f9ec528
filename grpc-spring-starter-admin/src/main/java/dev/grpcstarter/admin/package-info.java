/**
 * The bundled admin UI: auto-configuration, properties and its own security chain.
 */
@NullMarked
package dev.grpcstarter.admin;

import org.jspecify.annotations.NullMarked;
