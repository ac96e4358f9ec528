package dev.grpcstarter.admin.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExplorerPermalinkTests {

	@Test
	void whenMetadataHoldsCredentialsThenThePermalinkLeavesThemOut() {
		String metadata = "X-Api-Key: gsk_secret\nx-trace: abc\nAuthorization: Bearer t\n\ncookie: s=1\nx-tenant: blue";
		assertThat(ExplorerController.withoutCredentials(metadata, "x-api-key")).isEqualTo("x-trace: abc\nx-tenant: blue");
	}

	@Test
	void whenTheKeyHeaderIsRenamedThenThatOneIsLeftOut() {
		assertThat(ExplorerController.withoutCredentials("x-token: k\nx-api-key: other", "x-token"))
			.isEqualTo("x-api-key: other");
	}

}
