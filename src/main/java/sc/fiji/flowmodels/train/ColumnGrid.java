package sc.fiji.flowmodels.train;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;

import org.ejml.data.DMatrixRMaj;

/**
 * The grid a column's values lie on, when they do: counts, pixel areas, measurements rounded to
 * a few decimals (a Fiji table saved with 3 decimals, iris's lengths in tenths of a cm). A
 * density model trained on such values can put ever higher spikes on the grid points it has
 * seen, and then a row is "likely" for sitting on many popular grid values (a digit image with
 * many blank pixels) rather than for being typical; training therefore spreads each value
 * uniformly over its grid cell (dequantization), which bounds the spikes by the cell's width.
 */
public final class ColumnGrid {

	/** remainders below this share of the column's largest magnitude are binary rounding of decimals, not a finer grid */
	private static final double ROUNDING = 1e-9;
	/** a grid finer than this share of the column's range is no grid: the training noise covers it many times over */
	private static final double FINEST = 1e-6;

	private ColumnGrid() {}

	/**
	 * The grid step of column {@code j} of {@code data}: the largest step of which every gap
	 * between its values is a whole multiple (their greatest common divisor, up to the rounding
	 * of decimals in binary); 0 when the values are not on a grid coarser than a millionth of
	 * their range, or the column has fewer than two distinct values.
	 */
	public static double step(final DMatrixRMaj data, final int j) {
		final double[] v = new double[data.numRows];
		for (int i = 0; i < v.length; i++) v[i] = data.data[i * data.numCols + j];
		Arrays.sort(v);
		if (v.length == 0 || !(v[v.length - 1] > v[0]) || !Double.isFinite(v[0]) || !Double.isFinite(v[v.length - 1])) return 0;
		final double eps = ROUNDING * Math.max(Math.abs(v[0]), Math.abs(v[v.length - 1]));
		final double finest = FINEST * (v[v.length - 1] - v[0]);
		double step = 0;
		for (int i = 1; i < v.length; i++) {
			final double gap = v[i] - v[i - 1];
			if (gap <= eps) continue;
			step = step == 0 ? gap : divisor(step, gap, eps);
			if (step < finest) return 0;
		}
		return step;
	}

	/** Greatest common divisor of two positive numbers, remainders up to {@code eps} counting as 0 (Euclid's, with the nearest multiple). */
	private static double divisor(double a, double b, final double eps) {
		while (b > eps) {
			final double r = Math.abs(a - b * Math.rint(a / b));
			a = b;
			b = r;
		}
		return a;
	}

	/** how many grid columns {@link #describe} names before it counts the rest */
	private static final int NAMED = 6;

	/**
	 * The columns on a grid and their steps, as the Train log shows them ("count (step 1),
	 * Circ. (step 0.001)", the steps to 3 significant digits; after six, "and N more"); empty
	 * when none is.
	 */
	public static String describe(final String[] names, final double[] steps) {
		final StringBuilder s = new StringBuilder();
		int shown = 0, more = 0;
		for (int j = 0; j < steps.length; j++) {
			if (!(steps[j] > 0)) continue;
			if (shown == NAMED) {
				more++;
				continue;
			}
			if (shown++ > 0) s.append(", ");
			s.append(names[j]).append(" (step ").append(new BigDecimal(steps[j]).round(new MathContext(3)).stripTrailingZeros().toPlainString()).append(')');
		}
		if (more > 0) s.append(" and ").append(more).append(" more");
		return s.toString();
	}

	/** {@link #step} of every column. */
	public static double[] steps(final DMatrixRMaj data) {
		final double[] s = new double[data.numCols];
		for (int j = 0; j < s.length; j++) s[j] = step(data, j);
		return s;
	}
}
