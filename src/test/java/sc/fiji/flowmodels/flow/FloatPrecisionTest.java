package sc.fiji.flowmodels.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.ejml.data.DMatrixRMaj;

import sc.fiji.flowmodels.analysis.ConsistencyCheck;

/** The float32 path of the coupling networks against the double one. */
class FloatPrecisionTest {

	/** The consistency tolerance documented for the float32 path. */
	static final double FLOAT_TOLERANCE = 1e-6;

	/** Shapes that exercise every remainder of the float kernels' 4-row and 4-column blocks. */
	@org.junit.jupiter.params.ParameterizedTest(name = "{4}: D={0} hidden={1},{2} rows={3}")
	@org.junit.jupiter.params.provider.CsvSource({ "3,64,48,50,affine", "2,13,7,7,affine", "17,9,10,6,affine", "5,8,8,3,affine", "3,64,48,50,spline", "2,13,7,7,spline", "17,9,10,6,spline" })
	void floatGradientsMatchDoubleToFloatAccuracy(final int dim, final int h1, final int h2, final int rows, final String kind) {
		final Flow flow = TestFlows.random(dim, new int[] { h1, h2 }, 4, 5, Architecture.PermutationKind.REVERSE, 0.1, map(kind));
		final double[][] x = TestFlows.randomRows(rows, dim, new Random(2), 1.5);
		final List<double[]> d = gradients(flow, x, Precision.DOUBLE), f = gradients(flow, x, Precision.FLOAT);
		double diff = 0, norm = 0;
		for (int k = 0; k < d.size(); k++) {
			for (int j = 0; j < d.get(k).length; j++) {
				diff += Math.pow(d.get(k)[j] - f.get(k)[j], 2);
				norm += Math.pow(d.get(k)[j], 2);
			}
		}
		final double rel = Math.sqrt(diff / norm);
		assertTrue(rel < 1e-5, "float gradient differs from double by " + rel);
		assertTrue(rel > 0, "the float path really computes in float");
	}

	private static List<double[]> gradients(final Flow flow, final double[][] x, final Precision p) {
		final Transform.Evaluator ev = flow.transform().evaluator(x.length, p);
		for (final double[] g : ev.gradients()) Arrays.fill(g, 0);
		final double[][] y = TestFlows.copy(x);
		final double[] ld = new double[x.length];
		ev.forward(y, y, x.length, ld);
		ev.backward(y, y, x.length, -0.3, true);
		return ev.gradients();
	}

	private static ElementwiseMap map(final String kind) {
		for (final ElementwiseMap m : TestFlows.maps()) {
			if (m.kind().key().equals(kind)) return m;
		}
		throw new IllegalArgumentException(kind);
	}

	@org.junit.jupiter.params.ParameterizedTest(name = "{0}")
	@org.junit.jupiter.params.provider.MethodSource("sc.fiji.flowmodels.flow.TestFlows#maps")
	void floatEncodeIsInvertedExactlyAndCloseToDouble(final ElementwiseMap map) {
		final Flow flow = TestFlows.random(2, new int[] { 256, 256 }, 6, 7, Architecture.PermutationKind.REVERSE, 0.05, map);
		final DMatrixRMaj x = Batches.fromRows(TestFlows.randomRows(2000, 2, new Random(4), 1.0));
		final FlowResult exact = flow.encode(x);
		final Compute inFloat = Compute.of(Precision.FLOAT);
		final FlowResult fast = flow.encode(x, inFloat);
		final FlowResult back = flow.decode(fast.points, inFloat);
		double worst = 0, rt = 0;
		for (int i = 0; i < x.numRows; i++) worst = Math.max(worst, Math.abs(exact.logPx[i] - fast.logPx[i]));
		for (int k = 0; k < x.data.length; k++) rt = Math.max(rt, Math.abs(x.data[k] - back.points.data[k]));
		assertTrue(worst < 1e-4 && worst > 0, "float log p_X differs from double by " + worst);
		assertTrue(rt <= 1e-12, "float decode inverts float encode: " + rt);
		// the identity holds for the float-conditioned map at a float-honest tolerance: the layer
		// log-dets and the round trips agree to 1e-15, the full Jacobian (whose off-diagonal
		// blocks now carry float rounding) to about 1e-8
		final ConsistencyCheck.Report report = ConsistencyCheck.run(flow, inFloat, x, 1000, 1, FLOAT_TOLERANCE);
		assertTrue(report.passed(), report.format());
		// the float calls left nothing behind: the flow's default calls compute in double as before
		assertArrayEquals(exact.logPx, flow.encode(x).logPx, 0);
	}
}
