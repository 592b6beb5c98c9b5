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
		final double[][] wT, final double[] bias, final double[][] c, final int m, final boolean leaky,
		final VectorProducts.Wide wide)
	{
		if (wide != null && m >= NARROW) {
			for (int i = 0; i < rows; i++) System.arraycopy(bias, 0, c[i], 0, m);
			wide.products(rows, a, w, k, m, c, leaky ? VectorProducts.LEAKY : VectorProducts.PLAIN, null);
			return;
		}
		if (m < NARROW) {
			for (int i = 0; i < rows; i++) {
				final double[] ai = a[i];
				final double[] ci = c[i];
				int j = 0;
				for (; j + 1 < m; j += 2) dotPair(ai, wT[j], wT[j + 1], k, bias, ci, j);
				if (j < m) ci[j] = bias[j] + dot(ai, wT[j], k);
				if (leaky) leaky(ci, m);
			}
			return;
		}
		for (int i = 0; i < rows; i++) System.arraycopy(bias, 0, c[i], 0, m);
		addProducts(c, rows, a, false, w, k, m);
		if (leaky) {
			for (int i = 0; i < rows; i++) leaky(c[i], m);
		}
	}

	/**
	 * {@code da[i][p] = Σ_j dc[i][j] w[p][j]}: the gradient with respect to the input of
	 * {@link #affine}. Overwrites {@code da[i][0..k)}.
	 */
	static void backInput(final int rows, final double[][] dc, final int m, final double[][] w,
		final double[][] wT, final double[][] da, final int k, final double[][] mask,
		final VectorProducts.Wide wide)
	{
		if (wide != null && k >= NARROW) {
			for (int i = 0; i < rows; i++) java.util.Arrays.fill(da[i], 0, k, 0);
			wide.products(rows, dc, wT, m, k, da, mask != null ? VectorProducts.LEAKY_GRAD : VectorProducts.PLAIN, mask);
			return;
		}
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
		for (int i = 0; i < rows; i++) java.util.Arrays.fill(da[i], 0, k, 0);
		addProducts(da, rows, dc, false, wT, m, k);
		if (mask != null) {
			for (int i = 0; i < rows; i++) leakyGrad(da[i], mask[i], k);
		}
	}

	/**
	 * Adds {@code Σ_i a[i][p] dc[i][j]} to the weight gradient: to {@code gw[p][j]} (k×m) when
	 * {@code transposed} is false, to {@code gw[j][p]} (m×k) when it is true. Also adds the
	 * column sums of {@code dc} to {@code gb}.
	 */
	static void backWeights(final int rows, final double[][] a, final int k, final double[][] dc,
		final int m, final double[][] gw, final boolean transposed, final double[] gb,
		final VectorProducts.Wide wide, final double[][] scratch)
	{
		for (int i = 0; i < rows; i++) {
			final double[] di = dc[i];
			for (int j = 0; j < m; j++) {
				gb[j] += di[j];
			}
		}
		// gw[p][j] += Σ_i a[i][p] dc[i][j], or gw[j][p] += Σ_i dc[i][j] a[i][p] (m×k, narrow m)
		if (wide != null) {
			// the kernels take x by rows only: the transposed factor goes through scratch (at least
			// max(k, m) rows of at least {@code rows}); its copy costs 1/m (or 1/k) of the product
			if (transposed) {
				Kernels.transpose(dc, rows, m, scratch);
				wide.products(m, scratch, a, rows, k, gw, VectorProducts.PLAIN, null);
			}
			else {
				Kernels.transpose(a, rows, k, scratch);
				wide.products(k, scratch, dc, rows, m, gw, VectorProducts.PLAIN, null);
			}
		}
		else if (transposed) addProducts(gw, m, dc, true, a, rows, k);
		else addProducts(gw, k, a, true, dc, rows, m);
	}

	/**
	 * The one wide product behind {@link #affine}, {@link #backInput} and {@link #backWeights}:
	 * {@code c[r][j] += Σ_q x(r, q) · v[q][j]} for {@code r < rows}, {@code q < count},
	 * {@code j < n}, with {@code x(r, q) = x[r][q]}, or {@code x[q][r]} when {@code xT}. Each
	 * {@code c[r][j]} receives its terms one by one in the order of {@code q}, so the result does
	 * not depend on how the loops are blocked.
	 * <p>
	 * Three output rows and two {@code v} rows per pass over {@code j}: each load and store of
	 * {@code c} then serves two multiply-adds, and the loop touches five arrays, the most for
	 * which HotSpot (17) still vectorizes it (with six it emits scalar code, 3× slower). Measured
	 * for 256×256 products on one core ({@code bench/java.sh KernelBench}): 1.38× the two-row
	 * single-{@code v} loop in double, 1.43× the four-row one in float (BENCHMARKS.md).
	 */
	static void addProducts(final double[][] c, final int rows, final double[][] x, final boolean xT,
		final double[][] v, final int count, final int n)
	{
		int r = 0;
		for (; r + 2 < rows; r += 3) {
			final double[] c0 = c[r], c1 = c[r + 1], c2 = c[r + 2];
			int q = 0;
			for (; q + 1 < count; q += 2) {
				final double[] v0 = v[q], v1 = v[q + 1];
				final double x00 = at(x, xT, r, q), x01 = at(x, xT, r, q + 1);
				final double x10 = at(x, xT, r + 1, q), x11 = at(x, xT, r + 1, q + 1);
				final double x20 = at(x, xT, r + 2, q), x21 = at(x, xT, r + 2, q + 1);
				for (int j = 0; j < n; j++) {
					final double a = v0[j], b = v1[j];
					c0[j] = c0[j] + x00 * a + x01 * b;
					c1[j] = c1[j] + x10 * a + x11 * b;
					c2[j] = c2[j] + x20 * a + x21 * b;
				}
			}
			if (q < count) {
				final double[] v0 = v[q];
				final double x0 = at(x, xT, r, q), x1 = at(x, xT, r + 1, q), x2 = at(x, xT, r + 2, q);
				for (int j = 0; j < n; j++) {
					final double a = v0[j];
					c0[j] += x0 * a;
					c1[j] += x1 * a;
					c2[j] += x2 * a;
				}
			}
		}
		for (; r < rows; r++) {
			final double[] c0 = c[r];
			int q = 0;
			for (; q + 1 < count; q += 2) {
				final double[] v0 = v[q], v1 = v[q + 1];
				final double x0 = at(x, xT, r, q), x1 = at(x, xT, r, q + 1);
				for (int j = 0; j < n; j++) c0[j] = c0[j] + x0 * v0[j] + x1 * v1[j];
			}
			if (q < count) {
				final double[] v0 = v[q];
				final double x0 = at(x, xT, r, q);
				for (int j = 0; j < n; j++) c0[j] += x0 * v0[j];
			}
		}
	}

	private static double at(final double[][] x, final boolean transposed, final int r, final int q) {
		return transposed ? x[q][r] : x[r][q];
	}

	/** LeakyReLU in place on the first {@code m} entries, slope {@link Mlp#SLOPE} below zero. */
	static void leaky(final double[] c, final int m) {
		final double slope = (double) Mlp.SLOPE;
		// max(v, slope·v) is v above zero and slope·v below (slope < 1), bit for bit, and vectorizes
		for (int j = 0; j < m; j++) c[j] = Math.max(c[j], slope * c[j]);
	}

	/** Multiplies the gradient by the LeakyReLU derivative at activations {@code act}. */
	static void leakyGrad(final double[] d, final double[] act, final int m) {
		final double slope = (double) Mlp.SLOPE;
		for (int j = 0; j < m; j++) d[j] *= act[j] > 0 ? 1 : slope;
	}

	/**
	 * {@code out[j] = bias[j] + x·u} and {@code out[j+1] = bias[j+1] + x·v} in one pass over
	 * {@code x}, each sum formed exactly as {@link #dot} forms it (so the results are the same),
	 * with eight independent partial sums in flight (the narrow output layer of a 2-D flow; encode
	 * gained 1–3 % over two separate dot products).
	 */
	static void dotPair(final double[] x, final double[] u, final double[] v, final int n, final double[] bias,
		final double[] out, final int j)
	{
		double s0 = 0, s1 = 0, s2 = 0, s3 = 0, t0 = 0, t1 = 0, t2 = 0, t3 = 0;
		int p = 0;
		for (; p + 3 < n; p += 4) {
			final double x0 = x[p], x1 = x[p + 1], x2 = x[p + 2], x3 = x[p + 3];
			s0 += x0 * u[p];
			s1 += x1 * u[p + 1];
			s2 += x2 * u[p + 2];
			s3 += x3 * u[p + 3];
			t0 += x0 * v[p];
			t1 += x1 * v[p + 1];
			t2 += x2 * v[p + 2];
			t3 += x3 * v[p + 3];
		}
		for (; p < n; p++) {
			s0 += x[p] * u[p];
			t0 += x[p] * v[p];
		}
		out[j] = bias[j] + ((s0 + s1) + (s2 + s3));
		out[j + 1] = bias[j + 1] + ((t0 + t1) + (t2 + t3));
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
