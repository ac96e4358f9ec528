package dev.grpcstarter.core.error;

/**
 * One broken rule of a request, as a {@code google.rpc.BadRequest.FieldViolation} carries
 * it to the client.
 *
 * @param field path of the field in the request ({@code books[2].title}); empty when the
 * rule is about the message as a whole
 * @param reason the rule's identifier ({@code string.min_len}, {@code NotBlank}), for code
 * that reacts to particular rules
 * @param description what is wrong, for people
 */
public record FieldViolation(String field, String reason, String description) {

}
