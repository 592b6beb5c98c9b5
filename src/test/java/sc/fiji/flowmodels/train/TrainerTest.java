package sc.fiji.flowmodels.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import sc.fiji.flowmodels.InputException;
import sc.fiji.flowmodels.flow.AffineMap;
import sc.fiji.flowmodels.flow.Coupling;
import sc.fiji.flowmodels.flow.ElementwiseMap;
import sc.fiji.flowmodels.flow.GradientCheckTest;
import sc.fiji.flowmodels.flow.SplineMap;
import sc.fiji.flowmodels.flow.Architecture;
import sc.fiji.flowmodels.flow.Batches;
import sc.fiji.flowmodels.flow.Flow;
import sc.fiji.flowmodels.flow.FlowResult;
import sc.fiji.flowmodels.flow.Precision;
import sc.fiji.flowmodels.flow.Standardize;
import sc.fiji.flowmodels.flow.Transform;
import sc.fiji.flowmodels.flow.VectorProducts;
import sc.fiji.flowmodels.train.TrainingHistory.StopReason;

class TrainerTest {

	static final List<String> XY = Arrays.asList("x", "y");

	/** Two noisy half circles, a small version of the moons. */
	static DMatrixRMaj moons(final int n, final long seed) {
		final Random r = new Random(seed);
		final DMatrixRMaj x = new DMatrixRMaj(n, 2);
		for (int i = 0; i < n; i++) {
			final double t = Math.PI * r.nextDouble();
			final boolean upper = i % 2 == 0;
			x.set(i, 0, (upper ? Math.cos(t) : 1 - Math.cos(t)) + 0.1 * r.nextGaussian());
			x.set(i, 1, (upper ? Math.sin(t) : 0.5 - Math.sin(t)) + 0.1 * r.nextGaussian());
		}
		return x;
	}

	static Architecture small() {
		return small(new AffineMap(2.0));
	}

	static Architecture small(final ElementwiseMap map) {
		return new Architecture(2, new int[] { 32, 32 }, 4, map, Architecture.PermutationKind.REVERSE);
	}

	/** The coupling kinds the training tests run with. */
	static Stream<ElementwiseMap> maps() {
		return Stream.of(new AffineMap(2.0), new SplineMap(8, 3));
	}

	/** Each coupling kind on the portable loops and, where the JVM has them, on the vector kernels. */
	static Stream<Arguments> mapsAndKernels() {
		return maps().flatMap(m -> Stream.of(false, true).filter(v -> !v || VectorProducts.enabled()).map(v -> Arguments.of(m, v)));
	}

	/**
	 * The gradient the trainer assembles from shards equals the finite-difference gradient of
	 * the mean NLL computed by the independent encode path.
	 */
	@ParameterizedTest(name = "{0}, vector kernels: {1}")
	@MethodSource("mapsAndKernels")
	void lossGradientMatchesFiniteDifferences(final ElementwiseMap map, final boolean vector) {
		final Random r = new Random(2);
		final Flow flow = Flow.create(XY, small(map), new Standardize(new double[] { 0.5, 0.2 }, new double[] { 0.9, 0.6 }), 4);
		for (final Coupling c : flow.couplings()) {
			for (final double[] p : c.parameters()) for (int j = 0; j < p.length; j++) p[j] = 0.2 * r.nextGaussian();
			c.parametersChanged();
		}
		final DMatrixRMaj data = moons(100, 3);
		final int rows = data.numRows;
		final Transform chain = flow.transform();
		// two shards of 64 and 36 rows, summed as the trainer does
		final double[][] all = Batches.toRows(data);
		final Transform.Evaluator a = chain.evaluator(64, Precision.DOUBLE, vector), b = chain.evaluator(64, Precision.DOUBLE, vector);
		final double loss = Trainer.lossAndGradient(a, Arrays.copyOfRange(copy(all), 0, 64), 64, 1.0 / rows, new double[64]) +
			Trainer.lossAndGradient(b, Arrays.copyOfRange(copy(all), 64, rows), rows - 64, 1.0 / rows, new double[64]);
		assertEquals(meanNll(flow, data), loss / rows, 1e-12);

		final List<double[]> params = chain.parameters();
		double worst = 0;
		int checked = 0;
		for (int k = 0; k < params.size(); k += 5) {
			final double[] p = params.get(k);
			for (int j = 0; j < p.length; j += 7) {
				final double keep = p[j];
				final int at = j;
				final double an = a.gradients().get(k)[j] + b.gradients().get(k)[j];
				worst = Math.max(worst, GradientCheckTest.error(an, step -> {
					p[at] = keep + step;
					chain.parametersChanged();
					final double l = meanNll(flow, data);
					p[at] = keep;
					chain.parametersChanged();
					return l;
				}));
				checked++;
			}
		}
		assertTrue(checked > 100);
		assertTrue(worst < 1e-6, "loss gradient off by " + worst);
	}

	private static double meanNll(final Flow flow, final DMatrixRMaj x) {
		double s = 0;
		for (final double v : flow.logProb(x)) s -= v;
		return s / x.numRows;
	}

	private static double[][] copy(final double[][] x) {
		final double[][] c = new double[x.length][];
		for (int i = 0; i < x.length; i++) c[i] = x[i].clone();
		return c;
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("maps")
	void dataDependentStartKeepsTheIdentityAndGivesUnitSpread(final ElementwiseMap map) {
		final DMatrixRMaj data = moons(700, 4);
		final double[][] rows = Batches.toRows(data);
		final Standardize s = Standardize.fit(rows, rows.length);
		final Flow flow = Flow.create(XY, small(map), s, 5);
		Trainer.initializeFromData(flow, rows, new Random(6));
		// still the identity after standardization: the NLL is the Gaussian fit's
		final double gaussian = Math.log(2 * Math.PI * Math.E) + Math.log(s.std()[0] * s.std()[1]);
		assertEquals(gaussian, meanNll(flow, data), 1e-12);
		// the first coupling sees the standardized first column (spread 1), so each first-layer
		// weight is ±1; every unit's kink sits at one of the rows
		final Coupling first = (Coupling) ((sc.fiji.flowmodels.flow.Chain) flow.transform()).parts().stream()
			.filter(t -> t instanceof Coupling).findFirst().get();
		final double[] w = first.mlp().weights(0)[0], b = first.mlp().bias(0);
		for (int j = 0; j < w.length; j++) {
			assertEquals(1, Math.abs(w[j]), 1e-9, "unit " + j);
			boolean atARow = false;
			for (final double[] r : rows) atARow |= Math.abs((r[0] - s.mean()[0]) / s.std()[0] * w[j] + b[j]) < 1e-9;
			assertTrue(atARow, "unit " + j + " bends at a data row");
		}
	}

	/**
	 * D = 1: each spline coupling is a learned monotone spline of the column (its network has no
	 * inputs), so the flow can give one column two modes, which the affine flow (a Gaussian
	 * after standardization) cannot.
	 */
	@Test
	void aSingleColumnBecomesBimodalWithSplines() {
		// an equal mixture of Gamma(2, 1) and Gamma(20, 0.4) (sums of exponentials): modes near 1 and 7.6
		final Random r = new Random(12);
		final DMatrixRMaj x = new DMatrixRMaj(3000, 1);
		for (int i = 0; i < x.numRows; i++) {
			final boolean first = i % 2 == 0;
			double v = 0;
			for (int k = 0; k < (first ? 2 : 20); k++) v -= (first ? 1 : 0.4) * Math.log(1 - r.nextDouble());
			x.set(i, 0, v);
		}
		final List<String> col = Arrays.asList("v");
		final TrainingOptions o = new TrainingOptions().epochs(40).seed(1);
		final FlowModel spline = Trainer.train(x, col, new Architecture(1, new int[] { 8 }, 4, new SplineMap(8, 3), Architecture.PermutationKind.REVERSE), o, null);
		final FlowModel affine = Trainer.train(x, col, new Architecture(1, new int[] { 8 }, 4, 2.0, Architecture.PermutationKind.REVERSE), o, null);
		final DMatrixRMaj grid = new DMatrixRMaj(241, 1);
		for (int i = 0; i < grid.numRows; i++) grid.set(i, 0, -1 + 0.05 * i);
		assertEquals(2, modes(spline.flow().logProb(grid)), "modes of the spline flow's density");
		assertEquals(1, modes(affine.flow().logProb(grid)), "modes of the affine flow's density");
		assertTrue(meanNll(spline.flow(), x) < meanNll(affine.flow(), x) - 0.2, "spline NLL " + meanNll(spline.flow(), x) + ", affine " + meanNll(affine.flow(), x));
	}

	/** Local maxima of a sampled curve that stand at least 0.5 (in log) above the lowest point on each side. */
	private static int modes(final double[] logP) {
		int count = 0;
		for (int i = 1; i < logP.length - 1; i++) {
			if (!(logP[i] >= logP[i - 1] && logP[i] > logP[i + 1])) continue;
			double left = logP[i], right = logP[i];
			for (int j = i; j >= 0 && logP[j] <= logP[i]; j--) left = Math.min(left, logP[j]);
			for (int j = i; j < logP.length && logP[j] <= logP[i]; j++) right = Math.min(right, logP[j]);
			if (logP[i] - left >= 0.5 && logP[i] - right >= 0.5) count++;
		}
		return count;
	}

	@Test
	void withoutValidationKeepsTheLastEpochsWeights() {
		final DMatrixRMaj data = moons(600, 8);
		final FlowModel m = Trainer.train(data, XY, small(), new TrainingOptions().epochs(15).batch(64).validation(0).seed(2), null);
		assertEquals(StopReason.COMPLETED, m.history().stopReason());
		assertEquals(15, m.history().bestEpoch(), m.history().message());
		// the kept (averaged) weights fit the data far better than the start, a Gaussian
		final Standardize s = Standardize.fit(Batches.toRows(data), data.numRows);
		final double gaussian = Math.log(2 * Math.PI * Math.E) + Math.log(s.std()[0] * s.std()[1]);
		final double nll = meanNll(m.flow(), data);
		assertTrue(nll < gaussian - 0.3, "NLL " + nll + " vs the Gaussian fit " + gaussian);
	}

	@Test
	void learnsTheMoonsAndRoundTripsExactly() {
		final DMatrixRMaj data = moons(1000, 1);
		final FlowModel m = Trainer.train(data, XY, small(), new TrainingOptions().epochs(100).batch(64).seed(3), null);
		// the best Gaussian's NLL is D/2·log(2πe) + Σ log std, what a new flow (just the
		// standardization) scores; a fitted flow must do far better on two moons
		final Standardize s = Standardize.fit(Batches.toRows(data), data.numRows);
		final double gaussian = Math.log(2 * Math.PI * Math.E) + Math.log(s.std()[0] * s.std()[1]);
		final List<EpochRecord> e = m.history().epochs();
		assertTrue(e.get(0).trainNll < gaussian + 0.1, "the first epoch does no worse than the Gaussian fit");
		final double best = e.get(m.history().bestEpoch() - 1).validationNll;
		assertTrue(best < gaussian - 0.5, "validation NLL " + best + " vs Gaussian " + gaussian);
		final FlowResult enc = m.flow().encode(data);
		final FlowResult dec = m.flow().decode(enc.points);
		double worst = 0;
		for (int k = 0; k < data.data.length; k++) worst = Math.max(worst, Math.abs(data.data[k] - dec.points.data[k]));
		assertTrue(worst <= 1e-12, "round trip " + worst);
	}

	/**
	 * On the kernels this JVM has (the vector kernels when the test JVM has the module, as the
	 * build's tests on Java 17+ do), in both precisions of the products.
	 */
	@ParameterizedTest(name = "{0}")
	@MethodSource("maps")
	void sameSeedSameModelWhateverTheThreads(final ElementwiseMap map) {
		final DMatrixRMaj data = moons(700, 5);
		for (final Precision precision : Precision.values()) {
			final TrainingOptions one = new TrainingOptions().epochs(3).batch(200).threads(1).seed(9).precision(precision);
			final TrainingOptions two = new TrainingOptions().epochs(3).batch(200).threads(2).seed(9).precision(precision);
			final TrainingOptions four = new TrainingOptions().epochs(3).batch(200).threads(4).seed(9).precision(precision);
			final double[] a = weights(Trainer.train(data, XY, small(map), one, null));
			assertArrayEquals(a, weights(Trainer.train(data, XY, small(map), two, null)), 0, precision.name());
			assertArrayEquals(a, weights(Trainer.train(data, XY, small(map), four, null)), 0, precision.name());
			final double[] other = weights(Trainer.train(data, XY, small(map), new TrainingOptions().epochs(3).batch(200).seed(10).precision(precision), null));
			assertFalse(Arrays.equals(a, other), "another seed gives another model");
		}
	}

	/** Wide input and output layers (12 columns, layers of 44: vector blocks, single vectors, tails). */
	@Test
	void sameSeedSameWideModelWhateverTheThreads() {
		final Random r = new Random(12);
		final List<String> columns = new ArrayList<>();
		final DMatrixRMaj data = new DMatrixRMaj(500, 12);
		for (int j = 0; j < 12; j++) columns.add("c" + j);
		for (int i = 0; i < data.getNumElements(); i++) data.data[i] = r.nextGaussian() + (i % 12 == 3 ? data.data[i - 1] : 0);
		final Architecture wide = new Architecture(12, new int[] { 44, 44 }, 3, new AffineMap(2.0), Architecture.PermutationKind.REVERSE);
		final double[] a = weights(Trainer.train(data, columns, wide, new TrainingOptions().epochs(2).batch(300).threads(1).seed(3), null));
		assertArrayEquals(a, weights(Trainer.train(data, columns, wide, new TrainingOptions().epochs(2).batch(300).threads(3).seed(3), null)), 0);
	}

	static double[] weights(final FlowModel m) {
		final List<double[]> p = m.flow().transform().parameters();
		int n = 0;
		for (final double[] a : p) n += a.length;
		final double[] all = new double[n];
		int k = 0;
		for (final double[] a : p) {
			System.arraycopy(a, 0, all, k, a.length);
			k += a.length;
		}
		return all;
	}

	/** Tables of continuous values draw no grid noise: their models are what they were before dequantization existed. */
	@Test
	void dequantizingLeavesContinuousTablesAsTheyWere() {
		final DMatrixRMaj data = moons(400, 6);
		final TrainingOptions o = new TrainingOptions().epochs(3).batch(100).seed(4);
		assertArrayEquals(weights(Trainer.train(data, XY, small(), o.dequantize(false), null)), weights(Trainer.train(data, XY, small(), o.dequantize(true), null)), 0);
	}

	/**
	 * A count column (Poisson, mean 2) and a column that follows it, 1,000 rows: trained on the
	 * counts as they are, 8 couplings of [64,64] grow density spikes on the counts (about 2 nats
	 * above half a step beside them, seeds 1 and 2; 6.6–35 nats at the default size, see
	 * bench/GridSpikes); spread over their grid cells, the density is about as high between the
	 * counts as on them.
	 */
	@Test
	void countsDoNotGrowDensitySpikes() {
		final Random r = new Random(1);
		final int n = 1000;
		final DMatrixRMaj x = new DMatrixRMaj(n, 2), between = new DMatrixRMaj(n, 2);
		for (int i = 0; i < n; i++) {
			int k = 0;
			for (double p = Math.exp(-2), u = r.nextDouble(), c = p; u > c; c += p) p *= 2.0 / ++k;
			final double y = k + r.nextGaussian();
			x.set(i, 0, k);
			x.set(i, 1, y);
			between.set(i, 0, k + 0.5);
			between.set(i, 1, y);
		}
		final Architecture arch = new Architecture(2, new int[] { 64, 64 }, 8, new AffineMap(2.0), Architecture.PermutationKind.REVERSE);
		final double[] spike = new double[2];
		for (final boolean dequantize : new boolean[] { false, true }) {
			final Flow f = Trainer.train(x, Arrays.asList("count", "y"), arch, new TrainingOptions().epochs(50).seed(1).dequantize(dequantize), null).flow();
			final double[] on = f.encode(x).logPx, off = f.encode(between).logPx;
			for (int i = 0; i < n; i++) spike[dequantize ? 1 : 0] += (on[i] - off[i]) / n;
		}
		assertTrue(spike[0] > 1, "without dequantization the flow learns spikes on the counts: " + spike[0] + " nats");
		assertTrue(spike[1] < 0.5, "spread over their cells, the counts are no spikes: " + spike[1] + " nats");
	}

	@Test
	void earlyStoppingKeepsTheBestEpoch() {
		final DMatrixRMaj data = moons(300, 2);
		final FlowModel m = Trainer.train(data, XY, new Architecture(2, new int[] { 64, 64 }, 6, 2, Architecture.PermutationKind.REVERSE), new TrainingOptions().epochs(300).batch(32).lr(3e-3).patience(5).validation(0.3), null);
		final TrainingHistory h = m.history();
		assertEquals(StopReason.EARLY_STOPPED, h.stopReason(), h.message());
		final int best = h.bestEpoch();
		assertEquals(best + 5, h.epochs().size(), "stops 'patience' epochs after the best");
		double min = Double.POSITIVE_INFINITY;
		for (final EpochRecord r : h.epochs()) min = Math.min(min, r.validationNll);
		assertEquals(min, h.epochs().get(best - 1).validationNll, 0);
	}

	@Test
	void divergenceStopsAndKeepsFiniteWeights() {
		final DMatrixRMaj data = moons(400, 4);
		final FlowModel m = Trainer.train(data, XY, small(), new TrainingOptions().epochs(50).lr(1e6).gradientClip(1e12).validation(0), null);
		final TrainingHistory h = m.history();
		assertEquals(StopReason.DIVERGED, h.stopReason(), h.message());
		assertTrue(h.message().contains("NaN or infinite"), h.message());
		for (final double v : m.flow().logProb(data)) assertTrue(Double.isFinite(v));
		for (final double v : weights(m)) assertTrue(Double.isFinite(v));
	}

	@Test
	void cancelStopsCleanlyWithAConsistentModel() {
		final DMatrixRMaj data = moons(2000, 6);
		final int[] steps = { 0 };
		final FlowModel m = Trainer.train(data, XY, small(), new TrainingOptions().epochs(100), cancelAfter(40, steps));
		assertEquals(StopReason.CANCELED, m.history().stopReason());
		assertEquals(40, steps[0]);
		final FlowResult enc = m.flow().encode(data);
		final FlowResult dec = m.flow().decode(enc.points);
		for (int k = 0; k < data.data.length; k++) assertEquals(data.data[k], dec.points.data[k], 1e-12);
	}

	@Test
	void twoTrainingsAtOnceDoNotInterfere() throws Exception {
		final DMatrixRMaj a = moons(800, 11), b = moons(600, 12);
		final TrainingOptions oa = new TrainingOptions().epochs(4).seed(1), ob = new TrainingOptions().epochs(5).seed(2).batch(64);
		final double[] aloneA = weights(Trainer.train(a, XY, small(), oa, null));
		final double[] aloneB = weights(Trainer.train(b, XY, small(), ob, null));
		final java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
		try {
			final java.util.concurrent.Future<FlowModel> fa = pool.submit(() -> Trainer.train(a, XY, small(), oa, null));
			final java.util.concurrent.Future<FlowModel> fb = pool.submit(() -> Trainer.train(b, XY, small(), ob, null));
			assertArrayEquals(aloneA, weights(fa.get()), 0);
			assertArrayEquals(aloneB, weights(fb.get()), 0);
		}
		finally {
			pool.shutdown();
		}
	}

	@Test
	void aCancelledModelSavesAndLoads(@org.junit.jupiter.api.io.TempDir final java.nio.file.Path dir) throws Exception {
		final DMatrixRMaj data = moons(1000, 6);
		final FlowModel m = Trainer.train(data, XY, small(), new TrainingOptions().epochs(100), cancelAfter(19, new int[1]));
		final java.nio.file.Path file = dir.resolve("cancelled.json");
		sc.fiji.flowmodels.io.ModelFile.write(m, file);
		final FlowModel back = sc.fiji.flowmodels.io.ModelFile.read(file);
		assertEquals(StopReason.CANCELED, back.history().stopReason());
		assertArrayEquals(m.flow().logProb(data), back.flow().logProb(data), 0);
	}

	/** A listener that counts steps in {@code steps[0]} and cancels after {@code n}. */
	static TrainingListener cancelAfter(final int n, final int[] steps) {
		return new TrainingListener() {

			@Override
			public void step(final int step, final double loss) {
				steps[0] = step;
			}

			@Override
			public boolean isCanceled() {
				return steps[0] >= n;
			}
		};
	}

	@Test
	void refusesConstantColumnsAndTooFewRows() {
		final DMatrixRMaj c = new DMatrixRMaj(new double[][] { { 1, 5 }, { 2, 5 }, { 3, 5 }, { 4, 5 } });
		final InputException e = assertThrows(InputException.class, () -> Trainer.train(c, XY, small(), new TrainingOptions().validation(0), null));
		assertTrue(e.getMessage().contains("'y'"), e.getMessage());
		assertThrows(InputException.class, () -> Trainer.train(new DMatrixRMaj(1, 2), XY, small(), new TrainingOptions(), null));
	}

	@Test
	void optionsRejectBadValues() {
		assertThrows(InputException.class, () -> new TrainingOptions().epochs(-3));
		assertThrows(InputException.class, () -> new TrainingOptions().validation(1.5));
		assertThrows(InputException.class, () -> new TrainingOptions().lr(0));
		assertThrows(InputException.class, () -> new TrainingOptions().lr(Double.NaN));
		assertThrows(InputException.class, () -> new TrainingOptions().batch(0));
		assertThrows(InputException.class, () -> new TrainingOptions().l2(-1));
	}
}
