package dev.grpcstarter.benchmarks.jmh;

import java.util.List;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.Message;
import dev.grpcstarter.benchmarks.v1.ExampleBook;
import dev.grpcstarter.benchmarks.v1.NewBook;
import dev.grpcstarter.benchmarks.v1.StandardRulesBook;
import dev.grpcstarter.core.error.FieldViolation;
import dev.grpcstarter.core.validation.ProtoRequestValidator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the validation stage spends on one valid request message, by kind of rules: the
 * bookstore example's (a custom CEL rule beside standard ones), the same checks as standard
 * rules only, and the interceptor-chain benchmark's {@code NewBook} (standard rules and a
 * rule on every item of a repeated field); each with protovalidate's standard rules
 * evaluated natively (the starter's default) and as CEL.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class RequestValidationBenchmark {

	@Param({ "true", "false" })
	public boolean nativeRules;

	private ProtoRequestValidator validator;

	private final ExampleBook example = ExampleBook.newBuilder()
		.setTitle("The Left Hand of Darkness")
		.setAuthor("Ursula K. Le Guin")
		.setYear(1969)
		.build();

	private final StandardRulesBook standard = StandardRulesBook.newBuilder()
		.setTitle("The Left Hand of Darkness")
		.setAuthor("Ursula K. Le Guin")
		.setYear(1969)
		.build();

	private final NewBook newBook = NewBook.newBuilder()
		.setTitle("The Left Hand of Darkness")
		.setAuthor("Ursula K. Le Guin")
		.setYear(1969)
		.addTags("scifi")
		.addTags("classic")
		.build();

	@Setup
	public void setUp() throws Exception {
		this.validator = new ProtoRequestValidator(this.nativeRules);
		// A benchmark of rules that find nothing wrong with anything would prove nothing.
		for (Message invalid : List.of(ExampleBook.newBuilder().setTitle("  ").build(),
				StandardRulesBook.newBuilder().setTitle("  ").build(), NewBook.newBuilder().setYear(1).build())) {
			if (this.validator.violations(invalid).isEmpty()) {
				throw new IllegalStateException("no violation found in " + invalid);
			}
		}
	}

	@Benchmark
	public List<FieldViolation> exampleRules() throws Exception {
		return this.validator.violations(this.example);
	}

	@Benchmark
	public List<FieldViolation> standardRulesOnly() throws Exception {
		return this.validator.violations(this.standard);
	}

	@Benchmark
	public List<FieldViolation> rulesOnRepeatedItems() throws Exception {
		return this.validator.violations(this.newBook);
	}

}
