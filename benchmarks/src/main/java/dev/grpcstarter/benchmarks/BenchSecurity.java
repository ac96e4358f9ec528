package dev.grpcstarter.benchmarks;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.grpc.server.security.AuthenticationProcessInterceptor;
import org.springframework.grpc.server.security.GrpcSecurity;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * The application's own gRPC security of the security configurations, as an application
 * with people and machines would have it: JWT bearer tokens (RS256, checked against a public
 * key, as with an issuer's key set) and method rules, with the starter's API keys joining it
 * as one more mechanism. Only on the class path of those configurations.
 */
@Configuration(proxyBeanMethods = false)
public class BenchSecurity {

	/** Made per server process: the tokens it prints are only good for that process. */
	private static final KeyPair SIGNING_KEYS = rsaKeyPair();

	@Bean
	JwtDecoder jwtDecoder() {
		return NimbusJwtDecoder.withPublicKey((RSAPublicKey) SIGNING_KEYS.getPublic()).build();
	}

	@Bean
	@GlobalServerInterceptor
	AuthenticationProcessInterceptor grpcSecurityInterceptor(GrpcSecurity grpc, JwtDecoder decoder) throws Exception {
		return grpc
			.authorizeRequests((requests) -> requests.methods("grpc.health.v1.Health/*")
				.permitAll()
				.methods("grpc.reflection.v1.ServerReflection/*")
				.permitAll()
				.allRequests()
				.authenticated())
			.oauth2ResourceServer((resourceServer) -> resourceServer.jwt((jwt) -> jwt.decoder(decoder)))
			.build();
	}

	/**
	 * A bearer token this server accepts, signed with its key.
	 * @param subject the token's subject
	 * @param validity how long it is good for
	 * @return the token
	 */
	static String token(String subject, Duration validity) {
		RSAKey jwk = new RSAKey.Builder((RSAPublicKey) SIGNING_KEYS.getPublic())
			.privateKey((RSAPrivateKey) SIGNING_KEYS.getPrivate())
			.keyID("bench")
			.build();
		NimbusJwtEncoder encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(jwk)));
		Instant now = Instant.now();
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.subject(subject)
			.issuedAt(now)
			.expiresAt(now.plus(validity))
			.build();
		return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).build(), claims))
			.getTokenValue();
	}

	private static KeyPair rsaKeyPair() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return generator.generateKeyPair();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
