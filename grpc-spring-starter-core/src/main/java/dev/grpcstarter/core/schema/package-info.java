/**
 * The starter's own database tables and their migrations.
 */
@NullMarked
package dev.grpcstarter.core.schema;

import org.jspecify.annotations.NullMarked;
