package dev.grpcstarter.core.requestlog;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.grpc.Metadata;
import org.jspecify.annotations.Nullable;

/**
 * One-time tickets by which the admin's explorer marks the calls it makes to this
 * server with the admin user who made them, so the request log can say who in the admin
 * made a call.
 *
 * <p>The explorer calls its own server over the loopback, like any client, so a header
 * naming the user would be forgeable by every client. Instead the explorer asks for a
 * ticket (128 random bits, known only inside this process) and sends it in
 * {@link #HEADER}; the request log redeems it once, when the call's stream opens. A
 * ticket nobody issued, one already used and one older than the time-to-live mark
 * nothing.
 */
public final class ExplorerCallTickets {

	/** The header the explorer sends a ticket in. */
	public static final Metadata.Key<String> HEADER = Metadata.Key.of("x-grpc-explorer-ticket",
			Metadata.ASCII_STRING_MARSHALLER);

	/** A call's stream opens right after the explorer asks; a minute is generous. */
	private static final Duration TIME_TO_LIVE = Duration.ofMinutes(1);

	private final SecureRandom random = new SecureRandom();

	private final Cache<String, String> users;

	/** Tickets on the system's clock. */
	public ExplorerCallTickets() {
		this(Ticker.systemTicker());
	}

	ExplorerCallTickets(Ticker ticker) {
		this.users = Caffeine.newBuilder().expireAfterWrite(TIME_TO_LIVE).maximumSize(10_000).ticker(ticker).build();
	}

	/**
	 * Issues a ticket for one call.
	 * @param adminUser the admin user making the call
	 * @return the ticket to send in {@link #HEADER}
	 */
	public String issue(String adminUser) {
		byte[] bytes = new byte[16];
		this.random.nextBytes(bytes);
		String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		this.users.put(ticket, adminUser);
		return ticket;
	}

	/**
	 * Redeems a ticket: the first time it is presented within its time-to-live.
	 * @param ticket the value of {@link #HEADER}, {@code null} when the call had none
	 * @return the admin user it was issued for, {@code null} for no or an unknown ticket
	 */
	public @Nullable String redeem(@Nullable String ticket) {
		return (ticket != null) ? this.users.asMap().remove(ticket) : null;
	}

}
