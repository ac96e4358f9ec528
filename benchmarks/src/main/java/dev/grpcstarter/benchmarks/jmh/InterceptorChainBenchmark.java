package dev.grpcstarter.benchmarks.jmh;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import javax.sql.DataSource;

import dev.grpcstarter.benchmarks.EchoService;
import dev.grpcstarter.benchmarks.v1.BenchServiceGrpc;
import dev.grpcstarter.benchmarks.v1.NewBook;
import dev.grpcstarter.benchmarks.v1.Payload;
import dev.grpcstarter.benchmarks.v1.ValidatedServiceGrpc;
import dev.grpcstarter.core.apikey.ApiKeyUsageRecorder;
import dev.grpcstarter.core.auth.ApiKeyAdmission;
import dev.grpcstarter.core.auth.ApiKeyAuthInterceptor;
import dev.grpcstarter.core.auth.ApiKeyAuthenticationExtractor;
import dev.grpcstarter.core.auth.ApiKeyAuthenticationProvider;
import dev.grpcstarter.core.auth.AuthenticatedCallInterceptor;
import dev.grpcstarter.core.auth.AuthorityLevels;
import dev.grpcstarter.core.background.BackgroundScheduler;
import dev.grpcstarter.core.auth.CallPrincipalBinder;
import dev.grpcstarter.core.auth.FailedAttemptThrottle;
import dev.grpcstarter.core.auth.MethodAccessRules;
import dev.grpcstarter.core.call.ClientAddressResolver;
import dev.grpcstarter.core.pipeline.RequestIdInterceptor;
import dev.grpcstarter.core.ratelimit.CallLimiter;
import dev.grpcstarter.core.requestlog.RequestLogPolicy;
import dev.grpcstarter.core.requestlog.RequestLogTracerFactory;
import dev.grpcstarter.core.call.GrpcServiceCatalog;
import dev.grpcstarter.core.validation.ProtoRequestValidator;
import dev.grpcstarter.core.validation.RequestValidationInterceptor;
import io.grpc.Attributes;
import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServerStreamTracer;
import io.grpc.Status;
import io.grpc.stub.ServerCalls;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.grpc.server.security.AuthenticationProcessInterceptor;
import org.springframework.grpc.server.security.BearerTokenAuthenticationExtractor;
import org.springframework.grpc.server.security.DelegatingGrpcAuthenticationExtractor;
import org.springframework.grpc.server.security.SecurityContextServerInterceptor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authorization.AuthenticatedAuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.AuthorityUtils;

/**
 * One unary call through the starter's request-log stream tracer and interceptors (request
 * id, API-key authentication with a cached key) against the same call straight to the
 * service. The tracer is driven as grpc-java drives it: context, call start, one message
 * in and out, close.
 *
 * <p>Request validation (protovalidate) is measured twice: with a request type that has no
 * rules ({@code pipelineWithValidationCall} against {@code pipelineCall}: what the stage costs
 * where nothing is to be checked) and with one that has five typical rules
 * ({@code validatedBookCall} against {@code bookCall}: what checking them costs), the standard
 * rules evaluated natively (the starter's default) and as CEL ({@code celValidatedBookCall}).
 *
 * <p>{@code securedPipelineCall} is {@code pipelineCall} with the key checked inside Spring
 * Security's gRPC model, as when the application configures its own {@code GrpcSecurity}:
 * Spring gRPC's authentication-process interceptor (a bearer-token and the starter's API-key
 * extractor, a {@code ProviderManager} with the starter's API-key provider, "authenticated"
 * as the rule) and security-context interceptor, then the starter's
 * {@link AuthenticatedCallInterceptor}, in the order of their {@code getOrder()} values.
 * Its difference to {@code pipelineCall} splits into Spring Security's own machinery
 * ({@code springSecurityCall} against {@code requestIdCall}: the same two Spring gRPC
 * interceptors with an extractor and a provider that answer a constant token at once) and
 * the rest, the starter's share.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class InterceptorChainBenchmark {

	private ServerCallHandler<Payload, Payload> plain;

	private ServerCallHandler<Payload, Payload> pipeline;

	private ServerCallHandler<Payload, Payload> pipelineWithValidation;

	private ServerCallHandler<Payload, Payload> securedPipeline;

	private ServerCallHandler<Payload, Payload> requestIdOnly;

	private ServerCallHandler<Payload, Payload> springSecurityOnly;

	private ServerCallHandler<NewBook, NewBook> bookPipeline;

	private ServerCallHandler<NewBook, NewBook> validatedBookPipeline;

	private ServerCallHandler<NewBook, NewBook> celValidatedBookPipeline;

	private final NewBook book = NewBook.newBuilder()
		.setTitle("The Left Hand of Darkness")
		.setAuthor("Ursula K. Le Guin")
		.setYear(1969)
		.addTags("scifi")
		.addTags("classic")
		.build();

	private RequestLogTracerFactory tracers;

	private Metadata headers;

	private final Payload payload = Payload.newBuilder().build();

	private final LongAdder rows = new LongAdder();

	private ApiKeyUsageRecorder usage;

	@Setup
	@SuppressWarnings("unchecked")
	public void setUp() {
		String key = Fixtures.validKey();
		DataSource database = Fixtures.database();
		this.usage = new ApiKeyUsageRecorder(new JdbcTemplate(database), new BackgroundScheduler(),
				Duration.ofHours(1));
		ServerServiceDefinition service = new EchoService().bindService();
		ClientAddressResolver addresses = new ClientAddressResolver(List.of());
		ServerInterceptor authentication = new ApiKeyAuthInterceptor("x-api-key",
				new MethodAccessRules(true, List.of(), true, new GrpcServiceCatalog(new DefaultListableBeanFactory())),
				Fixtures.authenticator(key), CallLimiter.inMemory(), new FailedAttemptThrottle(20, Duration.ofMinutes(1)),
				this.usage, CallPrincipalBinder.grpcContext(), addresses);
		// The pipeline's order: intercept() makes the last interceptor the outermost.
		ServerInterceptor validation = new RequestValidationInterceptor(new ProtoRequestValidator());
		ServerServiceDefinition intercepted = ServerInterceptors.intercept(service, authentication,
				new RequestIdInterceptor());
		ServerServiceDefinition validated = ServerInterceptors.intercept(service, validation, authentication,
				new RequestIdInterceptor());
		ServerServiceDefinition books = ServerServiceDefinition.builder(ValidatedServiceGrpc.getServiceDescriptor())
			.addMethod(ValidatedServiceGrpc.getAddBookMethod(), ServerCalls.asyncUnaryCall((request, responses) -> {
				responses.onNext(request);
				responses.onCompleted();
			}))
			.build();
		ServerServiceDefinition bookPipeline = ServerInterceptors.intercept(books, authentication,
				new RequestIdInterceptor());
		ServerServiceDefinition validatedBooks = ServerInterceptors.intercept(books, validation, authentication,
				new RequestIdInterceptor());
		ServerServiceDefinition celValidatedBooks = ServerInterceptors.intercept(books,
				new RequestValidationInterceptor(new ProtoRequestValidator(false)), authentication,
				new RequestIdInterceptor());
		this.tracers = new RequestLogTracerFactory((entry) -> this.rows.increment(),
				new RequestLogPolicy(false, 1.0, MethodAccessRules.INFRASTRUCTURE_PATTERNS), addresses,
				() -> "bench-instance", Duration.ofMillis(100));
		ApiKeyAdmission admission = new ApiKeyAdmission(Fixtures.authenticator(key), CallLimiter.inMemory(),
				new FailedAttemptThrottle(20, Duration.ofMinutes(1)), this.usage);
		AuthenticationProcessInterceptor authenticationProcess = new AuthenticationProcessInterceptor(
				new ProviderManager(new ApiKeyAuthenticationProvider(admission)),
				// In the order of their getOrder() values, as in an application: the key's first.
				new DelegatingGrpcAuthenticationExtractor(new ApiKeyAuthenticationExtractor("x-api-key", addresses),
						new BearerTokenAuthenticationExtractor()),
				AuthenticatedAuthorizationManager.authenticated());
		ServerServiceDefinition secured = ServerInterceptors.intercept(service,
				new AuthenticatedCallInterceptor(new AuthorityLevels("ROLE_STAFF", "ROLE_ADMIN")),
				new SecurityContextServerInterceptor(), authenticationProcess, new RequestIdInterceptor());
		// Spring Security's own machinery, with an extractor and a provider that do nothing:
		// what any mechanism (Basic, bearer, a key) pays before its credentials are checked.
		Authentication constant = UsernamePasswordAuthenticationToken.authenticated("bench", null,
				AuthorityUtils.createAuthorityList("ROLE_USER"));
		ServerServiceDefinition springOnly = ServerInterceptors.intercept(service,
				new SecurityContextServerInterceptor(),
				new AuthenticationProcessInterceptor((presented) -> constant,
						(headers, attributes, method) -> constant, AuthenticatedAuthorizationManager.authenticated()),
				new RequestIdInterceptor());
		ServerServiceDefinition requestIdOnly = ServerInterceptors.intercept(service, new RequestIdInterceptor());
		String method = BenchServiceGrpc.getUnaryMethod().getFullMethodName();
		this.requestIdOnly = (ServerCallHandler<Payload, Payload>) requestIdOnly.getMethod(method)
			.getServerCallHandler();
		this.springSecurityOnly = (ServerCallHandler<Payload, Payload>) springOnly.getMethod(method)
			.getServerCallHandler();
		this.plain = (ServerCallHandler<Payload, Payload>) service.getMethod(method).getServerCallHandler();
		this.pipeline = (ServerCallHandler<Payload, Payload>) intercepted.getMethod(method).getServerCallHandler();
		this.pipelineWithValidation = (ServerCallHandler<Payload, Payload>) validated.getMethod(method)
			.getServerCallHandler();
		this.securedPipeline = (ServerCallHandler<Payload, Payload>) secured.getMethod(method).getServerCallHandler();
		String addBook = ValidatedServiceGrpc.getAddBookMethod().getFullMethodName();
		this.bookPipeline = (ServerCallHandler<NewBook, NewBook>) bookPipeline.getMethod(addBook)
			.getServerCallHandler();
		this.validatedBookPipeline = (ServerCallHandler<NewBook, NewBook>) validatedBooks.getMethod(addBook)
			.getServerCallHandler();
		this.celValidatedBookPipeline = (ServerCallHandler<NewBook, NewBook>) celValidatedBooks.getMethod(addBook)
			.getServerCallHandler();
		this.headers = new Metadata();
		this.headers.put(Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER), key);
		// Measuring a stage that checks nothing would prove nothing.
		Status refused = call(this.validatedBookPipeline, ValidatedServiceGrpc.getAddBookMethod(),
				NewBook.newBuilder().setYear(1).build());
		Status refusedByCel = call(this.celValidatedBookPipeline, ValidatedServiceGrpc.getAddBookMethod(),
				NewBook.newBuilder().setYear(1).build());
		Status securedOk = traced(this.securedPipeline, BenchServiceGrpc.getUnaryMethod(), this.payload);
		Metadata keyed = this.headers;
		this.headers = new Metadata();
		boolean refusedWithoutKey;
		try {
			refusedWithoutKey = call(this.securedPipeline).getCode() == Status.Code.UNAUTHENTICATED;
		}
		catch (AuthenticationException ex) {
			// Spring gRPC's exception handler, not in this chain, turns it into UNAUTHENTICATED.
			refusedWithoutKey = true;
		}
		this.headers = keyed;
		if (!traced(this.springSecurityOnly, BenchServiceGrpc.getUnaryMethod(), this.payload).isOk()) {
			throw new IllegalStateException("Spring Security's chain refuses its constant token");
		}
		if (!securedOk.isOk() || !refusedWithoutKey) {
			throw new IllegalStateException("Spring Security does not check the key: " + securedOk);
		}
		if (refused.getCode() != Status.Code.INVALID_ARGUMENT || refusedByCel.getCode() != Status.Code.INVALID_ARGUMENT) {
			throw new IllegalStateException("validation is not in the chain: " + refused + ", " + refusedByCel);
		}
	}

	@TearDown
	public void tearDown() {
		this.usage.close();
	}

	@Benchmark
	public Object plainCall() {
		return call(this.plain);
	}

	@Benchmark
	public Object pipelineCall() {
		return traced(this.pipeline, BenchServiceGrpc.getUnaryMethod(), this.payload);
	}

	@Benchmark
	public Object pipelineWithValidationCall() {
		return traced(this.pipelineWithValidation, BenchServiceGrpc.getUnaryMethod(), this.payload);
	}

	@Benchmark
	public Object securedPipelineCall() {
		return traced(this.securedPipeline, BenchServiceGrpc.getUnaryMethod(), this.payload);
	}

	@Benchmark
	public Object requestIdCall() {
		return traced(this.requestIdOnly, BenchServiceGrpc.getUnaryMethod(), this.payload);
	}

	@Benchmark
	public Object springSecurityCall() {
		return traced(this.springSecurityOnly, BenchServiceGrpc.getUnaryMethod(), this.payload);
	}

	@Benchmark
	public Object bookCall() {
		return traced(this.bookPipeline, ValidatedServiceGrpc.getAddBookMethod(), this.book);
	}

	@Benchmark
	public Object validatedBookCall() {
		return traced(this.validatedBookPipeline, ValidatedServiceGrpc.getAddBookMethod(), this.book);
	}

	@Benchmark
	public Object celValidatedBookCall() {
		return traced(this.celValidatedBookPipeline, ValidatedServiceGrpc.getAddBookMethod(), this.book);
	}

	private <T extends com.google.protobuf.Message> Status traced(ServerCallHandler<T, T> handler,
			MethodDescriptor<T, T> method, T message) {
		ServerStreamTracer tracer = this.tracers.newServerStreamTracer(method.getFullMethodName(), this.headers);
		Context context = tracer.filterContext(Context.ROOT);
		Context previous = context.attach();
		try {
			tracer.serverCallStarted(CallInfo.UNARY);
			tracer.inboundMessage(0);
			tracer.inboundUncompressedSize(message.getSerializedSize());
			Status status = call(handler, method, message);
			tracer.outboundMessage(0);
			tracer.outboundUncompressedSize(message.getSerializedSize());
			tracer.streamClosed(status);
			return status;
		}
		finally {
			context.detach(previous);
		}
	}

	private Status call(ServerCallHandler<Payload, Payload> handler) {
		return call(handler, BenchServiceGrpc.getUnaryMethod(), this.payload);
	}

	private <T> Status call(ServerCallHandler<T, T> handler, MethodDescriptor<T, T> method, T message) {
		FakeServerCall<T, T> call = new FakeServerCall<>(method);
		ServerCall.Listener<T> listener = handler.startCall(call, this.headers);
		listener.onMessage(message);
		listener.onHalfClose();
		listener.onComplete();
		return call.status;
	}

	private static final class CallInfo extends ServerStreamTracer.ServerCallInfo<Payload, Payload> {

		static final CallInfo UNARY = new CallInfo();

		@Override
		public MethodDescriptor<Payload, Payload> getMethodDescriptor() {
			return BenchServiceGrpc.getUnaryMethod();
		}

		@Override
		public Attributes getAttributes() {
			return FakeServerCall.ATTRIBUTES;
		}

		@Override
		public String getAuthority() {
			return "localhost";
		}

	}

}
