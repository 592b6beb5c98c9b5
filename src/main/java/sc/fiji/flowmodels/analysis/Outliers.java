package sc.fiji.flowmodels.analysis;

import java.util.Arrays;

/**
 * Ranking rows by an outlier score (larger = more outlying, see {@link OutlierScore}). Ties go to
 * the earlier row. A score that is not a number ranks as the most outlying of all: a row the flow
 * cannot map to a finite result is the one a user must look at first.
 */
public final class Outliers {

	private Outliers() {}

	/**
	 * The value rows are ranked by: the score itself, with NaN counting as +∞. Rows compare by
	 * {@code >} and {@code ==} on it (so −0 and +0 tie), earlier rows first among equals.
	 */
	public static double key(final double score) {
		return score != score ? Double.POSITIVE_INFINITY : score;
	}

	/**
	 * Rows of the K largest scores, most extreme first. Streams over the scores with a small
	 * sorted buffer: O(n·K) worst case, O(n) typical, no sorting of all rows.
	 */
	public static int[] top(final double[] score, final int n, final int k) {
		final int K = Math.max(0, Math.min(k, n));
		final int[] rows = new int[K];
		final double[] r = new double[K];
		int size = 0;
		if (K == 0) return rows;
		for (int i = 0; i < n; i++) {
			final double v = key(score[i]);
			if (size == K && !(v > r[K - 1])) continue;
			// shift smaller scores down one place; equal scores keep the earlier row first
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

	/**
	 * The rank of every row: 1 for the largest score, n for the smallest, ties in row order. A
	 * stable bottom-up merge sort of the row numbers: O(n log n) time, two int arrays of memory
	 * (a boxed sort with a comparator needs about five times that for a million rows).
	 */
	public static int[] rankAll(final double[] score, final int n) {
		int[] a = new int[n], b = new int[n];
		for (int i = 0; i < n; i++) a[i] = i;
		for (int width = 1; width < n; width <<= 1) {
			for (int lo = 0; lo < n; lo += 2 * width) {
				final int mid = Math.min(lo + width, n), hi = Math.min(lo + 2 * width, n);
				int i = lo, j = mid, o = lo;
				// the right run's row goes first only when its score is strictly larger: stable
				while (i < mid && j < hi) b[o++] = key(score[a[j]]) > key(score[a[i]]) ? a[j++] : a[i++];
				while (i < mid) b[o++] = a[i++];
				while (j < hi) b[o++] = a[j++];
			}
			final int[] t = a;
			a = b;
			b = t;
		}
		// b is free now: reuse it for the ranks
		for (int p = 0; p < n; p++) b[a[p]] = p + 1;
		return b;
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
