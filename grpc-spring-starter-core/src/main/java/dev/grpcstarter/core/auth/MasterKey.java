package dev.grpcstarter.core.auth;

import dev.grpcstarter.core.call.GrpcPrincipal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The development and internal-call master key, compared in constant time.
 */
public final class MasterKey {

	/** Shortest master key accepted. */
	public static final int MIN_LENGTH = 32;

	private final byte[] secret;

	private final GrpcPrincipal principal;

	/**
	 * A master key acting as the given principal.
	 * @param secret the key, at least {@value #MIN_LENGTH} visible ASCII characters (no
	 * whitespace: presented keys holding any are refused)
	 * @param principal the principal calls with the key act as
	 */
	public MasterKey(String secret, GrpcPrincipal principal) {
		if (secret.length() < MIN_LENGTH) {
			throw new IllegalArgumentException(
					"a master key must be at least " + MIN_LENGTH + " characters long");
		}
		if (!isVisibleAscii(secret)) {
			throw new IllegalArgumentException(
					"a master key must be visible ASCII characters, without whitespace or control characters");
		}
		this.secret = secret.getBytes(StandardCharsets.UTF_8);
		this.principal = principal;
	}

	/**
	 * Whether a secret can be presented as a key at all: presented keys holding whitespace
	 * or control characters are refused before any comparison.
	 * @param secret the candidate secret
	 * @return whether every character is visible ASCII
	 */
	public static boolean isVisibleAscii(String secret) {
		return ApiKeyAuthenticator.isVisibleAscii(secret);
	}

	/**
	 * Whether the presented key is the master key. Takes the same time wherever the
	 * presented key differs.
	 * @param presented the key a client sent
	 * @return whether it matches
	 */
	public boolean matches(String presented) {
		return MessageDigest.isEqual(this.secret, presented.getBytes(StandardCharsets.UTF_8));
	}

	public GrpcPrincipal principal() {
		return this.principal;
	}

}
