package dev.grpcstarter.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.test.context.TestPropertySource;

/**
 * Put on a {@code @SpringBootTest} class: the gRPC server starts on a random free port and
 * a {@link GrpcTestClient} bean, bound to it, can be injected.
 *
 * <p>The random port is set with {@code @TestPropertySource}, which takes precedence over
 * {@code @SpringBootTest(properties = ...)} and the application's own configuration.
 *
 * @see GrpcTestClient
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration(GrpcTestClientAutoConfiguration.class)
@TestPropertySource(properties = "spring.grpc.server.port=0")
public @interface GrpcStarterTest {

}
