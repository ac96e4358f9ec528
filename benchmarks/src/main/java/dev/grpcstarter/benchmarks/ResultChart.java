package dev.grpcstarter.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/**
 * The run's two measures as bar charts (PNG, with XChart): server CPU per call at each fixed
 * rate, and the pinned maximum throughput, per configuration.
 */
final class ResultChart {

	private static final int WIDTH = 900;

	private static final int HEIGHT = 420;

	private ResultChart() {
	}

	static void write(Main.Results results, Path directory) throws IOException {
		List<String> configurations = results.configurations();
		CategoryChart cpu = new CategoryChartBuilder().width(WIDTH)
			.height(HEIGHT)
			.title("Server CPU per call at a fixed offered load (lower is better)")
			.xAxisTitle("configuration")
			.yAxisTitle("microseconds of server CPU per call")
			.build();
		for (int rate : results.rates()) {
			List<Double> values = new ArrayList<>();
			for (String configuration : configurations) {
				values.add(zeroIfMissing(results.serverCpuPerCall(configuration, rate)));
			}
			cpu.addSeries(rate + " calls/s", configurations, values);
		}
		BitmapEncoder.saveBitmap(cpu, directory.resolve("server-cpu-per-call").toString(),
				BitmapEncoder.BitmapFormat.PNG);
		List<Double> maxima = new ArrayList<>();
		for (String configuration : configurations) {
			maxima.add(zeroIfMissing(results.maxQps(configuration)));
		}
		if (maxima.stream().anyMatch((value) -> value > 0)) {
			CategoryChart throughput = new CategoryChartBuilder().width(WIDTH)
				.height(HEIGHT)
				.title("Maximum throughput, server pinned to one core (higher is better)")
				.xAxisTitle("configuration")
				.yAxisTitle("calls per second")
				.build();
			throughput.getStyler().setLegendVisible(false);
			throughput.addSeries("calls/s", configurations, maxima);
			BitmapEncoder.saveBitmap(throughput, directory.resolve("max-throughput").toString(),
					BitmapEncoder.BitmapFormat.PNG);
		}
	}

	private static double zeroIfMissing(double value) {
		return Double.isNaN(value) ? 0 : value;
	}

}
