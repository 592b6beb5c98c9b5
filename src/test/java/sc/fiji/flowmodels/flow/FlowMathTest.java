package sc.fiji.flowmodels.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The change-of-variables bookkeeping of whole flows. */
class FlowMathTest {

	/**
	 * log|det J| reported by encode equals the log-determinant of the Jacobian obtained by
	 * fourth-order finite differences of encode itself, for random flows with D = 1…6.
	 */
	/**
	 * Parameter sd of the random test flows. The spline's network outputs are softmax logits and
	 * slopes, which at sd 0.4 already give bins of widths 100 times apart and log|det J| of −20
	 * over 5 couplings in 4 dimensions (a Jacobian whose LU loses 1e-10); sd 0.25 gives splines as
	 * bent as the affine flows at 0.4.
	 */
	static double scale(final ElementwiseMap map) {
		return map instanceof SplineMap ? 0.25 : 0.4;
	}

	/** Each coupling kind with D = 1 … 6. */
	static Stream<Arguments> mapsAndDimensions() {
		final Stream.Builder<Arguments> b = Stream.builder();
		for (final ElementwiseMap map : TestFlows.maps()) {
			for (int dim = 1; dim <= 6; dim++) b.add(Arguments.of(map, dim));
		}
		return b.build();
	}

	@ParameterizedTest(name = "{0}, D = {1}")
	@MethodSource("mapsAndDimensions")
	void logDetMatchesNumericalJacobian(final ElementwiseMap map, final int dim) {
		for (final Architecture.PermutationKind kind : Architecture.PermutationKind.values()) {
			final Flow flow = TestFlows.random(dim, new int[] { 11, 6 }, 4, 100 + dim, kind, scale(map), map);
			final Random r = new Random(dim);
			final DMatrixRMaj x = Batches.fromRows(TestFlows.randomRows(7, dim, r, 2.0));
			final FlowResult enc = flow.encode(x);
			final double h = 1e-4;
			final double[] steps = { -2, -1, 1, 2 };
			for (int i = 0; i < x.numRows; i++) {
				final DMatrixRMaj jac = new DMatrixRMaj(dim, dim);
				for (int p = 0; p < dim; p++) {
					final DMatrixRMaj shifted = new DMatrixRMaj(4, dim);
					for (int q = 0; q < 4; q++) {
						for (int j = 0; j < dim; j++) shifted.set(q, j, x.get(i, j));
						shifted.add(q, p, steps[q] * h);
					}
					final DMatrixRMaj z = flow.encode(shifted).points;
					for (int j = 0; j < dim; j++) {
						final double d = (z.get(0, j) - 8 * z.get(1, j) + 8 * z.get(2, j) - z.get(3, j)) / (12 * h);
						jac.set(j, p, d);
					}
				}
				final double numeric = Math.log(Math.abs(CommonOps_DDRM.det(jac)));
				assertEquals(numeric, enc.logDetJ[i], 1e-7, "row " + i + " " + kind);
			}
		}
	}

	/**
	 * The reverse-mode Jacobian (used by the consistency check: LU of the full D×D matrix) agrees
	 * to rounding error: at D = 17 the determinant amplifies it to 8e-12 relative with the portable
	 * loops and 1.8e-11 with the vector kernels' fused multiply-adds (another rounding, not a worse
	 * one: D = 3 and 6 agree as closely either way).
	 */
	@ParameterizedTest(name = "{0}, D = {1}")
	@MethodSource("mapsAndDimensions")
	void reverseModeJacobianMatchesLayerLogDets(final ElementwiseMap map, final int dim) {
		final Flow flow = TestFlows.random(dim, new int[] { 12, 10 }, 5, 3 * dim, Architecture.PermutationKind.RANDOM, scale(map), map);
		final DMatrixRMaj x = Batches.fromRows(TestFlows.randomRows(300, dim, new Random(5), 1.5));
		final double[] layers = flow.encode(x).logDetJ;
		final double[] full = flow.jacobianLogDet(x, Compute.defaults());
		for (int i = 0; i < x.numRows; i++) {
			assertEquals(layers[i], full[i], 5e-11 * Math.max(1, Math.abs(layers[i])));
		}
	}

	@ParameterizedTest(name = "{0}, D = {1}")
	@MethodSource("mapsAndDimensions")
	void decodeInvertsEncodeAndAgreesOnDensities(final ElementwiseMap map, final int dim) {
		// parameters of sd 0.1 make a flow about as well-conditioned as a trained one; the round
		// trip error of a flow grows with its condition (scales up to e^±clamp per coupling)
		final Flow flow = TestFlows.random(dim, new int[] { 16, 16 }, 6, 17 + dim, Architecture.PermutationKind.REVERSE, 0.1, map);
		final DMatrixRMaj x = Batches.fromRows(TestFlows.randomRows(1000, dim, new Random(3), 2.0));
		final FlowResult enc = flow.encode(x);
		final FlowResult dec = flow.decode(enc.points);
		double worst = 0;
		for (int k = 0; k < x.data.length; k++) {
			worst = Math.max(worst, Math.abs(x.data[k] - dec.points.data[k]) / Math.max(1, Math.abs(x.data[k])));
		}
		assertTrue(worst <= 1e-12, "round trip error " + worst);
		for (int i = 0; i < x.numRows; i++) {
			assertEquals(enc.logPx[i], enc.logPz[i] + enc.logDetJ[i], 1e-12 * Math.max(1, Math.abs(enc.logPx[i])));
			assertEquals(enc.logPx[i], dec.logPx[i], 1e-10 * Math.max(1, Math.abs(enc.logPx[i])));
			assertEquals(enc.logDetJ[i], dec.logDetJ[i], 1e-10 * Math.max(1, Math.abs(enc.logDetJ[i])));
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("maps")
	void newFlowIsTheStandardization(final ElementwiseMap map) {
		final Standardize s = new Standardize(new double[] { 1, 2, 3 }, new double[] { 2, 4, 0.5 });
		final Flow flow = Flow.create(java.util.Arrays.asList("a", "b", "c"), new Architecture(3, new int[] { 8 }, 3, map, Architecture.PermutationKind.REVERSE), s, 1);
		final DMatrixRMaj x = new DMatrixRMaj(new double[][] { { 3, 6, 3.5 }, { -7, 0.3, 0.25 } });
		final FlowResult r = flow.encode(x);
		// couplings start as the identity, bit for bit; the two permutations (reverse, reverse) cancel
		final FlowResult standardized = new Flow(flow.columns(), new Architecture(3, new int[] { 8 }, 1, map, Architecture.PermutationKind.REVERSE), s, flow.couplings().subList(0, 1), java.util.Collections.emptyList()).encode(x);
		assertArrayEquals(new double[] { 1, 1, 1, -4, -0.425, -5.5 }, r.points.data, 1e-15);
		assertArrayEquals(standardized.points.data, r.points.data, 0);
		assertArrayEquals(new double[] { 0, 0 }, new double[] { r.logDetJ[0] - standardized.logDetJ[0], r.logDetJ[1] - standardized.logDetJ[1] }, 0);
		final double expected = -0.5 * 3 - 1.5 * Math.log(2 * Math.PI) - Math.log(2 * 4 * 0.5);
		assertEquals(expected, r.logPx[0], 1e-14);
	}

	static ElementwiseMap[] maps() {
		return TestFlows.maps();
	}

	/** The architecture's parameter count, which memory budgets use, is what the flow holds. */
	@ParameterizedTest(name = "{0}")
	@MethodSource("maps")
	void parameterCountIsTheFlows(final ElementwiseMap map) {
		for (final int dim : new int[] { 1, 2, 5 }) {
			final Flow flow = TestFlows.random(dim, new int[] { 7, 3 }, 3, 1, Architecture.PermutationKind.REVERSE, 0.1, map);
			long n = 0;
			for (final double[] p : flow.transform().parameters()) n += p.length;
			assertEquals(n, flow.architecture().parameterCount());
		}
	}

	@Test
	void resultsDoNotDependOnThreads() {
		final Flow flow = TestFlows.random(3, 9);
		final DMatrixRMaj x = Batches.fromRows(TestFlows.randomRows(5000, 3, new Random(1), 1));
		final FlowResult one = flow.encode(x, Compute.of(1, Precision.DOUBLE));
		final FlowResult three = flow.encode(x, Compute.of(3, Precision.DOUBLE));
		assertArrayEquals(one.points.data, three.points.data, 0);
		assertArrayEquals(one.logPx, three.logPx, 0);
	}

	/**
	 * Threads and precision are settings of the call: calls with different ones on one flow (as
	 * commands share a cached model, and Spark tasks an executor's) run side by side and each
	 * gives exactly what a flow of its own gives.
	 */
	@Test
	void callsWithDifferentSettingsShareAFlowWithoutAffectingEachOther() throws Exception {
		final Flow shared = TestFlows.random(3, 9), alone = TestFlows.random(3, 9);
		final DMatrixRMaj x = Batches.fromRows(TestFlows.randomRows(3000, 3, new Random(2), 1));
		final Compute one = Compute.of(1, Precision.DOUBLE), three = Compute.of(3, Precision.DOUBLE), inFloat = Compute.of(2, Precision.FLOAT);
		final FlowResult exact = alone.encode(x, one), fast = alone.encode(x, inFloat);
		final double[] fullLogDet = alone.jacobianLogDet(x, one), floatDensity = new double[x.numRows];
		alone.density(Precision.FLOAT).logDensity(x, floatDensity);
		assertFalse(Arrays.equals(exact.logPx, fast.logPx), "the float calls really compute in float");
		final List<Callable<Object>> calls = new ArrayList<>();
		for (int r = 0; r < 10; r++) {
			calls.add(() -> same(exact, shared.encode(x, one)));
			calls.add(() -> same(exact, shared.encode(x, three)));
			calls.add(() -> same(fast, shared.encode(x, inFloat)));
			calls.add(() -> {
				assertArrayEquals(fullLogDet, shared.jacobianLogDet(x, three), 0);
				return null;
			});
			calls.add(() -> {
				final double[] density = new double[x.numRows];
				shared.density(Precision.FLOAT).logDensity(x, density);
				assertArrayEquals(floatDensity, density, 0);
				shared.logDensity(x, density);
				assertArrayEquals(exact.logPx, density, 0);
				return null;
			});
		}
		final ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			for (final Future<Object> f : pool.invokeAll(calls)) f.get();
		}
		finally {
			pool.shutdownNow();
		}
		same(exact, shared.encode(x));
	}

	private static Object same(final FlowResult expected, final FlowResult actual) {
		assertArrayEquals(expected.points.data, actual.points.data, 0);
		assertArrayEquals(expected.logPx, actual.logPx, 0);
		assertArrayEquals(expected.logDetJ, actual.logDetJ, 0);
		return null;
	}

	@Test
	void sampleIsSeeded() {
		final Flow flow = TestFlows.random(2, 4);
		assertArrayEquals(flow.sample(50, 1, 7).points.data, flow.sample(50, 1, 7).points.data, 0);
		final DMatrixRMaj z = flow.sampleLatent(20000, 0.5, 3);
		double sq = 0;
		for (final double v : z.data) sq += v * v;
		assertEquals(0.25, sq / z.data.length, 0.01, "temperature scales the latent sd");
	}
}
