package dev.grpcstarter.core.apikey;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeyFormatTests {

	private final ApiKeyFormat format = new ApiKeyFormat();

	@Test
	void whenGeneratedThenWellFormedWithPrefixAndFixedLength() {
		String key = this.format.generate();
		assertThat(key).startsWith("gsk_").hasSize(ApiKeyFormat.LENGTH).matches("gsk_[0-9A-Za-z]{49}");
		assertThat(ApiKeyFormat.isWellFormed(key)).isTrue();
	}

	@Test
	void whenGeneratedManyTimesThenAllDiffer() {
		Set<String> keys = new HashSet<>();
		for (int i = 0; i < 1000; i++) {
			keys.add(this.format.generate());
		}
		assertThat(keys).hasSize(1000);
	}

	@Test
	void whenAnyCharacterIsMistypedThenChecksumRejectsIt() {
		String key = this.format.generate();
		for (int i = ApiKeyFormat.PREFIX.length(); i < key.length(); i++) {
			char replacement = (key.charAt(i) == 'x') ? 'y' : 'x';
			String typo = key.substring(0, i) + replacement + key.substring(i + 1);
			assertThat(ApiKeyFormat.isWellFormed(typo)).as("typo at %d", i).isFalse();
		}
	}

	@Test
	void whenShapeIsWrongThenRejected() {
		String key = this.format.generate();
		assertThat(ApiKeyFormat.isWellFormed("")).isFalse();
		assertThat(ApiKeyFormat.isWellFormed(key.substring(1))).isFalse();
		assertThat(ApiKeyFormat.isWellFormed("xsk_" + key.substring(4))).isFalse();
		assertThat(ApiKeyFormat.isWellFormed(key + "0")).isFalse();
		assertThat(ApiKeyFormat.isWellFormed(key.substring(0, 10) + "-" + key.substring(11))).isFalse();
	}

	@Test
	void whenHashedThenSha256HexAndStable() {
		String key = this.format.generate();
		assertThat(ApiKeyFormat.hash(key)).hasSize(64).matches("[0-9a-f]{64}").isEqualTo(ApiKeyFormat.hash(key));
		assertThat(ApiKeyFormat.hash("abc"))
			.isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	}

	@Test
	void whenDisplayedThenOnlyThePrefixAndEightCharacters() {
		String key = this.format.generate();
		assertThat(ApiKeyFormat.displayPrefix(key)).hasSize(12).isEqualTo(key.substring(0, 12));
	}

}
