package dev.grpcstarter.core.web;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import io.grpc.Metadata;
import io.grpc.Status;

/**
 * The gRPC-Web body: length-prefixed frames (a flag byte, a four-byte big-endian length,
 * the payload), data frames for messages and one trailer frame (flag {@code 0x80}) holding
 * the trailers as HTTP/1 header lines; {@code application/grpc-web-text} is the same,
 * base64-encoded.
 */
final class GrpcWebFrames {

	static final int DATA = 0x00;

	static final int COMPRESSED = 0x01;

	static final int TRAILER = 0x80;

	private GrpcWebFrames() {
	}

	/**
	 * The request messages of a body.
	 * @param body the body, base64 already decoded
	 * @return the messages
	 * @throws MalformedFrameException when the body is not a sequence of whole data frames
	 */
	static List<byte[]> decode(byte[] body) throws MalformedFrameException {
		List<byte[]> messages = new ArrayList<>();
		int at = 0;
		while (at < body.length) {
			if (body.length - at < 5) {
				throw new MalformedFrameException("truncated frame header: " + (body.length - at) + " of 5 bytes");
			}
			int flag = body[at] & 0xFF;
			long length = ((body[at + 1] & 0xFFL) << 24) | ((body[at + 2] & 0xFFL) << 16) | ((body[at + 3] & 0xFFL) << 8)
					| (body[at + 4] & 0xFFL);
			if (flag == COMPRESSED) {
				throw new MalformedFrameException("compressed messages are not supported (no grpc-encoding is accepted)");
			}
			if (flag != DATA) {
				throw new MalformedFrameException("unexpected frame flag 0x" + Integer.toHexString(flag));
			}
			if (length > body.length - at - 5) {
				throw new MalformedFrameException(
						"truncated frame: length " + length + ", " + (body.length - at - 5) + " bytes left");
			}
			int start = at + 5;
			int end = start + (int) length;
			byte[] message = new byte[end - start];
			System.arraycopy(body, start, message, 0, message.length);
			messages.add(message);
			at = end;
		}
		return messages;
	}

	/**
	 * Decodes a {@code grpc-web-text} body: base64, possibly several padded chunks one after
	 * the other.
	 * @param text the body
	 * @return the bytes
	 * @throws MalformedFrameException when it is not base64
	 */
	static byte[] decodeText(byte[] text) throws MalformedFrameException {
		ByteArrayOutputStream out = new ByteArrayOutputStream(text.length * 3 / 4);
		StringBuilder chunk = new StringBuilder();
		try {
			for (byte b : text) {
				char c = (char) (b & 0xFF);
				if (Character.isWhitespace(c)) {
					continue;
				}
				chunk.append(c);
				// A padded group ends a chunk: decode it before the next one starts.
				if (chunk.length() % 4 == 0 && c == '=') {
					out.writeBytes(Base64.getDecoder().decode(chunk.toString()));
					chunk.setLength(0);
				}
			}
			if (chunk.length() > 0) {
				out.writeBytes(Base64.getDecoder().decode(chunk.toString()));
			}
		}
		catch (IllegalArgumentException ex) {
			throw new MalformedFrameException("grpc-web-text body is not base64: " + ex.getMessage());
		}
		return out.toByteArray();
	}

	static byte[] dataFrame(byte[] message) {
		return frame(DATA, message);
	}

	/**
	 * The trailer frame.
	 * @param status the call's status
	 * @param trailers its trailers
	 * @return the frame
	 */
	static byte[] trailerFrame(Status status, Metadata trailers) {
		StringBuilder lines = new StringBuilder();
		lines.append("grpc-status:").append(status.getCode().value()).append("\r\n");
		if (status.getDescription() != null) {
			lines.append("grpc-message:").append(percentEncode(status.getDescription())).append("\r\n");
		}
		for (String key : trailers.keys()) {
			String name = key.toLowerCase(Locale.ROOT);
			if (name.equals("grpc-status") || name.equals("grpc-message")) {
				continue;
			}
			for (String value : values(trailers, name)) {
				lines.append(name).append(':').append(value).append("\r\n");
			}
		}
		return frame(TRAILER, lines.toString().getBytes(StandardCharsets.US_ASCII));
	}

	/**
	 * The values of a header or trailer as HTTP carries them: binary ones base64-encoded.
	 * @param metadata the metadata
	 * @param name the key
	 * @return the values
	 */
	static List<String> values(Metadata metadata, String name) {
		List<String> values = new ArrayList<>();
		if (name.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
			Iterable<byte[]> all = metadata.getAll(Metadata.Key.of(name, Metadata.BINARY_BYTE_MARSHALLER));
			if (all != null) {
				for (byte[] value : all) {
					values.add(Base64.getEncoder().withoutPadding().encodeToString(value));
				}
			}
		}
		else {
			Iterable<String> all = metadata.getAll(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER));
			if (all != null) {
				all.forEach(values::add);
			}
		}
		return values;
	}

	/** The {@code grpc-message} encoding: printable ASCII except {@code %} as is, the rest as UTF-8 percent escapes. */
	static String percentEncode(String message) {
		StringBuilder out = new StringBuilder(message.length());
		for (byte b : message.getBytes(StandardCharsets.UTF_8)) {
			int c = b & 0xFF;
			if (c >= 0x20 && c < 0x7F && c != '%') {
				out.append((char) c);
			}
			else {
				out.append('%').append(String.format("%02X", c));
			}
		}
		return out.toString();
	}

	private static byte[] frame(int flag, byte[] payload) {
		byte[] frame = new byte[5 + payload.length];
		frame[0] = (byte) flag;
		frame[1] = (byte) (payload.length >>> 24);
		frame[2] = (byte) (payload.length >>> 16);
		frame[3] = (byte) (payload.length >>> 8);
		frame[4] = (byte) payload.length;
		System.arraycopy(payload, 0, frame, 5, payload.length);
		return frame;
	}

	/** A body that is not a sequence of gRPC-Web data frames. */
	static final class MalformedFrameException extends Exception {

		private static final long serialVersionUID = 1L;

		MalformedFrameException(String message) {
			super(message);
		}

	}

}
