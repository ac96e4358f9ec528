package dev.grpcstarter.admin.web;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.grpcstarter.core.requestlog.ExplorerCallTickets;
import dev.grpcstarter.core.status.InstanceIdentity;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LocalExplorer}'s marking of the calls it makes.
 */
class LocalExplorerTests {

	private final ExplorerCallTickets tickets = new ExplorerCallTickets();

	private final StaticListableBeanFactory beans = new StaticListableBeanFactory(Map.of("tickets", this.tickets));

	private final LocalExplorer explorer = new LocalExplorer(this.beans.getBeanProvider(GrpcServerLifecycle.class),
			this.beans.getBeanProvider(InstanceIdentity.class), this.beans.getBeanProvider(ExplorerCallTickets.class));

	@Test
	void whenTheFormCarriesATicketInAnyCaseThenOnlyAFreshOneIsSentAndTheOtherHeadersStay() {
		Map<String, String> typed = new LinkedHashMap<>();
		typed.put("X-Grpc-Explorer-Ticket", "forged");
		typed.put("x-trace", "abc");
		Map<String, String> sent = this.explorer.marked(typed, "operator");
		assertThat(sent).containsOnlyKeys("x-trace", ExplorerCallTickets.HEADER.name()).containsEntry("x-trace", "abc");
		assertThat(this.tickets.redeem(sent.get(ExplorerCallTickets.HEADER.name()))).isEqualTo("operator");
	}

	@Test
	void whenThereIsNoRequestLogThenNoTicketIsSent() {
		LocalExplorer withoutLog = new LocalExplorer(this.beans.getBeanProvider(GrpcServerLifecycle.class),
				this.beans.getBeanProvider(InstanceIdentity.class),
				new StaticListableBeanFactory().getBeanProvider(ExplorerCallTickets.class));
		assertThat(withoutLog.marked(Map.of("x-trace", "abc"), "operator")).containsOnlyKeys("x-trace");
	}

}
