package dev.grpcstarter.core.web;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import dev.grpcstarter.core.call.CallTransport;
import dev.grpcstarter.core.call.ClientAddressResolver;
import dev.grpcstarter.core.call.RequestContext;
import io.grpc.Metadata;
import io.grpc.Status;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

/**
 * gRPC-Web on the application's HTTP port: {@code application/grpc-web},
 * {@code application/grpc-web+proto} and {@code application/grpc-web-text} (base64), each
 * call dispatched into the {@link WebBridge}. Unary and server-streaming calls (the protocol
 * has no client streaming from browsers); the trailers travel in the body's last frame. A
 * body that is not whole data frames, or is over the limit, ends the call on the bridge with
 * a status in the trailer frame ({@code INVALID_ARGUMENT}, {@code RESOURCE_EXHAUSTED}), so it
 * is logged like any other call.
 */
public final class GrpcWebHandler {

	private final WebBridge bridge;

	private final ClientAddressResolver addresses;

	private final long maxRequestBytes;

	/**
	 * A handler.
	 * @param bridge where calls go
	 * @param addresses resolves the HTTP client's address
	 * @param maxRequestBytes the largest request body accepted
	 */
	public GrpcWebHandler(WebBridge bridge, ClientAddressResolver addresses, long maxRequestBytes) {
		this.bridge = bridge;
		this.addresses = addresses;
		this.maxRequestBytes = maxRequestBytes;
	}

	/**
	 * Whether a request is a gRPC-Web call.
	 * @param request the request
	 * @return whether its content type is one of gRPC-Web's and its method POST
	 */
	public static boolean isGrpcWeb(HttpServletRequest request) {
		String type = request.getContentType();
		return "POST".equals(request.getMethod()) && type != null
				&& type.toLowerCase(Locale.ROOT).startsWith("application/grpc-web");
	}

	/**
	 * Serves one call.
	 * @param request the request; its path is {@code /package.Service/Method}
	 * @param response the response
	 * @throws IOException when the HTTP client cannot be written to
	 */
	public void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
		String type = request.getContentType().toLowerCase(Locale.ROOT);
		boolean text = type.startsWith("application/grpc-web-text");
		String fullMethodName = methodName(request);
		BridgeHeaders headers = BridgeHeaders.of(request, CallTransport.GRPC_WEB, this.addresses);
		Metadata start = headers.metadata();
		List<byte[]> messages = List.of();
		String subtype = type.substring(text ? "application/grpc-web-text".length() : "application/grpc-web".length());
		if (!subtype.isEmpty() && !subtype.startsWith("+proto") && !subtype.startsWith(";")) {
			start = headers.rejected(Status.Code.INVALID_ARGUMENT,
					"unsupported gRPC-Web message format '" + request.getContentType() + "'; use +proto");
		}
		else {
			byte[] body = RequestBody.read(request, this.maxRequestBytes);
			if (body == null) {
				start = headers.rejected(Status.Code.RESOURCE_EXHAUSTED,
						"request body larger than " + this.maxRequestBytes + " bytes");
			}
			else {
				try {
					messages = GrpcWebFrames.decode(text ? GrpcWebFrames.decodeText(body) : body);
					String exceeded = exceededLimit(start, messages);
					if (exceeded != null) {
						start = headers.rejected(Status.Code.RESOURCE_EXHAUSTED, exceeded);
						messages = List.of();
					}
				}
				catch (GrpcWebFrames.MalformedFrameException ex) {
					start = headers.rejected(Status.Code.INVALID_ARGUMENT, "malformed gRPC-Web frame: " + ex.getMessage());
				}
			}
		}
		BridgeExchange exchange = new BridgeExchange(this.bridge.newCall(fullMethodName, headers.options()));
		exchange.start(start, messages);
		response.setStatus(HttpServletResponse.SC_OK);
		response.setContentType(text ? "application/grpc-web-text+proto" : "application/grpc-web+proto");
		response.setHeader(RequestContext.REQUEST_ID_KEY.name(), headers.requestId());
		try {
			respond(exchange, response, text);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private @Nullable String exceededLimit(Metadata metadata, List<byte[]> messages) {
		InboundLimits limits = this.bridge.limits();
		String exceeded = limits.metadataExceeded(metadata);
		return (exceeded != null) ? exceeded : limits.messageExceeded(messages);
	}

	private void respond(BridgeExchange exchange, HttpServletResponse response, boolean text)
			throws IOException, InterruptedException {
		OutputStream out = response.getOutputStream();
		boolean wroteMessage = false;
		while (true) {
			BridgeExchange.Event event = exchange.next();
			try {
				if (event instanceof BridgeExchange.Headers headers) {
					copyHeaders(headers.headers(), response);
				}
				else if (event instanceof BridgeExchange.Message message) {
					write(out, GrpcWebFrames.dataFrame(message.bytes()), text);
					out.flush();
					wroteMessage = true;
					exchange.requestNext();
				}
				else if (event instanceof BridgeExchange.Close close) {
					if (!wroteMessage && !response.isCommitted()) {
						// Trailers-only: clients that read the status from the headers find it there too.
						response.setHeader("grpc-status", String.valueOf(close.status().getCode().value()));
						if (close.status().getDescription() != null) {
							response.setHeader("grpc-message", GrpcWebFrames.percentEncode(close.status().getDescription()));
						}
						copyHeaders(close.trailers(), response);
					}
					write(out, GrpcWebFrames.trailerFrame(close.status(), close.trailers()), text);
					out.flush();
					return;
				}
			}
			catch (IOException ex) {
				// The HTTP client went away: the call ends as cancelled, as on the native port.
				exchange.cancel("the gRPC-Web client went away");
				exchange.awaitClose(5000);
				throw ex;
			}
		}
	}

	private static void write(OutputStream out, byte[] frame, boolean text) throws IOException {
		out.write(text ? Base64.getEncoder().encode(frame) : frame);
	}

	static void copyHeaders(Metadata metadata, HttpServletResponse response) {
		for (String name : metadata.keys()) {
			if (name.equals(RequestContext.REQUEST_ID_KEY.name())) {
				continue;
			}
			for (String value : GrpcWebFrames.values(metadata, name)) {
				response.addHeader(name, value);
			}
		}
	}

	private static String methodName(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return path.startsWith("/") ? path.substring(1) : path;
	}

}
