package dev.grpcstarter.it;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.grpcstarter.core.apikey.ApiKeyService;
import dev.grpcstarter.core.apikey.NewApiKey;
import dev.grpcstarter.core.call.RequestContext;
import dev.grpcstarter.core.requestlog.RequestLogEntry;
import dev.grpcstarter.core.requestlog.RequestLogSearch;
import dev.grpcstarter.core.requestlog.RequestLogWriter;
import dev.grpcstarter.it.app.TestApplication;
import dev.grpcstarter.test.v1.SecuredServiceGrpc;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.MetadataUtils;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;
import org.springframework.grpc.server.security.AuthenticationProcessInterceptor;
import org.springframework.grpc.server.security.GrpcSecurity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.config.Customizer;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.grpcstarter.it.ApiKeyCalls.assertFails;
import static dev.grpcstarter.it.ApiKeyCalls.withKey;
import static dev.grpcstarter.it.JwtAndApiKeyIntegrationTests.ping;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application with client certificates (mTLS through a Spring Boot SSL bundle, client
 * authentication optional, the certificate's CN loaded through the application's
 * {@code UserDetailsService}) and the starter's API keys on one server. The test CA, the
 * server's and the client's certificates are made by the test, in a temporary folder, and
 * exist only for it.
 */
@SpringBootTest(classes = { TestApplication.class, MutualTlsAndApiKeyIntegrationTests.Security.class },
		properties = { "spring.grpc.server.port=0", "grpc.services.packages=dev.grpcstarter.it.secured",
				"spring.datasource.url=jdbc:h2:mem:mtls-and-keys;DB_CLOSE_DELAY=-1",
				"spring.grpc.server.ssl.bundle=grpc", "spring.grpc.server.ssl.client-auth=optional" })
class MutualTlsAndApiKeyIntegrationTests {

	private static final TestPki PKI = TestPki.create();

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

	@DynamicPropertySource
	static void sslBundle(DynamicPropertyRegistry registry) {
		registry.add("spring.ssl.bundle.pem.grpc.keystore.certificate", () -> PKI.serverCertificate.toUri().toString());
		registry.add("spring.ssl.bundle.pem.grpc.keystore.private-key", () -> PKI.serverKey.toUri().toString());
		registry.add("spring.ssl.bundle.pem.grpc.truststore.certificate", () -> PKI.caCertificate.toUri().toString());
	}

	@Test
	void whenClientCertificateThenItAuthenticatesAllFourCallTypes() throws Exception {
		try (TlsChannel channel = channel(true)) {
			String requestId = UUID.randomUUID().toString();
			Metadata headers = new Metadata();
			headers.put(RequestContext.REQUEST_ID_KEY, requestId);
			SecuredServiceGrpc.SecuredServiceBlockingStub stub = SecuredServiceGrpc.newBlockingStub(channel.channel)
				.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
			assertThat(stub.whoAmI(ping()).getText())
				.isEqualTo("reports|[ROLE_STAFF]|staff=true|superuser=false|security=reports");
			RequestLogEntry row = new RequestLogRows(this.jdbc, this.search, this.writer).awaitOne(requestId);
			assertThat(row.principal()).isEqualTo("reports");
			assertThat(row.authMechanism()).isEqualTo("x509");
			assertThat(JwtAndApiKeyIntegrationTests.StaffCalls.allFour(SecuredServiceGrpc.newStub(channel.channel)))
				.containsExactly("staff ok", "one,two", "uploaded 2", "echo a,echo b");
		}
	}

	@Test
	void whenKeyWithoutCertificateThenKeyAuthenticatesAndPreAuthorizeApplies() throws Exception {
		try (TlsChannel channel = channel(false)) {
			String key = this.keys.create(NewApiKey.of("k", "erin")).rawKey();
			SecuredServiceGrpc.SecuredServiceBlockingStub stub = withKey(
					SecuredServiceGrpc.newBlockingStub(channel.channel), key);
			assertThat(stub.whoAmI(ping()).getText()).isEqualTo("erin|[ROLE_USER]|staff=false|superuser=false|security=erin");
			assertFails(() -> stub.staffOnly(ping()), Status.Code.PERMISSION_DENIED, "permission denied");
		}
	}

	@Test
	void whenKeyOnConnectionWithCertificateThenKeyIdentifiesTheCaller() throws Exception {
		try (TlsChannel channel = channel(true)) {
			String key = this.keys.create(NewApiKey.of("k", "erin")).rawKey();
			assertThat(withKey(SecuredServiceGrpc.newBlockingStub(channel.channel), key).whoAmI(ping()).getText())
				.isEqualTo("erin|[ROLE_USER]|staff=false|superuser=false|security=erin");
			assertFails(() -> withKey(SecuredServiceGrpc.newBlockingStub(channel.channel), "gsk_bad").whoAmI(ping()),
					Status.Code.UNAUTHENTICATED, "invalid API key");
		}
	}

	@Test
	void whenNeitherCertificateNorKeyThenCallIsRefused() throws Exception {
		try (TlsChannel channel = channel(false)) {
			assertFails(() -> SecuredServiceGrpc.newBlockingStub(channel.channel).whoAmI(ping()),
					Status.Code.UNAUTHENTICATED, "authentication required");
		}
	}

	private TlsChannel channel(boolean withCertificate) throws IOException {
		TlsChannelCredentials.Builder credentials = TlsChannelCredentials.newBuilder()
			.trustManager(PKI.caCertificate.toFile());
		if (withCertificate) {
			credentials.keyManager(PKI.clientCertificate.toFile(), PKI.clientKey.toFile());
		}
		return new TlsChannel(credentials.build(), this.context.getBean(GrpcServerLifecycle.class).getPort());
	}

	private static final class TlsChannel implements AutoCloseable {

		private final ManagedChannel channel;

		TlsChannel(ChannelCredentials credentials, int port) {
			this.channel = Grpc.newChannelBuilderForAddress("localhost", port, credentials).build();
		}

		@Override
		public void close() throws InterruptedException {
			this.channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}

	}

	/**
	 * The application's gRPC security: client certificates, a user for the certificate's
	 * CN and one for the key's owner. Nothing in it mentions API keys.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class Security {

		@Bean
		InMemoryUserDetailsManager users() {
			return new InMemoryUserDetailsManager(
					User.withUsername("reports").password("{noop}x").roles("STAFF").build(),
					User.withUsername("erin").password("{noop}x").roles("USER").build());
		}

		@Bean
		@GlobalServerInterceptor
		AuthenticationProcessInterceptor grpcSecurityInterceptor(GrpcSecurity grpc) throws Exception {
			return grpc.authorizeRequests((requests) -> requests.allRequests().authenticated())
				.preauth(Customizer.withDefaults())
				.build();
		}

	}

	/**
	 * A certificate authority, a server certificate for {@code localhost} and a client
	 * certificate ({@code CN=reports}), as PEM files in a temporary folder. Test-only.
	 */
	static final class TestPki {

		final Path caCertificate;

		final Path serverCertificate;

		final Path serverKey;

		final Path clientCertificate;

		final Path clientKey;

		private TestPki(Path folder) throws Exception {
			KeyPair ca = rsa();
			X509Certificate caCert = certificate("CN=grpcstarter test CA", ca, "CN=grpcstarter test CA", ca, true,
					null);
			KeyPair server = rsa();
			X509Certificate serverCert = certificate("CN=localhost", server, "CN=grpcstarter test CA", ca, false,
					new GeneralNames(new GeneralName[] { new GeneralName(GeneralName.dNSName, "localhost"),
							new GeneralName(GeneralName.iPAddress, "127.0.0.1") }));
			KeyPair client = rsa();
			X509Certificate clientCert = certificate("CN=reports", client, "CN=grpcstarter test CA", ca, false, null);
			this.caCertificate = write(folder.resolve("ca.crt"), pem("CERTIFICATE", caCert.getEncoded()));
			this.serverCertificate = write(folder.resolve("server.crt"), pem("CERTIFICATE", serverCert.getEncoded()));
			this.serverKey = write(folder.resolve("server.key"), pem("PRIVATE KEY", server.getPrivate().getEncoded()));
			this.clientCertificate = write(folder.resolve("client.crt"), pem("CERTIFICATE", clientCert.getEncoded()));
			this.clientKey = write(folder.resolve("client.key"), pem("PRIVATE KEY", client.getPrivate().getEncoded()));
		}

		static TestPki create() {
			try {
				Path folder = Files.createTempDirectory("grpcstarter-mtls");
				folder.toFile().deleteOnExit();
				return new TestPki(folder);
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}

		private static KeyPair rsa() throws Exception {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return generator.generateKeyPair();
		}

		private static X509Certificate certificate(String subject, KeyPair subjectKeys, String issuer,
				KeyPair issuerKeys, boolean authority, GeneralNames names) throws Exception {
			Instant now = Instant.now();
			JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
					BigInteger.valueOf(now.toEpochMilli() + subject.hashCode()),
					Date.from(now.minus(1, ChronoUnit.HOURS)), Date.from(now.plus(1, ChronoUnit.DAYS)),
					new X500Name(subject), subjectKeys.getPublic());
			builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(authority));
			if (names != null) {
				builder.addExtension(Extension.subjectAlternativeName, false, names);
			}
			PrivateKey signingKey = issuerKeys.getPrivate();
			return new JcaX509CertificateConverter()
				.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(signingKey)));
		}

		private static String pem(String type, byte[] der) {
			return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(der)
					+ "\n-----END " + type + "-----\n";
		}

		private static Path write(Path file, String content) throws IOException {
			Files.writeString(file, content);
			file.toFile().deleteOnExit();
			return file;
		}

	}

}
