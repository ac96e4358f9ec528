package dev.grpcstarter.core.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/** A request body read up to a limit, so an oversized one is refused without holding it all. */
final class RequestBody {

	private RequestBody() {
	}

	/**
	 * Reads the body.
	 * @param request the request
	 * @param maxBytes the limit
	 * @return the body, or {@code null} when it is longer than the limit
	 * @throws IOException when reading fails
	 */
	static byte @Nullable [] read(HttpServletRequest request, long maxBytes) throws IOException {
		long declared = request.getContentLengthLong();
		if (declared > maxBytes) {
			return null;
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream((declared > 0) ? (int) declared : 256);
		byte[] buffer = new byte[8192];
		try (InputStream in = request.getInputStream()) {
			int read;
			long total = 0;
			while ((read = in.read(buffer)) != -1) {
				total += read;
				if (total > maxBytes) {
					return null;
				}
				out.write(buffer, 0, read);
			}
		}
		return out.toByteArray();
	}

}
