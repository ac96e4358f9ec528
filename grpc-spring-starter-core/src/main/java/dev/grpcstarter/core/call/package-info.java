/**
 * The shared kernel every concern uses: the call's context and principal, method
 * patterns, the client's address, the pipeline order and the catalog of services. It
 * depends on no other package of the starter.
 */
@NullMarked
package dev.grpcstarter.core.call;

import org.jspecify.annotations.NullMarked;
