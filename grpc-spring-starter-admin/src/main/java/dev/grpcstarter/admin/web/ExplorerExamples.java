package dev.grpcstarter.admin.web;

import org.jspecify.annotations.Nullable;

/**
 * Example requests the admin's explorer prefills its form with, defined by the
 * application: a request that works on the first click (an id that exists, say) instead of
 * the request type's empty template. Every bean of this type is asked, in order; the first
 * answer wins, and without one the explorer prefills the template.
 */
@FunctionalInterface
public interface ExplorerExamples {

	/**
	 * The example request of a method.
	 * @param fullMethodName the method, {@code package.Service/Method}
	 * @return the request as JSON (for client and bidirectional streaming, one JSON object
	 * per line); {@code null} when this bean has none for the method
	 */
	@Nullable String example(String fullMethodName);

}
