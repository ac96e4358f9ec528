package dev.grpcstarter.admin.web;

import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;

import dev.grpcstarter.core.apikey.ApiKey;
import dev.grpcstarter.core.apikey.ApiKeyChanges;
import dev.grpcstarter.core.apikey.ApiKeyFilter;
import dev.grpcstarter.core.apikey.ApiKeyService;
import dev.grpcstarter.core.apikey.CreatedApiKey;
import dev.grpcstarter.core.apikey.InvalidApiKeySettingException;
import dev.grpcstarter.core.apikey.NewApiKey;
import dev.grpcstarter.core.audit.AdminAuditLog;
import dev.grpcstarter.core.ratelimit.CallLimiter;
import dev.grpcstarter.core.ratelimit.LimitUsage;
import dev.grpcstarter.core.ratelimit.Quota;
import dev.grpcstarter.core.ratelimit.RateLimit;
import dev.grpcstarter.core.requestlog.RequestLogFilter;
import dev.grpcstarter.core.requestlog.RequestLogSearch;
import dev.grpcstarter.core.requestlog.RequestLogStatistics;
import dev.grpcstarter.core.requestlog.RequestLogStatistics.TimeWindow;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * API keys: list with search and state filter, create (the raw key shown once), a page per
 * key with its usage, what is left of its rate limits and quota, and recent calls, edit,
 * revoke with confirmation, rotate with a grace period. Every change is recorded in the
 * audit log with who made it.
 */
@Controller
@RequestMapping("/keys")
public final class KeysController {

	static final Map<String, Duration> GRACE_PERIODS = Map.of("now", Duration.ZERO, "1h", Duration.ofHours(1), "24h",
			Duration.ofHours(24), "7d", Duration.ofDays(7));

	/** The grace periods offered, in the order shown. */
	static final List<String> GRACE_CHOICES = List.of("now", "1h", "24h", "7d");

	private static final String TARGET = "api-key";

	private static final Logger logger = LoggerFactory.getLogger(KeysController.class);

	private final ApiKeyService keys;

	private final AdminAuditLog audit;

	private final @Nullable RequestLogStatistics statistics;

	private final @Nullable RequestLogSearch search;

	private final String path;

	private final @Nullable CallLimiter limiter;

	private final AdminFormat format = new AdminFormat();

	public KeysController(ApiKeyService keys, AdminAuditLog audit, @Nullable RequestLogStatistics statistics,
			@Nullable RequestLogSearch search, String path) {
		this(keys, audit, statistics, search, path, null);
	}

	public KeysController(ApiKeyService keys, AdminAuditLog audit, @Nullable RequestLogStatistics statistics,
			@Nullable RequestLogSearch search, String path, @Nullable CallLimiter limiter) {
		this.keys = keys;
		this.audit = audit;
		this.statistics = statistics;
		this.search = search;
		this.path = path;
		this.limiter = limiter;
	}

	@GetMapping
	String list(@RequestParam(defaultValue = "") String q, @RequestParam(defaultValue = "ALL") String status,
			@RequestParam(defaultValue = "0") int page, Model model) {
		ApiKeyFilter filter = parseFilter(status);
		model.addAttribute("page", this.keys.list(q, filter, Math.max(0, page), 25));
		model.addAttribute("q", q);
		model.addAttribute("status", filter.name());
		model.addAttribute("filters", ApiKeyFilter.values());
		model.addAttribute("now", Instant.now());
		return "grpc-admin/keys";
	}

	@GetMapping("/new")
	String newKey(Model model) {
		model.addAttribute("form", new KeyForm());
		model.addAttribute("editing", false);
		return "grpc-admin/key-form";
	}

	@PostMapping
	String create(@ModelAttribute("form") KeyForm form, BindingResult errors, Principal admin, Model model,
			RedirectAttributes redirect) {
		if (form.getOwner().isBlank()) {
			errors.rejectValue("owner", "blank", "owner: must not be blank");
		}
		Instant expiresAt = form.expiresAtValue(errors);
		Integer rateLimit = form.rateLimitValue(errors);
		List<RateLimit> rateLimits = form.rateLimitsValue(errors);
		Quota quota = form.quotaValue(errors);
		CreatedApiKey created = null;
		if (!errors.hasErrors()) {
			try {
				created = this.keys.create(new NewApiKey(form.getName().trim(), form.descriptionOrNull(),
						form.getOwner().trim(), form.authorityList(), form.scopeList(), expiresAt, rateLimit,
						admin.getName(), rateLimits, quota));
			}
			catch (InvalidApiKeySettingException ex) {
				reject(errors, ex);
			}
		}
		if (created == null) {
			model.addAttribute("editing", false);
			return "grpc-admin/key-form";
		}
		this.audit.record(admin.getName(), "create", TARGET, String.valueOf(created.key().id()),
				"name=" + created.key().getName() + ", owner=" + created.key().getOwner());
		return showOnce(created, "created", redirect);
	}

	/**
	 * The page showing a new raw key, after the redirect that follows its creation: shown
	 * once, from the flash attributes; a refresh or a second visit gets the key's page
	 * without it, and creates nothing.
	 */
	@GetMapping("/created")
	String created(Model model) {
		Object created = model.getAttribute("created");
		if (!(created instanceof CreatedApiKey)) {
			return "redirect:" + this.path + "/keys";
		}
		return "grpc-admin/key-created";
	}

	@GetMapping("/{id}")
	String key(@PathVariable long id, Model model) {
		ApiKey key = find(id);
		model.addAttribute("key", key);
		model.addAttribute("state", this.format.keyState(key));
		model.addAttribute("audit", this.audit.of(TARGET, String.valueOf(id)));
		addLimits(key, model);
		if (this.statistics != null && this.search != null) {
			TimeWindow day = TimeWindowChoice.DAY.window();
			Duration bucket = TimeWindowChoice.DAY.bucket();
			model.addAttribute("usage", TimeChart.calls("calls with this key over the last 24 h against its rate limits",
					this.statistics.timeSeries(day, bucket, id), day, bucket, key.getLimits().rates()));
			model.addAttribute("calls", this.search.find(RequestLogFilter.forApiKey(id), null, 20).rows());
		}
		return "grpc-admin/key";
	}

	@GetMapping("/{id}/edit")
	String edit(@PathVariable long id, Model model) {
		model.addAttribute("form", KeyForm.of(find(id)));
		model.addAttribute("key", find(id));
		model.addAttribute("editing", true);
		return "grpc-admin/key-form";
	}

	@PostMapping("/{id}/edit")
	String update(@PathVariable long id, @ModelAttribute("form") KeyForm form, BindingResult errors, Principal admin,
			Model model) {
		ApiKey key = find(id);
		Instant expiresAt = form.expiresAtValue(errors);
		Integer rateLimit = form.rateLimitValue(errors);
		List<RateLimit> rateLimits = form.rateLimitsValue(errors);
		Quota quota = form.quotaValue(errors);
		if (!errors.hasErrors()) {
			try {
				ApiKey updated = this.keys.update(id, new ApiKeyChanges(form.getName().trim(), form.descriptionOrNull(),
						form.authorityList(), form.scopeList(), expiresAt, rateLimit, rateLimits, quota));
				this.audit.record(admin.getName(), "edit", TARGET, String.valueOf(id),
						"name=" + form.getName().trim() + ", limits=" + updated.getLimits());
				return "redirect:" + this.path + "/keys/" + id;
			}
			catch (InvalidApiKeySettingException ex) {
				reject(errors, ex);
			}
		}
		model.addAttribute("key", key);
		model.addAttribute("editing", true);
		return "grpc-admin/key-form";
	}

	@GetMapping("/{id}/revoke")
	String confirmRevoke(@PathVariable long id, Model model) {
		model.addAttribute("key", find(id));
		return "grpc-admin/key-revoke";
	}

	@PostMapping("/{id}/revoke")
	String revoke(@PathVariable long id, Principal admin) {
		find(id);
		this.keys.revoke(id);
		this.audit.record(admin.getName(), "revoke", TARGET, String.valueOf(id), null);
		return "redirect:" + this.path + "/keys/" + id;
	}

	@GetMapping("/{id}/rotate")
	String confirmRotate(@PathVariable long id, Model model) {
		model.addAttribute("key", find(id));
		model.addAttribute("graces", GRACE_CHOICES);
		return "grpc-admin/key-rotate";
	}

	@PostMapping("/{id}/rotate")
	String rotate(@PathVariable long id, @RequestParam(defaultValue = "") String grace, Principal admin, Model model,
			RedirectAttributes redirect) {
		ApiKey key = find(id);
		Duration period = GRACE_PERIODS.get(grace);
		if (period == null) {
			model.addAttribute("key", key);
			model.addAttribute("graces", GRACE_CHOICES);
			model.addAttribute("error", "grace period: choose now, 1h, 24h or 7d");
			return "grpc-admin/key-rotate";
		}
		CreatedApiKey created;
		try {
			created = this.keys.rotate(id, period, admin.getName());
		}
		catch (IllegalArgumentException ex) {
			model.addAttribute("key", key);
			model.addAttribute("graces", GRACE_CHOICES);
			model.addAttribute("error", ex.getMessage());
			return "grpc-admin/key-rotate";
		}
		this.audit.record(admin.getName(), "rotate", TARGET, String.valueOf(id),
				"grace=" + grace + ", replaced by " + created.key().id());
		return showOnce(created, "rotated", redirect);
	}

	/** POST-redirect-GET: a refresh of the result page must not create another key. */
	private String showOnce(CreatedApiKey created, String action, RedirectAttributes redirect) {
		redirect.addFlashAttribute("created", created);
		redirect.addFlashAttribute("action", action);
		return "redirect:" + this.path + "/keys/created";
	}

	/**
	 * The key's limits and, where the limiter runs in this application, what is left of
	 * each; an engine that does not answer costs the page only that table.
	 */
	private void addLimits(ApiKey key, Model model) {
		model.addAttribute("limits", key.getLimits());
		if (this.limiter == null || key.getLimits().isUnlimited()) {
			return;
		}
		model.addAttribute("limitEngine", this.limiter.store().toString());
		try {
			List<LimitUsage> usage = this.limiter.usage(key.id(), key.getLimits(), key.getLimitsVersion());
			model.addAttribute("limitUsage", usage);
		}
		catch (RuntimeException ex) {
			logger.warn("Cannot read the rate-limit state of key {}: {}", key.id(), ex.getMessage());
			model.addAttribute("limitUsageError", "the rate-limit engine did not answer");
		}
	}

	private ApiKey find(long id) {
		return this.keys.find(id).orElseThrow(() -> new NoSuchElementException("no API key with id " + id));
	}

	private static ApiKeyFilter parseFilter(String status) {
		try {
			return ApiKeyFilter.valueOf(status.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			return ApiKeyFilter.ALL;
		}
	}

	/**
	 * A setting the service refused goes beside its field: the form's fields are named
	 * like the settings.
	 */
	private static void reject(BindingResult errors, InvalidApiKeySettingException ex) {
		errors.rejectValue(ex.setting().propertyName(), "invalid", ex.getMessage());
	}

}
