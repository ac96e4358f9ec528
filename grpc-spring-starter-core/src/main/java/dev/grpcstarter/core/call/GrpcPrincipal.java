package dev.grpcstarter.core.call;

import java.security.Principal;
import java.util.Set;

import io.grpc.Context;
import org.jspecify.annotations.Nullable;

/**
 * Who is calling: the owner of the API key (or the master-key principal), with the
 * authorities that apply. Available to service code through {@link #current()} on
 * whatever thread runs the call, never stored on the (shared) service instance.
 *
 * @param name the principal name
 * @param authorities the granted authorities, for example {@code ROLE_STAFF}
 * @param apiKeyId the id of the key used, {@code null} for the master key
 * @param staff whether the principal holds the staff (or superuser) authority
 * @param superuser whether the principal holds the superuser authority
 */
public record GrpcPrincipal(String name, Set<String> authorities, @Nullable Long apiKeyId, boolean staff,
		boolean superuser) implements Principal {

	static final Context.Key<GrpcPrincipal> CONTEXT_KEY = Context.key("grpcstarter-principal");

	/**
	 * The principal of the current call.
	 * @return the principal, or {@code null} for an anonymous call or outside a call
	 */
	public static @Nullable GrpcPrincipal current() {
		return CONTEXT_KEY.get();
	}

	/**
	 * A context in which {@link #current()} returns this principal.
	 * @param context the context to extend
	 * @return the extended context
	 */
	public Context bindTo(Context context) {
		return context.withValue(CONTEXT_KEY, this);
	}

	/**
	 * The principal name, as {@link Principal} and Spring Security expect it.
	 * @return the name
	 */
	@Override
	public String getName() {
		return this.name;
	}

	/**
	 * Whether the principal holds an authority; superusers hold every one.
	 * @param authority the authority
	 * @return whether it is held
	 */
	public boolean hasAuthority(String authority) {
		return this.superuser || this.authorities.contains(authority);
	}

}
