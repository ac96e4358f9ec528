package dev.grpcstarter.core.requestlog;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ExplorerCallTickets}.
 */
class ExplorerCallTicketsTests {

	private final ExplorerCallTickets tickets = new ExplorerCallTickets();

	@Test
	void whenAnIssuedTicketIsRedeemedThenItNamesItsUserOnce() {
		String ticket = this.tickets.issue("operator");
		assertThat(this.tickets.redeem(ticket)).isEqualTo("operator");
		assertThat(this.tickets.redeem(ticket)).isNull();
	}

	@Test
	void whenATicketWasNeverIssuedThenItNamesNoOne() {
		assertThat(this.tickets.redeem("operator")).isNull();
		assertThat(this.tickets.redeem(null)).isNull();
	}

	@Test
	void whenTicketsAreIssuedThenEachIsNewAndCarries128Bits() {
		String first = this.tickets.issue("operator");
		String second = this.tickets.issue("operator");
		assertThat(first).isNotEqualTo(second).hasSize(22).matches("[A-Za-z0-9_-]+");
	}

	@Test
	void whenATicketIsPresentedAfterAMinuteThenItNamesNoOne() {
		AtomicLong nanos = new AtomicLong();
		ExplorerCallTickets tickets = new ExplorerCallTickets(nanos::get);
		String presentedAt59s = tickets.issue("operator");
		String presentedAt61s = tickets.issue("operator");
		nanos.addAndGet(Duration.ofSeconds(59).toNanos());
		assertThat(tickets.redeem(presentedAt59s)).isEqualTo("operator");
		nanos.addAndGet(Duration.ofSeconds(2).toNanos());
		assertThat(tickets.redeem(presentedAt61s)).isNull();
	}

}
