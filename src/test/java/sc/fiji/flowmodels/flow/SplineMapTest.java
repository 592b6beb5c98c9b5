package sc.fiji.flowmodels.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The rational-quadratic spline of one column, against the textbook formulas. */
class SplineMapTest {

	private static final SplineMap MAP = new SplineMap(7, 2.5);

	private static double[] forward(final ElementwiseMap.Evaluator ev, final double[] o, final double x) {
		final double[] y = new double[1];
		final double ld = ev.forward(0, o, new double[] { x }, y, 0);
		return new double[] { y[0], ld };
	}

	private static double[] inverse(final ElementwiseMap.Evaluator ev, final double[] o, final double y) {
		final double[] x = new double[1];
		final double ld = ev.inverse(o, new double[] { y }, x, 0);
		return new double[] { x[0], ld };
	}

	private static double[] randomParameters(final Random r, final double scale) {
		final double[] o = new double[MAP.parametersPerColumn()];
		for (int p = 0; p < o.length; p++) o[p] = scale * r.nextGaussian();
		return o;
	}

	/** A new coupling (zero network outputs) must be the identity bit for bit, in both directions. */
	@Test
	void zeroParametersAreTheIdentityExactly() {
		final ElementwiseMap.Evaluator ev = MAP.evaluator(1, 1);
		final double[] o = new double[MAP.parametersPerColumn()];
		final Random r = new Random(1);
		for (int i = 0; i < 20000; i++) {
			final double x = i < 5 ? new double[] { -2.5, 2.5, 0, -1e-300, 2.5 * 3 / 7 }[i] : 4 * r.nextGaussian();
			final double[] f = forward(ev, o, x), b = inverse(ev, o, x);
			assertEquals(x, f[0], 0, "forward at " + x);
			assertEquals(0, f[1], 0, "log-derivative at " + x);
			assertEquals(x, b[0], 0, "inverse at " + x);
			assertEquals(0, b[1], 0, "inverse log-derivative at " + x);
		}
	}

	/**
	 * The textbook spline (Durkan et al. 2019, eq. 4 and its derivative), computed from its own
	 * knots, against the map's rewritten form: the same function to rounding. The two place the
	 * knots differently by a few ulps, which the slope magnifies (up to about 1000 here), so y is
	 * compared relative to the slope.
	 */
	@Test
	void agreesWithTheTextbookFormula() {
		final ElementwiseMap.Evaluator ev = MAP.evaluator(1, 1);
		final Random r = new Random(2);
		double worstY = 0, worstLd = 0;
		for (int trial = 0; trial < 200; trial++) {
			final double[] o = randomParameters(r, 2);
			final Textbook tb = new Textbook(o, MAP.bins(), MAP.tail());
			for (int i = 0; i < 100; i++) {
				final double x = 3.5 * (2 * r.nextDouble() - 1);
				final double[] f = forward(ev, o, x);
				final double[] e = tb.at(x);
				worstY = Math.max(worstY, Math.abs(f[0] - e[0]) / Math.max(1, Math.exp(e[1])));
				worstLd = Math.max(worstLd, Math.abs(f[1] - e[1]));
			}
		}
		assertTrue(worstY < 2e-14, "y differs by " + worstY);
		assertTrue(worstLd < 1e-10, "log-derivative differs by " + worstLd);
	}

	/**
	 * Steep splines (raw parameters of sd 3: bins from 0.1 % to most of the interval, slopes from
	 * 0.001 to 20): the inverse undoes the forward to rounding, including the bins where the
	 * quadratic's linear coefficient is negative (the other root formula). Where the spline is
	 * nearly flat, the rounding of y (about 1e-16) costs 1e-16 / slope in x, so the round trip
	 * error is judged in y units: |x − f⁻¹(f(x))| · slope.
	 */
	@Test
	void inverseUndoesForwardOnSteepSplines() {
		final ElementwiseMap.Evaluator ev = MAP.evaluator(1, 1);
		final Random r = new Random(3);
		double worst = 0, worstLd = 0;
		int negative = 0;
		for (int trial = 0; trial < 300; trial++) {
			final double[] o = randomParameters(r, 3);
			final Textbook tb = new Textbook(o, MAP.bins(), MAP.tail());
			for (int i = 0; i < 200; i++) {
				final double x = 3 * (2 * r.nextDouble() - 1);
				final double[] f = forward(ev, o, x);
				final double[] b = inverse(ev, o, f[0]);
				worst = Math.max(worst, Math.abs(b[0] - x) * Math.min(1, Math.exp(f[1])));
				// the inverse's log-derivative is the forward's at the point it returns
				worstLd = Math.max(worstLd, Math.abs(b[1] - forward(ev, o, b[0])[1]));
				if (tb.linearCoefficient(f[0]) < 0) negative++;
			}
		}
		assertTrue(worst < 1e-14, "round trip error " + worst);
		assertTrue(worstLd < 1e-10, "log-derivatives differ by " + worstLd);
		assertTrue(negative > 100, "the negative-coefficient root was exercised " + negative + " times");
	}

	@Test
	void isMonotoneAndContinuousAcrossKnotsAndTails() {
		final ElementwiseMap.Evaluator ev = MAP.evaluator(1, 1);
		final Random r = new Random(4);
		for (int trial = 0; trial < 20; trial++) {
			final double[] o = randomParameters(r, 2);
			double last = Double.NEGATIVE_INFINITY;
			for (int i = 0; i <= 20000; i++) {
				final double x = -3.5 + 7.0 * i / 20000;
				final double y = forward(ev, o, x)[0];
				assertTrue(y > last, "increasing at " + x);
				last = y;
			}
			// at every knot (±B included) y has no jump, and the slope on both sides is the knot's
			// (probed 1e-14 away: near the knots of steep splines the slope changes by 1e6 per unit)
			final Textbook tb = new Textbook(o, MAP.bins(), MAP.tail());
			for (int k = 0; k <= MAP.bins(); k++) {
				final double knot = tb.xs[k], e = 1e-14;
				final double[] below = forward(ev, o, knot - e), above = forward(ev, o, knot + e);
				assertTrue(above[0] - below[0] < 3 * e * tb.d[k] + 2e-15, "jump at knot " + knot);
				assertEquals(Math.log(tb.d[k]), below[1], 1e-6, "slope left of knot " + knot);
				assertEquals(Math.log(tb.d[k]), above[1], 1e-6, "slope right of knot " + knot);
			}
		}
	}

	@Test
	void settingsAreCheckedAndRoundTrip() {
		final Map<String, Number> s = new HashMap<>(MAP.settings());
		assertEquals(MAP, ElementwiseMap.Kind.SPLINE.create(s));
		s.put("min_bin", 0.01);
		assertTrue(assertThrows(IllegalArgumentException.class, () -> ElementwiseMap.Kind.SPLINE.create(s)).getMessage().contains("min_bin"));
		s.remove("min_bin");
		s.put("bins", 2.5);
		assertTrue(assertThrows(IllegalArgumentException.class, () -> ElementwiseMap.Kind.SPLINE.create(s)).getMessage().contains("bins"));
		s.put("bins", 8);
		s.remove("tail");
		assertTrue(assertThrows(IllegalArgumentException.class, () -> ElementwiseMap.Kind.SPLINE.create(s)).getMessage().contains("tail missing"));
		assertThrows(IllegalArgumentException.class, () -> new SplineMap(1, 3));
		assertThrows(IllegalArgumentException.class, () -> new SplineMap(8, 0));
		assertThrows(IllegalArgumentException.class, () -> new SplineMap(8, Double.NaN));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> ElementwiseMap.Kind.of("quadratic")).getMessage().contains("affine, spline"));
	}

	/** Durkan et al.'s construction written out plainly, for one column with m = 1. */
	private static final class Textbook {

		final int k;
		final double[] xs, ys, d;

		Textbook(final double[] o, final int bins, final double tail) {
			k = bins;
			xs = knots(o, 0, bins, tail);
			ys = knots(o, bins, bins, tail);
			d = new double[bins + 1];
			d[0] = 1;
			d[bins] = 1;
			for (int i = 1; i < bins; i++) {
				final double sp = Math.log(1 + Math.exp(o[2 * bins + i - 1]));
				d[i] = SplineMap.MIN_DERIVATIVE + (1 - SplineMap.MIN_DERIVATIVE) * sp / Math.log(2);
			}
		}

		static double[] knots(final double[] o, final int from, final int bins, final double tail) {
			double sum = 0;
			for (int i = 0; i < bins; i++) sum += Math.exp(o[from + i]);
			final double[] z = new double[bins + 1];
			z[0] = -tail;
			for (int i = 1; i <= bins; i++) {
				final double frac = SplineMap.MIN_BIN + (1 - bins * SplineMap.MIN_BIN) * Math.exp(o[from + i - 1]) / sum;
				z[i] = z[i - 1] + 2 * tail * frac;
			}
			return z;
		}

		int bin(final double[] z, final double v) {
			int b = 0;
			while (b < k - 1 && v >= z[b + 1]) b++;
			return b;
		}

		/** y and log dy/dx. */
		double[] at(final double x) {
			if (x < xs[0] || x > xs[k]) return new double[] { x, 0 };
			final int b = bin(xs, x);
			final double w = xs[b + 1] - xs[b], h = ys[b + 1] - ys[b], s = h / w;
			final double xi = (x - xs[b]) / w, om = 1 - xi;
			final double den = s + (d[b + 1] + d[b] - 2 * s) * xi * om;
			final double y = ys[b] + h * (s * xi * xi + d[b] * xi * om) / den;
			final double dydx = s * s * (d[b + 1] * xi * xi + 2 * s * xi * om + d[b] * om * om) / (den * den);
			return new double[] { y, Math.log(dydx) };
		}

		/** b of the quadratic a·ξ² + b·ξ + c = 0 that the inverse at y solves (Durkan et al. eq. 6–8). */
		double linearCoefficient(final double y) {
			if (y < ys[0] || y > ys[k]) return 1;
			final int b = bin(ys, y);
			final double w = xs[b + 1] - xs[b], h = ys[b + 1] - ys[b], s = h / w;
			return h * d[b] - (y - ys[b]) * (d[b + 1] + d[b] - 2 * s);
		}
	}
}
