package dev.grpcstarter.core.apikey;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.zip.CRC32;

/**
 * The API key format: {@code gsk_}, 32 random bytes from {@link SecureRandom} as 43 base62
 * characters, then a CRC32 checksum of everything before it as 6 base62 characters; 53
 * characters in all. The checksum lets a malformed or mistyped key be rejected without
 * touching the database. Only the SHA-256 {@linkplain #hash(String) hash} of a key is
 * stored, with its {@linkplain #displayPrefix(String) display prefix}.
 */
public final class ApiKeyFormat {

	/** Every key starts with this. */
	public static final String PREFIX = "gsk_";

	private static final int RANDOM_BYTES = 32;

	private static final int RANDOM_CHARS = 43;

	private static final int CHECKSUM_CHARS = 6;

	/** Length of every well-formed key. */
	public static final int LENGTH = PREFIX.length() + RANDOM_CHARS + CHECKSUM_CHARS;

	private static final int DISPLAY_CHARS = 8;

	private final SecureRandom random = new SecureRandom();

	/**
	 * A new random key.
	 * @return the raw key; show it once, store only its hash
	 */
	public String generate() {
		byte[] bytes = new byte[RANDOM_BYTES];
		this.random.nextBytes(bytes);
		String body = PREFIX + Base62.encode(new BigInteger(1, bytes), RANDOM_CHARS);
		return body + checksum(body);
	}

	/**
	 * Whether the text has the shape of a key and a matching checksum. Cheap, no I/O.
	 * @param candidate the text presented by a client
	 * @return whether it can be a key
	 */
	public static boolean isWellFormed(String candidate) {
		if (candidate.length() != LENGTH || !candidate.startsWith(PREFIX)) {
			return false;
		}
		for (int i = PREFIX.length(); i < LENGTH; i++) {
			if (!Base62.isBase62(candidate.charAt(i))) {
				return false;
			}
		}
		return checksum(candidate, LENGTH - CHECKSUM_CHARS).regionMatches(0, candidate, LENGTH - CHECKSUM_CHARS,
				CHECKSUM_CHARS);
	}

	/**
	 * The SHA-256 hash of a key as 64 lower-case hex characters: what the database stores.
	 * @param rawKey the key
	 * @return the hash
	 */
	public static String hash(String rawKey) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			return HexFormat.of().formatHex(digest.digest(rawKey.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every Java platform", ex);
		}
	}

	/**
	 * The part shown in lists so people can tell keys apart: {@code gsk_} and 8 characters.
	 * @param rawKey the key
	 * @return the display prefix
	 */
	public static String displayPrefix(String rawKey) {
		return rawKey.substring(0, PREFIX.length() + DISPLAY_CHARS);
	}

	private static String checksum(String body) {
		return checksum(body, body.length());
	}

	/** CRC32 of the first {@code length} characters (all ASCII), as 6 base62 characters. */
	private static String checksum(String text, int length) {
		CRC32 crc = new CRC32();
		byte[] bytes = new byte[length];
		for (int i = 0; i < length; i++) {
			bytes[i] = (byte) text.charAt(i);
		}
		crc.update(bytes);
		return Base62.encode(crc.getValue(), CHECKSUM_CHARS);
	}

}
