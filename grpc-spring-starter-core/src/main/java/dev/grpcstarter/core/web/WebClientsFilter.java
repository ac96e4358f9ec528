package dev.grpcstarter.core.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsProcessor;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The web transports' entrance on the application's HTTP port: gRPC-Web requests (by
 * content type) and HTTP/JSON routes go to their handler, CORS applied first; every other
 * request goes on down the chain untouched.
 */
public final class WebClientsFilter extends OncePerRequestFilter {

	private final @Nullable GrpcWebHandler grpcWeb;

	private final @Nullable HttpJsonHandler httpJson;

	private final @Nullable CorsConfiguration cors;

	private final WebBridge bridge;

	private final CorsProcessor corsProcessor = new DefaultCorsProcessor();

	/**
	 * A filter.
	 * @param bridge the bridge both transports dispatch into
	 * @param grpcWeb the gRPC-Web handler, {@code null} when gRPC-Web is off
	 * @param httpJson the HTTP/JSON handler, {@code null} when transcoding is off
	 * @param cors the CORS rules, {@code null} for no cross-origin access
	 */
	public WebClientsFilter(WebBridge bridge, @Nullable GrpcWebHandler grpcWeb, @Nullable HttpJsonHandler httpJson,
			@Nullable CorsConfiguration cors) {
		this.bridge = bridge;
		this.grpcWeb = grpcWeb;
		this.httpJson = httpJson;
		this.cors = cors;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (CorsUtils.isPreFlightRequest(request)) {
			if (isPreflightForUs(request)) {
				cors(request, response);
				return;
			}
			chain.doFilter(request, response);
			return;
		}
		if (this.grpcWeb != null && GrpcWebHandler.isGrpcWeb(request)) {
			if (cors(request, response)) {
				this.grpcWeb.handle(request, response);
			}
			return;
		}
		if (this.httpJson != null && this.httpJson.handles(request)) {
			if (cors(request, response)) {
				this.httpJson.handle(request, response);
			}
			return;
		}
		chain.doFilter(request, response);
	}

	/** @return whether the request may go on (CORS refused it otherwise, and the answer is written) */
	private boolean cors(HttpServletRequest request, HttpServletResponse response) throws IOException {
		if (!CorsUtils.isCorsRequest(request)) {
			return true;
		}
		if (this.cors == null) {
			// No origin allowed: the browser is told so; same-origin requests never get here.
			response.setStatus(HttpServletResponse.SC_FORBIDDEN);
			response.getWriter().write("Invalid CORS request");
			return false;
		}
		return this.corsProcessor.processRequest(this.cors, request, response) && !CorsUtils.isPreFlightRequest(request);
	}

	private boolean isPreflightForUs(HttpServletRequest request) {
		String method = request.getHeader("Access-Control-Request-Method");
		if (this.grpcWeb != null && "POST".equals(method)) {
			String path = request.getRequestURI().substring(request.getContextPath().length());
			if (path.startsWith("/") && this.bridge.method(path.substring(1)) != null) {
				return true;
			}
		}
		return this.httpJson != null && method != null && this.httpJson.handlesPath(method, request);
	}

	/** @return the bridge this filter dispatches into */
	WebBridge bridge() {
		return this.bridge;
	}

}
