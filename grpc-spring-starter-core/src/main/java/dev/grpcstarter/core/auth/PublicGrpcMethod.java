package dev.grpcstarter.core.auth;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a service method callable without an API key. A call that presents a key is still
 * authenticated: a bad key is refused, never treated as anonymous. Ignored on services that
 * implement {@code AuthRequiredService}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface PublicGrpcMethod {

}
