package dev.grpcstarter.it;

import java.io.OutputStream;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.grpcstarter.core.apikey.NewApiKey;
import dev.grpcstarter.core.call.RequestContext;
import dev.grpcstarter.core.requestlog.RequestLogEntry;
import dev.grpcstarter.core.requestlog.RequestLogSearch;
import dev.grpcstarter.core.requestlog.RequestLogWriter;
import dev.grpcstarter.core.requestlog.RequestStatus;
import dev.grpcstarter.test.v1.PingRequest;
import dev.grpcstarter.test.v1.Reply;
import dev.grpcstarter.test.v1.SecuredServiceGrpc;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Compressor;
import io.grpc.CompressorRegistry;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

import static dev.grpcstarter.it.ApiKeyCalls.withKey;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls the transport or grpc-java close below the interceptors, on a real server: each
 * gets exactly one request-log row with the status the client received. Run against H2
 * and PostgreSQL by the subclasses.
 */
abstract class AbstractMalformedInputTests extends AbstractSecuredServerTests {

	static final String[] PROPERTIES = { "spring.grpc.server.port=0", "grpc.auth.require-auth=true",
			"grpc.services.packages=dev.grpcstarter.it.secured", "grpc.request-log.flush-interval=100ms",
			"spring.jpa.hibernate.ddl-auto=validate", "spring.grpc.server.inbound.message.max-size=1KB" };

	private static final String PUBLIC = "test.v1.SecuredService/Public";

	private static final String UPLOAD = "test.v1.SecuredService/StaffUpload";

	private static final String CHAT = "test.v1.SecuredService/StaffChat";

	@Autowired
	RequestLogWriter writer;

	@Autowired
	RequestLogSearch search;

	private RequestLogRows rows;

	private String staffKey;

	@BeforeEach
	void prepare() {
		this.rows = new RequestLogRows(this.jdbc, this.search, this.writer);
		this.staffKey = this.keys
			.create(new NewApiKey("malformed", null, "mia", List.of("ROLE_STAFF"), List.of(), null, null, null))
			.rawKey();
	}

	@Test
	void whenAUnaryRequestIsNotAMessageThenTheRowHasTheStatusTheClientGot() throws Exception {
		String marker = marker();
		RawCalls.Outcome outcome = RawCalls.call(this.channel.channel(), RawCalls.method(PUBLIC, MethodType.UNARY),
				CallOptions.DEFAULT, RawCalls.headers(marker, null), RawCalls.GARBAGE);
		assertRefusedAsMalformed(outcome);
		RequestLogEntry row = assertOneRow(marker, outcome.status());
		assertThat(row.messagesIn()).isEqualTo(1);
		assertThat(row.bytesIn()).isEqualTo(RawCalls.GARBAGE.length);
		assertThat(row.messagesOut()).isZero();
	}

	@Test
	void whenAClientStreamCarriesGarbageAfterAGoodMessageThenTheRowHasTheStatusTheClientGot() throws Exception {
		String marker = marker();
		RawCalls.Outcome outcome = RawCalls.call(this.channel.channel(),
				RawCalls.method(UPLOAD, MethodType.CLIENT_STREAMING), CallOptions.DEFAULT,
				RawCalls.headers(marker, this.staffKey), ping("good").toByteArray(), RawCalls.GARBAGE);
		assertRefusedAsMalformed(outcome);
		RequestLogEntry row = assertOneRow(marker, outcome.status());
		assertThat(row.principal()).isEqualTo("mia");
		assertThat(row.messagesIn()).isEqualTo(2);
	}

	@Test
	void whenABidiStreamCarriesGarbageAfterAGoodMessageThenTheRowHasTheStatusTheClientGot() throws Exception {
		String marker = marker();
		RawCalls.Outcome outcome = RawCalls.call(this.channel.channel(), RawCalls.method(CHAT, MethodType.BIDI_STREAMING),
				CallOptions.DEFAULT, RawCalls.headers(marker, this.staffKey), ping("good").toByteArray(),
				RawCalls.GARBAGE);
		assertRefusedAsMalformed(outcome);
		RequestLogEntry row = assertOneRow(marker, outcome.status());
		assertThat(row.principal()).isEqualTo("mia");
		assertThat(row.messagesIn()).isEqualTo(2);
		assertThat(row.messagesOut()).isEqualTo(outcome.responses());
	}

	@Test
	void whenARequestIsLargerThanTheLimitThenTheRowHasTheStatusTheClientGot() throws Exception {
		String marker = marker();
		RawCalls.Outcome outcome = RawCalls.call(this.channel.channel(), RawCalls.method(PUBLIC, MethodType.UNARY),
				CallOptions.DEFAULT, RawCalls.headers(marker, null), ping("x".repeat(2000)).toByteArray());
		assertThat(outcome.status().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
		assertThat(outcome.status().getDescription()).isEqualTo("gRPC message exceeds maximum size 1024: 2003");
		// The transport answers itself, with trailers of its own.
		assertThat(outcome.requestId()).isNull();
		RequestLogEntry row = assertOneRow(marker, outcome.status());
		assertThat(row.messagesIn()).isZero();
	}

	@Test
	void whenAStreamThatHasAnsweredGetsAnOversizedMessageThenTheRowHasTheStatusTheClientGot() throws Exception {
		String marker = marker();
		ClientCall<byte[], byte[]> call = this.channel.channel()
			.newCall(RawCalls.method(CHAT, MethodType.BIDI_STREAMING), CallOptions.DEFAULT);
		CompletableFuture<Void> answered = new CompletableFuture<>();
		RawCalls.OutcomeListener listener = new RawCalls.OutcomeListener() {

			@Override
			public void onMessage(byte[] message) {
				super.onMessage(message);
				answered.complete(null);
			}

		};
		call.start(listener, RawCalls.headers(marker, this.staffKey));
		call.request(Integer.MAX_VALUE);
		call.sendMessage(ping("hello").toByteArray());
		answered.get(10, TimeUnit.SECONDS);
		call.sendMessage(ping("x".repeat(2000)).toByteArray());
		RawCalls.Outcome outcome = listener.outcome.get(10, TimeUnit.SECONDS);
		// The response has begun, so grpc-java resets the stream instead of sending a status.
		assertThat(outcome.status().getCode()).isEqualTo(Status.Code.CANCELLED);
		RequestLogEntry row = this.rows.awaitOne(marker);
		assertThat(row.status()).isEqualTo(RequestStatus.CANCELLED);
		assertThat(row.grpcCode()).isEqualTo("CANCELLED");
		assertThat(row.errorMessage())
			.isEqualTo("stream reset by the server: gRPC message exceeds maximum size 1024: 2003");
		assertThat(row.messagesOut()).isEqualTo(1);
		assertStillOne(marker);
	}

	@Test
	void whenAMessageIsFlaggedCompressedWithoutCompressionThenTheRowHasTheStatusTheClientGot() throws Exception {
		String marker = marker();
		// A pass-through compressor named "identity": the message is flagged compressed while
		// the request says it is not, a frame the server cannot decode.
		ManagedChannel misframing = channelCompressingAs("identity");
		try {
			RawCalls.Outcome outcome = RawCalls.call(misframing, RawCalls.method(PUBLIC, MethodType.UNARY),
					CallOptions.DEFAULT.withCompression("identity"), RawCalls.headers(marker, null),
					ping("x").toByteArray());
			assertThat(outcome.status().getCode()).isEqualTo(Status.Code.INTERNAL);
			assertThat(outcome.status().getDescription())
				.isEqualTo("Can't decode compressed gRPC message as compression not configured");
			assertThat(outcome.requestId()).isNull();
			assertOneRow(marker, outcome.status());
		}
		finally {
			misframing.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
	}

	@Test
	void whenARequestNamesAnUnknownCompressionThenTheRowHasTheStatusTheClientGot() throws Exception {
		String marker = marker();
		ManagedChannel bogus = channelCompressingAs("bogus");
		try {
			RawCalls.Outcome outcome = RawCalls.call(bogus, RawCalls.method(PUBLIC, MethodType.UNARY),
					CallOptions.DEFAULT.withCompression("bogus"), RawCalls.headers(marker, null),
					ping("x").toByteArray());
			assertThat(outcome.status().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
			assertThat(outcome.status().getDescription()).isEqualTo("Can't find decompressor for bogus");
			assertThat(outcome.requestId()).isNull();
			RequestLogEntry row = assertOneRow(marker, outcome.status());
			// Refused before the method was looked up: the row names it from the request path.
			assertThat(row.service()).isEqualTo("test.v1.SecuredService");
			assertThat(row.method()).isEqualTo("Public");
			assertThat(row.callType()).isEqualTo("unknown");
		}
		finally {
			bogus.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
	}

	@Test
	void whenAUnaryCallSendsTwoMessagesThenTheRowHasTheStatusTheClientGot() throws Exception {
		String marker = marker();
		RawCalls.Outcome outcome = RawCalls.call(this.channel.channel(), RawCalls.method(PUBLIC, MethodType.UNARY),
				CallOptions.DEFAULT, RawCalls.headers(marker, null), ping("one").toByteArray(),
				ping("two").toByteArray());
		assertThat(outcome.status().getCode()).isEqualTo(Status.Code.INTERNAL);
		assertThat(outcome.requestId()).isEqualTo(marker);
		assertOneRow(marker, outcome.status());
	}

	@Test
	void whenAUnaryCallSendsNoMessageThenTheRowHasTheStatusTheClientGot() throws Exception {
		String marker = marker();
		RawCalls.Outcome outcome = RawCalls.call(this.channel.channel(), RawCalls.method(PUBLIC, MethodType.UNARY),
				CallOptions.DEFAULT, RawCalls.headers(marker, null));
		assertThat(outcome.status().getCode()).isEqualTo(Status.Code.INTERNAL);
		assertThat(outcome.requestId()).isEqualTo(marker);
		RequestLogEntry row = assertOneRow(marker, outcome.status());
		assertThat(row.messagesIn()).isZero();
	}

	@Test
	void whenAnUnknownServiceIsCalledThenUnimplementedWithTheRequestIdAndOneRow() throws Exception {
		String marker = marker();
		RawCalls.Outcome outcome = RawCalls.call(this.channel.channel(),
				RawCalls.method("nope.v1.Nope/Call", MethodType.UNARY), CallOptions.DEFAULT,
				RawCalls.headers(marker, null), ping("x").toByteArray());
		assertThat(outcome.status().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
		assertThat(outcome.status().getDescription()).isEqualTo("Method not found: nope.v1.Nope/Call");
		assertThat(outcome.requestId()).isEqualTo(marker);
		RequestLogEntry row = assertOneRow(marker, outcome.status());
		assertThat(row.service()).isEqualTo("nope.v1.Nope");
		assertThat(row.method()).isEqualTo("Call");
		assertThat(row.callType()).isEqualTo("unknown");
		assertThat(row.clientIp()).isEqualTo("127.0.0.1");
	}

	@Test
	void whenAnUnknownMethodOfAKnownServiceIsCalledThenUnimplementedWithTheRequestIdAndOneRow() throws Exception {
		String marker = marker();
		RawCalls.Outcome outcome = RawCalls.call(this.channel.channel(),
				RawCalls.method("test.v1.SecuredService/Nope", MethodType.UNARY), CallOptions.DEFAULT,
				RawCalls.headers(marker, null), ping("x").toByteArray());
		assertThat(outcome.status().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
		assertThat(outcome.requestId()).isEqualTo(marker);
		RequestLogEntry row = assertOneRow(marker, outcome.status());
		assertThat(row.service()).isEqualTo("test.v1.SecuredService");
		assertThat(row.method()).isEqualTo("Nope");
	}

	@Test
	void whenTheClientCancelsBeforeTheDeadlineThenTheRowSaysCancelled() throws Exception {
		String marker = marker();
		CompletableFuture<Reply> first = new CompletableFuture<>();
		CompletableFuture<Status> end = new CompletableFuture<>();
		ClientCallStreamObserver<PingRequest> requests = (ClientCallStreamObserver<PingRequest>) withRequestId(
				withKey(SecuredServiceGrpc.newStub(this.channel.channel()), this.staffKey), marker)
			.withDeadlineAfter(60, TimeUnit.SECONDS)
			.staffChat(new StreamObserver<>() {

				@Override
				public void onNext(Reply reply) {
					first.complete(reply);
				}

				@Override
				public void onError(Throwable error) {
					end.complete(Status.fromThrowable(error));
				}

				@Override
				public void onCompleted() {
					end.complete(Status.OK);
				}

			});
		requests.onNext(ping("hello"));
		first.get(10, TimeUnit.SECONDS);
		requests.cancel("the test gives up", null);
		assertThat(end.get(10, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.CANCELLED);
		RequestLogEntry row = this.rows.awaitOne(marker);
		assertThat(row.status()).isEqualTo(RequestStatus.CANCELLED);
		assertThat(row.grpcCode()).isEqualTo("CANCELLED");
		assertThat(row.messagesIn()).isEqualTo(1);
		assertThat(row.messagesOut()).isEqualTo(1);
		assertStillOne(marker);
	}

	@Test
	void whenAStreamOutlivesItsDeadlineThenTheRowSaysTimeout() throws Exception {
		String marker = marker();
		ResponseCollector<Reply> responses = new ResponseCollector<>();
		StreamObserver<PingRequest> requests = withRequestId(
				withKey(SecuredServiceGrpc.newStub(this.channel.channel()), this.staffKey), marker)
			.withDeadlineAfter(300, TimeUnit.MILLISECONDS)
			.staffChat(responses);
		requests.onNext(ping("hello"));
		Status status = Status.fromThrowable(responses.result().handle((result, error) -> error).get());
		assertThat(status.getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
		RequestLogEntry row = this.rows.awaitOne(marker);
		assertThat(row.status()).isEqualTo(RequestStatus.TIMEOUT);
		assertThat(row.grpcCode()).isEqualTo("DEADLINE_EXCEEDED");
		assertStillOne(marker);
	}

	/** A channel whose only compressor copies bytes unchanged under the given name. */
	private ManagedChannel channelCompressingAs(String encoding) {
		CompressorRegistry compressors = CompressorRegistry.newEmptyInstance();
		compressors.register(new Compressor() {

			@Override
			public String getMessageEncoding() {
				return encoding;
			}

			@Override
			public OutputStream compress(OutputStream os) {
				return os;
			}

		});
		return Grpc
			.newChannelBuilderForAddress("127.0.0.1", this.context.getBean(GrpcServerLifecycle.class).getPort(),
					InsecureChannelCredentials.create())
			.compressorRegistry(compressors)
			.build();
	}

	/**
	 * What the pipeline answers for a request message it cannot parse: a clear status with
	 * the request id, instead of grpc-java's UNKNOWN "Application error processing RPC".
	 */
	private static void assertRefusedAsMalformed(RawCalls.Outcome outcome) {
		assertThat(outcome.status().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(outcome.status().getDescription())
			.isEqualTo("request message is not a valid protobuf message of the method's request type");
		assertThat(outcome.requestId()).isNotNull();
	}

	private RequestLogEntry assertOneRow(String marker, Status received) {
		RequestLogEntry row = this.rows.awaitOne(marker);
		assertThat(row.grpcCode()).isEqualTo(received.getCode().name());
		assertThat(row.status()).isEqualTo(RequestStatus.of(received.getCode()));
		assertThat(row.errorMessage()).isEqualTo(received.getDescription());
		assertStillOne(marker);
		return row;
	}

	private void assertStillOne(String marker) {
		String later = marker();
		withRequestId(this.secured, later).public_(ping("later"));
		this.rows.assertStillOne(marker, later);
	}

	private static String marker() {
		return UUID.randomUUID().toString().replace("-", "");
	}

	private static PingRequest ping(String text) {
		return PingRequest.newBuilder().setText(text).build();
	}

	private static <S extends io.grpc.stub.AbstractStub<S>> S withRequestId(S stub, String requestId) {
		Metadata headers = new Metadata();
		headers.put(RequestContext.REQUEST_ID_KEY, requestId);
		return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
	}

}
