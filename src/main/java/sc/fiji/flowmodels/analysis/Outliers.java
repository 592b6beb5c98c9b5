package sc.fiji.flowmodels.analysis;

import java.util.Arrays;

/**
 * The top-K outliers of a latent sample: the K rows farthest from the origin (largest
 * {@code z_radius}), the least likely under N(0, I). Ties go to the earlier row.
 */
public final class Outliers {

	private Outliers() {}

	/**
	 * Rows of the K largest radii, most extreme first. Streams over the radii with a small
	 * sorted buffer: O(n·K) worst case, O(n) typical, no sorting of all rows.
	 */
	public static int[] top(final double[] radius, final int n, final int k) {
		final int K = Math.max(0, Math.min(k, n));
		final int[] rows = new int[K];
		final double[] r = new double[K];
		int size = 0;
		if (K == 0) return rows;
		for (int i = 0; i < n; i++) {
			final double v = radius[i];
			if (size == K && !(v > r[K - 1])) continue;
			// shift smaller radii down one place; equal radii keep the earlier row first
			int at = size < K ? size++ : K - 1;
			while (at > 0 && v > r[at - 1]) {
				r[at] = r[at - 1];
				rows[at] = rows[at - 1];
				at--;
			}
			r[at] = v;
			rows[at] = i;
		}
		return Arrays.copyOf(rows, size);
	}

	/** {@code outlier_rank} per row: 1…K for the rows in {@code top}, 0 elsewhere. */
	public static int[] ranks(final int[] top, final int n) {
		final int[] rank = new int[n];
		for (int k = 0; k < top.length; k++) rank[top[k]] = k + 1;
		return rank;
	}

	/** ‖z‖ of each row of a row-major n×d array. */
	public static double radius(final double[] z, final int row, final int d) {
		double s = 0;
		for (int j = 0; j < d; j++) {
			final double v = z[row * d + j];
			s += v * v;
		}
		return Math.sqrt(s);
	}
}
