package dev.grpcstarter.examples.bookstore.web;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** gRPC-Web frames as a browser client writes and reads them, written for the tests from the protocol text. */
final class WebWire {

	private WebWire() {
	}

	static byte[] frame(int flag, byte[] payload) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(flag);
		out.write(payload.length >>> 24);
		out.write(payload.length >>> 16);
		out.write(payload.length >>> 8);
		out.write(payload.length);
		out.writeBytes(payload);
		return out.toByteArray();
	}

	/** A response body: its data frames' payloads and its trailers. */
	record Body(List<byte[]> messages, Map<String, String> trailers) {

		String status() {
			return this.trailers.get("grpc-status");
		}

	}

	static Body parse(byte[] body) {
		List<byte[]> messages = new ArrayList<>();
		Map<String, String> trailers = new LinkedHashMap<>();
		int at = 0;
		while (at < body.length) {
			int flag = body[at] & 0xFF;
			int length = ((body[at + 1] & 0xFF) << 24) | ((body[at + 2] & 0xFF) << 16) | ((body[at + 3] & 0xFF) << 8)
					| (body[at + 4] & 0xFF);
			byte[] payload = java.util.Arrays.copyOfRange(body, at + 5, at + 5 + length);
			if (flag == 0x80) {
				for (String line : new String(payload, StandardCharsets.US_ASCII).split("\r\n")) {
					int colon = line.indexOf(':');
					trailers.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
				}
			}
			else {
				messages.add(payload);
			}
			at += 5 + length;
		}
		return new Body(messages, trailers);
	}

}
