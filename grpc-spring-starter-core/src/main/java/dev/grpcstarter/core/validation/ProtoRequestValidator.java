package dev.grpcstarter.core.validation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import build.buf.protovalidate.Config;
import build.buf.protovalidate.ValidationResult;
import build.buf.protovalidate.Validator;
import build.buf.protovalidate.ValidatorFactory;
import build.buf.protovalidate.Violation;
import build.buf.protovalidate.exceptions.ValidationException;
import build.buf.validate.FieldPath;
import build.buf.validate.FieldPathElement;
import build.buf.validate.ValidateProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.Message;
import dev.grpcstarter.core.error.FieldViolation;

/**
 * Checks messages against their {@code buf.validate} rules with protovalidate.
 *
 * <p>Each message type's rules are compiled once, the first time a message of that type is
 * checked, and kept: protovalidate's {@link Validator} caches its evaluators per message
 * type, so one validator serves every call. Whether a type has rules at all (on itself, its
 * fields and oneofs, or any message it holds) is also worked out once per type and kept, so
 * that messages without rules, the common case, cost a map look-up.
 */
public final class ProtoRequestValidator {

	/** The number every {@code buf.validate} option extension has (message, oneof, field). */
	private static final int RULES_EXTENSION = ValidateProto.FIELD_FIELD_NUMBER;

	private final Validator validator;

	private final Map<Descriptor, Boolean> ruledTypes = new ConcurrentHashMap<>();

	/**
	 * A validator that evaluates the standard rules natively.
	 * @see #ProtoRequestValidator(boolean)
	 */
	public ProtoRequestValidator() {
		this(true);
	}

	/**
	 * A validator with protovalidate's configuration otherwise.
	 * @param nativeRules whether protovalidate evaluates its standard rules (lengths, ranges,
	 * formats, item counts) in Java rather than as CEL expressions: the same results (its
	 * conformance suite passes both ways) at a fraction of the time and allocation per
	 * message; custom CEL rules are CEL either way
	 */
	public ProtoRequestValidator(boolean nativeRules) {
		this(ValidatorFactory.newBuilder()
			.withConfig(Config.newBuilder().setEnableNativeRules(nativeRules).build())
			.build());
	}

	/**
	 * A validator around the given protovalidate validator (configured otherwise, say).
	 * @param validator the protovalidate validator
	 */
	public ProtoRequestValidator(Validator validator) {
		this.validator = validator;
	}

	/**
	 * Whether messages of the type have rules to check: on the type, its fields and oneofs,
	 * or on a message type it holds, at any depth.
	 * @param type the message type
	 * @return whether there is anything to check
	 */
	public boolean hasRules(Descriptor type) {
		Boolean known = this.ruledTypes.get(type);
		if (known != null) {
			return known;
		}
		boolean ruled = hasRules(type, new HashSet<>());
		this.ruledTypes.put(type, ruled);
		return ruled;
	}

	/**
	 * The rules the message breaks, in protovalidate's order; empty when it keeps them all.
	 * @param message the message
	 * @return the violations
	 * @throws ValidationException when the rules themselves cannot be evaluated (a rule
	 * expression that does not compile, say): a fault of the server, not of the request
	 */
	public List<FieldViolation> violations(Message message) throws ValidationException {
		if (!hasRules(message.getDescriptorForType())) {
			return List.of();
		}
		ValidationResult result = this.validator.validate(message);
		if (result.isSuccess()) {
			return List.of();
		}
		List<FieldViolation> violations = new ArrayList<>(result.getViolations().size());
		for (Violation violation : result.getViolations()) {
			build.buf.validate.Violation proto = violation.toProto();
			violations.add(new FieldViolation(path(proto.getField()), proto.getRuleId(), proto.getMessage()));
		}
		return violations;
	}

	private static boolean hasRules(Descriptor type, Set<Descriptor> seen) {
		if (!seen.add(type)) {
			return false;
		}
		if (hasRulesOption(type.getOptions())) {
			return true;
		}
		for (OneofDescriptor oneof : type.getOneofs()) {
			if (hasRulesOption(oneof.getOptions())) {
				return true;
			}
		}
		for (FieldDescriptor field : type.getFields()) {
			if (hasRulesOption(field.getOptions())) {
				return true;
			}
			if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && hasRules(field.getMessageType(), seen)) {
				return true;
			}
		}
		return false;
	}

	// Generated code knows the extension when the .proto imported buf/validate; descriptors
	// built at run time (reflection, dynamic messages) may hold it as an unknown field.
	private static boolean hasRulesOption(Message options) {
		if (options.getUnknownFields().hasField(RULES_EXTENSION)) {
			return true;
		}
		for (FieldDescriptor field : options.getAllFields().keySet()) {
			if (field.isExtension() && field.getNumber() == RULES_EXTENSION) {
				return true;
			}
		}
		return false;
	}

	/** {@code books[2].title}, {@code labels["lang"]}: the field as a client names it. */
	static String path(FieldPath path) {
		StringBuilder text = new StringBuilder();
		for (FieldPathElement element : path.getElementsList()) {
			if (!text.isEmpty()) {
				text.append('.');
			}
			text.append(element.getFieldName());
			switch (element.getSubscriptCase()) {
				case INDEX -> text.append('[').append(element.getIndex()).append(']');
				case BOOL_KEY -> text.append('[').append(element.getBoolKey()).append(']');
				case INT_KEY -> text.append('[').append(element.getIntKey()).append(']');
				case UINT_KEY -> text.append('[').append(Long.toUnsignedString(element.getUintKey())).append(']');
				case STRING_KEY -> text.append("[\"").append(element.getStringKey()).append("\"]");
				default -> {
				}
			}
		}
		return text.toString();
	}

}
