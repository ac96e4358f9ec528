package dev.grpcstarter.benchmarks;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The median of a figure over the rounds: a round now and then runs much slower for every
 * configuration alike on a shared virtual machine, and a median is not pulled by it.
 */
final class Median {

	private Median() {
	}

	static <T> double of(List<T> runs, ToDoubleFunction<T> figure) {
		double[] values = runs.stream().mapToDouble(figure).filter((value) -> !Double.isNaN(value)).sorted().toArray();
		if (values.length == 0) {
			return Double.NaN;
		}
		int middle = values.length / 2;
		return (values.length % 2 == 1) ? values[middle] : (values[middle - 1] + values[middle]) / 2;
	}

}
