package dev.grpcstarter.autoconfigure.condition;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;

/**
 * Matches unless the gRPC server is switched off with
 * {@code spring.grpc.server.enabled=false}, Spring Boot's own switch. Everything of the
 * starter's that only makes sense on a running server (interceptors, service discovery,
 * reflection) carries it, so one property turns all of it off.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ConditionalOnBooleanProperty(name = "spring.grpc.server.enabled", matchIfMissing = true)
public @interface ConditionalOnGrpcServerEnabled {

}
