package dev.grpcstarter.core.validation;

import java.util.List;

import build.buf.protovalidate.exceptions.ValidationException;
import com.google.protobuf.Message;
import dev.grpcstarter.core.call.RequestContext;
import dev.grpcstarter.core.error.BadRequestStatus;
import dev.grpcstarter.core.error.FieldViolation;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses request messages that break their {@code buf.validate} rules with
 * {@code INVALID_ARGUMENT} and a {@code google.rpc.BadRequest} detail listing every
 * violation, before the service sees them. In client- and bidirectional-streaming calls
 * every incoming message is checked; the first bad one ends the call, and the service
 * gets no more messages and no half-close but sees the call cancelled at once (a streaming
 * service's request observer gets {@code onError(CANCELLED)}), so that a stream it was
 * collecting is dropped rather than completed.
 *
 * <p>Sits after authentication and rate limits
 * ({@link dev.grpcstarter.core.call.PipelineOrder#VALIDATION}): a caller without a valid key
 * learns nothing about the rules, and a flood of invalid requests is limited like any
 * other.
 */
public final class RequestValidationInterceptor implements ServerInterceptor {

	private static final Logger logger = LoggerFactory.getLogger(RequestValidationInterceptor.class);

	private static final Status RULES_FAILED = Status.INTERNAL.withDescription("internal server error");

	private final ProtoRequestValidator validator;

	/**
	 * An interceptor checking with the given validator.
	 * @param validator the validator
	 */
	public RequestValidationInterceptor(ProtoRequestValidator validator) {
		this.validator = validator;
	}

	@Override
	public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
			ServerCallHandler<Q, R> next) {
		if (!mayHaveRules(call.getMethodDescriptor())) {
			return next.startCall(call, headers);
		}
		return new ValidatingListener<>(next.startCall(call, headers), call, this.validator);
	}

	// Known from the method's request type where the marshaller tells it: most calls, to
	// methods whose messages have no rules, pass straight through.
	private boolean mayHaveRules(MethodDescriptor<?, ?> method) {
		if (method.getRequestMarshaller() instanceof MethodDescriptor.PrototypeMarshaller<?> marshaller
				&& marshaller.getMessagePrototype() instanceof Message prototype) {
			return this.validator.hasRules(prototype.getDescriptorForType());
		}
		return true;
	}

	private static final class ValidatingListener<Q> extends SimpleForwardingServerCallListener<Q> {

		private final ServerCall<Q, ?> call;

		private final ProtoRequestValidator validator;

		// Listener callbacks of one call run one at a time: no race on refused.
		private boolean refused;

		ValidatingListener(ServerCall.Listener<Q> delegate, ServerCall<Q, ?> call, ProtoRequestValidator validator) {
			super(delegate);
			this.call = call;
			this.validator = validator;
		}

		@Override
		public void onMessage(Q message) {
			if (this.refused) {
				return;
			}
			if (message instanceof Message protobuf) {
				List<FieldViolation> violations;
				try {
					violations = this.validator.violations(protobuf);
				}
				catch (ValidationException ex) {
					logger.error("Rules of {} could not be evaluated in gRPC call {} [request-id={}]",
							protobuf.getDescriptorForType().getFullName(),
							this.call.getMethodDescriptor().getFullMethodName(), RequestContext.currentRequestId(),
							ex);
					refuse(RULES_FAILED, new Metadata());
					return;
				}
				if (!violations.isEmpty()) {
					StatusException refusal = BadRequestStatus.invalidArgument(violations);
					Metadata trailers = refusal.getTrailers();
					refuse(refusal.getStatus(), (trailers != null) ? trailers : new Metadata());
					return;
				}
			}
			super.onMessage(message);
		}

		private void refuse(Status status, Metadata trailers) {
			this.refused = true;
			this.call.close(status, trailers);
			// grpc-java reports a call the server closed itself as complete, which would leave a
			// streaming service holding the messages it got so far: it is told now instead.
			super.onCancel();
		}

		@Override
		public void onHalfClose() {
			if (!this.refused) {
				super.onHalfClose();
			}
		}

		@Override
		public void onCancel() {
			if (!this.refused) {
				super.onCancel();
			}
		}

		@Override
		public void onComplete() {
			if (!this.refused) {
				super.onComplete();
			}
		}

	}

}
