package sc.fiji.flowmodels.flow;

import java.util.Arrays;

/**
 * The float32 twins of {@link Kernels} (same shape rules and the same order of additions; Java
 * has no generics over primitive arrays). HotSpot vectorizes them with twice as many lanes as
 * the double ones.
 */
final class KernelsF {

	private KernelsF() {}

	/** {@code c[i][j] = bias[j] + Σ_p a[i][p] w[p][j]}, as {@link Kernels#affine}. */
	static void affine(final int rows, final float[][] a, final int k, final float[][] w,
		final float[][] wT, final float[] bias, final float[][] c, final int m, final boolean leaky,
		final VectorProducts.Wide wide)
	{
		if (wide != null && m >= Kernels.NARROW) {
			for (int i = 0; i < rows; i++) System.arraycopy(bias, 0, c[i], 0, m);
			wide.products(rows, a, w, k, m, c, leaky ? VectorProducts.LEAKY : VectorProducts.PLAIN, null);
			return;
		}
		if (m < Kernels.NARROW) {
			for (int i = 0; i < rows; i++) {
				final float[] ai = a[i];
				final float[] ci = c[i];
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

	/** {@code da[i][p] = Σ_j dc[i][j] w[p][j]}, as {@link Kernels#backInput}. */
	static void backInput(final int rows, final float[][] dc, final int m, final float[][] w,
		final float[][] wT, final float[][] da, final int k, final float[][] mask,
		final VectorProducts.Wide wide)
	{
		if (wide != null && k >= Kernels.NARROW) {
			for (int i = 0; i < rows; i++) java.util.Arrays.fill(da[i], 0, k, 0);
			wide.products(rows, dc, wT, m, k, da, mask != null ? VectorProducts.LEAKY_GRAD : VectorProducts.PLAIN, mask);
			return;
		}
		if (k < Kernels.NARROW) {
			for (int i = 0; i < rows; i++) {
				final float[] di = dc[i];
				final float[] ai = da[i];
				for (int p = 0; p < k; p++) ai[p] = dot(di, w[p], m);
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

	/** Adds the weight and bias gradients, as {@link Kernels#backWeights}. */
	static void backWeights(final int rows, final float[][] a, final int k, final float[][] dc,
		final int m, final float[][] gw, final boolean transposed, final float[] gb,
		final VectorProducts.Wide wide, final float[][] scratch)
	{
		for (int i = 0; i < rows; i++) {
			final float[] di = dc[i];
			for (int j = 0; j < m; j++) gb[j] += di[j];
		}
		// gw[p][j] += Σ_i a[i][p] dc[i][j], or gw[j][p] += Σ_i dc[i][j] a[i][p] (m×k, narrow m)
		if (wide != null) {
			// the kernels take x by rows only: the transposed factor goes through scratch (at least
			// max(k, m) rows of at least {@code rows}); its copy costs 1/m (or 1/k) of the product
			if (transposed) {
				transpose(dc, rows, m, scratch);
				wide.products(m, scratch, a, rows, k, gw, VectorProducts.PLAIN, null);
			}
			else {
				transpose(a, rows, k, scratch);
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
	static void addProducts(final float[][] c, final int rows, final float[][] x, final boolean xT,
		final float[][] v, final int count, final int n)
	{
		int r = 0;
		for (; r + 2 < rows; r += 3) {
			final float[] c0 = c[r], c1 = c[r + 1], c2 = c[r + 2];
			int q = 0;
			for (; q + 1 < count; q += 2) {
				final float[] v0 = v[q], v1 = v[q + 1];
				final float x00 = at(x, xT, r, q), x01 = at(x, xT, r, q + 1);
				final float x10 = at(x, xT, r + 1, q), x11 = at(x, xT, r + 1, q + 1);
				final float x20 = at(x, xT, r + 2, q), x21 = at(x, xT, r + 2, q + 1);
				for (int j = 0; j < n; j++) {
					final float a = v0[j], b = v1[j];
					c0[j] = c0[j] + x00 * a + x01 * b;
					c1[j] = c1[j] + x10 * a + x11 * b;
					c2[j] = c2[j] + x20 * a + x21 * b;
				}
			}
			if (q < count) {
				final float[] v0 = v[q];
				final float x0 = at(x, xT, r, q), x1 = at(x, xT, r + 1, q), x2 = at(x, xT, r + 2, q);
				for (int j = 0; j < n; j++) {
					final float a = v0[j];
					c0[j] += x0 * a;
					c1[j] += x1 * a;
					c2[j] += x2 * a;
				}
			}
		}
		for (; r < rows; r++) {
			final float[] c0 = c[r];
			int q = 0;
			for (; q + 1 < count; q += 2) {
				final float[] v0 = v[q], v1 = v[q + 1];
				final float x0 = at(x, xT, r, q), x1 = at(x, xT, r, q + 1);
				for (int j = 0; j < n; j++) c0[j] = c0[j] + x0 * v0[j] + x1 * v1[j];
			}
			if (q < count) {
				final float[] v0 = v[q];
				final float x0 = at(x, xT, r, q);
				for (int j = 0; j < n; j++) c0[j] += x0 * v0[j];
			}
		}
	}

	/** {@code dst = srcᵀ} for an r×c source. */
	static void transpose(final float[][] src, final int r, final int c, final float[][] dst) {
		for (int i = 0; i < r; i++) {
			final float[] s = src[i];
			for (int j = 0; j < c; j++) dst[j][i] = s[j];
		}
	}

	private static float at(final float[][] x, final boolean transposed, final int r, final int q) {
		return transposed ? x[q][r] : x[r][q];
	}

	/** LeakyReLU in place on the first {@code m} entries, slope {@link Mlp#SLOPE} below zero. */
	static void leaky(final float[] c, final int m) {
		final float slope = (float) Mlp.SLOPE;
		// max(v, slope·v) is v above zero and slope·v below (slope < 1), bit for bit, and vectorizes
		for (int j = 0; j < m; j++) c[j] = Math.max(c[j], slope * c[j]);
	}

	/** Multiplies the gradient by the LeakyReLU derivative at activations {@code act}. */
	static void leakyGrad(final float[] d, final float[] act, final int m) {
		final float slope = (float) Mlp.SLOPE;
		for (int j = 0; j < m; j++) d[j] *= act[j] > 0 ? 1 : slope;
	}

	/**
	 * {@code out[j] = bias[j] + x·u} and {@code out[j+1] = bias[j+1] + x·v} in one pass over
	 * {@code x}, each sum formed exactly as {@link #dot} forms it (so the results are the same),
	 * with eight independent partial sums in flight (the narrow output layer of a 2-D flow; encode
	 * gained 1–3 % over two separate dot products).
	 */
	static void dotPair(final float[] x, final float[] u, final float[] v, final int n, final float[] bias,
		final float[] out, final int j)
	{
		float s0 = 0, s1 = 0, s2 = 0, s3 = 0, t0 = 0, t1 = 0, t2 = 0, t3 = 0;
		int p = 0;
		for (; p + 3 < n; p += 4) {
			final float x0 = x[p], x1 = x[p + 1], x2 = x[p + 2], x3 = x[p + 3];
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

	static float dot(final float[] x, final float[] y, final int n) {
		float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
		int p = 0;
		for (; p + 3 < n; p += 4) {
			s0 += x[p] * y[p];
			s1 += x[p + 1] * y[p + 1];
			s2 += x[p + 2] * y[p + 2];
			s3 += x[p + 3] * y[p + 3];
		}
		for (; p < n; p++) s0 += x[p] * y[p];
		return (s0 + s1) + (s2 + s3);
	}
}
