package sc.fiji.flowmodels.bench;

import java.util.Arrays;
import java.util.Locale;

import org.ejml.data.DMatrixRMaj;

import sc.fiji.flowmodels.data.Datasets;
import sc.fiji.flowmodels.flow.Architecture;
import sc.fiji.flowmodels.flow.ElementwiseMap;
import sc.fiji.flowmodels.train.EpochRecord;
import sc.fiji.flowmodels.train.FlowModel;
import sc.fiji.flowmodels.train.Trainer;
import sc.fiji.flowmodels.train.TrainingListener;
import sc.fiji.flowmodels.train.TrainingOptions;

/**
 * How closely a flow trained with the default settings fits the article's 8-bump mixture:
 * KL(p‖q) = E_p[log p(x) − log q(x)], estimated on held-out samples from the mixture with its
 * exact density. Not a test; run with {@code bench/gmm8-kl.sh}.
 * <p>
 * Arguments: {@code samples=4000 seeds=1,2,3 test=100000 epochs=100 couplings=8 hidden=256,256}
 * {@code coupling=affine|spline bins=8 tail=3 clamp=2} (as the Train keys)
 * and any training option ({@code lr}, {@code batch}, {@code patience}, {@code validation}, {@code l2});
 * {@code float=1} trains with float32 network arithmetic; {@code noise}, {@code averaging}, {@code init=0|1} (data-dependent start) override those defaults;
 * {@code marginal=spline mbins=8 mtail=3 mrate=10} adds column shapes (none by default: this bench
 * keeps the settings of its earlier rounds, 8 couplings of [256, 256]; Train's {@code auto} gives
 * 4,000 rows of 2 columns 16 couplings of [256, 256] and no column shapes);
 * {@code trainseed=S} trains every data seed with the training seed S (default: the data seed);
 * {@code top=K} also counts how many of the K rows truly least likely are among the flow's K
 * least likely rows, of its training table and of a fresh one; with it, {@code smooth=c1,c2,…}
 * also ranks by the flow's density averaged over 64 Gaussian jitters of each row (c column
 * standard deviations; the mean of the log densities, and the log of the mean density), and
 * {@code crossfit=K} / {@code ensemble=M} by the scores of {@link OutlierFlows} (K flows, each
 * trained without one fold; a mixture of M flows);
 * {@code save=DIR} writes each seed's model to {@code DIR/gmm8-COUPLING-seedS.json};
 * {@code history=1} also prints each epoch's training and validation NLL; {@code breakdown=1}
 * splits the KL by distance to the nearest bump centre and shows where the flow puts its mass. Besides the held-out
 * KL, each seed's line gives the same mean over the rows it was trained on (the gap between the
 * two is what the flow learned of those particular points).
 * With 4,000 samples, a 10 % validation split and batch 128, the default 100 epochs are
 * 2,900 minibatch steps.
 */
public final class Gmm8Quality {

	private Gmm8Quality() {}

	public static void main(final String[] args) {
		final Args a = new Args(args);
		final int samples = a.integer("samples", 4000);
		final int test = a.integer("test", 100000);
		final int couplings = a.integer("couplings", 8);
		final int[] hidden = a.ints("hidden", "256,256");
		final int[] seeds = a.ints("seeds", "1,2,3");
		final double[] kls = new double[seeds.length];
		final ElementwiseMap map = a.map();
		System.out.println(String.format(Locale.ROOT, "gmm8: %d training samples, %d held-out samples, %d couplings of %s, %s", samples, test, couplings, Arrays.toString(hidden), map.describe()));
		for (int s = 0; s < seeds.length; s++) {
			final long seed = seeds[s];
			final DMatrixRMaj train = Datasets.gmm8(samples, seed);
			final TrainingOptions o = new TrainingOptions().seed(a.integer("trainseed", (int) seed)).epochs(a.integer("epochs", 100)).batch(a.integer("batch", 128)).lr(a.number("lr", 1e-3)).validation(a.number("validation", 0.1)).patience(a.integer("patience", 10)).precision(a.integer("float", 0) == 1 ? sc.fiji.flowmodels.flow.Precision.FLOAT : sc.fiji.flowmodels.flow.Precision.DOUBLE)
				.l2(a.number("l2", 0)).noise(a.number("noise", new TrainingOptions().noise())).averaging(a.number("averaging", new TrainingOptions().averaging()))
				.dataInit(a.integer("init", 1) == 1).marginalRate(a.number("mrate", new TrainingOptions().marginalRate()));
			final int[] steps = { 0 };
			final long t0 = System.nanoTime();
			final FlowModel m = Trainer.train(train, Arrays.asList("x", "y"), new Architecture(2, hidden, couplings, map, Architecture.PermutationKind.REVERSE, a.marginal()), o, new TrainingListener() {

				@Override
				public void step(final int step, final double loss) {
					steps[0] = step;
				}

				@Override
				public void epoch(final EpochRecord r) {}
			});
			final double seconds = (System.nanoTime() - t0) / 1e9;
			if (!a.text("save", "").isEmpty()) {
				try {
					sc.fiji.flowmodels.io.ModelFile.write(m, java.nio.file.Paths.get(a.text("save", ""), "gmm8-" + map.kind().key() + "-seed" + seed + ".json"));
				}
				catch (final java.io.IOException e) {
					throw new java.io.UncheckedIOException(e);
				}
			}
			// held-out points: another seed's stream, never seen in training
			final DMatrixRMaj x = Datasets.gmm8(test, 1_000_003L + seed);
			final double[] diff = logRatios(m, x);
			final double kl = mean(diff);
			double var = 0;
			for (final double d : diff) var += (d - kl) * (d - kl);
			final double se = Math.sqrt(var / (test - 1) / test);
			// the same mean on the table it was trained on (training and validation rows): the gap to
			// the held-out figure is what the flow learned of these particular points
			final double[] trainDiff = logRatios(m, train);
			final double klTrain = mean(trainDiff);
			if (a.integer("breakdown", 0) == 1) {
				System.out.println("  log-ratio by distance to the nearest bump centre, in bump sd: band share%: mean (part of the KL)");
				System.out.println("    held-out points:       " + breakdown(x, diff, null));
				System.out.println("    training table:        " + breakdown(train, trainDiff, null));
				final DMatrixRMaj drawn = m.flow().sample(test, 1, 99 + seed).points;
				System.out.println("  where the mass lies: band share% of " + test + " points");
				final int[] perBump = new int[Datasets.GMM8_COMPONENTS];
				System.out.println("    sampled from the flow: " + breakdown(drawn, null, perBump));
				System.out.println("    from the mixture:      " + breakdown(x, null, null));
				System.out.println("  flow samples within 3 sd of bump k = 1…8: " + Arrays.toString(perBump));
			}
			final int top = a.integer("top", 0);
			if (top > 0) {
				final DMatrixRMaj fresh = Datasets.gmm8(samples, 2_000_003L + seed);
				System.out.println(String.format(Locale.ROOT, "  of the %d rows truly least likely, %d are among the flow's %d least likely rows of its training table (of a fresh table of as many rows: %d)", top, topOverlap(m, train, top), top,
					topOverlap(m, fresh, top)));
				if (a.integer("crossfit", 0) > 1 || a.integer("ensemble", 1) > 1) {
					final StringBuilder note = new StringBuilder();
					final double[] minus = OutlierFlows.scores(train, a, a.integer("trainseed", (int) seed), note)[0];
					for (int i = 0; i < minus.length; i++) minus[i] = -minus[i];
					System.out.println(String.format(Locale.ROOT, "  scored by %d folds, %d flows each (epochs %s): %d of %d", a.integer("crossfit", 1), a.integer("ensemble", 1), note.toString().trim(), topOverlap(minus, train, top), top));
				}
				for (final double c : a.numbers("smooth", "")) {
					final double[][] onTrain = smoothed(m, train, c), onFresh = smoothed(m, fresh, c);
					System.out.println(String.format(Locale.ROOT, "  smoothed by %.3f sd (64 draws): mean log p %d, log mean p %d of %d; fresh %d, %d", c,
						topOverlap(onTrain[0], train, top), topOverlap(onTrain[1], train, top), top, topOverlap(onFresh[0], fresh, top), topOverlap(onFresh[1], fresh, top)));
				}
			}
			Arrays.sort(diff);
			kls[s] = kl;
			if (a.integer("history", 0) == 1) {
				final StringBuilder h = new StringBuilder("  training / validation NLL by epoch:");
				for (final EpochRecord r : m.history().epochs()) h.append(String.format(Locale.ROOT, " %.3f/%.3f", r.trainNll, r.validationNll));
				System.out.println(h);
			}
			System.out.println(String.format(Locale.ROOT, "seed %d: KL %.4f ± %.4f nats (median %.3f, 99.9%% %.2f, max %.1f; on its training table %.4f); %d steps in %.1f s; %s", seed, kl, se, diff[test / 2], diff[test - test / 1000], diff[test - 1], klTrain, steps[0], seconds, m.history().message()));
		}
		final double[] sorted = kls.clone();
		Arrays.sort(sorted);
		System.out.println(String.format(Locale.ROOT, "KL(p||q) over seeds: median %.4f, min %.4f, max %.4f nats", median(sorted), sorted[0], sorted[sorted.length - 1]));
	}

	/** The median of sorted values (the mean of the middle two for an even count). */
	static double median(final double[] sorted) {
		final int n = sorted.length;
		return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
	}

	/** log p(x) − log q(x) for every row of {@code x}: the exact mixture density against the flow's. */
	private static double[] logRatios(final FlowModel m, final DMatrixRMaj x) {
		final double[] logQ = m.flow().logProb(x);
		final double[] r = new double[x.numRows];
		for (int i = 0; i < r.length; i++) r[i] = Datasets.gmm8LogDensity(x.get(i, 0), x.get(i, 1)) - logQ[i];
		return r;
	}

	/**
	 * How many of the k rows of {@code x} with the lowest exact mixture density are among the k
	 * rows with the lowest density under the flow.
	 */
	private static int topOverlap(final FlowModel m, final DMatrixRMaj x, final int k) {
		return topOverlap(m.flow().logProb(x), x, k);
	}

	/**
	 * Each row's log density under the flow averaged over 64 copies jittered by Gaussian noise of
	 * {@code c} times each column's spread: {the mean of log q, the log of the mean of q}.
	 */
	private static double[][] smoothed(final FlowModel m, final DMatrixRMaj x, final double c) {
		final int n = x.numRows, draws = 64;
		final double[] sd = sc.fiji.flowmodels.flow.Standardize.fit(sc.fiji.flowmodels.flow.Batches.toRows(x), n).std();
		final java.util.Random r = new java.util.Random(7);
		final DMatrixRMaj big = new DMatrixRMaj(n * draws, 2);
		for (int i = 0; i < n; i++) for (int k = 0; k < draws; k++) for (int j = 0; j < 2; j++) big.set(i * draws + k, j, x.get(i, j) + c * sd[j] * r.nextGaussian());
		final double[] lq = m.flow().logProb(big);
		final double[] meanLog = new double[n], logMean = new double[n];
		for (int i = 0; i < n; i++) {
			double max = Double.NEGATIVE_INFINITY, sum = 0, exp = 0;
			for (int k = 0; k < draws; k++) max = Math.max(max, lq[i * draws + k]);
			for (int k = 0; k < draws; k++) {
				sum += lq[i * draws + k];
				exp += Math.exp(lq[i * draws + k] - max);
			}
			meanLog[i] = sum / draws;
			logMean[i] = max + Math.log(exp / draws);
		}
		return new double[][] { meanLog, logMean };
	}

	private static int topOverlap(final double[] logQ, final DMatrixRMaj x, final int k) {
		final double[] logP = new double[x.numRows];
		for (int i = 0; i < logP.length; i++) logP[i] = Datasets.gmm8LogDensity(x.get(i, 0), x.get(i, 1));
		final java.util.Set<Integer> truth = new java.util.HashSet<>();
		for (final int i : lowest(logP, k)) truth.add(i);
		int both = 0;
		for (final int i : lowest(logQ, k)) if (truth.contains(i)) both++;
		return both;
	}

	private static int[] lowest(final double[] v, final int k) {
		final Integer[] idx = new Integer[v.length];
		for (int i = 0; i < idx.length; i++) idx[i] = i;
		Arrays.sort(idx, (p, q) -> Double.compare(v[p], v[q]));
		final int[] out = new int[k];
		for (int i = 0; i < k; i++) out[i] = idx[i];
		return out;
	}

	/** The bump centres: x and y of component k = 1…8 at index k − 1. */
	private static final double[][] MEANS = new double[2][Datasets.GMM8_COMPONENTS];
	static {
		Datasets.gmm8Means(MEANS[0], MEANS[1]);
	}

	/** Upper ends of the distance bands of {@link #breakdown}, in bump standard deviations. */
	private static final double[] RADII = { 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 5, 7, 10, Double.POSITIVE_INFINITY };

	/**
	 * The mean log-ratio split by each point's distance to its nearest bump centre (in bump
	 * standard deviations): for each band, the share of the points, their mean and its part of
	 * the overall mean; with {@code diff} null, only the shares. {@code withinThree}, if given,
	 * counts the rows within 3 sd of each bump.
	 */
	private static String breakdown(final DMatrixRMaj x, final double[] diff, final int[] withinThree) {
		final double[] count = new double[RADII.length], sum = new double[RADII.length];
		for (int i = 0; i < x.numRows; i++) {
			final double[] near = nearestBump(x, i);
			final double r = near[1];
			if (withinThree != null && r < 3) withinThree[(int) near[0]]++;
			int band = 0;
			while (r >= RADII[band]) band++;
			count[band]++;
			if (diff != null) sum[band] += diff[i];
		}
		final StringBuilder b = new StringBuilder();
		double lower = 0;
		for (int k = 0; k < RADII.length; k++) {
			b.append(String.format(Locale.ROOT, "[%.1f,%.1f) %.1f%%", lower, RADII[k], 100 * count[k] / x.numRows));
			if (diff != null) b.append(String.format(Locale.ROOT, ": %.3f (%.4f)", count[k] > 0 ? sum[k] / count[k] : 0, sum[k] / x.numRows));
			b.append("; ");
			lower = RADII[k];
		}
		return b.toString();
	}

	/** {index 0…7 of the nearest bump, distance to its centre in bump standard deviations} for row i. */
	private static double[] nearestBump(final DMatrixRMaj x, final int i) {
		final double[] mx = MEANS[0], my = MEANS[1];
		double best = Double.POSITIVE_INFINITY;
		int which = 0;
		for (int k = 0; k < mx.length; k++) {
			final double r = Math.hypot(x.get(i, 0) - mx[k], x.get(i, 1) - my[k]);
			if (r < best) {
				best = r;
				which = k;
			}
		}
		return new double[] { which, best / Datasets.GMM8_SD };
	}

	private static double mean(final double[] v) {
		double s = 0;
		for (final double d : v) s += d;
		return s / v.length;
	}

	/** key=value arguments (also for the benchmarks outside this package). */
	public static final class Args {

		private final java.util.Map<String, String> map = new java.util.HashMap<>();

		public Args(final String[] args) {
			for (final String s : args) {
				final int eq = s.indexOf('=');
				if (eq <= 0) throw new IllegalArgumentException("expected key=value: " + s);
				map.put(s.substring(0, eq), s.substring(eq + 1));
			}
		}

		public int integer(final String key, final int def) {
			return map.containsKey(key) ? Integer.parseInt(map.get(key)) : def;
		}

		public String text(final String key, final String def) {
			return map.containsKey(key) ? map.get(key) : def;
		}

		public double number(final String key, final double def) {
			return map.containsKey(key) ? Double.parseDouble(map.get(key)) : def;
		}

		/** The coupling map of the keys {@code coupling}, {@code clamp}, {@code bins}, {@code tail} (the Train keys and defaults). */
		public ElementwiseMap map() {
			final java.util.Map<String, Number> settings = new java.util.HashMap<>();
			settings.put("clamp", number("clamp", 2.0));
			settings.put("bins", integer("bins", 8));
			settings.put("tail", number("tail", 3.0));
			return ElementwiseMap.Kind.of(text("coupling", "affine")).create(settings);
		}

		/**
		 * The column shapes of the keys {@code marginal} ({@code none} or {@code spline}),
		 * {@code mbins}, {@code mtail} (default: {@code bins}, {@code tail}); null for none.
		 */
		public ElementwiseMap marginal() {
			if (text("marginal", "none").equals("none")) return null;
			final java.util.Map<String, Number> settings = new java.util.HashMap<>();
			settings.put("bins", integer("mbins", integer("bins", 8)));
			settings.put("tail", number("mtail", number("tail", 3.0)));
			return ElementwiseMap.Kind.of(text("marginal", "none")).create(settings);
		}

		double[] numbers(final String key, final String def) {
			final String v = map.containsKey(key) ? map.get(key) : def;
			return v.trim().isEmpty() ? new double[0] : Arrays.stream(v.split(",")).mapToDouble(s -> Double.parseDouble(s.trim())).toArray();
		}

		int[] ints(final String key, final String def) {
			return Arrays.stream((map.containsKey(key) ? map.get(key) : def).split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
		}
	}
}
