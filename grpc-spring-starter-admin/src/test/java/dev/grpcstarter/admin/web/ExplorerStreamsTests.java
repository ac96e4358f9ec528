package dev.grpcstarter.admin.web;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExplorerStreamsTests {

	private final ExplorerStreams streams = new ExplorerStreams();

	private final AtomicInteger cancelled = new AtomicInteger();

	@Test
	void whenAnotherUserAsksToStopACallThenItRuns() {
		String id = this.streams.newId();
		this.streams.add(id, "alice", this.cancelled::incrementAndGet);
		assertThat(this.streams.cancel(id, "bob")).isFalse();
		assertThat(this.cancelled).hasValue(0);
		assertThat(this.streams.cancel(id, "alice")).isTrue();
		assertThat(this.cancelled).hasValue(1);
	}

	@Test
	void whenAStreamEndsThenItsCallIsCancelledAndForgotten() {
		String id = this.streams.newId();
		this.streams.add(id, "alice", this.cancelled::incrementAndGet);
		this.streams.end(id);
		assertThat(this.cancelled).hasValue(1);
		assertThat(this.streams.size()).isZero();
		assertThat(this.streams.cancel(id, "alice")).isFalse();
		assertThat(this.streams.newId()).isNotEqualTo(id);
	}

}
