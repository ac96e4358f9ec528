package dev.grpcstarter.admin.web;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import static org.assertj.core.api.Assertions.assertThat;

class ProtoCommentsTests {

	private final PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();

	@Test
	void whenTheDescriptorSetHasSourceInfoThenEveryKindOfElementHasItsComment() {
		ProtoComments comments = ProtoComments.load(this.resolver,
				List.of("classpath*:META-INF/grpc/descriptor-set.binpb"));
		assertThat(comments.files()).isPositive();
		assertThat(comments.of("explorer.v1.EchoService")).isEqualTo("Echoes what it is sent: the explorer's tests call it.");
		assertThat(comments.of("explorer.v1.EchoService.Count"))
			.isEqualTo("Counts from 1 to `to`, one reply per interval, until the caller cancels.");
		assertThat(comments.of("explorer.v1.Label")).isEqualTo("A named, coloured label.");
		assertThat(comments.of("explorer.v1.EchoRequest.text")).isEqualTo("Any text.");
		assertThat(comments.of("explorer.v1.Colour")).isEqualTo("A colour a label can have.");
		assertThat(comments.of("explorer.v1.COLOUR_RED")).isEqualTo("The colour of stop signs.");
		assertThat(comments.of("explorer.v1.COLOUR_GREEN")).isNull();
		assertThat(comments.of("explorer.v1.EchoRequest.colour")).isNull();
	}

	@Test
	void whenNoDescriptorSetIsFoundThenThereAreNoComments() {
		ProtoComments comments = ProtoComments.load(this.resolver, List.of("classpath*:META-INF/grpc/absent.binpb"));
		assertThat(comments.files()).isZero();
		assertThat(comments.of("explorer.v1.EchoService")).isNull();
	}

}
