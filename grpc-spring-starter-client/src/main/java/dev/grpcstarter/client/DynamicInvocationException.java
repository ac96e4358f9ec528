package dev.grpcstarter.client;

/**
 * A dynamic invocation that cannot be made: unknown names, JSON that does not fit, a server
 * without reflection, an unreachable target. The message is meant for people and never
 * carries a stack trace of its own.
 */
public class DynamicInvocationException extends RuntimeException {

	/**
	 * An exception.
	 * @param message what went wrong, in words for the caller
	 */
	public DynamicInvocationException(String message) {
		super(message);
	}

	/**
	 * An exception with its cause, kept for logs.
	 * @param message what went wrong, in words for the caller
	 * @param cause the underlying failure
	 */
	public DynamicInvocationException(String message, Throwable cause) {
		super(message, cause);
	}

}
