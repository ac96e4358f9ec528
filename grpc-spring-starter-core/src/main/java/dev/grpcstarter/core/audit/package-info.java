/**
 * The record of administrative actions: who did what, to which key, and when.
 */
@NullMarked
package dev.grpcstarter.core.audit;

import org.jspecify.annotations.NullMarked;
