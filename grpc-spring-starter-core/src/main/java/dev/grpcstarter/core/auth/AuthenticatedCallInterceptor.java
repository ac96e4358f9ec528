package dev.grpcstarter.core.auth;

import dev.grpcstarter.core.call.GrpcPrincipal;

import java.util.ArrayList;
import java.util.List;

import dev.grpcstarter.core.call.RequestContext;
import dev.grpcstarter.core.ratelimit.Allowance;
import dev.grpcstarter.core.ratelimit.RateLimitResponses;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Used instead of {@link ApiKeyAuthInterceptor} when the application configures its own
 * gRPC security (Spring gRPC's {@code AuthenticationProcessInterceptor}, which runs first
 * and has authenticated and authorized the call by then, whatever the mechanism). Carries
 * its {@code Authentication} into the starter's call: the caller and the mechanism into
 * the request log, a {@link GrpcPrincipal} for {@link GrpcPrincipal#current()} and the
 * service helpers, and for an API key the rate-limit headers. Anonymous calls pass as they
 * are; the application's rules have let them through.
 */
public final class AuthenticatedCallInterceptor implements ServerInterceptor {

	private final AuthorityLevels levels;

	/**
	 * An interceptor.
	 * @param levels the staff and superuser authorities of principals
	 */
	public AuthenticatedCallInterceptor(AuthorityLevels levels) {
		this.levels = levels;
	}

	@Override
	public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
			ServerCallHandler<Q, R> next) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !authentication.isAuthenticated()
				|| authentication instanceof AnonymousAuthenticationToken) {
			return next.startCall(call, headers);
		}
		GrpcPrincipal principal;
		ServerCall<Q, R> answered = call;
		if (authentication instanceof ApiKeyAuthenticationToken key && key.getPrincipal() != null) {
			principal = key.getPrincipal();
			Allowance allowance = key.getAllowance();
			if (allowance != null) {
				answered = RateLimitResponses.withHeaders(call, allowance);
			}
		}
		else {
			principal = this.levels.principal(authentication.getName(), authorities(authentication), null);
		}
		RequestContext request = RequestContext.current();
		if (request != null) {
			request.recordCaller(principal.name(), principal.apiKeyId());
			request.recordAuthMechanism(AuthenticationMechanisms.of(authentication));
		}
		Context context = principal.bindTo(Context.current());
		return Contexts.interceptCall(context, answered, headers, next);
	}

	private static List<String> authorities(Authentication authentication) {
		List<String> names = new ArrayList<>();
		for (GrantedAuthority authority : authentication.getAuthorities()) {
			String name = authority.getAuthority();
			if (name != null) {
				names.add(name);
			}
		}
		return names;
	}

}
