/**
 * Request validation: the {@code buf.validate} rules of request messages, checked with
 * protovalidate before the service sees them.
 */
@NullMarked
package dev.grpcstarter.core.validation;

import org.jspecify.annotations.NullMarked;
