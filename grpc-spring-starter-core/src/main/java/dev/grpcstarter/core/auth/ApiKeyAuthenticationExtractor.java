package dev.grpcstarter.core.auth;

import java.util.Iterator;

import dev.grpcstarter.core.call.ClientAddressResolver;
import io.grpc.Attributes;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.grpc.server.security.GrpcAuthenticationExtractor;
import org.springframework.security.core.Authentication;

/**
 * Finds the API key of a call in its key header, for Spring gRPC's
 * {@code AuthenticationProcessInterceptor}. Ordered first, so that it sees every call
 * before the bearer, Basic and X.509 extractors answer:
 *
 * <ul>
 * <li>No key header, or an empty one: not this mechanism's call ({@code null}).</li>
 * <li>The key header more than once: refused, "more than one API key".</li>
 * <li>A key and an {@code authorization} header (a bearer token or Basic credentials):
 * refused as ambiguous; which of two credentials would count is the client's guess.</li>
 * <li>A key on a connection with a client certificate: the key identifies the caller; the
 * certificate has done its part in the TLS handshake.</li>
 * </ul>
 */
public final class ApiKeyAuthenticationExtractor implements GrpcAuthenticationExtractor, Ordered {

	static final Status DUPLICATE = Status.UNAUTHENTICATED.withDescription("more than one API key");

	static final Status AMBIGUOUS = Status.UNAUTHENTICATED
		.withDescription("both an API key and an authorization header; send one credential");

	private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
			Metadata.ASCII_STRING_MARSHALLER);

	private final Metadata.Key<String> header;

	private final boolean headerIsAuthorization;

	private final ClientAddressResolver addresses;

	/**
	 * An extractor.
	 * @param headerName the header carrying the key, for example {@code x-api-key}
	 * @param addresses finds the client address failed attempts are counted against
	 */
	public ApiKeyAuthenticationExtractor(String headerName, ClientAddressResolver addresses) {
		this.header = Metadata.Key.of(headerName, Metadata.ASCII_STRING_MARSHALLER);
		this.headerIsAuthorization = this.header.name().equals(AUTHORIZATION.name());
		this.addresses = addresses;
	}

	@Override
	public @Nullable Authentication extract(Metadata headers, Attributes attributes, MethodDescriptor<?, ?> method) {
		Iterable<String> values = headers.getAll(this.header);
		if (values == null) {
			return null;
		}
		Iterator<String> each = values.iterator();
		String presented = each.next();
		if (each.hasNext()) {
			throw new ApiKeyAuthenticationException(DUPLICATE, new Metadata());
		}
		if (presented.isEmpty()) {
			return null;
		}
		if (!this.headerIsAuthorization && headers.containsKey(AUTHORIZATION)) {
			throw new ApiKeyAuthenticationException(AMBIGUOUS, new Metadata());
		}
		String address = this.addresses.resolve(attributes.get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR), headers);
		return ApiKeyAuthenticationToken.unauthenticated(presented, method.getFullMethodName(), address);
	}

	/** @return {@link Ordered#HIGHEST_PRECEDENCE} */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
