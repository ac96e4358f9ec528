package dev.grpcstarter.core.auth;

import dev.grpcstarter.core.call.GrpcPrincipal;

import java.util.List;

import dev.grpcstarter.core.ratelimit.Allowance;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;

/**
 * An API key presented by a gRPC call, and once verified, the caller it stands for: the
 * Spring Security {@code Authentication} of the API-key mechanism. Its principal is the
 * {@link GrpcPrincipal} of the key's owner, its authorities the owner's.
 */
public final class ApiKeyAuthenticationToken extends AbstractAuthenticationToken {

	private static final long serialVersionUID = 1L;

	private @Nullable String presentedKey;

	private final @Nullable String fullMethodName;

	private final @Nullable String clientAddress;

	private final @Nullable GrpcPrincipal principal;

	private final transient @Nullable Allowance allowance;

	private ApiKeyAuthenticationToken(@Nullable String presentedKey, @Nullable String fullMethodName,
			@Nullable String clientAddress, @Nullable GrpcPrincipal principal, @Nullable Allowance allowance) {
		super((principal != null) ? AuthorityUtils.createAuthorityList(principal.authorities()) : List.of());
		this.presentedKey = presentedKey;
		this.fullMethodName = fullMethodName;
		this.clientAddress = clientAddress;
		this.principal = principal;
		this.allowance = allowance;
		super.setAuthenticated(principal != null);
	}

	/**
	 * A key as a call presents it, not yet verified.
	 * @param presentedKey the key, exactly as sent
	 * @param fullMethodName the called method, {@code package.Service/Method}, for the key's
	 * scopes
	 * @param clientAddress the address failed attempts are counted against
	 * @return the token
	 */
	public static ApiKeyAuthenticationToken unauthenticated(String presentedKey, String fullMethodName,
			@Nullable String clientAddress) {
		return new ApiKeyAuthenticationToken(presentedKey, fullMethodName, clientAddress, null, null);
	}

	/**
	 * A verified key.
	 * @param principal the key's owner
	 * @param allowance what the key's limits granted the call, {@code null} for the master
	 * key
	 * @return the token
	 */
	public static ApiKeyAuthenticationToken authenticated(GrpcPrincipal principal, @Nullable Allowance allowance) {
		return new ApiKeyAuthenticationToken(null, null, null, principal, allowance);
	}

	/** @return the presented key; {@code null} once verified */
	@Override
	public @Nullable String getCredentials() {
		return this.presentedKey;
	}

	/** @return the key's owner; {@code null} until verified */
	@Override
	public @Nullable GrpcPrincipal getPrincipal() {
		return this.principal;
	}

	/** @return the called method; {@code null} once verified */
	public @Nullable String getFullMethodName() {
		return this.fullMethodName;
	}

	/** @return the client address; {@code null} once verified or when the transport has none */
	public @Nullable String getClientAddress() {
		return this.clientAddress;
	}

	/** @return what the key's limits granted the call; {@code null} for the master key and before verification */
	public @Nullable Allowance getAllowance() {
		return this.allowance;
	}

	@Override
	public void setAuthenticated(boolean authenticated) {
		if (authenticated) {
			throw new IllegalArgumentException("an API key is authenticated only by its verification");
		}
		super.setAuthenticated(false);
	}

	@Override
	public void eraseCredentials() {
		super.eraseCredentials();
		this.presentedKey = null;
	}

}
