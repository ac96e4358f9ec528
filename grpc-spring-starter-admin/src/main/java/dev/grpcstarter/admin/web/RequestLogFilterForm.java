package dev.grpcstarter.admin.web;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.grpcstarter.core.call.CallTransport;
import dev.grpcstarter.core.requestlog.RequestLogFilter;
import dev.grpcstarter.core.requestlog.RequestStatus;
import org.jspecify.annotations.Nullable;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * The filters of the request-log page, bound from its query parameters: times as UTC
 * date-times ({@code 2026-11-23T10:00}), the status by its column value, the key id and
 * the minimum duration as numbers. A value that does not convert, or breaks a rule,
 * becomes a field error; {@link #problems} words each such field for people.
 */
public class RequestLogFilterForm {

	/** What each field expects, in the order the page shows problems. */
	private static final Map<String, String> EXPECTATIONS = expectations();

	/** Rules beyond type conversion. */
	static final Validator RULES = Validator.forInstanceOf(RequestLogFilterForm.class, (form, errors) -> {
		if (form.minMs != null && form.minMs < 0) {
			errors.rejectValue("minMs", "min", EXPECTATIONS.get("minMs"));
		}
		if (!form.transport.isBlank() && form.transport() == null) {
			errors.rejectValue("transport", "transport", EXPECTATIONS.get("transport"));
		}
	});

	@DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME)
	private @Nullable LocalDateTime from;

	@DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME)
	private @Nullable LocalDateTime to;

	private String service = "";

	private String method = "";

	private @Nullable RequestStatus status;

	private String code = "";

	private @Nullable Long key;

	private String principal = "";

	private @Nullable Long minMs;

	private String transport = "";

	private static Map<String, String> expectations() {
		Map<String, String> expectations = new LinkedHashMap<>();
		expectations.put("from", "from: use a date and time like 2026-11-23T10:00 (UTC)");
		expectations.put("to", "to: use a date and time like 2026-11-23T10:00 (UTC)");
		expectations.put("status", "status: one of success, error, cancelled, timeout");
		expectations.put("key", "key: a key id, a whole number");
		expectations.put("minMs", "minimum duration: a whole number of milliseconds");
		expectations.put("transport", "transport: one of grpc, grpc-web, http-json");
		return expectations;
	}

	/**
	 * What the page says about the fields that did not bind or validate: for each, what it
	 * expects, whatever the value was.
	 * @param errors the binding result of this form
	 * @return one line per field with a problem
	 */
	static List<String> problems(Errors errors) {
		return EXPECTATIONS.entrySet()
			.stream()
			.filter((expectation) -> errors.hasFieldErrors(expectation.getKey()))
			.map(Map.Entry::getValue)
			.toList();
	}

	/**
	 * The filter to search with: times as UTC instants, the code in upper case.
	 * @return the filter
	 */
	public RequestLogFilter toFilter() {
		return new RequestLogFilter(utc(this.from), utc(this.to), this.service, this.method, this.status,
				this.code.trim().toUpperCase(Locale.ROOT), this.key, this.principal,
				(this.minMs != null) ? Duration.ofMillis(this.minMs) : null, transport());
	}

	private @Nullable CallTransport transport() {
		try {
			return this.transport.isBlank() ? null : CallTransport.fromColumn(this.transport.trim());
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	public String getTransport() {
		return this.transport;
	}

	public void setTransport(String transport) {
		this.transport = transport;
	}

	private static @Nullable Instant utc(@Nullable LocalDateTime time) {
		return (time != null) ? time.toInstant(ZoneOffset.UTC) : null;
	}

	public @Nullable LocalDateTime getFrom() {
		return this.from;
	}

	public void setFrom(@Nullable LocalDateTime from) {
		this.from = from;
	}

	public @Nullable LocalDateTime getTo() {
		return this.to;
	}

	public void setTo(@Nullable LocalDateTime to) {
		this.to = to;
	}

	public String getService() {
		return this.service;
	}

	public void setService(String service) {
		this.service = service;
	}

	public String getMethod() {
		return this.method;
	}

	public void setMethod(String method) {
		this.method = method;
	}

	public @Nullable RequestStatus getStatus() {
		return this.status;
	}

	public void setStatus(@Nullable RequestStatus status) {
		this.status = status;
	}

	public String getCode() {
		return this.code;
	}

	public void setCode(String code) {
		this.code = code;
	}

	public @Nullable Long getKey() {
		return this.key;
	}

	public void setKey(@Nullable Long key) {
		this.key = key;
	}

	public String getPrincipal() {
		return this.principal;
	}

	public void setPrincipal(String principal) {
		this.principal = principal;
	}

	public @Nullable Long getMinMs() {
		return this.minMs;
	}

	public void setMinMs(@Nullable Long minMs) {
		this.minMs = minMs;
	}

}
