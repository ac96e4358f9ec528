package dev.grpcstarter.core.web;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PathTemplateTests {

	@Test
	void whenVariablesAreNestedThenTheirDecodedValuesAreBoundByFieldPath() {
		PathTemplate template = PathTemplate.parse("/v1/shelves/{shelf.name}/items/{id}");
		assertThat(template.match("/v1/shelves/top%20shelf/items/42"))
			.isEqualTo(Map.of("shelf.name", "top shelf", "id", "42"));
		assertThat(template.match("/v1/shelves/a/items")).isNull();
		assertThat(template.match("/v1/shelves//items/1")).isNull();
		assertThat(template.literals()).isEqualTo(3);
	}

	@Test
	void whenASubTemplateEndsInDoubleWildcardThenTheRestOfThePathIsBound() {
		PathTemplate template = PathTemplate.parse("/v1/files/{path=docs/**}");
		assertThat(template.match("/v1/files/docs/a/b.txt")).isEqualTo(Map.of("path", "docs/a/b.txt"));
		assertThat(template.match("/v1/files/other/a")).isNull();
	}

	@Test
	void whenTheTemplateHasAVerbThenOnlyPathsWithItMatch() {
		PathTemplate template = PathTemplate.parse("/v1/items/{id}:archive");
		assertThat(template.match("/v1/items/7:archive")).isEqualTo(Map.of("id", "7"));
		assertThat(template.match("/v1/items/7")).isNull();
		assertThat(PathTemplate.parse("/v1/books:lookup").match("/v1/books:lookup")).isEmpty();
	}

	@Test
	void whenATemplateIsInvalidThenItIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> PathTemplate.parse("v1/books"));
		assertThatIllegalArgumentException().isThrownBy(() -> PathTemplate.parse("/v1/{id"));
		assertThatIllegalArgumentException().isThrownBy(() -> PathTemplate.parse("/v1/**/x"));
	}

}
