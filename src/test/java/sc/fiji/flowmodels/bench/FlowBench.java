package sc.fiji.flowmodels.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.ejml.data.DMatrixRMaj;

import sc.fiji.flowmodels.data.Datasets;
import sc.fiji.flowmodels.flow.AffineMap;
import sc.fiji.flowmodels.flow.Coupling;
import sc.fiji.flowmodels.flow.ElementwiseMap;
import sc.fiji.flowmodels.flow.Architecture;
import sc.fiji.flowmodels.flow.Compute;
import sc.fiji.flowmodels.flow.Flow;
import sc.fiji.flowmodels.flow.Standardize;
import sc.fiji.flowmodels.train.Trainer;
import sc.fiji.flowmodels.train.TrainingListener;
import sc.fiji.flowmodels.train.TrainingOptions;

/**
 * In-process speed of the engine, one JSON line per workload (same fields as the PyTorch
 * reference's {@code bench/torch_bench.py}), for {@code bench/side_by_side.py}.
 * <ul>
 * <li>{@code train_a}: D = 2, 4 couplings of [256,256], batch 128; {@code train_b}: D = 2, 8 of
 * [64,64], batch 256; {@code train_c}: D = 16, 8 of [256,256], batch 256. A training step is
 * what {@link Trainer} does per minibatch: forward, backward, gradient reduction, clipping, Adam,
 * on a 12,800-row gmm8 pool (for D = 16, gmm8 in the first two columns, N(0, 0.1²) in the
 * others).</li>
 * <li>{@code encode}: z and log p_X of 100,000 points, D = 2, 4 couplings of [256,256].</li>
 * </ul>
 * Arguments: {@code only=train_a,encode reps=5 steps=200 threads=2 shape=30:8:256:128}; {@code coupling=affine|spline|both}
 * with {@code bins}, {@code tail} (as the Train keys; "both" alternates the kinds rep by rep, so that
 * their ratio is measured side by side). Train steps also report the process CPU time per step,
 * which other processes on a shared machine disturb less.
 */
public final class FlowBench {

	/**
	 * {@code precision=double|float|both}: the arithmetic of the networks' products; "both"
	 * alternates the two rep by rep, so that their ratio is measured side by side.
	 */
	static sc.fiji.flowmodels.flow.Precision[] PRECISIONS = { sc.fiji.flowmodels.flow.Precision.DOUBLE };
	/** The coupling maps measured (alternated rep by rep like the precisions). */
	static ElementwiseMap[] MAPS = { new AffineMap(2.0) };

	private FlowBench() {}

	public static void main(final String[] args) {
		final Gmm8Quality.Args a = new Gmm8Quality.Args(args);
		final int reps = a.integer("reps", 5);
		final int steps = a.integer("steps", 200);
		final int threads = a.integer("threads", Runtime.getRuntime().availableProcessors());
		if (java.util.stream.Stream.of(args).anyMatch(s -> s.equals("precision=float"))) PRECISIONS = new sc.fiji.flowmodels.flow.Precision[] { sc.fiji.flowmodels.flow.Precision.FLOAT };
		if (java.util.stream.Stream.of(args).anyMatch(s -> s.equals("precision=both"))) PRECISIONS = sc.fiji.flowmodels.flow.Precision.values();
		final String coupling = a.text("coupling", "affine");
		MAPS = coupling.equals("both") ? new ElementwiseMap[] { new Gmm8Quality.Args(new String[] { "coupling=affine" }).map(), new Gmm8Quality.Args(replace(args, "coupling=spline")).map() } : new ElementwiseMap[] { a.map() };
		final List<String> only = Arrays.asList((args.length > 0 && java.util.stream.Stream.of(args).anyMatch(s -> s.startsWith("only="))) ? java.util.stream.Stream.of(args).filter(s -> s.startsWith("only=")).findFirst().get().substring(5).split(",") : new String[] { "train_a", "train_b", "train_c", "encode" });
		if (only.contains("train_a")) train("train_a", 2, 4, 256, 128, reps, steps, threads);
		if (only.contains("train_b")) train("train_b", 2, 8, 64, 256, reps, steps, threads);
		if (only.contains("train_c")) train("train_c", 16, 8, 256, 256, reps, steps, threads);
		// shape=D:couplings:width:batch[,…]: training steps of other shapes (how time grows)
		for (final String shape : a.text("shape", "").split(",")) {
			if (shape.isEmpty()) continue;
			final String[] f = shape.split(":");
			train("shape_" + shape.replace(':', '_'), Integer.parseInt(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]),
				Integer.parseInt(f[3]), reps, steps, threads);
		}
		if (only.contains("encode")) encode(reps, threads);
	}

	/** The arguments with every {@code coupling=…} replaced by {@code coupling}. */
	private static String[] replace(final String[] args, final String coupling) {
		return java.util.stream.Stream.of(args).map(s -> s.startsWith("coupling=") ? coupling : s).toArray(String[]::new);
	}

	static DMatrixRMaj pool(final int dim, final int rows) {
		final DMatrixRMaj g = Datasets.gmm8(rows, 7);
		final DMatrixRMaj x = new DMatrixRMaj(rows, dim);
		final Random r = new Random(8);
		for (int i = 0; i < rows; i++) {
			x.set(i, 0, g.get(i, 0));
			x.set(i, 1, g.get(i, 1));
			for (int j = 2; j < dim; j++) x.set(i, j, 0.1 * r.nextGaussian());
		}
		return x;
	}

	private static List<String> names(final int d) {
		final List<String> n = new ArrayList<>();
		for (int j = 0; j < d; j++) n.add("c" + (j + 1));
		return n;
	}

	static void train(final String name, final int dim, final int couplings, final int width, final int batch,
		final int reps, final int steps, final int threads)
	{
		final int warm = 20;
		final DMatrixRMaj data = pool(dim, 12800);
		final int perEpoch = (12800 + batch - 1) / batch;
		final int epochs = (steps + warm + perEpoch - 1) / perEpoch;
		final int np = PRECISIONS.length * MAPS.length;
		final double[][] ms = new double[np][reps], cpu = new double[np][reps];
		for (int rep = -1; rep < reps; rep++) {
			for (int q = 0; q < np; q++) {
				final Architecture arch = new Architecture(dim, new int[] { width, width }, couplings, MAPS[q % MAPS.length], Architecture.PermutationKind.REVERSE);
				final long[] t = new long[2], c = new long[2];
				final int[] count = { 0 };
				final TrainingOptions o = new TrainingOptions().epochs(epochs).batch(batch).validation(0).threads(threads).seed(1 + rep).precision(PRECISIONS[q / MAPS.length]);
				Trainer.train(data, names(dim), arch, o, new TrainingListener() {

					@Override
					public void step(final int step, final double loss) {
						if (step == warm) {
							t[0] = System.nanoTime();
							c[0] = processCpu();
						}
						if (step == warm + steps) {
							t[1] = System.nanoTime();
							c[1] = processCpu();
							count[0] = steps;
						}
					}

					@Override
					public boolean isCanceled() {
						return t[1] != 0;
					}
				});
				if (rep >= 0) {
					ms[q][rep] = (t[1] - t[0]) / 1e6 / count[0];
					cpu[q][rep] = (c[1] - c[0]) / 1e6 / count[0];
				}
			}
		}
		for (int q = 0; q < np; q++) {
			final double[] sorted = ms[q].clone(), cpuSorted = cpu[q].clone();
			Arrays.sort(sorted);
			Arrays.sort(cpuSorted);
			System.out.println(String.format(Locale.ROOT, "{\"tool\": \"java\", \"workload\": \"train_step\", \"name\": \"%s\", \"dim\": %d, \"couplings\": %d, \"hidden\": [%d, %d], \"coupling\": \"%s\", \"batch\": %d, \"steps\": %d, \"reps\": %d, \"threads\": %d, \"precision\": \"%s\", \"ms_per_step_median\": %.3f, \"ms_per_step_min\": %.3f, \"ms_per_step_all\": %s, \"cpu_ms_per_step_median\": %.3f, \"java\": \"%s\", \"kernels\": \"%s\"}", name, dim, couplings, width, width, MAPS[q % MAPS.length].describe(), batch, steps, reps, threads, PRECISIONS[q / MAPS.length].name().toLowerCase(Locale.ROOT), sorted[reps / 2], sorted[0], Arrays.toString(ms[q]), cpuSorted[reps / 2], System.getProperty("java.version"), sc.fiji.flowmodels.flow.VectorProducts.describe()));
		}
	}

	/** CPU time of the whole process (all threads), ns: less sensitive than wall time to other processes. */
	static long processCpu() {
		return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
	}

	static void encode(final int reps, final int threads) {
		final int n = 100_000;
		final Flow[] flows = new Flow[MAPS.length];
		for (int k = 0; k < flows.length; k++) {
			flows[k] = Flow.create(names(2), new Architecture(2, new int[] { 256, 256 }, 4, MAPS[k], Architecture.PermutationKind.REVERSE), new Standardize(new double[2], new double[] { 1, 1 }), 1);
			final Random r = new Random(3);
			// trained-like weights: the output layers of a new flow are zero
			for (final Coupling c : flows[k].couplings()) {
				for (final double[] p : c.parameters()) for (int j = 0; j < p.length; j++) p[j] = 0.05 * r.nextGaussian();
				c.parametersChanged();
			}
		}
		final DMatrixRMaj x = pool(2, n);
		final int np = PRECISIONS.length * MAPS.length;
		final double[][] rate = new double[np][reps];
		for (int rep = -1; rep < reps; rep++) {
			for (int q = 0; q < np; q++) {
				final Flow flow = flows[q % MAPS.length];
				final Compute compute = Compute.of(threads, PRECISIONS[q / MAPS.length]);
				final long t0 = System.nanoTime();
				flow.encode(x, compute);
				if (rep >= 0) rate[q][rep] = n / ((System.nanoTime() - t0) / 1e9);
			}
		}
		for (int q = 0; q < np; q++) {
			final double[] sorted = rate[q].clone();
			Arrays.sort(sorted);
			System.out.println(String.format(Locale.ROOT, "{\"tool\": \"java\", \"workload\": \"encode\", \"dim\": 2, \"couplings\": 4, \"hidden\": [256, 256], \"coupling\": \"%s\", \"points\": %d, \"reps\": %d, \"threads\": %d, \"precision\": \"%s\", \"points_per_s_median\": %.0f, \"points_per_s_max\": %.0f, \"java\": \"%s\", \"kernels\": \"%s\"}", MAPS[q % MAPS.length].describe(), n, reps, threads, PRECISIONS[q / MAPS.length].name().toLowerCase(Locale.ROOT), sorted[reps / 2], sorted[reps - 1], System.getProperty("java.version"), sc.fiji.flowmodels.flow.VectorProducts.describe()));
		}
	}
}
