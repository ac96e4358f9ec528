package dev.grpcstarter.core.requestlog;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.grpcstarter.core.call.ClientAddressResolver;
import dev.grpcstarter.core.call.RequestContext;
import io.grpc.Attributes;
import io.grpc.Context;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerStreamTracer;
import io.grpc.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RequestLogTracerTests {

	private static final MethodDescriptor<InputStream, InputStream> CHAT = MethodDescriptor
		.newBuilder(Bytes.MARSHALLER, Bytes.MARSHALLER)
		.setFullMethodName("chat.v1.Chat/Talk")
		.setType(MethodDescriptor.MethodType.BIDI_STREAMING)
		.build();

	private final List<RequestLogEntry> rows = new ArrayList<>();

	private final RequestLogTracerFactory factory = new RequestLogTracerFactory(this.rows::add,
			new RequestLogPolicy(false, 1.0, List.of("grpc.health.v1.Health/*")), new ClientAddressResolver(List.of()),
			() -> "instance-1", Duration.ofMillis(100));

	/** No row of a call refused before authentication: each is counted instead. */
	private final RejectedCallRowBudget budget = new RejectedCallRowBudget(this.rows::add, 0, Duration.ofHours(1), 10,
			() -> "instance-1");

	private final RequestLogTracerFactory budgeted = new RequestLogTracerFactory(this.rows::add,
			new RequestLogPolicy(false, 1.0, List.of()), new ClientAddressResolver(List.of()), () -> "instance-1",
			Duration.ofMillis(100), this.budget);

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

	@AfterEach
	void stopScheduler() {
		this.scheduler.shutdownNow();
	}

	@Test
	void whenAnExplorerTicketReachesAnExcludedMethodThenItIsUsedUpAnyway() {
		ExplorerCallTickets tickets = new ExplorerCallTickets();
		RequestLogTracerFactory marking = new RequestLogTracerFactory(this.rows::add,
				new RequestLogPolicy(false, 1.0, List.of("grpc.health.v1.Health/*")),
				new ClientAddressResolver(List.of()), () -> "instance-1", Duration.ofMillis(100), null, tickets);
		String ticket = tickets.issue("operator");
		Metadata headers = new Metadata();
		headers.put(ExplorerCallTickets.HEADER, ticket);
		marking.newServerStreamTracer("grpc.health.v1.Health/Check", headers);
		assertThat(tickets.redeem(ticket)).isNull();
		assertThat(this.rows).isEmpty();
	}

	@Test
	void whenACancellationArrivesWithinTheToleranceOfTheDeadlineThenTheRowSaysTimeout() {
		ServerStreamTracer tracer = startedWithDeadline(Duration.ofMillis(50));
		tracer.streamClosed(Status.CANCELLED);
		assertThat(onlyRow().status()).isEqualTo(RequestStatus.TIMEOUT);
		assertThat(onlyRow().grpcCode()).isEqualTo("DEADLINE_EXCEEDED");
		assertThat(onlyRow().errorMessage()).isEqualTo("cancelled by the client at its deadline");
	}

	@Test
	void whenACancellationArrivesLongBeforeTheDeadlineThenTheRowSaysCancelled() {
		ServerStreamTracer tracer = startedWithDeadline(Duration.ofMinutes(1));
		tracer.streamClosed(Status.CANCELLED.withDescription("client cancelled"));
		assertThat(onlyRow().status()).isEqualTo(RequestStatus.CANCELLED);
		assertThat(onlyRow().grpcCode()).isEqualTo("CANCELLED");
		assertThat(onlyRow().errorMessage()).isEqualTo("client cancelled");
	}

	@Test
	void whenACallWithoutDeadlineIsCancelledThenTheRowSaysCancelled() {
		ServerStreamTracer tracer = started(new Metadata(), Context.ROOT);
		tracer.streamClosed(Status.CANCELLED);
		assertThat(onlyRow().status()).isEqualTo(RequestStatus.CANCELLED);
	}

	@Test
	void whenTheTransportFailsARequestAfterTheFirstResponseThenTheRowSaysCancelledWithTheReason() {
		ServerStreamTracer tracer = started(new Metadata(), Context.ROOT);
		RequestContext request = requestOf(tracer);
		request.recordPipelineEntered();
		tracer.outboundMessage(0);
		tracer.streamClosed(Status.RESOURCE_EXHAUSTED.withDescription("gRPC message exceeds maximum size 10: 20"));
		assertThat(onlyRow().status()).isEqualTo(RequestStatus.CANCELLED);
		assertThat(onlyRow().errorMessage())
			.isEqualTo("stream reset by the server: gRPC message exceeds maximum size 10: 20");
	}

	@Test
	void whenTheServiceClosesWithAFailureAfterResponsesThenTheRowKeepsItsStatus() {
		ServerStreamTracer tracer = started(new Metadata(), Context.ROOT);
		RequestContext request = requestOf(tracer);
		request.recordPipelineEntered();
		tracer.outboundMessage(0);
		tracer.outboundMessage(1);
		request.recordPipelineClosed();
		tracer.streamClosed(Status.INTERNAL.withDescription("boom"));
		assertThat(onlyRow().grpcCode()).isEqualTo("INTERNAL");
		assertThat(onlyRow().errorMessage()).isEqualTo("boom");
		assertThat(onlyRow().messagesOut()).isEqualTo(2);
	}

	@Test
	void whenTheTransportFailsARequestBeforeAnyResponseThenTheRowKeepsItsStatus() {
		ServerStreamTracer tracer = started(new Metadata(), Context.ROOT);
		requestOf(tracer).recordPipelineEntered();
		tracer.streamClosed(Status.RESOURCE_EXHAUSTED.withDescription("too big"));
		assertThat(onlyRow().grpcCode()).isEqualTo("RESOURCE_EXHAUSTED");
	}

	@Test
	void whenMessagesFlowThenTheRowCountsThemAndTheirSizes() {
		ServerStreamTracer tracer = started(new Metadata(), Context.ROOT);
		tracer.inboundMessage(0);
		tracer.inboundUncompressedSize(7);
		tracer.inboundMessage(1);
		tracer.inboundUncompressedSize(5);
		tracer.outboundMessage(0);
		tracer.outboundUncompressedSize(11);
		tracer.streamClosed(Status.OK);
		RequestLogEntry row = onlyRow();
		assertThat(row.messagesIn()).isEqualTo(2);
		assertThat(row.bytesIn()).isEqualTo(12);
		assertThat(row.messagesOut()).isEqualTo(1);
		assertThat(row.bytesOut()).isEqualTo(11);
		assertThat(row.status()).isEqualTo(RequestStatus.SUCCESS);
		assertThat(row.errorMessage()).isNull();
		assertThat(row.callType()).isEqualTo("bidi-streaming");
		assertThat(row.service()).isEqualTo("chat.v1.Chat");
		assertThat(row.method()).isEqualTo("Talk");
		assertThat(row.clientIp()).isEqualTo("10.1.2.3");
		assertThat(row.instanceId()).isEqualTo("instance-1");
	}

	@Test
	void whenAStreamClosesBeforeItsCallStartsThenServiceAndMethodComeFromThePath() {
		ServerStreamTracer tracer = this.factory.newServerStreamTracer("nope.v1.Nope/Call", new Metadata());
		tracer.streamClosed(Status.UNIMPLEMENTED.withDescription("Can't find decompressor for bogus"));
		RequestLogEntry row = onlyRow();
		assertThat(row.service()).isEqualTo("nope.v1.Nope");
		assertThat(row.method()).isEqualTo("Call");
		assertThat(row.callType()).isEqualTo("unknown");
		assertThat(row.clientIp()).isNull();
		assertThat(row.errorMessage()).isEqualTo("Can't find decompressor for bogus");
	}

	@Test
	void whenAPathIsLongOrHoldsNulCharactersThenTheRowTakesWhatTheColumnsHold() {
		String path = "a\u0000b".repeat(100) + "/" + "m".repeat(300);
		this.factory.newServerStreamTracer(path, new Metadata()).streamClosed(Status.UNIMPLEMENTED);
		RequestLogEntry row = onlyRow();
		assertThat(row.service()).hasSize(200).doesNotContain("\u0000").startsWith("a\uFFFDb");
		assertThat(row.method()).isEqualTo("m".repeat(200));
	}

	@Test
	void whenTheClientSendsAWellFormedRequestIdThenTheRowAndTheContextKeepIt() {
		Metadata headers = new Metadata();
		headers.put(RequestContext.REQUEST_ID_KEY, "trace-1234:abc");
		ServerStreamTracer tracer = started(headers, Context.ROOT);
		assertThat(requestOf(tracer).requestId()).isEqualTo("trace-1234:abc");
		tracer.streamClosed(Status.OK);
		assertThat(onlyRow().requestId()).isEqualTo("trace-1234:abc");
	}

	@Test
	void whenTheClientSendsAMalformedRequestIdThenANewOneIsUsed() {
		for (String offered : new String[] { "short", "has space in it", "x".repeat(65), "semi;colon1" }) {
			Metadata headers = new Metadata();
			headers.put(RequestContext.REQUEST_ID_KEY, offered);
			String id = requestOf(this.factory.newServerStreamTracer(CHAT.getFullMethodName(), headers)).requestId();
			assertThat(id).isNotEqualTo(offered).hasSize(32).matches("[0-9a-f]{32}");
		}
	}

	@Test
	void whenAMethodIsExcludedThenItsCallsGetARequestContextButNoRow() {
		Metadata headers = new Metadata();
		headers.put(RequestContext.REQUEST_ID_KEY, "health-check-1");
		ServerStreamTracer tracer = this.factory.newServerStreamTracer("grpc.health.v1.Health/Check", headers);
		assertThat(requestOf(tracer).requestId()).isEqualTo("health-check-1");
		tracer.streamClosed(Status.INTERNAL);
		assertThat(this.rows).isEmpty();
	}

	@Test
	void whenAuthenticationRecordsTheCallerThenTheRowNamesIt() {
		ServerStreamTracer tracer = started(new Metadata(), Context.ROOT);
		requestOf(tracer).recordCaller("alice", 42L);
		tracer.streamClosed(Status.OK);
		assertThat(onlyRow().principal()).isEqualTo("alice");
		assertThat(onlyRow().apiKeyId()).isEqualTo(42L);
		assertThat(onlyRow().authenticated()).isTrue();
	}

	@Test
	void whenAuthenticationRefusesACallBeforeAuthenticatingThenItsRowGoesThroughTheBudget() {
		ServerStreamTracer unauthenticated = startedOn(this.budgeted);
		requestOf(unauthenticated).recordRefusedBeforeAuthentication();
		unauthenticated.streamClosed(Status.UNAUTHENTICATED.withDescription("invalid API key"));
		ServerStreamTracer throttled = startedOn(this.budgeted);
		requestOf(throttled).recordRefusedBeforeAuthentication();
		throttled.streamClosed(Status.RESOURCE_EXHAUSTED.withDescription("too many failed authentication attempts"));
		assertThat(this.rows).isEmpty();
		assertThat(this.budget.suppressed(RejectedCallRowBudget.Reason.UNAUTHENTICATED)).isOne();
		assertThat(this.budget.suppressed(RejectedCallRowBudget.Reason.THROTTLED)).isOne();
	}

	@Test
	void whenAnAuthenticatedCallerIsRefusedThenItsRowIsKeptWhateverTheBudget() {
		ServerStreamTracer tracer = startedOn(this.budgeted);
		requestOf(tracer).recordCaller("alice", 42L);
		tracer.streamClosed(Status.RESOURCE_EXHAUSTED.withDescription("rate limit exceeded"));
		assertThat(onlyRow().grpcCode()).isEqualTo("RESOURCE_EXHAUSTED");
		assertThat(onlyRow().principal()).isEqualTo("alice");
		assertThat(this.budget.suppressed(RejectedCallRowBudget.Reason.THROTTLED)).isZero();
	}

	@Test
	void whenACallRefusedBeforeAuthenticationEndsWithAnotherCodeThenItsRowIsKept() {
		ServerStreamTracer tracer = startedOn(this.budgeted);
		requestOf(tracer).recordRefusedBeforeAuthentication();
		tracer.streamClosed(Status.CANCELLED);
		assertThat(onlyRow().grpcCode()).isEqualTo("CANCELLED");
	}

	@Test
	void whenACallIsNotRefusedByAuthenticationThenItsRowIsKeptWhateverItsCode() {
		ServerStreamTracer tracer = startedOn(this.budgeted);
		tracer.streamClosed(Status.UNAUTHENTICATED.withDescription("refused by the service itself"));
		assertThat(onlyRow().grpcCode()).isEqualTo("UNAUTHENTICATED");
	}

	private ServerStreamTracer startedOn(RequestLogTracerFactory factory) {
		return started(factory, new Metadata(), Context.ROOT);
	}

	private ServerStreamTracer startedWithDeadline(Duration timeout) {
		Context.CancellableContext context = Context.ROOT.withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS,
				this.scheduler);
		return started(new Metadata(), context);
	}

	/** As grpc-java does: the tracer filters the call's context, the call starts in it. */
	private ServerStreamTracer started(Metadata headers, Context base) {
		return started(this.factory, headers, base);
	}

	private ServerStreamTracer started(RequestLogTracerFactory factory, Metadata headers, Context base) {
		ServerStreamTracer tracer = factory.newServerStreamTracer(CHAT.getFullMethodName(), headers);
		Context context = tracer.filterContext(base);
		Context previous = context.attach();
		try {
			tracer.serverCallStarted(new CallInfo());
		}
		finally {
			context.detach(previous);
		}
		return tracer;
	}

	private static RequestContext requestOf(ServerStreamTracer tracer) {
		Context context = tracer.filterContext(Context.ROOT);
		Context previous = context.attach();
		try {
			return RequestContext.current();
		}
		finally {
			context.detach(previous);
		}
	}

	private RequestLogEntry onlyRow() {
		assertThat(this.rows).hasSize(1);
		return this.rows.get(0);
	}

	private static final class CallInfo extends ServerStreamTracer.ServerCallInfo<InputStream, InputStream> {

		@Override
		public MethodDescriptor<InputStream, InputStream> getMethodDescriptor() {
			return CHAT;
		}

		@Override
		public Attributes getAttributes() {
			return Attributes.newBuilder()
				.set(Grpc.TRANSPORT_ATTR_REMOTE_ADDR, new InetSocketAddress("10.1.2.3", 5000))
				.build();
		}

		@Override
		public String getAuthority() {
			return "localhost";
		}

	}

	private static final class Bytes {

		static final MethodDescriptor.Marshaller<InputStream> MARSHALLER = new MethodDescriptor.Marshaller<>() {

			@Override
			public InputStream stream(InputStream value) {
				return value;
			}

			@Override
			public InputStream parse(InputStream stream) {
				return stream;
			}

		};

		private Bytes() {
		}

	}

}
