package sc.fiji.flowmodels.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The change-of-variables bookkeeping of whole flows. */
class FlowMathTest {

	/**
	 * log|det J| reported by encode equals the log-determinant of the Jacobian obtained by
	 * fourth-order finite differences of encode itself, for random flows with D = 1…6.
	 */
	@ParameterizedTest(name = "D = {0}")
	@ValueSource(ints = { 1, 2, 3, 4, 5, 6 })
	void logDetMatchesNumericalJacobian(final int dim) {
		for (final Architecture.PermutationKind kind : Architecture.PermutationKind.values()) {
			final Flow flow = TestFlows.random(dim, new int[] { 11, 6 }, 4, 100 + dim, kind);
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

	/** The reverse-mode Jacobian (used by the consistency check) agrees to rounding error. */
	@ParameterizedTest(name = "D = {0}")
	@ValueSource(ints = { 1, 2, 3, 6, 17 })
	void reverseModeJacobianMatchesLayerLogDets(final int dim) {
		final Flow flow = TestFlows.random(dim, new int[] { 12, 10 }, 5, 3 * dim, Architecture.PermutationKind.RANDOM);
		final DMatrixRMaj x = Batches.fromRows(TestFlows.randomRows(300, dim, new Random(5), 1.5));
		final double[] layers = flow.encode(x).logDetJ;
		final double[] full = flow.jacobianLogDet(x);
		for (int i = 0; i < x.numRows; i++) {
			assertEquals(layers[i], full[i], 1e-11 * Math.max(1, Math.abs(layers[i])));
		}
	}

	@ParameterizedTest(name = "D = {0}")
	@ValueSource(ints = { 1, 2, 3, 4, 7, 16 })
	void decodeInvertsEncodeAndAgreesOnDensities(final int dim) {
		// parameters of sd 0.1 make a flow about as well-conditioned as a trained one; the round
		// trip error of a flow grows with its condition (scales up to e^±clamp per coupling)
		final Flow flow = TestFlows.random(dim, new int[] { 16, 16 }, 6, 17 + dim, Architecture.PermutationKind.REVERSE, 0.1);
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

	@Test
	void newFlowIsTheStandardization() {
		final Standardize s = new Standardize(new double[] { 1, 2, 3 }, new double[] { 2, 4, 0.5 });
		final Flow flow = Flow.create(java.util.Arrays.asList("a", "b", "c"), new Architecture(3, new int[] { 8 }, 3, 2, Architecture.PermutationKind.REVERSE), s, 1);
		final DMatrixRMaj x = new DMatrixRMaj(new double[][] { { 3, 6, 3.5 } });
		final FlowResult r = flow.encode(x);
		// couplings start as the identity; the two permutations (reverse, reverse) cancel
		assertArrayEquals(new double[] { 1, 1, 1 }, r.points.data, 1e-15);
		final double expected = -0.5 * 3 - 1.5 * Math.log(2 * Math.PI) - Math.log(2 * 4 * 0.5);
		assertEquals(expected, r.logPx[0], 1e-14);
	}

	@Test
	void resultsDoNotDependOnThreads() {
		final Flow flow = TestFlows.random(3, 9);
		final DMatrixRMaj x = Batches.fromRows(TestFlows.randomRows(5000, 3, new Random(1), 1));
		flow.setThreads(1);
		final FlowResult one = flow.encode(x);
		flow.setThreads(3);
		final FlowResult three = flow.encode(x);
		assertArrayEquals(one.points.data, three.points.data, 0);
		assertArrayEquals(one.logPx, three.logPx, 0);
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
