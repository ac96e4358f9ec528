package dev.grpcstarter.core.web;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A {@code google.api.http} path template ({@code /v1/{name=shelves/*}/books/{book.id}:verb}):
 * literal segments, {@code *} (one segment), {@code **} (the rest of the path), variables
 * bound to a field path with their own sub-template (default {@code *}), and an optional
 * verb after the last segment.
 */
final class PathTemplate {

	private final String text;

	private final List<String> parts;

	private final List<Variable> variables;

	private final @Nullable String verb;

	private final int literals;

	private PathTemplate(String text, List<String> parts, List<Variable> variables, @Nullable String verb) {
		this.text = text;
		this.parts = parts;
		this.variables = variables;
		this.verb = verb;
		this.literals = (int) parts.stream().filter((part) -> !part.equals("*") && !part.equals("**")).count();
	}

	/**
	 * Parses a template.
	 * @param template the template
	 * @return the parsed template
	 * @throws IllegalArgumentException when it is not a valid template
	 */
	static PathTemplate parse(String template) {
		if (!template.startsWith("/")) {
			throw new IllegalArgumentException("path template '" + template + "' does not start with '/'");
		}
		String path = template;
		String verb = null;
		int lastSlash = path.lastIndexOf('/');
		int lastBrace = path.lastIndexOf('}');
		int colon = path.indexOf(':', Math.max(lastSlash, lastBrace));
		if (colon > 0) {
			verb = path.substring(colon + 1);
			path = path.substring(0, colon);
		}
		List<String> parts = new ArrayList<>();
		List<Variable> variables = new ArrayList<>();
		int i = 1;
		while (i <= path.length()) {
			if (i < path.length() && path.charAt(i) == '{') {
				int close = path.indexOf('}', i);
				if (close < 0) {
					throw new IllegalArgumentException("path template '" + template + "' has an unclosed '{'");
				}
				String inside = path.substring(i + 1, close);
				int equals = inside.indexOf('=');
				String field = (equals < 0) ? inside : inside.substring(0, equals);
				String sub = (equals < 0) ? "*" : inside.substring(equals + 1);
				int start = parts.size();
				Collections.addAll(parts, sub.split("/", -1));
				variables.add(new Variable(field.trim(), start, parts.size()));
				i = close + 1;
			}
			else {
				int slash = path.indexOf('/', i);
				int end = (slash < 0) ? path.length() : slash;
				parts.add(path.substring(i, end));
				i = end;
			}
			if (i < path.length() && path.charAt(i) == '/') {
				i++;
			}
			else {
				break;
			}
		}
		for (int p = 0; p < parts.size(); p++) {
			if (parts.get(p).isEmpty()) {
				throw new IllegalArgumentException("path template '" + template + "' has an empty segment");
			}
			if (parts.get(p).equals("**") && p != parts.size() - 1) {
				throw new IllegalArgumentException("path template '" + template + "' has '**' before its end");
			}
		}
		return new PathTemplate(template, List.copyOf(parts), List.copyOf(variables), verb);
	}

	/**
	 * Matches a request path.
	 * @param rawPath the path as sent, percent-encoded, without the context path
	 * @return the variables' values by field path, or {@code null} when it does not match
	 */
	@Nullable Map<String, String> match(String rawPath) {
		if (!rawPath.startsWith("/")) {
			return null;
		}
		String path = rawPath.substring(1);
		if (this.verb != null) {
			String suffix = ":" + this.verb;
			if (!path.endsWith(suffix)) {
				return null;
			}
			path = path.substring(0, path.length() - suffix.length());
		}
		String[] segments = path.split("/", -1);
		boolean rest = !this.parts.isEmpty() && this.parts.get(this.parts.size() - 1).equals("**");
		if (rest ? segments.length < this.parts.size() - 1 : segments.length != this.parts.size()) {
			return null;
		}
		for (int p = 0; p < this.parts.size(); p++) {
			String part = this.parts.get(p);
			if (part.equals("**")) {
				break;
			}
			if (segments[p].isEmpty()) {
				return null;
			}
			if (!part.equals("*") && !part.equals(decode(segments[p]))) {
				return null;
			}
		}
		Map<String, String> values = new LinkedHashMap<>();
		for (Variable variable : this.variables) {
			int end = (rest && variable.end() == this.parts.size()) ? segments.length : variable.end();
			StringBuilder value = new StringBuilder();
			for (int s = variable.start(); s < end; s++) {
				value.append((s > variable.start()) ? "/" : "").append(decode(segments[s]));
			}
			values.put(variable.fieldPath(), value.toString());
		}
		return values;
	}

	/** @return how specific the template is: more literal segments match first */
	int literals() {
		return this.literals;
	}

	/** @return the field paths bound by variables */
	List<String> variableFields() {
		return this.variables.stream().map(Variable::fieldPath).toList();
	}

	private static String decode(String segment) {
		// Path segments keep '+' literally, unlike query strings.
		return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
	}

	@Override
	public String toString() {
		return this.text;
	}

	private record Variable(String fieldPath, int start, int end) {

	}

}
