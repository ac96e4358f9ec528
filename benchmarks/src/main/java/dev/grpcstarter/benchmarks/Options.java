package dev.grpcstarter.benchmarks;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Command-line options of the form {@code --name value}. */
final class Options {

	private Options() {
	}

	static Map<String, String> parse(String[] args, int from) {
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = from; i < args.length; i += 2) {
			if (!args[i].startsWith("--") || i + 1 >= args.length) {
				throw new IllegalArgumentException("options look like --name value, got " + args[i]);
			}
			options.put(args[i].substring(2), args[i + 1]);
		}
		return options;
	}

	static Duration seconds(String text) {
		return Duration.ofSeconds(Long.parseLong(text.replace("s", "")));
	}

}
