package sc.fiji.flowmodels.flow;

import java.util.Arrays;

/**
 * The float32 twins of {@link Kernels} (same shape rules; Java has no generics over primitive
 * arrays). HotSpot vectorizes them with twice as many lanes as the double ones, and in float it
 * keeps four output rows per sweep of the weights vectorized, which is 15–20 % faster than two
 * (measured; in double four rows are slower than two, so {@link Kernels} sweeps two).
 */
final class KernelsF {

	private KernelsF() {}

	/** {@code c[i][j] = bias[j] + Σ_p a[i][p] w[p][j]}, as {@link Kernels#affine}. */
	static void affine(final int rows, final float[][] a, final int k, final float[][] w,
		final float[][] wT, final float[] bias, final float[][] c, final int m, final boolean leaky)
	{
		if (m < Kernels.NARROW) {
			for (int i = 0; i < rows; i++) {
				final float[] ai = a[i];
				final float[] ci = c[i];
				for (int j = 0; j < m; j++) ci[j] = bias[j] + dot(ai, wT[j], k);
				if (leaky) leaky(ci, m);
			}
			return;
		}
		int i = 0;
		for (; i + 3 < rows; i += 4) {
			final float[] c0 = c[i], c1 = c[i + 1], c2 = c[i + 2], c3 = c[i + 3];
			final float[] a0 = a[i], a1 = a[i + 1], a2 = a[i + 2], a3 = a[i + 3];
			System.arraycopy(bias, 0, c0, 0, m);
			System.arraycopy(bias, 0, c1, 0, m);
			System.arraycopy(bias, 0, c2, 0, m);
			System.arraycopy(bias, 0, c3, 0, m);
			for (int p = 0; p < k; p++) {
				final float x0 = a0[p], x1 = a1[p], x2 = a2[p], x3 = a3[p];
				final float[] wp = w[p];
				for (int j = 0; j < m; j++) {
					final float v = wp[j];
					c0[j] += x0 * v;
					c1[j] += x1 * v;
					c2[j] += x2 * v;
					c3[j] += x3 * v;
				}
			}
			if (leaky) {
				leaky(c0, m);
				leaky(c1, m);
				leaky(c2, m);
				leaky(c3, m);
			}
		}
		for (; i < rows; i++) {
			final float[] c0 = c[i];
			final float[] a0 = a[i];
			System.arraycopy(bias, 0, c0, 0, m);
			for (int p = 0; p < k; p++) {
				final float x0 = a0[p];
				final float[] wp = w[p];
				for (int j = 0; j < m; j++) c0[j] += x0 * wp[j];
			}
			if (leaky) leaky(c0, m);
		}
	}

	/** {@code da[i][p] = Σ_j dc[i][j] w[p][j]}, as {@link Kernels#backInput}. */
	static void backInput(final int rows, final float[][] dc, final int m, final float[][] w,
		final float[][] wT, final float[][] da, final int k, final float[][] mask)
	{
		if (k < Kernels.NARROW) {
			for (int i = 0; i < rows; i++) {
				final float[] di = dc[i];
				final float[] ai = da[i];
				for (int p = 0; p < k; p++) ai[p] = dot(di, w[p], m);
				if (mask != null) leakyGrad(ai, mask[i], k);
			}
			return;
		}
		int i = 0;
		for (; i + 3 < rows; i += 4) {
			final float[] a0 = da[i], a1 = da[i + 1], a2 = da[i + 2], a3 = da[i + 3];
			final float[] d0 = dc[i], d1 = dc[i + 1], d2 = dc[i + 2], d3 = dc[i + 3];
			Arrays.fill(a0, 0, k, 0);
			Arrays.fill(a1, 0, k, 0);
			Arrays.fill(a2, 0, k, 0);
			Arrays.fill(a3, 0, k, 0);
			for (int j = 0; j < m; j++) {
				final float g0 = d0[j], g1 = d1[j], g2 = d2[j], g3 = d3[j];
				final float[] wj = wT[j];
				for (int p = 0; p < k; p++) {
					final float v = wj[p];
					a0[p] += g0 * v;
					a1[p] += g1 * v;
					a2[p] += g2 * v;
					a3[p] += g3 * v;
				}
			}
			if (mask != null) {
				leakyGrad(a0, mask[i], k);
				leakyGrad(a1, mask[i + 1], k);
				leakyGrad(a2, mask[i + 2], k);
				leakyGrad(a3, mask[i + 3], k);
			}
		}
		for (; i < rows; i++) {
			final float[] a0 = da[i];
			final float[] d0 = dc[i];
			Arrays.fill(a0, 0, k, 0);
			for (int j = 0; j < m; j++) {
				final float g0 = d0[j];
				final float[] wj = wT[j];
				for (int p = 0; p < k; p++) a0[p] += g0 * wj[p];
			}
			if (mask != null) leakyGrad(a0, mask[i], k);
		}
	}

	/** Adds the weight and bias gradients, as {@link Kernels#backWeights}. */
	static void backWeights(final int rows, final float[][] a, final int k, final float[][] dc,
		final int m, final float[][] gw, final boolean transposed, final float[] gb)
	{
		for (int i = 0; i < rows; i++) {
			final float[] di = dc[i];
			for (int j = 0; j < m; j++) gb[j] += di[j];
		}
		if (transposed) {
			for (int i = 0; i < rows; i++) {
				final float[] ai = a[i];
				final float[] di = dc[i];
				for (int j = 0; j < m; j++) {
					final float g = di[j];
					final float[] gj = gw[j];
					for (int p = 0; p < k; p++) gj[p] += g * ai[p];
				}
			}
			return;
		}
		int p = 0;
		for (; p + 3 < k; p += 4) {
			final float[] g0 = gw[p], g1 = gw[p + 1], g2 = gw[p + 2], g3 = gw[p + 3];
			for (int i = 0; i < rows; i++) {
				final float[] ai = a[i];
				final float x0 = ai[p], x1 = ai[p + 1], x2 = ai[p + 2], x3 = ai[p + 3];
				final float[] di = dc[i];
				for (int j = 0; j < m; j++) {
					final float v = di[j];
					g0[j] += x0 * v;
					g1[j] += x1 * v;
					g2[j] += x2 * v;
					g3[j] += x3 * v;
				}
			}
		}
		for (; p < k; p++) {
			final float[] g0 = gw[p];
			for (int i = 0; i < rows; i++) {
				final float x0 = a[i][p];
				final float[] di = dc[i];
				for (int j = 0; j < m; j++) g0[j] += x0 * di[j];
			}
		}
	}

	/** LeakyReLU in place on the first {@code m} entries, slope {@link Mlp#SLOPE} below zero. */
	static void leaky(final float[] c, final int m) {
		final float slope = (float) Mlp.SLOPE;
		for (int j = 0; j < m; j++) {
			final float v = c[j];
			c[j] = v > 0 ? v : slope * v;
		}
	}

	/** Multiplies the gradient by the LeakyReLU derivative at activations {@code act}. */
	static void leakyGrad(final float[] d, final float[] act, final int m) {
		final float slope = (float) Mlp.SLOPE;
		for (int j = 0; j < m; j++) d[j] *= act[j] > 0 ? 1 : slope;
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
