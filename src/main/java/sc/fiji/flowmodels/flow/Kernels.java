package sc.fiji.flowmodels.flow;

/**
 * Dense kernels on batches stored as one array per row.
 * <p>
 * Why rows and not EJML's flat {@code DMatrixRMaj}: HotSpot's auto-vectorizer turns a loop
 * {@code c[j] += a * b[j]} into AVX code only when {@code c} and {@code b} are indexed from the
 * start of their arrays; with offsets into one flat array it falls back to scalar code. Measured
 * on the development machine for a 128×256 by 256×256 product: EJML {@code CommonOps_DDRM.mult}
 * 5.5 GFLOP/s, the same loop on row arrays 20–27 GFLOP/s (see BENCHMARKS.md).
 * <p>
 * Every kernel picks its loop order from the shape: the "axpy" order (inner loop along a wide
 * output row, vectorized) when the output rows are wide, a dot-product order with four partial
 * sums when they are narrow (the last layer of a 2-D flow has 2 outputs).
 */
final class Kernels {

	/** Rows narrower than this use the dot-product order. */
	static final int NARROW = 8;

	private Kernels() {}

	/**
	 * {@code c[i][j] = bias[j] + Σ_p a[i][p] w[p][j]} for {@code i < rows}, {@code p < k},
	 * {@code j < m}; {@code w} is k×m and {@code wT} its transpose (m×k).
	 */
	static void affine(final int rows, final double[][] a, final int k, final double[][] w,
		final double[][] wT, final double[] bias, final double[][] c, final int m, final boolean leaky)
	{
		if (m < NARROW) {
			for (int i = 0; i < rows; i++) {
				final double[] ai = a[i];
				final double[] ci = c[i];
				for (int j = 0; j < m; j++) {
					ci[j] = bias[j] + dot(ai, wT[j], k);
				}
				if (leaky) leaky(ci, m);
			}
			return;
		}
		int i = 0;
		for (; i + 1 < rows; i += 2) {
			final double[] c0 = c[i], c1 = c[i + 1];
			final double[] a0 = a[i], a1 = a[i + 1];
			System.arraycopy(bias, 0, c0, 0, m);
			System.arraycopy(bias, 0, c1, 0, m);
			for (int p = 0; p < k; p++) {
				final double x0 = a0[p], x1 = a1[p];
				final double[] wp = w[p];
				for (int j = 0; j < m; j++) {
					final double v = wp[j];
					c0[j] += x0 * v;
					c1[j] += x1 * v;
				}
			}
			if (leaky) {
				leaky(c0, m);
				leaky(c1, m);
			}
		}
		if (i < rows) {
			final double[] c0 = c[i];
			final double[] a0 = a[i];
			System.arraycopy(bias, 0, c0, 0, m);
			for (int p = 0; p < k; p++) {
				final double x0 = a0[p];
				final double[] wp = w[p];
				for (int j = 0; j < m; j++) {
					c0[j] += x0 * wp[j];
				}
			}
			if (leaky) leaky(c0, m);
		}
	}

	/**
	 * {@code da[i][p] = Σ_j dc[i][j] w[p][j]}: the gradient with respect to the input of
	 * {@link #affine}. Overwrites {@code da[i][0..k)}.
	 */
	static void backInput(final int rows, final double[][] dc, final int m, final double[][] w,
		final double[][] wT, final double[][] da, final int k, final double[][] mask)
	{
		if (k < NARROW) {
			for (int i = 0; i < rows; i++) {
				final double[] di = dc[i];
				final double[] ai = da[i];
				for (int p = 0; p < k; p++) {
					ai[p] = dot(di, w[p], m);
				}
				if (mask != null) leakyGrad(ai, mask[i], k);
			}
			return;
		}
		int i = 0;
		for (; i + 1 < rows; i += 2) {
			final double[] a0 = da[i], a1 = da[i + 1];
			final double[] d0 = dc[i], d1 = dc[i + 1];
			java.util.Arrays.fill(a0, 0, k, 0);
			java.util.Arrays.fill(a1, 0, k, 0);
			for (int j = 0; j < m; j++) {
				final double g0 = d0[j], g1 = d1[j];
				final double[] wj = wT[j];
				for (int p = 0; p < k; p++) {
					final double v = wj[p];
					a0[p] += g0 * v;
					a1[p] += g1 * v;
				}
			}
			if (mask != null) {
				leakyGrad(a0, mask[i], k);
				leakyGrad(a1, mask[i + 1], k);
			}
		}
		if (i < rows) {
			final double[] a0 = da[i];
			final double[] d0 = dc[i];
			java.util.Arrays.fill(a0, 0, k, 0);
			for (int j = 0; j < m; j++) {
				final double g0 = d0[j];
				final double[] wj = wT[j];
				for (int p = 0; p < k; p++) {
					a0[p] += g0 * wj[p];
				}
			}
			if (mask != null) leakyGrad(a0, mask[i], k);
		}
	}

	/**
	 * Adds {@code Σ_i a[i][p] dc[i][j]} to the weight gradient: to {@code gw[p][j]} (k×m) when
	 * {@code transposed} is false, to {@code gw[j][p]} (m×k) when it is true. Also adds the
	 * column sums of {@code dc} to {@code gb}.
	 */
	static void backWeights(final int rows, final double[][] a, final int k, final double[][] dc,
		final int m, final double[][] gw, final boolean transposed, final double[] gb)
	{
		for (int i = 0; i < rows; i++) {
			final double[] di = dc[i];
			for (int j = 0; j < m; j++) {
				gb[j] += di[j];
			}
		}
		if (transposed) {
			// gw is m×k: the inner loop runs along the k inputs
			for (int i = 0; i < rows; i++) {
				final double[] ai = a[i];
				final double[] di = dc[i];
				for (int j = 0; j < m; j++) {
					final double g = di[j];
					final double[] gj = gw[j];
					for (int p = 0; p < k; p++) {
						gj[p] += g * ai[p];
					}
				}
			}
			return;
		}
		int p = 0;
		for (; p + 1 < k; p += 2) {
			final double[] g0 = gw[p], g1 = gw[p + 1];
			for (int i = 0; i < rows; i++) {
				final double x0 = a[i][p], x1 = a[i][p + 1];
				final double[] di = dc[i];
				for (int j = 0; j < m; j++) {
					final double v = di[j];
					g0[j] += x0 * v;
					g1[j] += x1 * v;
				}
			}
		}
		if (p < k) {
			final double[] g0 = gw[p];
			for (int i = 0; i < rows; i++) {
				final double x0 = a[i][p];
				final double[] di = dc[i];
				for (int j = 0; j < m; j++) {
					g0[j] += x0 * di[j];
				}
			}
		}
	}

	/** LeakyReLU in place on the first {@code m} entries, slope {@link Mlp#SLOPE} below zero. */
	static void leaky(final double[] c, final int m) {
		final double slope = (double) Mlp.SLOPE;
		for (int j = 0; j < m; j++) {
			final double v = c[j];
			c[j] = v > 0 ? v : slope * v;
		}
	}

	/** Multiplies the gradient by the LeakyReLU derivative at activations {@code act}. */
	static void leakyGrad(final double[] d, final double[] act, final int m) {
		final double slope = (double) Mlp.SLOPE;
		for (int j = 0; j < m; j++) d[j] *= act[j] > 0 ? 1 : slope;
	}

	/** Dot product of the first {@code n} entries, with four partial sums. */
	static double dot(final double[] x, final double[] y, final int n) {
		double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
		int p = 0;
		for (; p + 3 < n; p += 4) {
			s0 += x[p] * y[p];
			s1 += x[p + 1] * y[p + 1];
			s2 += x[p + 2] * y[p + 2];
			s3 += x[p + 3] * y[p + 3];
		}
		for (; p < n; p++) {
			s0 += x[p] * y[p];
		}
		return (s0 + s1) + (s2 + s3);
	}

	/** {@code dst = srcᵀ} for an r×c source. */
	static void transpose(final double[][] src, final int r, final int c, final double[][] dst) {
		for (int i = 0; i < r; i++) {
			final double[] s = src[i];
			for (int j = 0; j < c; j++) {
				dst[j][i] = s[j];
			}
		}
	}

	static double[][] rows(final int r, final int c) {
		return new double[r][c];
	}
}
