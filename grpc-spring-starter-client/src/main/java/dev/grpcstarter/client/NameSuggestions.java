package dev.grpcstarter.client;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The known names closest to a mistyped one, by edit distance, for "did you mean" hints.
 */
final class NameSuggestions {

	private NameSuggestions() {
	}

	static List<String> closest(String wanted, Collection<String> known, int limit) {
		String target = wanted.toLowerCase(Locale.ROOT);
		int tolerance = Math.max(2, target.length() / 3);
		return known.stream()
			.map((name) -> new Scored(name, distance(target, name.toLowerCase(Locale.ROOT))))
			.filter((scored) -> scored.distance() <= tolerance || scored.name().toLowerCase(Locale.ROOT).contains(target))
			.sorted(Comparator.comparingInt(Scored::distance).thenComparing(Scored::name))
			.limit(limit)
			.map(Scored::name)
			.toList();
	}

	static String hint(String wanted, Collection<String> known) {
		List<String> suggestions = closest(wanted, known, 3);
		return suggestions.isEmpty() ? "" : "; did you mean " + String.join(", ", suggestions) + "?";
	}

	/** Levenshtein distance, two rows. */
	private static int distance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int substitution = previous[j - 1] + ((a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

	private record Scored(String name, int distance) {
	}

}
