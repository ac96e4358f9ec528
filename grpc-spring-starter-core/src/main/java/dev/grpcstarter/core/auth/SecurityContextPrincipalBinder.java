package dev.grpcstarter.core.auth;

import dev.grpcstarter.core.call.GrpcPrincipal;

import java.util.function.Supplier;

import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Binds the principal to the gRPC context and, around every step of the call (its start
 * and each listener callback, on whatever thread runs it), to Spring Security's
 * {@link SecurityContextHolder}, so {@code @PreAuthorize} on service methods works for all
 * four call types. The previous security context of the thread is restored after each step.
 */
public final class SecurityContextPrincipalBinder implements CallPrincipalBinder {

	private final CallPrincipalBinder grpcContext = CallPrincipalBinder.grpcContext();

	@Override
	public <Q, R> ServerCall.Listener<Q> startCall(GrpcPrincipal principal, ServerCall<Q, R> call, Metadata headers,
			ServerCallHandler<Q, R> next) {
		Authentication authentication = UsernamePasswordAuthenticationToken.authenticated(principal, null,
				AuthorityUtils.createAuthorityList(principal.authorities()));
		ServerCall.Listener<Q> delegate = withAuthentication(authentication,
				() -> this.grpcContext.startCall(principal, call, headers, next));
		return new SimpleForwardingServerCallListener<>(delegate) {

			@Override
			public void onMessage(Q message) {
				withAuthentication(authentication, () -> {
					super.onMessage(message);
					return null;
				});
			}

			@Override
			public void onHalfClose() {
				withAuthentication(authentication, () -> {
					super.onHalfClose();
					return null;
				});
			}

			@Override
			public void onCancel() {
				withAuthentication(authentication, () -> {
					super.onCancel();
					return null;
				});
			}

			@Override
			public void onComplete() {
				withAuthentication(authentication, () -> {
					super.onComplete();
					return null;
				});
			}

			@Override
			public void onReady() {
				withAuthentication(authentication, () -> {
					super.onReady();
					return null;
				});
			}

		};
	}

	private static <T> T withAuthentication(Authentication authentication, Supplier<T> step) {
		SecurityContext previous = SecurityContextHolder.getContext();
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(authentication);
		SecurityContextHolder.setContext(context);
		try {
			return step.get();
		}
		finally {
			SecurityContextHolder.setContext(previous);
		}
	}

}
