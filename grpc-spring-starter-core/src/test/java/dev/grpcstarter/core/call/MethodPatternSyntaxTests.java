package dev.grpcstarter.core.call;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MethodPatternSyntaxTests {

	@Test
	void whenPatternIsWellFormedThenValid() {
		assertThat(MethodPatternSyntax.isValid("*")).isTrue();
		assertThat(MethodPatternSyntax.isValid("bookstore.v1.BookService/*")).isTrue();
		assertThat(MethodPatternSyntax.isValid("bookstore.v1.BookService/GetBook")).isTrue();
	}

	@Test
	void whenPatternIsMalformedThenInvalid() {
		assertThat(MethodPatternSyntax.isValid("")).isFalse();
		assertThat(MethodPatternSyntax.isValid("bookstore.v1.BookService")).isFalse();
		assertThat(MethodPatternSyntax.isValid("bookstore.*/GetBook")).isFalse();
		assertThat(MethodPatternSyntax.isValid("a/b/c")).isFalse();
		assertThat(MethodPatternSyntax.isValid("a b/c")).isFalse();
	}

	@Test
	void whenMatchingThenServiceWildcardCoversOnlyThatService() {
		assertThat(MethodPatternSyntax.matches("*", "a.B/C")).isTrue();
		assertThat(MethodPatternSyntax.matches("a.B/*", "a.B/C")).isTrue();
		assertThat(MethodPatternSyntax.matches("a.B/*", "a.BX/C")).isFalse();
		assertThat(MethodPatternSyntax.matches("a.B/C", "a.B/C")).isTrue();
		assertThat(MethodPatternSyntax.matches("a.B/C", "a.B/CD")).isFalse();
	}

}
