package dev.grpcstarter.client;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.grpc.Metadata;

/**
 * Metadata as text: headers to send from names and values, and the headers and trailers a
 * server sent back as names and values. Binary entries (names ending in {@code -bin}) are
 * base64 both ways.
 */
final class MetadataMapping {

	private MetadataMapping() {
	}

	/**
	 * Headers to send.
	 * @param headers names and values; names are lower-cased and trimmed
	 * @return the metadata
	 */
	static Metadata toMetadata(Map<String, String> headers) {
		Metadata metadata = new Metadata();
		headers.forEach((name, value) -> {
			String key = name.toLowerCase(Locale.ROOT).trim();
			if (key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
				metadata.put(Metadata.Key.of(key, Metadata.BINARY_BYTE_MARSHALLER), Base64.getDecoder().decode(value));
			}
			else {
				metadata.put(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER), value);
			}
		});
		return metadata;
	}

	/**
	 * Headers or trailers received.
	 * @param metadata the metadata
	 * @return names and values, in the order received; the last value of a repeated name
	 */
	static Map<String, String> toMap(Metadata metadata) {
		Map<String, String> values = new LinkedHashMap<>();
		for (String key : metadata.keys()) {
			if (key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
				byte[] value = metadata.get(Metadata.Key.of(key, Metadata.BINARY_BYTE_MARSHALLER));
				values.put(key, (value != null) ? Base64.getEncoder().encodeToString(value) : "");
			}
			else {
				values.put(key, String.valueOf(metadata.get(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER))));
			}
		}
		return values;
	}

}
