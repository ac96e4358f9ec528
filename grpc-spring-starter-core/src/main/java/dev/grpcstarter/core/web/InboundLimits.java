package dev.grpcstarter.core.web;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.grpc.Metadata;
import org.jspecify.annotations.Nullable;

/**
 * The native gRPC server's inbound limits ({@code spring.grpc.server.inbound.*}), held to
 * web calls too: the in-process server the bridge dispatches into does not enforce them, so
 * a message or metadata the native port would refuse must not pass over HTTP.
 *
 * @param maxMessageBytes the largest request message, serialized
 * @param maxMetadataBytes the largest request metadata, counted as HTTP/2 counts a header
 * list (name, value and 32 bytes per entry)
 */
public record InboundLimits(int maxMessageBytes, int maxMetadataBytes) {

	/** grpc-java's own defaults, also Spring Boot's: 4 MiB messages, 8 KiB metadata. */
	public static final InboundLimits DEFAULTS = new InboundLimits(4 * 1024 * 1024, 8 * 1024);

	/** Per entry, as in HTTP/2's SETTINGS_MAX_HEADER_LIST_SIZE. */
	private static final int ENTRY_OVERHEAD = 32;

	/**
	 * Why a call's metadata breaks the limit.
	 * @param metadata the call's metadata as the bridge passes it on
	 * @return the description, worded as grpc-java words it, or {@code null} within the limit
	 */
	public @Nullable String metadataExceeded(Metadata metadata) {
		long metadataBytes = size(metadata);
		return (metadataBytes > this.maxMetadataBytes)
				? "request metadata larger than " + this.maxMetadataBytes + ": " + metadataBytes : null;
	}

	/**
	 * Why a request message breaks the limit.
	 * @param messages the serialized request messages
	 * @return the description of the first too large, worded as grpc-java words it, or
	 * {@code null} when all are within the limit
	 */
	public @Nullable String messageExceeded(List<byte[]> messages) {
		for (byte[] message : messages) {
			if (message.length > this.maxMessageBytes) {
				return "gRPC message exceeds maximum size " + this.maxMessageBytes + ": " + message.length;
			}
		}
		return null;
	}

	private static long size(Metadata metadata) {
		long size = 0;
		for (String name : metadata.keys()) {
			int nameBytes = name.getBytes(StandardCharsets.US_ASCII).length;
			if (name.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
				Iterable<byte[]> values = metadata.getAll(Metadata.Key.of(name, Metadata.BINARY_BYTE_MARSHALLER));
				for (byte[] value : (values != null) ? values : List.<byte[]>of()) {
					// Sent base64-encoded on the wire.
					size += nameBytes + (value.length + 2) / 3 * 4 + ENTRY_OVERHEAD;
				}
			}
			else {
				Iterable<String> values = metadata.getAll(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER));
				for (String value : (values != null) ? values : List.<String>of()) {
					size += nameBytes + value.length() + ENTRY_OVERHEAD;
				}
			}
		}
		return size;
	}

}
