package sc.fiji.flowmodels.flow;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The wide dense layers of inference written with the Vector API ({@code jdk.incubator.vector},
 * Java 16+): a tile of six rows × four vectors of outputs stays in registers for the whole sum
 * over the inputs, and each term is one fused multiply-add. HotSpot's auto-vectorized loops in
 * {@link Kernels} instead load and store the outputs for every two terms. Compiled for Java 17
 * on its own (src/main/java17) and loaded by {@link VectorProducts} only when the JVM has the
 * module; never used by training (see there).
 * <p>
 * The weights come as one k×m row-major array. Every output is {@code bias[j]}, then
 * {@code fma(w[p·m + j], a[i][p], ·)} for {@code p = 0…k-1} in order, then LeakyReLU as
 * {@code max(s, slope·s)}, whichever tile or tail computes it, so a row's result does not depend
 * on how rows are grouped into chunks or threads. The tiles start from the bias written into the
 * outputs and apply LeakyReLU in a pass of their own: starting the accumulators from bias
 * vectors and blending at the store measured 1.6× slower (HotSpot 17, 64×256 by 256×256).
 */
final class VectorKernels implements VectorProducts.Wide {

	@Override
	public void affine(final int rows, final double[][] a, final int k, final double[] w, final double[] bias,
		final double[][] c, final int m, final boolean leaky)
	{
		Doubles.affine(rows, a, k, w, bias, c, m, leaky);
	}

	@Override
	public void affine(final int rows, final float[][] a, final int k, final float[] w, final float[] bias,
		final float[][] c, final int m, final boolean leaky)
	{
		Floats.affine(rows, a, k, w, bias, c, m, leaky);
	}

	@Override
	public String describe() {
		return "Vector API, " + DoubleVector.SPECIES_PREFERRED.vectorBitSize() + "-bit";
	}

	/** double products, {@code L} lanes per vector. */
	static final class Doubles {

		private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
		private static final int L = S.length();

		private Doubles() {}

		static void affine(final int rows, final double[][] a, final int k, final double[] w, final double[] bias,
			final double[][] c, final int m, final boolean leaky)
		{
			for (int i = 0; i < rows; i++) System.arraycopy(bias, 0, c[i], 0, m);
			final int wide = m - m % (4 * L), vectors = m - m % L;
			final int tiled = rows - rows % 6;
			sixRows(tiled, a, k, w, c, m, wide);
			for (int i = tiled; i < rows; i++) oneRow(a[i], k, w, c[i], m, wide);
			if (wide < m) {
				for (int i = 0; i < rows; i++) {
					final double[] ai = a[i], ci = c[i];
					for (int j = wide; j < vectors; j += L) {
						DoubleVector s = DoubleVector.fromArray(S, ci, j);
						for (int p = 0; p < k; p++) s = DoubleVector.fromArray(S, w, p * m + j).fma(DoubleVector.broadcast(S, ai[p]), s);
						s.intoArray(ci, j);
					}
					for (int j = vectors; j < m; j++) {
						double s = ci[j];
						for (int p = 0; p < k; p++) s = Math.fma(w[p * m + j], ai[p], s);
						ci[j] = s;
					}
				}
			}
			if (leaky) {
				final double slope = Mlp.SLOPE;
				for (int i = 0; i < rows; i++) {
					final double[] ci = c[i];
					for (int j = 0; j < m; j++) ci[j] = Math.max(ci[j], slope * ci[j]);
				}
			}
		}

		/** Rows {@code [0, rows)} (a multiple of six), columns {@code [0, wide)} (a multiple of 4L). */
		private static void sixRows(final int rows, final double[][] a, final int k, final double[] w, final double[][] c, final int m,
			final int wide)
		{
			for (int i = 0; i < rows; i += 6) {
				final double[] a0 = a[i], a1 = a[i + 1], a2 = a[i + 2], a3 = a[i + 3], a4 = a[i + 4], a5 = a[i + 5];
				final double[] c0 = c[i], c1 = c[i + 1], c2 = c[i + 2], c3 = c[i + 3], c4 = c[i + 4], c5 = c[i + 5];
				for (int j = 0; j < wide; j += 4 * L) {
					DoubleVector s00 = DoubleVector.fromArray(S, c0, j), s01 = DoubleVector.fromArray(S, c0, j + L);
					DoubleVector s02 = DoubleVector.fromArray(S, c0, j + 2 * L), s03 = DoubleVector.fromArray(S, c0, j + 3 * L);
					DoubleVector s10 = DoubleVector.fromArray(S, c1, j), s11 = DoubleVector.fromArray(S, c1, j + L);
					DoubleVector s12 = DoubleVector.fromArray(S, c1, j + 2 * L), s13 = DoubleVector.fromArray(S, c1, j + 3 * L);
					DoubleVector s20 = DoubleVector.fromArray(S, c2, j), s21 = DoubleVector.fromArray(S, c2, j + L);
					DoubleVector s22 = DoubleVector.fromArray(S, c2, j + 2 * L), s23 = DoubleVector.fromArray(S, c2, j + 3 * L);
					DoubleVector s30 = DoubleVector.fromArray(S, c3, j), s31 = DoubleVector.fromArray(S, c3, j + L);
					DoubleVector s32 = DoubleVector.fromArray(S, c3, j + 2 * L), s33 = DoubleVector.fromArray(S, c3, j + 3 * L);
					DoubleVector s40 = DoubleVector.fromArray(S, c4, j), s41 = DoubleVector.fromArray(S, c4, j + L);
					DoubleVector s42 = DoubleVector.fromArray(S, c4, j + 2 * L), s43 = DoubleVector.fromArray(S, c4, j + 3 * L);
					DoubleVector s50 = DoubleVector.fromArray(S, c5, j), s51 = DoubleVector.fromArray(S, c5, j + L);
					DoubleVector s52 = DoubleVector.fromArray(S, c5, j + 2 * L), s53 = DoubleVector.fromArray(S, c5, j + 3 * L);
					for (int p = 0; p < k; p++) {
						final int q = p * m + j;
						final DoubleVector v0 = DoubleVector.fromArray(S, w, q), v1 = DoubleVector.fromArray(S, w, q + L);
						final DoubleVector v2 = DoubleVector.fromArray(S, w, q + 2 * L), v3 = DoubleVector.fromArray(S, w, q + 3 * L);
						DoubleVector x = DoubleVector.broadcast(S, a0[p]);
						s00 = v0.fma(x, s00);
						s01 = v1.fma(x, s01);
						s02 = v2.fma(x, s02);
						s03 = v3.fma(x, s03);
						x = DoubleVector.broadcast(S, a1[p]);
						s10 = v0.fma(x, s10);
						s11 = v1.fma(x, s11);
						s12 = v2.fma(x, s12);
						s13 = v3.fma(x, s13);
						x = DoubleVector.broadcast(S, a2[p]);
						s20 = v0.fma(x, s20);
						s21 = v1.fma(x, s21);
						s22 = v2.fma(x, s22);
						s23 = v3.fma(x, s23);
						x = DoubleVector.broadcast(S, a3[p]);
						s30 = v0.fma(x, s30);
						s31 = v1.fma(x, s31);
						s32 = v2.fma(x, s32);
						s33 = v3.fma(x, s33);
						x = DoubleVector.broadcast(S, a4[p]);
						s40 = v0.fma(x, s40);
						s41 = v1.fma(x, s41);
						s42 = v2.fma(x, s42);
						s43 = v3.fma(x, s43);
						x = DoubleVector.broadcast(S, a5[p]);
						s50 = v0.fma(x, s50);
						s51 = v1.fma(x, s51);
						s52 = v2.fma(x, s52);
						s53 = v3.fma(x, s53);
					}
					s00.intoArray(c0, j);
					s01.intoArray(c0, j + L);
					s02.intoArray(c0, j + 2 * L);
					s03.intoArray(c0, j + 3 * L);
					s10.intoArray(c1, j);
					s11.intoArray(c1, j + L);
					s12.intoArray(c1, j + 2 * L);
					s13.intoArray(c1, j + 3 * L);
					s20.intoArray(c2, j);
					s21.intoArray(c2, j + L);
					s22.intoArray(c2, j + 2 * L);
					s23.intoArray(c2, j + 3 * L);
					s30.intoArray(c3, j);
					s31.intoArray(c3, j + L);
					s32.intoArray(c3, j + 2 * L);
					s33.intoArray(c3, j + 3 * L);
					s40.intoArray(c4, j);
					s41.intoArray(c4, j + L);
					s42.intoArray(c4, j + 2 * L);
					s43.intoArray(c4, j + 3 * L);
					s50.intoArray(c5, j);
					s51.intoArray(c5, j + L);
					s52.intoArray(c5, j + 2 * L);
					s53.intoArray(c5, j + 3 * L);
				}
			}
		}

		/** One row, columns {@code [0, wide)}. */
		private static void oneRow(final double[] a0, final int k, final double[] w, final double[] c0, final int m, final int wide) {
			for (int j = 0; j < wide; j += 4 * L) {
				DoubleVector s0 = DoubleVector.fromArray(S, c0, j), s1 = DoubleVector.fromArray(S, c0, j + L);
				DoubleVector s2 = DoubleVector.fromArray(S, c0, j + 2 * L), s3 = DoubleVector.fromArray(S, c0, j + 3 * L);
				for (int p = 0; p < k; p++) {
					final int q = p * m + j;
					final DoubleVector x = DoubleVector.broadcast(S, a0[p]);
					s0 = DoubleVector.fromArray(S, w, q).fma(x, s0);
					s1 = DoubleVector.fromArray(S, w, q + L).fma(x, s1);
					s2 = DoubleVector.fromArray(S, w, q + 2 * L).fma(x, s2);
					s3 = DoubleVector.fromArray(S, w, q + 3 * L).fma(x, s3);
				}
				s0.intoArray(c0, j);
				s1.intoArray(c0, j + L);
				s2.intoArray(c0, j + 2 * L);
				s3.intoArray(c0, j + 3 * L);
			}
		}
	}

	/** float products, {@code L} lanes per vector. */
	static final class Floats {

		private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
		private static final int L = S.length();

		private Floats() {}

		static void affine(final int rows, final float[][] a, final int k, final float[] w, final float[] bias,
			final float[][] c, final int m, final boolean leaky)
		{
			for (int i = 0; i < rows; i++) System.arraycopy(bias, 0, c[i], 0, m);
			final int wide = m - m % (4 * L), vectors = m - m % L;
			final int tiled = rows - rows % 6;
			sixRows(tiled, a, k, w, c, m, wide);
			for (int i = tiled; i < rows; i++) oneRow(a[i], k, w, c[i], m, wide);
			if (wide < m) {
				for (int i = 0; i < rows; i++) {
					final float[] ai = a[i], ci = c[i];
					for (int j = wide; j < vectors; j += L) {
						FloatVector s = FloatVector.fromArray(S, ci, j);
						for (int p = 0; p < k; p++) s = FloatVector.fromArray(S, w, p * m + j).fma(FloatVector.broadcast(S, ai[p]), s);
						s.intoArray(ci, j);
					}
					for (int j = vectors; j < m; j++) {
						float s = ci[j];
						for (int p = 0; p < k; p++) s = Math.fma(w[p * m + j], ai[p], s);
						ci[j] = s;
					}
				}
			}
			if (leaky) {
				final float slope = (float) Mlp.SLOPE;
				for (int i = 0; i < rows; i++) {
					final float[] ci = c[i];
					for (int j = 0; j < m; j++) ci[j] = Math.max(ci[j], slope * ci[j]);
				}
			}
		}

		/** Rows {@code [0, rows)} (a multiple of six), columns {@code [0, wide)} (a multiple of 4L). */
		private static void sixRows(final int rows, final float[][] a, final int k, final float[] w, final float[][] c, final int m,
			final int wide)
		{
			for (int i = 0; i < rows; i += 6) {
				final float[] a0 = a[i], a1 = a[i + 1], a2 = a[i + 2], a3 = a[i + 3], a4 = a[i + 4], a5 = a[i + 5];
				final float[] c0 = c[i], c1 = c[i + 1], c2 = c[i + 2], c3 = c[i + 3], c4 = c[i + 4], c5 = c[i + 5];
				for (int j = 0; j < wide; j += 4 * L) {
					FloatVector s00 = FloatVector.fromArray(S, c0, j), s01 = FloatVector.fromArray(S, c0, j + L);
					FloatVector s02 = FloatVector.fromArray(S, c0, j + 2 * L), s03 = FloatVector.fromArray(S, c0, j + 3 * L);
					FloatVector s10 = FloatVector.fromArray(S, c1, j), s11 = FloatVector.fromArray(S, c1, j + L);
					FloatVector s12 = FloatVector.fromArray(S, c1, j + 2 * L), s13 = FloatVector.fromArray(S, c1, j + 3 * L);
					FloatVector s20 = FloatVector.fromArray(S, c2, j), s21 = FloatVector.fromArray(S, c2, j + L);
					FloatVector s22 = FloatVector.fromArray(S, c2, j + 2 * L), s23 = FloatVector.fromArray(S, c2, j + 3 * L);
					FloatVector s30 = FloatVector.fromArray(S, c3, j), s31 = FloatVector.fromArray(S, c3, j + L);
					FloatVector s32 = FloatVector.fromArray(S, c3, j + 2 * L), s33 = FloatVector.fromArray(S, c3, j + 3 * L);
					FloatVector s40 = FloatVector.fromArray(S, c4, j), s41 = FloatVector.fromArray(S, c4, j + L);
					FloatVector s42 = FloatVector.fromArray(S, c4, j + 2 * L), s43 = FloatVector.fromArray(S, c4, j + 3 * L);
					FloatVector s50 = FloatVector.fromArray(S, c5, j), s51 = FloatVector.fromArray(S, c5, j + L);
					FloatVector s52 = FloatVector.fromArray(S, c5, j + 2 * L), s53 = FloatVector.fromArray(S, c5, j + 3 * L);
					for (int p = 0; p < k; p++) {
						final int q = p * m + j;
						final FloatVector v0 = FloatVector.fromArray(S, w, q), v1 = FloatVector.fromArray(S, w, q + L);
						final FloatVector v2 = FloatVector.fromArray(S, w, q + 2 * L), v3 = FloatVector.fromArray(S, w, q + 3 * L);
						FloatVector x = FloatVector.broadcast(S, a0[p]);
						s00 = v0.fma(x, s00);
						s01 = v1.fma(x, s01);
						s02 = v2.fma(x, s02);
						s03 = v3.fma(x, s03);
						x = FloatVector.broadcast(S, a1[p]);
						s10 = v0.fma(x, s10);
						s11 = v1.fma(x, s11);
						s12 = v2.fma(x, s12);
						s13 = v3.fma(x, s13);
						x = FloatVector.broadcast(S, a2[p]);
						s20 = v0.fma(x, s20);
						s21 = v1.fma(x, s21);
						s22 = v2.fma(x, s22);
						s23 = v3.fma(x, s23);
						x = FloatVector.broadcast(S, a3[p]);
						s30 = v0.fma(x, s30);
						s31 = v1.fma(x, s31);
						s32 = v2.fma(x, s32);
						s33 = v3.fma(x, s33);
						x = FloatVector.broadcast(S, a4[p]);
						s40 = v0.fma(x, s40);
						s41 = v1.fma(x, s41);
						s42 = v2.fma(x, s42);
						s43 = v3.fma(x, s43);
						x = FloatVector.broadcast(S, a5[p]);
						s50 = v0.fma(x, s50);
						s51 = v1.fma(x, s51);
						s52 = v2.fma(x, s52);
						s53 = v3.fma(x, s53);
					}
					s00.intoArray(c0, j);
					s01.intoArray(c0, j + L);
					s02.intoArray(c0, j + 2 * L);
					s03.intoArray(c0, j + 3 * L);
					s10.intoArray(c1, j);
					s11.intoArray(c1, j + L);
					s12.intoArray(c1, j + 2 * L);
					s13.intoArray(c1, j + 3 * L);
					s20.intoArray(c2, j);
					s21.intoArray(c2, j + L);
					s22.intoArray(c2, j + 2 * L);
					s23.intoArray(c2, j + 3 * L);
					s30.intoArray(c3, j);
					s31.intoArray(c3, j + L);
					s32.intoArray(c3, j + 2 * L);
					s33.intoArray(c3, j + 3 * L);
					s40.intoArray(c4, j);
					s41.intoArray(c4, j + L);
					s42.intoArray(c4, j + 2 * L);
					s43.intoArray(c4, j + 3 * L);
					s50.intoArray(c5, j);
					s51.intoArray(c5, j + L);
					s52.intoArray(c5, j + 2 * L);
					s53.intoArray(c5, j + 3 * L);
				}
			}
		}

		/** One row, columns {@code [0, wide)}. */
		private static void oneRow(final float[] a0, final int k, final float[] w, final float[] c0, final int m, final int wide) {
			for (int j = 0; j < wide; j += 4 * L) {
				FloatVector s0 = FloatVector.fromArray(S, c0, j), s1 = FloatVector.fromArray(S, c0, j + L);
				FloatVector s2 = FloatVector.fromArray(S, c0, j + 2 * L), s3 = FloatVector.fromArray(S, c0, j + 3 * L);
				for (int p = 0; p < k; p++) {
					final int q = p * m + j;
					final FloatVector x = FloatVector.broadcast(S, a0[p]);
					s0 = FloatVector.fromArray(S, w, q).fma(x, s0);
					s1 = FloatVector.fromArray(S, w, q + L).fma(x, s1);
					s2 = FloatVector.fromArray(S, w, q + 2 * L).fma(x, s2);
					s3 = FloatVector.fromArray(S, w, q + 3 * L).fma(x, s3);
				}
				s0.intoArray(c0, j);
				s1.intoArray(c0, j + L);
				s2.intoArray(c0, j + 2 * L);
				s3.intoArray(c0, j + 3 * L);
			}
		}
	}

}
