package dev.grpcstarter.autoconfigure.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Web clients: gRPC-Web and HTTP/JSON transcoding on the application's HTTP port.
 */
@ConfigurationProperties("grpc.web")
public class GrpcWebClientsProperties {

	/** Largest request body the web transports accept; a larger one fails the call (413 for HTTP/JSON). */
	private DataSize maxRequestSize = DataSize.ofMegabytes(4);

	/** Order of the web clients' servlet filter; before Spring Security's chain, since the gRPC pipeline authenticates. */
	private int filterOrder = -110;

	private final GrpcWeb grpcWeb = new GrpcWeb();

	private final HttpJson httpJson = new HttpJson();

	private final Cors cors = new Cors();

	public DataSize getMaxRequestSize() {
		return this.maxRequestSize;
	}

	public void setMaxRequestSize(DataSize maxRequestSize) {
		this.maxRequestSize = maxRequestSize;
	}

	public int getFilterOrder() {
		return this.filterOrder;
	}

	public void setFilterOrder(int filterOrder) {
		this.filterOrder = filterOrder;
	}

	public GrpcWeb getGrpcWeb() {
		return this.grpcWeb;
	}

	public HttpJson getHttpJson() {
		return this.httpJson;
	}

	public Cors getCors() {
		return this.cors;
	}

	/** gRPC-Web. */
	public static class GrpcWeb {

		/** Whether to serve gRPC-Web (application/grpc-web, +proto, -text) on the application's HTTP port. */
		private boolean enabled;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/** HTTP/JSON transcoding. */
	public static class HttpJson {

		/** Whether to serve the google.api.http routes of the served methods as HTTP/JSON. */
		private boolean enabled;

		/** Prefix of the generic route POST {prefix}/{package.Service}/{Method} for every method; empty for none. */
		private String genericRoutePrefix = "";

		/** Whether JSON field names are the .proto names instead of lowerCamelCase. */
		private boolean preserveProtoFieldNames;

		/** Whether responses print fields that hold their default value. */
		private boolean includeDefaultValues;

		/** Whether unknown JSON fields and query parameters are ignored instead of refused with 400. */
		private boolean ignoreUnknownFields;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getGenericRoutePrefix() {
			return this.genericRoutePrefix;
		}

		public void setGenericRoutePrefix(String genericRoutePrefix) {
			this.genericRoutePrefix = genericRoutePrefix;
		}

		public boolean isPreserveProtoFieldNames() {
			return this.preserveProtoFieldNames;
		}

		public void setPreserveProtoFieldNames(boolean preserveProtoFieldNames) {
			this.preserveProtoFieldNames = preserveProtoFieldNames;
		}

		public boolean isIncludeDefaultValues() {
			return this.includeDefaultValues;
		}

		public void setIncludeDefaultValues(boolean includeDefaultValues) {
			this.includeDefaultValues = includeDefaultValues;
		}

		public boolean isIgnoreUnknownFields() {
			return this.ignoreUnknownFields;
		}

		public void setIgnoreUnknownFields(boolean ignoreUnknownFields) {
			this.ignoreUnknownFields = ignoreUnknownFields;
		}

	}

	/** Cross-origin access for browsers on other origins (gRPC-Web and HTTP/JSON). */
	public static class Cors {

		/** Origins allowed to call, for example https://app.example.com; empty allows no cross-origin call. */
		private List<String> allowedOrigins = new ArrayList<>();

		/** Origin patterns allowed to call, for example https://*.example.com. */
		private List<String> allowedOriginPatterns = new ArrayList<>();

		/** Request headers browsers may send; * allows any. */
		private List<String> allowedHeaders = new ArrayList<>(List.of("*"));

		/** Response headers exposed to scripts besides the gRPC status, request id and rate-limit headers. */
		private List<String> exposedHeaders = new ArrayList<>();

		/** Whether browsers may send credentials (cookies); not needed for API keys in a header. */
		private boolean allowCredentials;

		/** How long browsers may cache a preflight answer. */
		private Duration maxAge = Duration.ofMinutes(30);

		public List<String> getAllowedOrigins() {
			return this.allowedOrigins;
		}

		public void setAllowedOrigins(List<String> allowedOrigins) {
			this.allowedOrigins = allowedOrigins;
		}

		public List<String> getAllowedOriginPatterns() {
			return this.allowedOriginPatterns;
		}

		public void setAllowedOriginPatterns(List<String> allowedOriginPatterns) {
			this.allowedOriginPatterns = allowedOriginPatterns;
		}

		public List<String> getAllowedHeaders() {
			return this.allowedHeaders;
		}

		public void setAllowedHeaders(List<String> allowedHeaders) {
			this.allowedHeaders = allowedHeaders;
		}

		public List<String> getExposedHeaders() {
			return this.exposedHeaders;
		}

		public void setExposedHeaders(List<String> exposedHeaders) {
			this.exposedHeaders = exposedHeaders;
		}

		public boolean isAllowCredentials() {
			return this.allowCredentials;
		}

		public void setAllowCredentials(boolean allowCredentials) {
			this.allowCredentials = allowCredentials;
		}

		public Duration getMaxAge() {
			return this.maxAge;
		}

		public void setMaxAge(Duration maxAge) {
			this.maxAge = maxAge;
		}

	}

}
