package dev.grpcstarter.it;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.grpcstarter.core.apikey.ApiKeyFormat;
import dev.grpcstarter.core.apikey.ApiKeyUsageRecorder;
import dev.grpcstarter.core.apikey.CreatedApiKey;
import dev.grpcstarter.core.apikey.NewApiKey;
import dev.grpcstarter.test.v1.LockedServiceGrpc;
import dev.grpcstarter.test.v1.PingRequest;
import dev.grpcstarter.test.v1.PingServiceGrpc;
import dev.grpcstarter.test.v1.Reply;
import dev.grpcstarter.test.v1.SecuredServiceGrpc;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

import static dev.grpcstarter.it.ApiKeyCalls.assertFails;
import static dev.grpcstarter.it.ApiKeyCalls.withKey;
import static dev.grpcstarter.it.ApiKeyCalls.withKeys;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * API-key authentication on a real server, run against H2 and against PostgreSQL by the
 * subclasses.
 */
abstract class AbstractApiKeyAuthenticationTests extends AbstractSecuredServerTests {

	static final String[] PROPERTIES = { "spring.grpc.server.port=0", "grpc.auth.require-auth=true",
			"grpc.services.packages=dev.grpcstarter.it.secured,dev.grpcstarter.it.external",
			"grpc.auth.public-methods=test.v1.PingService/*", "grpc.auth.cache-ttl=1s",
			"grpc.auth.failed-attempts.max=0", "spring.jpa.hibernate.ddl-auto=validate" };

	@Autowired
	ApiKeyUsageRecorder usage;

	static PingRequest ping() {
		return PingRequest.newBuilder().setText("x").build();
	}

	String createKey(String owner, List<String> authorities) {
		return this.keys.create(new NewApiKey("test", null, owner, authorities, List.of(), null, null, "tests"))
			.rawKey();
	}

	/**
	 * Whether this database tells every instance of a key changed elsewhere (PostgreSQL's
	 * change notifications), so a revocation may be seen before the cache entry expires.
	 * @return {@code false} unless a subclass says so
	 */
	protected boolean hearsOfKeyChangesOnOtherInstances() {
		return false;
	}

	@Test
	void whenNoKeyOnProtectedMethodThenUnauthenticated() {
		assertFails(() -> this.secured.whoAmI(ping()), Status.Code.UNAUTHENTICATED, "missing API key");
	}

	@Test
	void whenNoKeyOnAnnotatedPublicMethodThenAnonymousCallSucceeds() {
		assertThat(this.secured.public_(ping()).getText()).isEqualTo("public anonymous");
	}

	@Test
	void whenNoKeyOnMethodMatchingPublicPatternThenCallSucceeds() {
		assertThat(PingServiceGrpc.newBlockingStub(this.channel.channel()).ping(ping()).getText())
			.isEqualTo("pong x");
	}

	@Test
	void whenNoKeyOnHealthThenServing() {
		assertThat(HealthGrpc.newBlockingStub(this.channel.channel())
			.check(HealthCheckRequest.getDefaultInstance())
			.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
	}

	@Test
	void whenValidKeyThenPrincipalIsInCallContextAndSecurityContext() {
		String key = createKey("alice", List.of("ROLE_STAFF", "books.read"));
		assertThat(withKey(this.secured, key).whoAmI(ping()).getText())
			.isEqualTo("alice|[ROLE_STAFF, books.read]|staff=true|superuser=false|security=alice");
		assertThat(withKey(this.secured, key).public_(ping()).getText()).isEqualTo("public alice");
	}

	@Test
	void whenKeyIsBadThenUnauthenticatedOnProtectedAndPublicMethods() {
		String valid = createKey("bob", List.of());
		String badChecksum = valid.substring(0, valid.length() - 1) + (valid.endsWith("A") ? "B" : "A");
		String unknown = new ApiKeyFormat().generate();
		for (String key : List.of("not-a-key", "gsk_short", badChecksum, unknown)) {
			assertFails(() -> withKey(this.secured, key).whoAmI(ping()), Status.Code.UNAUTHENTICATED,
					"invalid API key");
			assertFails(() -> withKey(this.secured, key).public_(ping()), Status.Code.UNAUTHENTICATED,
					"invalid API key");
			assertFails(() -> withKey(PingServiceGrpc.newBlockingStub(this.channel.channel()), key).ping(ping()),
					Status.Code.UNAUTHENTICATED, "invalid API key");
		}
	}

	@Test
	void whenTheKeyHeaderIsSentMoreThanOnceThenNoKeyCountsWhicheverTheyAre() {
		String valid = createKey("uma", List.of());
		CreatedApiKey revoked = this.keys.create(NewApiKey.of("revoked-twice", "uma"));
		this.keys.revoke(revoked.key().id());
		String unknown = new ApiKeyFormat().generate();
		for (String[] pair : List.of(new String[] { "gsk_bad", valid }, new String[] { revoked.rawKey(), valid },
				new String[] { unknown, valid }, new String[] { valid, valid }, new String[] { valid, "" },
				new String[] { "", valid })) {
			assertFails(() -> withKeys(this.secured, pair).whoAmI(ping()), Status.Code.UNAUTHENTICATED,
					"more than one API key");
			assertFails(() -> withKeys(this.secured, pair).public_(ping()), Status.Code.UNAUTHENTICATED,
					"more than one API key");
		}
		assertThat(withKey(this.secured, valid).whoAmI(ping()).getText()).startsWith("uma|");
	}

	@Test
	void whenTheKeyHoldsSpacesThenItIsInvalidEvenWhenCached() {
		String valid = createKey("vera", List.of());
		assertThat(withKey(this.secured, valid).whoAmI(ping()).getText()).as("now cached").startsWith("vera|");
		for (String presented : List.of(" " + valid, valid + " ", valid.substring(0, 20) + " " + valid.substring(20),
				"  " + valid + "  ")) {
			assertFails(() -> withKey(this.secured, presented).whoAmI(ping()), Status.Code.UNAUTHENTICATED,
					"invalid API key");
		}
	}

	@Test
	void whenTheKeyHoldsControlCharactersThenItIsInvalidEvenWhenCached() throws Exception {
		// grpc-java's client drops such values before sending: a raw HTTP/2 stream sends the bytes.
		String valid = createKey("walt", List.of());
		assertThat(withKey(this.secured, valid).whoAmI(ping()).getText()).as("now cached").startsWith("walt|");
		int port = this.context.getBean(GrpcServerLifecycle.class).getPort();
		String middle = valid.substring(0, 20) + "%s" + valid.substring(20);
		for (String control : List.of("\t", "\u000b", "\u001f", "\u007f", "\0", "\r", "\n", "\r\n")) {
			for (String presented : List.of(control + valid, valid + control, middle.formatted(control))) {
				RawHttp2Call.Outcome outcome = RawHttp2Call.unary(port, "test.v1.SecuredService/WhoAmI", "x-api-key",
						presented.getBytes(StandardCharsets.ISO_8859_1), ping());
				assertThat(outcome).as("key with %s", control.chars().boxed().toList())
					.isEqualTo(new RawHttp2Call.Outcome(Status.Code.UNAUTHENTICATED.value(), "invalid API key", null));
			}
		}
		RawHttp2Call.Outcome plain = RawHttp2Call.unary(port, "test.v1.SecuredService/WhoAmI", "x-api-key",
				valid.getBytes(StandardCharsets.US_ASCII), ping());
		assertThat(plain.grpcStatus()).as("the same key sent cleanly over the raw stream").isZero();
	}

	@Test
	void whenKeyIsExpiredThenUnauthenticatedExpired() {
		CreatedApiKey key = this.keys.create(new NewApiKey("short", null, "carol", List.of(), List.of(),
				Instant.now().plusMillis(1500), null, null));
		assertThat(withKey(this.secured, key.rawKey()).whoAmI(ping()).getText()).startsWith("carol|");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertFails(() -> withKey(this.secured, key.rawKey()).whoAmI(ping()),
					Status.Code.UNAUTHENTICATED, "API key expired"));
		assertFails(() -> withKey(this.secured, key.rawKey()).public_(ping()), Status.Code.UNAUTHENTICATED,
				"API key expired");
	}

	@Test
	void whenKeyIsRevokedOnThisInstanceThenRejectedAtOnceEvenWhenCached() {
		CreatedApiKey key = this.keys.create(NewApiKey.of("revoke-me", "dave"));
		assertThat(withKey(this.secured, key.rawKey()).whoAmI(ping()).getText()).startsWith("dave|");
		this.keys.revoke(key.key().id());
		assertFails(() -> withKey(this.secured, key.rawKey()).whoAmI(ping()), Status.Code.UNAUTHENTICATED,
				"API key revoked");
	}

	@Test
	void whenKeyIsRevokedByAnotherInstanceThenRejectedWithinTheCacheTtl() {
		CreatedApiKey key = this.keys.create(NewApiKey.of("revoke-elsewhere", "erin"));
		assertThat(withKey(this.secured, key.rawKey()).whoAmI(ping()).getText()).startsWith("erin|");
		// Another instance revokes it: only the database changes. Without change notifications this
		// instance hears of it when its cache entry expires; with them (PostgreSQL) perhaps at once.
		this.jdbc.update("update grpc_api_key set revoked_at = current_timestamp where id = ?", key.key().id());
		if (!hearsOfKeyChangesOnOtherInstances()) {
			assertThat(withKey(this.secured, key.rawKey()).whoAmI(ping()).getText()).startsWith("erin|");
		}
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertFails(() -> withKey(this.secured, key.rawKey()).whoAmI(ping()),
					Status.Code.UNAUTHENTICATED, "API key revoked"));
	}

	@Test
	void whenKeyHasScopesThenMethodsOutsideThemArePermissionDenied() {
		String key = this.keys
			.create(new NewApiKey("scoped", null, "frank", List.of(), List.of("test.v1.SecuredService/WhoAmI"), null,
					null, null))
			.rawKey();
		assertThat(withKey(this.secured, key).whoAmI(ping()).getText()).startsWith("frank|");
		assertFails(() -> withKey(this.secured, key).public_(ping()), Status.Code.PERMISSION_DENIED,
				"API key is not allowed to call test.v1.SecuredService/Public");
		assertFails(() -> withKey(LockedServiceGrpc.newBlockingStub(this.channel.channel()), key).touch(ping()),
				Status.Code.PERMISSION_DENIED, "API key is not allowed to call test.v1.LockedService/Touch");
	}

	@Test
	void whenKeyExceedsItsRateLimitThenResourceExhausted() {
		String key = this.keys
			.create(new NewApiKey("limited", null, "gina", List.of(), List.of(), null, 3, null))
			.rawKey();
		for (int i = 0; i < 3; i++) {
			assertThat(withKey(this.secured, key).whoAmI(ping()).getText()).startsWith("gina|");
		}
		assertFails(() -> withKey(this.secured, key).whoAmI(ping()), Status.Code.RESOURCE_EXHAUSTED,
				"API key rate limit exceeded");
	}

	@Test
	void whenKeyIsRotatedWithGraceThenBothWorkUntilTheOldExpires() {
		CreatedApiKey old = this.keys.create(new NewApiKey("rotating", "desc", "hank", List.of("ROLE_STAFF"),
				List.of(), null, 100, null));
		CreatedApiKey replacement = this.keys.rotate(old.key().id(), Duration.ofSeconds(2), "tests");
		assertThat(replacement.rawKey()).isNotEqualTo(old.rawKey());
		assertThat(replacement.key().getAuthorities()).containsExactly("ROLE_STAFF");
		assertThat(replacement.key().getRateLimitPerMinute()).isEqualTo(100);
		assertThat(this.keys.find(old.key().id()).orElseThrow().getReplacedBy()).isEqualTo(replacement.key().id());
		assertThat(withKey(this.secured, old.rawKey()).whoAmI(ping()).getText()).startsWith("hank|");
		assertThat(withKey(this.secured, replacement.rawKey()).whoAmI(ping()).getText()).startsWith("hank|");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertFails(() -> withKey(this.secured, old.rawKey()).whoAmI(ping()),
					Status.Code.UNAUTHENTICATED, "API key expired"));
		assertThat(withKey(this.secured, replacement.rawKey()).whoAmI(ping()).getText()).startsWith("hank|");
	}

	@Test
	void whenKeyIsRotatedWithoutGraceThenTheOldKeyStopsAtOnce() {
		CreatedApiKey old = this.keys.create(NewApiKey.of("rotate-now", "ivan"));
		assertThat(withKey(this.secured, old.rawKey()).whoAmI(ping()).getText()).startsWith("ivan|");
		CreatedApiKey replacement = this.keys.rotate(old.key().id(), Duration.ZERO, null);
		assertFails(() -> withKey(this.secured, old.rawKey()).whoAmI(ping()), Status.Code.UNAUTHENTICATED,
				"API key expired");
		assertThat(withKey(this.secured, replacement.rawKey()).whoAmI(ping()).getText()).startsWith("ivan|");
	}

	@Test
	void whenPreAuthorizeGuardsUnaryMethodThenStaffPassesAndOthersAreDenied() {
		String staff = createKey("judy", List.of("ROLE_STAFF"));
		String user = createKey("karl", List.of());
		assertThat(withKey(this.secured, staff).staffOnly(ping()).getText()).isEqualTo("staff ok");
		assertFails(() -> withKey(this.secured, user).staffOnly(ping()), Status.Code.PERMISSION_DENIED,
				"permission denied");
	}

	@Test
	void whenPreAuthorizeGuardsServerStreamingMethodThenStaffPassesAndOthersAreDenied() {
		String staff = createKey("judy", List.of("ROLE_STAFF"));
		String user = createKey("karl", List.of());
		List<String> texts = new ArrayList<>();
		withKey(this.secured, staff).staffStream(ping()).forEachRemaining((reply) -> texts.add(reply.getText()));
		assertThat(texts).containsExactly("one", "two");
		Iterator<Reply> denied = withKey(this.secured, user).staffStream(ping());
		assertFails(denied::next, Status.Code.PERMISSION_DENIED, "permission denied");
	}

	@Test
	void whenPreAuthorizeGuardsClientAndBidiStreamingMethodsThenStaffPassesAndOthersAreDenied() throws Exception {
		String staff = createKey("judy", List.of("ROLE_STAFF"));
		String user = createKey("karl", List.of());
		SecuredServiceGrpc.SecuredServiceStub async = SecuredServiceGrpc.newStub(this.channel.channel());
		assertThat(upload(withKey(async, staff)).get(10, TimeUnit.SECONDS)).isEqualTo("uploaded 2");
		assertThat(chat(withKey(async, staff)).get(10, TimeUnit.SECONDS)).containsExactly("echo a", "echo b");
		assertThat(Status.fromThrowable(upload(withKey(async, user)).handle((ok, error) -> error).get(10,
				TimeUnit.SECONDS)).getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
		assertThat(Status.fromThrowable(chat(withKey(async, user)).handle((ok, error) -> error).get(10,
				TimeUnit.SECONDS)).getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
	}

	@Test
	void whenServiceRequiresAuthenticationThenAnnotationDoesNotMakeItPublic() {
		LockedServiceGrpc.LockedServiceBlockingStub locked = LockedServiceGrpc.newBlockingStub(this.channel.channel());
		assertFails(() -> locked.touch(ping()), Status.Code.UNAUTHENTICATED, "missing API key");
		assertThat(withKey(locked, createKey("lena", List.of())).touch(ping()).getText()).isEqualTo("touched by lena");
	}

	@Test
	void whenBaseServiceHelpersCheckStaffThenNonStaffIsDenied() {
		assertThat(withKey(this.secured, createKey("mia", List.of("ROLE_ADMIN"))).helperStaff(ping()).getText())
			.isEqualTo("helper staff mia");
		assertFails(() -> withKey(this.secured, createKey("ned", List.of())).helperStaff(ping()),
				Status.Code.PERMISSION_DENIED, "staff only");
	}

	@Test
	void whenManyThreadsCallConcurrentlyThenUsageCountIsExact() throws Exception {
		CreatedApiKey key = this.keys.create(NewApiKey.of("busy", "olga"));
		SecuredServiceGrpc.SecuredServiceBlockingStub stub = withKey(this.secured, key.rawKey());
		int threads = 8;
		int callsPerThread = 50;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				done.add(pool.submit(() -> {
					for (int i = 0; i < callsPerThread; i++) {
						stub.whoAmI(ping());
					}
				}));
			}
			for (Future<?> future : done) {
				future.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		this.usage.flush();
		assertThat(this.keys.find(key.key().id()).orElseThrow().getRequestCount())
			.isEqualTo((long) threads * callsPerThread);
		assertThat(this.keys.find(key.key().id()).orElseThrow().getLastUsedAt()).isNotNull();
	}

	@Test
	void whenAKeyCallsHealthAndAMethodThenItsCountAgreesWithTheCallsTheRequestLogLists() {
		CreatedApiKey key = this.keys.create(NewApiKey.of("counted", "paula"));
		withKey(HealthGrpc.newBlockingStub(this.channel.channel()), key.rawKey())
			.check(HealthCheckRequest.getDefaultInstance());
		withKey(this.secured, key.rawKey()).whoAmI(ping());
		withKey(HealthGrpc.newBlockingStub(this.channel.channel()), key.rawKey())
			.check(HealthCheckRequest.getDefaultInstance());
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.jdbc.queryForObject(
					"select count(*) from grpc_request_log where api_key_id = ?", Long.class, key.key().id()))
				.isEqualTo(1L));
		this.usage.flush();
		assertThat(this.keys.find(key.key().id()).orElseThrow().getRequestCount()).isEqualTo(1L);
	}

	private static CompletableFuture<String> upload(SecuredServiceGrpc.SecuredServiceStub stub) {
		ResponseCollector<Reply> responses = new ResponseCollector<>();
		StreamObserver<PingRequest> requests = stub.staffUpload(responses);
		requests.onNext(ping());
		requests.onNext(ping());
		requests.onCompleted();
		return responses.result().thenApply((replies) -> replies.get(0).getText());
	}

	private static CompletableFuture<List<String>> chat(SecuredServiceGrpc.SecuredServiceStub stub) {
		ResponseCollector<Reply> responses = new ResponseCollector<>();
		StreamObserver<PingRequest> requests = stub.staffChat(responses);
		requests.onNext(PingRequest.newBuilder().setText("a").build());
		requests.onNext(PingRequest.newBuilder().setText("b").build());
		requests.onCompleted();
		return responses.result().thenApply((replies) -> replies.stream().map(Reply::getText).toList());
	}

}
