/**
 * Auto-configuration of the starter's read-only Spring Data JPA repositories.
 */
@NullMarked
package dev.grpcstarter.autoconfigure.jpa;

import org.jspecify.annotations.NullMarked;
