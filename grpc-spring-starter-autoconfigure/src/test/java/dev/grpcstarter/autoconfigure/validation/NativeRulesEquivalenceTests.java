package dev.grpcstarter.autoconfigure.validation;

import java.util.List;

import com.google.protobuf.Message;
import dev.grpcstarter.core.error.FieldViolation;
import dev.grpcstarter.core.validation.ProtoRequestValidator;
import dev.grpcstarter.test.v1.Contact;
import dev.grpcstarter.test.v1.Owner;
import dev.grpcstarter.test.v1.Shelf;
import dev.grpcstarter.test.v1.Volume;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code grpc.validation.native-rules} changes how protovalidate evaluates the standard
 * rules, never what it finds: both ways give the same violations, in the same order, for
 * each kind of rule the starter's tests use.
 */
class NativeRulesEquivalenceTests {

	private final ProtoRequestValidator nativeRules = new ProtoRequestValidator(true);

	private final ProtoRequestValidator celRules = new ProtoRequestValidator(false);

	static List<Message> messages() {
		return List.of(shelf().build(), shelf().setName("").build(),
				shelf().addVolumes(Volume.newBuilder().setTitle("").setYear(1200)).build(),
				shelf().addVolumes(Volume.newBuilder().setTitle("Late").setYear(2101)).build(),
				shelf().addLabels("far too long").addLabels("ok").build(),
				shelf().addVolumes(volume()).addVolumes(volume()).addVolumes(volume()).build(),
				shelf().setOwner(Owner.newBuilder().setContact(Contact.newBuilder().setEmail("not an address")))
					.build(),
				Shelf.newBuilder()
					.addVolumes(Volume.newBuilder().setYear(1))
					.addLabels("123456")
					.setOwner(Owner.newBuilder().setContact(Contact.newBuilder().setEmail("@")))
					.build());
	}

	@ParameterizedTest
	@MethodSource("messages")
	void whenRulesAreNativeThenTheViolationsAreThoseOfCel(Message message) throws Exception {
		List<FieldViolation> expected = this.celRules.violations(message);
		assertThat(this.nativeRules.violations(message)).isEqualTo(expected);
	}

	@ParameterizedTest
	@MethodSource("messages")
	void whenAMessageBreaksARuleThenBothWaysFindIt(Message message) throws Exception {
		boolean valid = message.equals(shelf().build());
		assertThat(this.nativeRules.violations(message).isEmpty()).isEqualTo(valid);
	}

	private static Shelf.Builder shelf() {
		return Shelf.newBuilder()
			.setName("Fiction")
			.addVolumes(volume())
			.addLabels("sf")
			.setOwner(Owner.newBuilder().setContact(Contact.newBuilder().setEmail("ann@example.org")));
	}

	private static Volume volume() {
		return Volume.newBuilder().setTitle("Dune").setYear(1965).build();
	}

}
