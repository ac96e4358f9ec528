package dev.grpcstarter.admin.web;

import dev.grpcstarter.core.apikey.ApiKeyService;
import org.jspecify.annotations.Nullable;

/**
 * How the admin pages name a key they only know by id (request log rows, statistics,
 * audit entries, rotations): its name and display prefix, as on the keys page, or
 * {@code #id} for a key that no longer exists or when keys are not available. Used from
 * templates as {@code @grpcAdminKeyLabels}.
 */
public final class AdminKeyLabels {

	private final @Nullable ApiKeyService keys;

	/**
	 * Labels from the given keys.
	 * @param keys the key service, or {@code null} without API keys
	 */
	public AdminKeyLabels(@Nullable ApiKeyService keys) {
		this.keys = keys;
	}

	/**
	 * The label of a key.
	 * @param id the key's id, as a number or text
	 * @return {@code name (prefix…)}, or {@code #id}
	 */
	public String label(@Nullable Object id) {
		if (id == null) {
			return "—";
		}
		long value;
		try {
			value = Long.parseLong(id.toString());
		}
		catch (NumberFormatException ex) {
			return id.toString();
		}
		if (this.keys == null) {
			return "#" + value;
		}
		return this.keys.find(value)
			.map((key) -> key.getName() + " (" + key.getKeyPrefix() + "…)")
			.orElse("#" + value);
	}

}
