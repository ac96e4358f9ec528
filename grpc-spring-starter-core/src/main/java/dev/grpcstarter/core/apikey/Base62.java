package dev.grpcstarter.core.apikey;

import java.math.BigInteger;

/**
 * Fixed-width base62 (0-9, A-Z, a-z): URL-safe, copy-paste-safe, no padding characters.
 */
final class Base62 {

	private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

	private static final BigInteger BASE = BigInteger.valueOf(62);

	private Base62() {
	}

	static String encode(BigInteger value, int width) {
		char[] digits = new char[width];
		BigInteger rest = value;
		for (int i = width - 1; i >= 0; i--) {
			BigInteger[] division = rest.divideAndRemainder(BASE);
			digits[i] = ALPHABET.charAt(division[1].intValue());
			rest = division[0];
		}
		if (rest.signum() != 0) {
			throw new IllegalArgumentException("value does not fit in " + width + " base62 digits");
		}
		return new String(digits);
	}

	/** The same for a non-negative long, without BigInteger: the checksum path runs on every call. */
	static String encode(long value, int width) {
		char[] digits = new char[width];
		long rest = value;
		for (int i = width - 1; i >= 0; i--) {
			digits[i] = ALPHABET.charAt((int) (rest % 62));
			rest /= 62;
		}
		if (rest != 0) {
			throw new IllegalArgumentException("value does not fit in " + width + " base62 digits");
		}
		return new String(digits);
	}

	static boolean isBase62(char c) {
		return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
	}

}
