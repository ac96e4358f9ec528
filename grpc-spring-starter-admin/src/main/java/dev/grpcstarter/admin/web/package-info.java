/**
 * Controllers, forms and view helpers of the admin UI.
 */
@NullMarked
package dev.grpcstarter.admin.web;

import org.jspecify.annotations.NullMarked;
