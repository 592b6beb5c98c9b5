package sc.fiji.flowmodels.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Finite-difference checks of every backward pass. The test function of a transform is
 * {@code L = Σ_i (a_i · y_i) + c · Σ_i logdet_i} with random weights a and c, so that both the
 * output gradient and the log-det gradient are exercised; its gradient from
 * {@link Transform.Evaluator#backward} is compared with central differences in every input
 * coordinate and in a sample of parameters.
 */
public class GradientCheckTest {

	/** Every transform on the portable loops and, where the JVM has them, on the vector kernels. */
	static Stream<Arguments> transforms() {
		return Stream.of(false, true).filter(v -> !v || VectorProducts.enabled())
			.flatMap(v -> shapes().map(a -> Arguments.of(a.get()[0] + (v ? ", vector kernels" : ""), a.get()[1], v)));
	}

	private static Stream<Arguments> shapes() {
		final Random r = new Random(7);
		final Stream.Builder<Arguments> b = Stream.builder();
		// shapes: D = 1 (no conditioner input), 2 (narrow output layer), 3, odd widths for the
		// kernels' remainders, D = 16 / 20 (wide input and output layers)
		final int[][] shapes = { { 1, 5 }, { 2, 9, 7 }, { 3, 8 }, { 5, 10, 3 }, { 16, 12, 9 }, { 20, 16 } };
		// splines: few bins with a tail that a fifth of the points lie beyond, and more bins
		final ElementwiseMap[] maps = { new AffineMap(1.5), new SplineMap(4, 1.3), new SplineMap(9, 3) };
		for (final ElementwiseMap map : maps) {
			for (final int[] s : shapes) {
				final int dim = s[0];
				final int[] hidden = java.util.Arrays.copyOfRange(s, 1, s.length);
				final Coupling c = new Coupling(dim, hidden, map);
				c.initialize(r);
				TestFlows.randomize(c, r, 0.5);
				b.add(Arguments.of(map.describe() + " coupling D=" + dim + " hidden=" + java.util.Arrays.toString(hidden), c));
			}
		}
		// the vector kernels' blocks: D = 30 with layers of 40 has two-vector blocks, single vectors
		// and an overlapping last vector in every product (affine only: a spline's finite
		// differences at this size are noisier than the tolerance)
		final Coupling wide = new Coupling(30, new int[] { 40, 40 }, new AffineMap(1.5));
		wide.initialize(r);
		TestFlows.randomize(wide, r, 0.5);
		b.add(Arguments.of(wide.map().describe() + " coupling D=30 hidden=[40, 40]", wide));
		// column shapes: a layer without conditioning inputs that maps every column (affine ones
		// from D = 6, so that they have enough parameters to check)
		for (final ElementwiseMap map : maps) {
			for (final int dim : map instanceof AffineMap ? new int[] { 6, 20 } : new int[] { 1, 3, 20 }) {
				final Coupling c = Coupling.marginal(dim, map);
				TestFlows.randomize(c, r, 0.5);
				b.add(Arguments.of(map.describe() + " column shapes D=" + dim, c));
			}
		}
		b.add(Arguments.of("permutation reverse", Permutation.reverse(5)));
		b.add(Arguments.of("permutation random", Permutation.random(6, r)));
		b.add(Arguments.of("standardize", new Standardize(new double[] { 1, -2, 0.5 }, new double[] { 0.3, 2, 1.7 })));
		b.add(Arguments.of("chain of a flow", TestFlows.random(4, 3).transform()));
		b.add(Arguments.of("chain of a flow with column shapes", TestFlows.random(4, new int[] { 9, 7 }, 3, 5, Architecture.PermutationKind.REVERSE, 0.4, new AffineMap(2.0), new SplineMap(6, 2.5)).transform()));
		b.add(Arguments.of("chain of a spline flow", TestFlows.random(4, new int[] { 9, 7 }, 3, 3, Architecture.PermutationKind.RANDOM, 0.4, new SplineMap(5, 2)).transform()));
		return b.build();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("transforms")
	void backwardMatchesFiniteDifferences(final String name, final Transform t, final boolean vector) {
		final int dim = t.dimension();
		final int rows = 5;
		final Random r = new Random(11);
		final double[][] x = TestFlows.randomRows(rows, dim, r, 1.0);
		final double[][] a = TestFlows.randomRows(rows, dim, r, 1.0);
		final double c = 0.7;
		final Transform.Evaluator ev = t.evaluator(rows, Precision.DOUBLE, vector);

		// analytic
		final double[][] y = TestFlows.copy(x);
		final double[] ld = new double[rows];
		ev.forward(y, y, rows, ld);
		for (final double[] g : ev.gradients()) java.util.Arrays.fill(g, 0);
		final double[][] dx = TestFlows.copy(a);
		ev.backward(dx, dx, rows, c, true);

		double worst = 0;
		for (int i = 0; i < rows; i++) {
			for (int j = 0; j < dim; j++) {
				final int row = i, col = j;
				worst = Math.max(worst, error(dx[i][j], step -> {
					final double[][] xs = TestFlows.copy(x);
					xs[row][col] += step;
					return loss(t, xs, a, c, vector);
				}));
			}
		}
		assertTrue(worst < TOLERANCE, name + ": input gradient off by " + worst);

		final List<double[]> params = t.parameters();
		final List<double[]> grads = ev.gradients();
		assertEquals(params.size(), grads.size());
		int checked = 0;
		worst = 0;
		for (int b = 0; b < params.size(); b++) {
			final double[] p = params.get(b);
			assertEquals(p.length, grads.get(b).length);
			for (int k = 0; k < p.length; k += 1 + (b % 3)) {
				final double keep = p[k];
				final int at = k;
				worst = Math.max(worst, error(grads.get(b)[k], step -> {
					p[at] = keep + step;
					t.parametersChanged();
					final double l = loss(t, x, a, c, vector);
					p[at] = keep;
					t.parametersChanged();
					return l;
				}));
				checked++;
			}
		}
		assertTrue(worst < TOLERANCE, name + ": parameter gradient off by " + worst + " over " + checked + " checks");
		if (!params.isEmpty()) assertTrue(checked > 10, name + ": too few parameters checked");
	}

	/** Fourth-order central differences: steps −2h, −h, +h, +2h. */
	static final double H = 1e-5;
	static final double[] STEPS = { -2, -1, 1, 2 };
	/** Relative error allowed; a wrong formula is off by far more than this. */
	static final double TOLERANCE = 1e-6;

	/**
	 * The relative error of an analytic derivative against central differences of {@code loss}
	 * (a function of the step), with step h and, when that disagrees, 10h. Each step size fails
	 * for a different harmless reason: rounding noise grows as 1/h (about 3e-8 absolute for the
	 * loss of 150 of a D = 20 spline coupling at h = 1e-5), and a spline's log-derivative has a
	 * kink at every knot, which a stencil of 10h straddles more often. A wrong formula fails both.
	 */
	public static double error(final double analytic, final java.util.function.DoubleUnaryOperator loss) {
		double e = Double.POSITIVE_INFINITY;
		for (final double h : new double[] { H, 10 * H }) {
			final double[] l = new double[4];
			for (int q = 0; q < 4; q++) l[q] = loss.applyAsDouble(STEPS[q] * h);
			e = Math.min(e, relErr(analytic, (l[0] - 8 * l[1] + 8 * l[2] - l[3]) / (12 * h)));
			if (e < TOLERANCE) break;
		}
		return e;
	}

	private static double loss(final Transform t, final double[][] x, final double[][] a,
		final double c, final boolean vector)
	{
		final int rows = x.length;
		final double[][] y = TestFlows.copy(x);
		final double[] ld = new double[rows];
		t.evaluator(rows, Precision.DOUBLE, vector).forward(y, y, rows, ld);
		double s = 0;
		for (int i = 0; i < rows; i++) {
			for (int j = 0; j < y[i].length; j++) s += a[i][j] * y[i][j];
			s += c * ld[i];
		}
		return s;
	}

	static double relErr(final double analytic, final double numeric) {
		return Math.abs(analytic - numeric) / Math.max(1e-2, Math.abs(analytic) + Math.abs(numeric));
	}
}
