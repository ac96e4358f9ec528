package dev.grpcstarter.core.pipeline;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

import com.google.protobuf.StringValue;
import dev.grpcstarter.core.call.RequestContext;
import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class MalformedRequestGuardTests {

	private static final MethodDescriptor<StringValue, StringValue> ECHO = MethodDescriptor
		.<StringValue, StringValue>newBuilder()
		.setFullMethodName("echo.v1.Echo/Say")
		.setType(MethodDescriptor.MethodType.UNARY)
		.setRequestMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
		.setResponseMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
		.build();

	private static final Object SCHEMA = new Object();

	private static final ServerCallHandler<StringValue, StringValue> HANDLER = ServerCalls
		.asyncUnaryCall((request, responses) -> {
			responses.onNext(request);
			responses.onCompleted();
		});

	private final MalformedRequestGuard guard = new MalformedRequestGuard();

	@Test
	void whenAServiceIsGuardedThenOnlyItsRequestMarshallersChange() {
		ServerServiceDefinition guarded = this.guard.guard(service());
		assertThat(guarded.getServiceDescriptor().getName()).isEqualTo("echo.v1.Echo");
		assertThat(guarded.getServiceDescriptor().getSchemaDescriptor()).isSameAs(SCHEMA);
		ServerMethodDefinition<?, ?> method = guarded.getMethod("echo.v1.Echo/Say");
		assertThat(method.getServerCallHandler()).isSameAs(HANDLER);
		MethodDescriptor<?, ?> descriptor = method.getMethodDescriptor();
		assertThat(descriptor.getType()).isEqualTo(MethodDescriptor.MethodType.UNARY);
		assertThat(descriptor.getResponseMarshaller()).isSameAs(ECHO.getResponseMarshaller());
		assertThat(descriptor.getRequestMarshaller()).isNotSameAs(ECHO.getRequestMarshaller())
			.isInstanceOfSatisfying(MethodDescriptor.PrototypeMarshaller.class,
					(prototype) -> assertThat(prototype.getMessagePrototype())
						.isSameAs(StringValue.getDefaultInstance()));
	}

	@Test
	void whenAGuardedServiceIsGuardedAgainThenItsMarshallersAreWrappedOnce() {
		ServerServiceDefinition once = this.guard.guard(service());
		ServerServiceDefinition twice = this.guard.guard(once);
		assertThat(twice.getMethod("echo.v1.Echo/Say").getMethodDescriptor().getRequestMarshaller())
			.isSameAs(once.getMethod("echo.v1.Echo/Say").getMethodDescriptor().getRequestMarshaller());
	}

	@Test
	void whenARequestParsesThenTheCallIsUntouched() {
		RequestContext request = RequestContext.forCall(new Metadata(), "echo.v1.Echo/Say");
		Object parsed = parseIn(request, StringValue.of("hello").toByteArray());
		assertThat(parsed).isEqualTo(StringValue.of("hello"));
		assertThat(request.hasMalformedRequest()).isFalse();
	}

	@Test
	void whenAProtobufRequestCannotBeParsedThenTheCallRecordsItAndGetsAStandIn() {
		RequestContext request = RequestContext.forCall(new Metadata(), "echo.v1.Echo/Say");
		byte[] garbage = { (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
				(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF };
		assertThat(parseIn(request, garbage)).isSameAs(StringValue.getDefaultInstance());
		assertThat(request.hasMalformedRequest()).isTrue();
		assertThat(request.hasMalformedRequestStandIn()).isTrue();
	}

	@Test
	void whenAProtobufRequestCannotBeParsedOutsideACallThenTheFailureGoesOn() {
		byte[] garbage = { (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
				(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF };
		MethodDescriptor<?, ?> method = this.guard.guard(service()).getMethod("echo.v1.Echo/Say").getMethodDescriptor();
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> method.parseRequest(new ByteArrayInputStream(garbage)));
	}

	private Object parseIn(RequestContext request, byte[] bytes) {
		MethodDescriptor<?, ?> method = this.guard.guard(service())
			.getMethod("echo.v1.Echo/Say")
			.getMethodDescriptor();
		Context context = request.attachTo(Context.ROOT);
		Context previous = context.attach();
		try {
			InputStream stream = new ByteArrayInputStream(bytes);
			return method.parseRequest(stream);
		}
		finally {
			context.detach(previous);
		}
	}

	private static ServerServiceDefinition service() {
		return ServerServiceDefinition
			.builder(ServiceDescriptor.newBuilder("echo.v1.Echo").setSchemaDescriptor(SCHEMA).addMethod(ECHO).build())
			.addMethod(ECHO, HANDLER)
			.build();
	}

}
