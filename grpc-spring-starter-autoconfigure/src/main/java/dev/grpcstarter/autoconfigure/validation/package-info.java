/**
 * Auto-configuration of request validation with protovalidate.
 */
@NullMarked
package dev.grpcstarter.autoconfigure.validation;

import org.jspecify.annotations.NullMarked;
