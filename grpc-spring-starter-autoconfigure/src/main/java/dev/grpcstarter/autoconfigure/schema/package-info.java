/**
 * Auto-configuration of the starter's tables: its own Flyway history in the application's
 * database, created before JPA and before the features that use the tables.
 */
@NullMarked
package dev.grpcstarter.autoconfigure.schema;

import org.jspecify.annotations.NullMarked;
