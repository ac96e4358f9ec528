package dev.grpcstarter.admin.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TraceLinksTests {

	@Test
	void whenTemplateIsSetThenTheTraceIdTakesThePlaceholder() {
		assertThat(new TraceLinks("https://tempo.example.com/trace/{traceId}?x=1").url("4bf92f3577b34da6a3ce929d0e0e4736"))
			.isEqualTo("https://tempo.example.com/trace/4bf92f3577b34da6a3ce929d0e0e4736?x=1");
	}

	@Test
	void whenTemplateOrTraceIdIsMissingThenThereIsNoLink() {
		assertThat(new TraceLinks(null).url("abc")).isNull();
		assertThat(new TraceLinks(" ").url("abc")).isNull();
		assertThat(new TraceLinks("https://x/{traceId}").url(null)).isNull();
	}

	@Test
	void whenTraceIdHoldsUrlCharactersThenTheyAreEncoded() {
		assertThat(new TraceLinks("https://x/?q={traceId}").url("a b&c")).isEqualTo("https://x/?q=a+b%26c");
	}

	@Test
	void whenTemplateHasNoPlaceholderThenItIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new TraceLinks("https://x/trace"))
			.withMessageContaining("{traceId}");
	}

}
