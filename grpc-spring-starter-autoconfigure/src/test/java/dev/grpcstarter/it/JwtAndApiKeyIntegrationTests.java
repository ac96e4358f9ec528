package dev.grpcstarter.it;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import dev.grpcstarter.core.apikey.ApiKeyService;
import dev.grpcstarter.core.apikey.CreatedApiKey;
import dev.grpcstarter.core.apikey.NewApiKey;
import dev.grpcstarter.core.auth.ApiKeyAuthInterceptor;
import dev.grpcstarter.core.auth.AuthenticatedCallInterceptor;
import dev.grpcstarter.core.call.RequestContext;
import dev.grpcstarter.core.requestlog.RequestLogEntry;
import dev.grpcstarter.core.requestlog.RequestLogSearch;
import dev.grpcstarter.core.requestlog.RequestLogWriter;
import dev.grpcstarter.it.app.TestApplication;
import dev.grpcstarter.test.v1.PingRequest;
import dev.grpcstarter.test.v1.Reply;
import dev.grpcstarter.test.v1.SecuredServiceGrpc;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.grpc.server.security.AuthenticationProcessInterceptor;
import org.springframework.grpc.server.security.GrpcSecurity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;

import static dev.grpcstarter.it.ApiKeyCalls.assertFails;
import static dev.grpcstarter.it.ApiKeyCalls.withKey;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application with its own gRPC security (JWT bearer tokens signed with a key pair the
 * test makes, checked against its public key; method rules) and the starter's API keys on
 * one server: either credential works, the application's rules and {@code @PreAuthorize}
 * apply to both, both together are refused, and the request log names the mechanism.
 */
@SpringBootTest(classes = { TestApplication.class, JwtAndApiKeyIntegrationTests.Security.class },
		properties = { "spring.grpc.server.port=0", "grpc.services.packages=dev.grpcstarter.it.secured",
				"spring.datasource.url=jdbc:h2:mem:jwt-and-keys;DB_CLOSE_DELAY=-1" })
class JwtAndApiKeyIntegrationTests {

	static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
			Metadata.ASCII_STRING_MARSHALLER);

	private static final KeyPair SIGNING_KEYS = rsaKeyPair();

	@Autowired
	private ApplicationContext context;

	@Autowired
	private ApiKeyService keys;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private RequestLogSearch search;

	@Autowired
	private RequestLogWriter writer;

	private LocalGrpcChannel channel;

	@BeforeEach
	void openChannel() {
		this.channel = LocalGrpcChannel.to(this.context);
	}

	@AfterEach
	void closeChannel() throws InterruptedException {
		this.channel.close();
	}

	@Test
	void whenApplicationHasItsOwnGrpcSecurityThenTheStarterOnlyCarriesTheAuthentication() {
		assertThat(this.context.getBeansOfType(ApiKeyAuthInterceptor.class)).isEmpty();
		assertThat(this.context.getBeansOfType(AuthenticatedCallInterceptor.class)).hasSize(1);
	}

	@Test
	void whenBearerTokenOrKeyOfStaffThenAllFourCallTypesPassPreAuthorize() throws Exception {
		SecuredServiceGrpc.SecuredServiceStub byToken = withBearer(
				SecuredServiceGrpc.newStub(this.channel.channel()), token("dora", "ROLE_STAFF"));
		SecuredServiceGrpc.SecuredServiceStub byKey = withKey(SecuredServiceGrpc.newStub(this.channel.channel()),
				key("erin", List.of("ROLE_STAFF"), List.of()));
		for (SecuredServiceGrpc.SecuredServiceStub stub : List.of(byToken, byKey)) {
			assertThat(StaffCalls.allFour(stub)).containsExactly("staff ok", "one,two", "uploaded 2", "echo a,echo b");
		}
	}

	@Test
	void whenBearerTokenOrKeyThenServiceSeesOneAuthenticationAndPrincipal() {
		assertThat(withBearer(blocking(), token("dora", "ROLE_STAFF")).whoAmI(ping()).getText())
			.isEqualTo("dora|[FACTOR_BEARER, ROLE_STAFF]|staff=true|superuser=false|security=dora");
		assertThat(withKey(blocking(), key("erin", List.of("ROLE_STAFF"), List.of())).whoAmI(ping()).getText())
			.isEqualTo("erin|[ROLE_STAFF]|staff=true|superuser=false|security=erin");
	}

	@Test
	void whenNotStaffThenPreAuthorizeRefusesTokenAndKeyAlike() {
		assertFails(() -> withBearer(blocking(), token("dora")).staffOnly(ping()), Status.Code.PERMISSION_DENIED,
				"permission denied");
		assertFails(() -> withKey(blocking(), key("erin", List.of(), List.of())).staffOnly(ping()),
				Status.Code.PERMISSION_DENIED, "permission denied");
	}

	@Test
	void whenApplicationMethodRuleNeedsAnAuthorityThenItAppliesToKeysToo() {
		assertFails(() -> withKey(blocking(), key("erin", List.of(), List.of())).helperStaff(ping()),
				Status.Code.PERMISSION_DENIED, "permission denied");
		assertFails(() -> withBearer(blocking(), token("dora")).helperStaff(ping()), Status.Code.PERMISSION_DENIED,
				"permission denied");
		assertThat(withKey(blocking(), key("erin", List.of("ROLE_STAFF"), List.of())).helperStaff(ping()).getText())
			.isEqualTo("helper staff erin");
	}

	@Test
	void whenNoCredentialThenApplicationRulesDecide() {
		assertThat(blocking().public_(ping()).getText()).isEqualTo("public anonymous");
		assertFails(() -> blocking().whoAmI(ping()), Status.Code.UNAUTHENTICATED, "authentication required");
		assertThat(HealthGrpc.newBlockingStub(this.channel.channel())
			.check(HealthCheckRequest.getDefaultInstance())
			.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
	}

	@Test
	void whenKeyIsBadThenCallIsRefusedEvenOnAPublicMethod() {
		assertFails(() -> withKey(blocking(), "gsk_not-a-key").public_(ping()), Status.Code.UNAUTHENTICATED,
				"invalid API key");
		CreatedApiKey created = this.keys.create(NewApiKey.of("revoked", "erin"));
		this.keys.revoke(created.key().id());
		String revoked = created.rawKey();
		assertFails(() -> withKey(blocking(), revoked).public_(ping()), Status.Code.UNAUTHENTICATED,
				"API key revoked");
	}

	@Test
	void whenTokenIsBadThenCallIsRefused() {
		assertFails(() -> withBearer(blocking(), token("dora") + "x").whoAmI(ping()), Status.Code.UNAUTHENTICATED,
				"authentication required");
	}

	@Test
	void whenCallPresentsBothTokenAndKeyThenItIsRefusedAsAmbiguous() {
		SecuredServiceGrpc.SecuredServiceBlockingStub both = withKey(withBearer(blocking(), token("dora")),
				key("erin", List.of(), List.of()));
		assertFails(() -> both.whoAmI(ping()), Status.Code.UNAUTHENTICATED,
				"both an API key and an authorization header; send one credential");
		assertFails(() -> both.public_(ping()), Status.Code.UNAUTHENTICATED,
				"both an API key and an authorization header; send one credential");
	}

	@Test
	void whenKeyIsOutsideItsScopesOrLimitsThenTheStartersRulesStillApply() {
		assertFails(
				() -> withKey(blocking(), key("erin", List.of(), List.of("test.v1.SecuredService/Public")))
					.whoAmI(ping()),
				Status.Code.PERMISSION_DENIED, "API key is not allowed to call test.v1.SecuredService/WhoAmI");
		String limited = this.keys
			.create(new NewApiKey("limited", null, "erin", List.of(), List.of(), null, 1, null))
			.rawKey();
		withKey(blocking(), limited).whoAmI(ping());
		assertFails(() -> withKey(blocking(), limited).whoAmI(ping()), Status.Code.RESOURCE_EXHAUSTED,
				"API key rate limit exceeded");
	}

	@Test
	void whenCallIsAuthenticatedThenRequestLogRecordsPrincipalAndMechanism() {
		String byToken = requestId();
		withRequestId(withBearer(blocking(), token("dora")), byToken).whoAmI(ping());
		String byKey = requestId();
		String key = key("erin", List.of(), List.of());
		withRequestId(withKey(blocking(), key), byKey).whoAmI(ping());
		String anonymous = requestId();
		withRequestId(blocking(), anonymous).public_(ping());
		RequestLogRows rows = new RequestLogRows(this.jdbc, this.search, this.writer);
		RequestLogEntry token = rows.awaitOne(byToken);
		assertThat(token.principal()).isEqualTo("dora");
		assertThat(token.authMechanism()).isEqualTo("bearer");
		assertThat(token.apiKeyId()).isNull();
		RequestLogEntry keyed = rows.awaitOne(byKey);
		assertThat(keyed.principal()).isEqualTo("erin");
		assertThat(keyed.authMechanism()).isEqualTo("api-key");
		assertThat(keyed.apiKeyId()).isEqualTo(this.keys.verify(key).orElseThrow().id());
		RequestLogEntry none = rows.awaitOne(anonymous);
		assertThat(none.authenticated()).isFalse();
		assertThat(none.authMechanism()).isNull();
	}

	private SecuredServiceGrpc.SecuredServiceBlockingStub blocking() {
		return SecuredServiceGrpc.newBlockingStub(this.channel.channel());
	}

	private String key(String owner, List<String> authorities, List<String> scopes) {
		return this.keys.create(new NewApiKey("k", null, owner, authorities, scopes, null, null, null)).rawKey();
	}

	static String token(String subject, String... roles) {
		RSAKey jwk = new RSAKey.Builder((RSAPublicKey) SIGNING_KEYS.getPublic())
			.privateKey((RSAPrivateKey) SIGNING_KEYS.getPrivate())
			.keyID("test")
			.build();
		NimbusJwtEncoder encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(jwk)));
		Instant now = Instant.now();
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.subject(subject)
			.issuedAt(now)
			.expiresAt(now.plus(5, ChronoUnit.MINUTES))
			.claim("roles", List.of(roles))
			.build();
		return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).build(), claims))
			.getTokenValue();
	}

	static <S extends AbstractStub<S>> S withBearer(S stub, String token) {
		Metadata headers = new Metadata();
		headers.put(AUTHORIZATION, "Bearer " + token);
		return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
	}

	private static <S extends AbstractStub<S>> S withRequestId(S stub, String requestId) {
		Metadata headers = new Metadata();
		headers.put(RequestContext.REQUEST_ID_KEY, requestId);
		return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
	}

	private static String requestId() {
		return UUID.randomUUID().toString();
	}

	static PingRequest ping() {
		return PingRequest.newBuilder().setText("hi").build();
	}

	private static KeyPair rsaKeyPair() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return generator.generateKeyPair();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The application's gRPC security: JWT bearer tokens with roles in a {@code roles}
	 * claim, public {@code Public} and health, staff-only {@code HelperStaff}, everything
	 * else authenticated. Nothing in it mentions API keys.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class Security {

		@Bean
		JwtDecoder jwtDecoder() {
			return NimbusJwtDecoder.withPublicKey((RSAPublicKey) SIGNING_KEYS.getPublic()).build();
		}

		@Bean
		@GlobalServerInterceptor
		AuthenticationProcessInterceptor grpcSecurityInterceptor(GrpcSecurity grpc, JwtDecoder decoder)
				throws Exception {
			JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
			roles.setAuthoritiesClaimName("roles");
			roles.setAuthorityPrefix("");
			JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
			converter.setJwtGrantedAuthoritiesConverter(roles);
			return grpc
				.authorizeRequests((requests) -> requests.methods("test.v1.SecuredService/Public")
					.permitAll()
					.methods("grpc.health.v1.Health/*")
					.permitAll()
					.methods("test.v1.SecuredService/HelperStaff")
					.hasAuthority("ROLE_STAFF")
					.allRequests()
					.authenticated())
				.oauth2ResourceServer((resourceServer) -> resourceServer
					.jwt((jwt) -> jwt.decoder(decoder).jwtAuthenticationConverter(converter)))
				.build();
		}

	}

	/**
	 * The four call types on the staff-only methods.
	 */
	static final class StaffCalls {

		private StaffCalls() {
		}

		static List<String> allFour(SecuredServiceGrpc.SecuredServiceStub stub) throws Exception {
			ResponseCollector<Reply> unary = new ResponseCollector<>();
			stub.staffOnly(ping(), unary);
			ResponseCollector<Reply> serverStream = new ResponseCollector<>();
			stub.staffStream(ping(), serverStream);
			ResponseCollector<Reply> upload = new ResponseCollector<>();
			StreamObserver<PingRequest> uploads = stub.staffUpload(upload);
			uploads.onNext(ping());
			uploads.onNext(ping());
			uploads.onCompleted();
			ResponseCollector<Reply> chat = new ResponseCollector<>();
			StreamObserver<PingRequest> chats = stub.staffChat(chat);
			chats.onNext(PingRequest.newBuilder().setText("a").build());
			chats.onNext(PingRequest.newBuilder().setText("b").build());
			chats.onCompleted();
			return List.of(texts(unary), texts(serverStream), texts(upload), texts(chat));
		}

		private static String texts(ResponseCollector<Reply> responses) throws Exception {
			return String.join(",", responses.await().stream().map(Reply::getText).toList());
		}

	}

}
