package dev.grpcstarter.core.web;

/** A request the HTTP/JSON transcoder cannot turn into the method's request message; the message says why. */
final class BadRequestException extends Exception {

	private static final long serialVersionUID = 1L;

	BadRequestException(String message) {
		super(message);
	}

}
