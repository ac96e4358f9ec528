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
 * rate, and the pinned maximum throughput, per configuration; and where features ran beside
 * their baselines, each feature's server CPU per call relative to its baseline's.
 */
final class ResultChart {

	private static final int MIN_WIDTH = 900;

	/** Room per configuration, so that a dozen labels stay readable. */
	private static final int WIDTH_PER_CONFIGURATION = 80;

	private static final int HEIGHT = 420;

	private ResultChart() {
	}

	static void write(Main.Results results, Path directory) throws IOException {
		List<String> configurations = results.configurations();
		int width = Math.max(MIN_WIDTH, WIDTH_PER_CONFIGURATION * configurations.size());
		CategoryChart cpu = new CategoryChartBuilder().width(width)
			.height(HEIGHT)
			.title("Server CPU per call at a fixed offered load (lower is better)")
			.xAxisTitle("configuration")
			.yAxisTitle("microseconds of server CPU per call")
			.build();
		cpu.getStyler().setXAxisLabelRotation(30);
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
			CategoryChart throughput = new CategoryChartBuilder().width(width)
				.height(HEIGHT)
				.title("Maximum throughput, server pinned to one core (higher is better)")
				.xAxisTitle("configuration")
				.yAxisTitle("calls per second")
				.build();
			throughput.getStyler().setLegendVisible(false);
			throughput.getStyler().setXAxisLabelRotation(30);
			throughput.addSeries("calls/s", configurations, maxima);
			BitmapEncoder.saveBitmap(throughput, directory.resolve("max-throughput").toString(),
					BitmapEncoder.BitmapFormat.PNG);
		}
		writeFeatureCosts(results, directory);
	}

	/** Each feature's server CPU per call over its baseline's, at each rate where both ran. */
	private static void writeFeatureCosts(Main.Results results, Path directory) throws IOException {
		List<String> features = new ArrayList<>();
		for (String configuration : results.configurations()) {
			String baseline = Configurations.baseline(configuration);
			if (baseline != null && results.configurations().contains(baseline)) {
				features.add(configuration);
			}
		}
		if (features.isEmpty()) {
			return;
		}
		CategoryChart chart = new CategoryChartBuilder().width(MIN_WIDTH)
			.height(HEIGHT)
			.title("Server CPU per call relative to the same call without the feature (lower is better)")
			.xAxisTitle("configuration (against its baseline)")
			.yAxisTitle("x baseline's server CPU per call")
			.build();
		chart.getStyler().setXAxisLabelRotation(30);
		List<String> labels = features.stream()
			.map((feature) -> feature + " / " + Configurations.baseline(feature))
			.toList();
		for (int rate : results.rates()) {
			List<Double> values = new ArrayList<>();
			for (String feature : features) {
				double base = results.serverCpuPerCall(Configurations.baseline(feature), rate);
				values.add((base > 0) ? zeroIfMissing(results.serverCpuPerCall(feature, rate) / base) : 0);
			}
			chart.addSeries(rate + " calls/s", labels, values);
		}
		BitmapEncoder.saveBitmap(chart, directory.resolve("feature-cost").toString(), BitmapEncoder.BitmapFormat.PNG);
	}

	private static double zeroIfMissing(double value) {
		return Double.isNaN(value) ? 0 : value;
	}

}
