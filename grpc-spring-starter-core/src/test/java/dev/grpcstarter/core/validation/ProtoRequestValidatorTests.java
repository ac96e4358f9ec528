package dev.grpcstarter.core.validation;

import build.buf.validate.FieldPath;
import build.buf.validate.FieldPathElement;
import com.google.protobuf.Empty;
import com.google.protobuf.Timestamp;
import com.google.rpc.BadRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProtoRequestValidatorTests {

	private final ProtoRequestValidator validator = new ProtoRequestValidator();

	@Test
	void whenTypeHasNoRulesAnywhereThenNothingIsChecked() throws Exception {
		assertThat(this.validator.hasRules(Empty.getDescriptor())).isFalse();
		assertThat(this.validator.hasRules(Timestamp.getDescriptor())).isFalse();
		// Nested message types, none with rules.
		assertThat(this.validator.hasRules(BadRequest.getDescriptor())).isFalse();
		assertThat(this.validator.violations(Timestamp.newBuilder().setSeconds(-1).build())).isEmpty();
	}

	@Test
	void whenPathHasSubscriptsThenTheyReadAsInSource() {
		FieldPath path = FieldPath.newBuilder()
			.addElements(FieldPathElement.newBuilder().setFieldName("books").setIndex(2))
			.addElements(FieldPathElement.newBuilder().setFieldName("labels").setStringKey("lang"))
			.addElements(FieldPathElement.newBuilder().setFieldName("counts").setIntKey(-3))
			.addElements(FieldPathElement.newBuilder().setFieldName("flags").setBoolKey(true))
			.addElements(FieldPathElement.newBuilder().setFieldName("title"))
			.build();
		assertThat(ProtoRequestValidator.path(path))
			.isEqualTo("books[2].labels[\"lang\"].counts[-3].flags[true].title");
	}

}
