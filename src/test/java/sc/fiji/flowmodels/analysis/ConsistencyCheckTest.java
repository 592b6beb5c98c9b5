package sc.fiji.flowmodels.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import sc.fiji.flowmodels.flow.AffineMap;
import sc.fiji.flowmodels.flow.Coupling;
import sc.fiji.flowmodels.flow.ElementwiseMap;
import sc.fiji.flowmodels.flow.SplineMap;
import sc.fiji.flowmodels.flow.Architecture;
import sc.fiji.flowmodels.flow.Compute;
import sc.fiji.flowmodels.flow.Flow;
import sc.fiji.flowmodels.flow.Standardize;
import sc.fiji.flowmodels.train.FlowModel;
import sc.fiji.flowmodels.train.Trainer;
import sc.fiji.flowmodels.train.TrainingOptions;

class ConsistencyCheckTest {

	static Stream<ElementwiseMap> maps() {
		return Stream.of(new AffineMap(2.0), new SplineMap(8, 3));
	}

	static DMatrixRMaj ring(final int n, final long seed) {
		final Random r = new Random(seed);
		final DMatrixRMaj x = new DMatrixRMaj(n, 2);
		for (int i = 0; i < n; i++) {
			final double a = 2 * Math.PI * r.nextDouble();
			x.set(i, 0, 3 * Math.cos(a) + 0.2 * r.nextGaussian() + 10);
			x.set(i, 1, 3 * Math.sin(a) + 0.2 * r.nextGaussian() - 4);
		}
		return x;
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("maps")
	void trainedFlowPassesAtDoublePrecisionTolerance(final ElementwiseMap map) {
		final DMatrixRMaj x = ring(1500, 1);
		final FlowModel m = Trainer.train(x, Arrays.asList("x", "y"), new Architecture(2, new int[] { 64, 64 }, 6, map, Architecture.PermutationKind.REVERSE), new TrainingOptions().epochs(30).seed(2), null);
		final ConsistencyCheck.Report withInput = ConsistencyCheck.run(m.flow(), Compute.defaults(), x, 1000, 1, 1e-9);
		assertTrue(withInput.passed(), withInput.format());
		assertTrue(withInput.worst() < 1e-10, withInput.format());
		final ConsistencyCheck.Report sampled = ConsistencyCheck.run(m.flow(), Compute.defaults(), null, 1000, 1, 1e-9);
		assertTrue(sampled.passed(), sampled.format());
		assertEquals(11, sampled.rows.size());
		assertTrue(sampled.format().contains("PASS"));
		// the quantities compared are real log-densities, not zeros
		final ConsistencyCheck.Row lp = sampled.rows.get(0);
		assertEquals("log_px_direct", lp.quantity);
		assertTrue(lp.std > 0.1 && Math.abs(lp.mean) > 0.1, sampled.format());
	}

	/**
	 * D = 1: each coupling's map has parameters only (no conditioner inputs), a path of its own;
	 * the check holds for a one-column flow fitted to two modes.
	 */
	@ParameterizedTest(name = "{0}")
	@MethodSource("maps")
	void aOneColumnFlowOfTwoModesPasses(final ElementwiseMap map) {
		final Random r = new Random(4);
		final DMatrixRMaj x = new DMatrixRMaj(800, 1);
		for (int i = 0; i < x.numRows; i++) x.set(i, 0, (i % 2 == 0 ? -2 : 3) + 0.5 * r.nextGaussian());
		final FlowModel m = Trainer.train(x, Arrays.asList("v"), new Architecture(1, new int[] { 8 }, 4, map, Architecture.PermutationKind.REVERSE), new TrainingOptions().epochs(20).seed(3), null);
		for (final ConsistencyCheck.Report report : new ConsistencyCheck.Report[] { ConsistencyCheck.run(m.flow(), Compute.defaults(), x, 1000, 1, 1e-9), ConsistencyCheck.run(m.flow(), Compute.defaults(), null, 1000, 1, 1e-9) }) {
			assertTrue(report.passed(), report.format());
			assertEquals("roundtrip_error", report.rows.get(3).quantity);
			assertTrue(report.rows.get(3).maxAbs < 1e-12, report.format());
		}
	}

	@Test
	void anIllConditionedFlowFails() {
		// huge random weights: scales of e^±8 per coupling make f⁻¹ lose all precision
		final Random r = new Random(3);
		final Flow flow = Flow.create(Arrays.asList("a", "b", "c"), new Architecture(3, new int[] { 32, 32 }, 12, 8.0, Architecture.PermutationKind.RANDOM), new Standardize(new double[3], new double[] { 1, 1, 1 }), 1);
		for (final Coupling c : flow.couplings()) {
			for (final double[] p : c.parameters()) for (int j = 0; j < p.length; j++) p[j] = 3 * r.nextGaussian();
			c.parametersChanged();
		}
		final ConsistencyCheck.Report report = ConsistencyCheck.run(flow, Compute.defaults(), null, 500, 1, 1e-9);
		assertFalse(report.passed(), report.format());
		assertTrue(report.format().contains("FAIL"));
	}

	@Test
	void zeroToleranceJudgesEveryRoundingError() {
		final Flow flow = Flow.create(Arrays.asList("a", "b"), new Architecture(2, new int[] { 8 }, 2, 2.0, Architecture.PermutationKind.REVERSE), new Standardize(new double[] { 0.1, 0.2 }, new double[] { 0.3, 0.7 }), 1);
		final ConsistencyCheck.Report report = ConsistencyCheck.run(flow, Compute.defaults(), null, 2000, 4, 0);
		final List<ConsistencyCheck.Row> rows = report.rows;
		double worst = 0;
		for (final ConsistencyCheck.Row row : rows) if (row.judged) worst = Math.max(worst, row.maxAbs);
		assertEquals(worst > 0, !report.passed());
	}

	/**
	 * A column far from 0 (mean 5e7, sd 1e7) holds its values to 7.45e-9 (one unit in the last
	 * place): an absolute round-trip tolerance of 1e-9 failed this healthy model.
	 */
	@Test
	void aHealthyModelOfAColumnFarFromZeroPasses() {
		final Random r = new Random(3);
		final DMatrixRMaj x = new DMatrixRMaj(600, 2);
		for (int i = 0; i < x.numRows; i++) {
			final double a = r.nextGaussian();
			x.set(i, 0, 5e7 + 1e7 * a);
			x.set(i, 1, a * a + 0.3 * r.nextGaussian());
		}
		final FlowModel m = Trainer.train(x, Arrays.asList("area", "y"), new Architecture(2, new int[] { 16 }, 2, new AffineMap(2.0), Architecture.PermutationKind.REVERSE), new TrainingOptions().epochs(3).seed(1), null);
		for (final ConsistencyCheck.Report report : new ConsistencyCheck.Report[] { ConsistencyCheck.run(m.flow(), Compute.defaults(), null, 2000, 1, 1e-9), ConsistencyCheck.run(m.flow(), Compute.defaults(), x, 2000, 1, 1e-9) }) {
			assertTrue(report.passed(), report.format());
			final ConsistencyCheck.Row roundTrip = report.rows.get(3);
			assertEquals("roundtrip_error", roundTrip.quantity);
			assertTrue(roundTrip.maxAbs < 1e-14, report.format());
		}
	}

	/** The round trip is measured in units of the column's spread, or relative to larger values. */
	@Test
	void theRoundTripErrorIsScaleFree() {
		final DMatrixRMaj a = new DMatrixRMaj(new double[][] { { 5e7, 0.5 }, { 0.25, 1e-3 }, { -3, 0 } });
		final DMatrixRMaj b = new DMatrixRMaj(new double[][] { { 5e7 + 7.450580596923828e-9, 0.5 }, { 0.25, 1e-3 + 1e-9 }, { -3 + 3e-6, 0 } });
		final double[] e = ConsistencyCheck.roundTripError(a, b, new double[] { 1, 0.01 });
		assertEquals(7.450580596923828e-9 / 5e7, e[0], 1e-30, "one ulp of 5e7, relative to the value");
		assertEquals(1e-9 / 0.01, e[1], 1e-15, "in units of the spread, for values below it");
		assertEquals(1e-6, e[2], 1e-15, "relative to |x| = 3 > spread 1");
	}
}
