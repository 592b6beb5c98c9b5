package sc.fiji.flowmodels.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.ejml.data.DMatrixRMaj;

import sc.fiji.flowmodels.InputException;
import sc.fiji.flowmodels.analysis.EncodeColumn;
import sc.fiji.flowmodels.analysis.Outliers;
import sc.fiji.flowmodels.commands.CheckConsistencyCommand;
import sc.fiji.flowmodels.commands.DensityImageCommand;
import sc.fiji.flowmodels.commands.EncodeDecodeCommand;
import sc.fiji.flowmodels.commands.FileHost;
import sc.fiji.flowmodels.commands.FlowCommand;
import sc.fiji.flowmodels.commands.SampleDataCommand;
import sc.fiji.flowmodels.commands.TrainCommand;
import sc.fiji.flowmodels.data.ColumnSelection;
import sc.fiji.flowmodels.data.DataTable;
import sc.fiji.flowmodels.data.Datasets;
import sc.fiji.flowmodels.plot.Figure;
import sc.fiji.flowmodels.plot.FigureExport;

/**
 * {@code ./flow demo [out=DIR]}: the article end to end for {@code mvn}, {@code moons} and
 * {@code gmm8}, by running the same commands a user runs: Sample Data → Train → Encode (top-10
 * outliers) → sample from the model → Density Image → Check Consistency, with every figure
 * written as PNG.
 */
final class Demo {

	static final String[] DATASETS = { "mvn", "moons", "gmm8" };
	/** outliers marked in each encoded table */
	static final int OUTLIERS = 10;

	private Demo() {}

	/** A file host that also writes the figures the commands show, as PNG files. */
	private static final class DemoHost extends FileHost {

		private final Path dir;
		private final List<Path> written;

		DemoHost(final Path dir, final List<Path> written, final PrintStream out, final PrintStream err) {
			super(out, err);
			this.dir = dir;
			this.written = written;
		}

		@Override
		public boolean showsFigures() {
			return true;
		}

		@Override
		public void show(final String name, final Figure figure) {
			final Path png = dir.resolve(name.replace(' ', '-') + ".png");
			try {
				FigureExport.writePng(figure, png, figure.preferredSize().width, figure.preferredSize().height);
			}
			catch (final IOException e) {
				throw new InputException("demo: cannot write " + png + ": " + e.getMessage());
			}
			written.add(png);
		}
	}

	static int run(final Map<String, String> args, final PrintStream out, final PrintStream err) {
		for (final String k : args.keySet()) {
			if (!k.equals("out")) throw new InputException("unknown key '" + k + "'; the keys of demo are: out");
		}
		final Path root = FileHost.path(args.containsKey("out") ? args.get("out") : "demo-out").toAbsolutePath();
		try {
			Files.createDirectories(root);
		}
		catch (final IOException e) {
			throw new InputException("out: cannot create " + root + ": " + e.getMessage());
		}
		final long start = System.nanoTime();
		final List<Path> written = new ArrayList<>();
		final StringBuilder verdicts = new StringBuilder();
		int status = 0;
		for (final String dataset : DATASETS) {
			final long t0 = System.nanoTime();
			final Path dir = root.resolve(dataset);
			try {
				Files.createDirectories(dir);
			}
			catch (final IOException e) {
				throw new InputException("out: cannot create " + dir + ": " + e.getMessage());
			}
			final DemoHost host = new DemoHost(dir, written, out, err);
			final String data = dir.resolve("data.csv").toString();
			final String model = dir.resolve("model.json").toString();
			err.println("== " + dataset);
			run(host, SampleDataCommand.class, written, data, "dataset", dataset, "samples", "1000", "seed", "1", "output", data);
			written.add(new File(model).toPath());
			run(host, TrainCommand.class, null, null, "input", data, "model", model, "seed", "1");
			final EncodeDecodeCommand encode = (EncodeDecodeCommand) run(host, EncodeDecodeCommand.class, written, dir.resolve("encoded.csv").toString(), "model", model, "direction", "encode", "input", data, "outliers", Integer.toString(OUTLIERS), "output", dir.resolve("encoded.csv").toString());
			run(host, EncodeDecodeCommand.class, written, dir.resolve("samples.csv").toString(), "model", model, "direction", "sample", "samples", "1000", "outliers", "10", "seed", "2", "output", dir.resolve("samples.csv").toString());
			run(host, DensityImageCommand.class, written, dir.resolve("density.tif").toString(), "model", model, "input", data, "output", dir.resolve("density.tif").toString());
			written.add(dir.resolve("density.png"));
			out.println();
			out.println(dataset + ": consistency of the trained flow (" + model + ")");
			final FlowCommand check = run(host, CheckConsistencyCommand.class, written, dir.resolve("consistency.csv").toString(), "model", model, "input", data, "samples", "1000", "output", dir.resolve("consistency.csv").toString());
			final CheckConsistencyCommand c = (CheckConsistencyCommand) check;
			status = Math.max(status, c.exitStatus());
			final String truth = Datasets.MOONS.equals(dataset) ? "" : String.format(Locale.ROOT, "; outliers: %d of the %d rows least likely under the exact density", leastLikelyFound(encode.result(), dataset), OUTLIERS);
			verdicts.append(String.format(Locale.ROOT, "  %-6s %s (largest difference %.2g)%s  %.1f s%n", dataset, c.report().passed() ? "PASS" : "FAIL", c.report().worst(), truth, (System.nanoTime() - t0) / 1e9));
		}
		out.println();
		out.println("demo: " + written.size() + " files in " + root);
		for (final Path p : written) out.println("  " + root.relativize(p));
		out.print(verdicts);
		out.println(String.format(Locale.ROOT, "demo: done in %.1f s", (System.nanoTime() - start) / 1e9));
		return status;
	}

	/**
	 * How many of the rows least likely under a dataset's exact density (as many as the encoded
	 * table marks as outliers, ties by row order) the encoded table marks: whether the flow's
	 * outliers are the truly unlikely points (issue 13; an EM mixture of 8 Gaussians, the right
	 * family for gmm8, finds 7 of its 10).
	 */
	static int leastLikelyFound(final DataTable encoded, final String dataset) {
		final double[] marked = encoded.numeric(encoded.indexOf(EncodeColumn.OUTLIER.name(0)));
		final int n = encoded.rowCount();
		final DMatrixRMaj points = ColumnSelection.select(encoded, Datasets.COLUMNS).values();
		final double[] unlikely = new double[n];
		Datasets.density(dataset).logDensity(points, unlikely);
		for (int i = 0; i < n; i++) unlikely[i] = -unlikely[i];
		int k = 0;
		for (final double m : marked) if (m == 1) k++;
		final int[] rank = Outliers.rankAll(unlikely, n);
		int found = 0;
		for (int i = 0; i < n; i++) if (rank[i] <= k && marked[i] == 1) found++;
		return found;
	}

	/** Runs a command with key/value inputs; records {@code output} as a written file. */
	private static FlowCommand run(final FileHost host, final Class<? extends FlowCommand> type,
		final List<Path> written, final String output, final String... kv)
	{
		final Map<String, String> values = new LinkedHashMap<>();
		for (int i = 0; i < kv.length; i += 2) values.put(kv[i], kv[i + 1]);
		final FlowCommand c = Main.create(type.getSimpleName(), type, values, host);
		c.execute();
		if (written != null && output != null) written.add(new File(output).toPath());
		return c;
	}
}
