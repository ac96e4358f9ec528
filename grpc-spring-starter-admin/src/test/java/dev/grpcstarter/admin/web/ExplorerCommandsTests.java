package dev.grpcstarter.admin.web;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExplorerCommandsTests {

	@Test
	void whenAUnaryRequestCarriedAKeyThenTheCommandsReadItFromTheEnvironment() {
		ExplorerCommands commands = ExplorerCommands.of("localhost:50061", "bookstore.v1.BookService/GetBook",
				List.of("{\n  \"id\": \"1\"\n}"), List.of("x-trace: shared"), "X-Api-Key");
		assertThat(commands.grpcCall()).isEqualTo("grpc-call call localhost:50061 bookstore.v1.BookService/GetBook"
				+ " -d '{\"id\":\"1\"}' -H 'x-trace: shared' -H \"x-api-key: $GRPC_API_KEY\" --plaintext");
		assertThat(commands.grpcurl()).isEqualTo("grpcurl -plaintext -H 'x-trace: shared' -H \"x-api-key: $GRPC_API_KEY\""
				+ " -d '{\"id\":\"1\"}' localhost:50061 bookstore.v1.BookService/GetBook");
		assertThat(commands.usesApiKey()).isTrue();
	}

	@Test
	void whenAStreamHasSeveralRequestsThenGrpcCallReadsThemAsLinesAndGrpcurlAsOneStream() {
		ExplorerCommands commands = ExplorerCommands.of("h:1", "s.S/M", List.of("{\"id\": 1}", "{\"id\": 3}"),
				List.of(), null);
		assertThat(commands.grpcCall())
			.isEqualTo("printf '%s\\n' '{\"id\":1}' '{\"id\":3}' | grpc-call call h:1 s.S/M -d @- --plaintext");
		assertThat(commands.grpcurl()).isEqualTo("grpcurl -plaintext -d '{\"id\":1} {\"id\":3}' h:1 s.S/M");
		assertThat(commands.usesApiKey()).isFalse();
	}

	@Test
	void whenTheRequestHoldsQuotesOrShellCharactersThenTheyStayLiteral() {
		ExplorerCommands commands = ExplorerCommands.of("h:1", "s.S/M", List.of("{\"title\": \"Rock 'n' $HOME `x`\"}"),
				List.of("x-note: it's"), null);
		assertThat(commands.grpcCall()).contains("-d '{\"title\":\"Rock '\\''n'\\'' $HOME `x`\"}'")
			.contains("-H 'x-note: it'\\''s'");
	}

	@Test
	void whenTheRequestIsNotJsonThenItIsPassedOnForTheToolToName() {
		assertThat(ExplorerCommands.of("h:1", "s.S/M", List.of("{\"id\": "), List.of(), null).grpcCall())
			.contains("-d '{\"id\":'");
		assertThat(ExplorerCommands.of("h:1", "s.S/M", List.of(""), List.of(), null).grpcCall()).contains("-d '{}'");
	}

}
