package sc.fiji.flowmodels.flow;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The dense products of training and inference written with the Vector API
 * ({@code jdk.incubator.vector}, Java 16+). Compiled for Java 17 on its own (src/main/java17)
 * and loaded by {@link VectorProducts} only when the JVM has the module.
 * <p>
 * {@link #products}: a tile of five rows × two vectors of outputs stays in registers for the
 * whole sum, each term one fused multiply-add; the one to four rows left over go through one more
 * five-row tile that ends at the last row and stores only them (an encode chunk's 60 rows are 12
 * tiles, a training shard's 64 twelve and that one), fewer than five rows through one-row tiles.
 * On AVX2 (16 vector registers) larger tiles spill: four × three ran at 11 GFLOP/s, the earlier
 * six × four (made for AVX-512's 32 registers) at 4–17, four × two at 23 (HotSpot 17, one core,
 * 60 × 256 by 256 × 256 in double; BENCHMARKS.md); five × two, 13 of the 16 registers, encodes
 * 6–10 % more points per second than four × two in double (the same in float) and takes 9 % less
 * CPU time per D = 16 training step (BENCHMARKS.md, "Encode job: where the time goes").
 * Columns left over after the two-vector blocks go through one-vector tiles, and a last partial
 * vector is computed as the overlapping vector that ends at the last column, of which only the
 * new lanes are stored (a blend: masked loads are not fast on every JDK 17).
 * <p>
 * Every output is its starting value, then {@code fma(x(r, q), v[q][j], ·)} for {@code q = 0…}
 * in order, then the finishing step, whichever tile or tail computes it. So an output does not
 * depend on how rows are grouped into chunks, shards or threads, nor on the vector width.
 */
final class VectorKernels implements VectorProducts.Wide {

	@Override
	public void products(final int rows, final double[][] x, final double[][] v, final int count,
		final int n, final double[][] c, final int finish, final double[][] act)
	{
		Doubles.products(rows, x, v, count, n, c, finish, act);
	}

	@Override
	public void products(final int rows, final float[][] x, final float[][] v, final int count,
		final int n, final float[][] c, final int finish, final float[][] act)
	{
		Floats.products(rows, x, v, count, n, c, finish, act);
	}

	@Override
	public String describe() {
		return "Vector API, " + Doubles.S.vectorBitSize() + "-bit";
	}

	/**
	 * The machine's preferred species, or the width the system property {@code flow.vector.bits}
	 * asks for (tests use it to show that results do not depend on the width).
	 */
	private static <E> VectorSpecies<E> species(final VectorSpecies<E> preferred) {
		final int bits = Integer.getInteger("flow.vector.bits", 0);
		return bits == 0 ? preferred : VectorSpecies.of(preferred.elementType(), VectorShape.forBitSize(bits));
	}

	private static boolean[] tailTable(final int lanes) {
		final boolean[] t = new boolean[2 * lanes];
		for (int i = lanes; i < t.length; i++) t[i] = true;
		return t;
	}

	private static double[] row(final double[][] a, final int r) {
		return a == null ? null : a[r];
	}

	private static float[] row(final float[][] a, final int r) {
		return a == null ? null : a[r];
	}

	/** double products, {@code L} lanes per vector. */
	static final class Doubles {

		private static final VectorSpecies<Double> S = species(DoubleVector.SPECIES_PREFERRED);
		private static final int L = S.length();
		/** {@code L} false then {@code L} true: the lanes of an overlapping last vector to keep */
		private static final boolean[] TAIL = tailTable(L);

		private Doubles() {}

		static void products(final int rows, final double[][] x, final double[][] v, final int count,
			final int n, final double[][] c, final int finish, final double[][] act)
		{
			final int full = n - n % L, pairs = full - full % (2 * L);
			final VectorMask<Double> tail = full < n && n >= L ? VectorMask.fromArray(S, TAIL, n - full) : null;
			int r = 0;
			for (; r + 4 < rows; r += 5) {
				int j = 0;
				for (; j < pairs; j += 2 * L) fiveByTwo(x, v, count, c, r, j, 0);
				for (; j < full; j += L) {
					fourByOne(x, v, count, c, r, j, null);
					oneByOne(x, v, count, c, r + 4, j, null);
				}
				if (tail != null) {
					fourByOne(x, v, count, c, r, n - L, tail);
					oneByOne(x, v, count, c, r + 4, n - L, tail);
				}
			}
			// one to four rows left: their two-vector blocks in a five-row tile that ends at the last
			// row and stores only them (the rows before are done and are not written again)
			final int overlapped = r < rows && rows >= 5 ? pairs : 0;
			for (int j = 0; j < overlapped; j += 2 * L) fiveByTwo(x, v, count, c, rows - 5, j, r - (rows - 5));
			for (; r < rows; r++) {
				int j = overlapped;
				for (; j < pairs; j += 2 * L) oneByTwo(x, v, count, c, r, j);
				for (; j < full; j += L) oneByOne(x, v, count, c, r, j, null);
				if (tail != null) oneByOne(x, v, count, c, r, n - L, tail);
			}
			if (n < L) {
				for (r = 0; r < rows; r++) {
					final double[] cr = c[r];
					for (int j = 0; j < n; j++) {
						double s = cr[j];
						for (int q = 0; q < count; q++) s = Math.fma(x[r][q], v[q][j], s);
						cr[j] = s;
					}
				}
			}
			finish(rows, c, n, finish, act);
		}

		/**
		 * Rows {@code r…r+4}, columns {@code j…j+2L-1}: 10 accumulators; the first {@code skip}
		 * rows are computed but not stored.
		 */
		private static void fiveByTwo(final double[][] x, final double[][] v, final int count,
			final double[][] c, final int r, final int j, final int skip)
		{
			final double[] c0 = c[r], c1 = c[r + 1], c2 = c[r + 2], c3 = c[r + 3], c4 = c[r + 4];
			DoubleVector s00 = DoubleVector.fromArray(S, c0, j), s01 = DoubleVector.fromArray(S, c0, j + L);
			DoubleVector s10 = DoubleVector.fromArray(S, c1, j), s11 = DoubleVector.fromArray(S, c1, j + L);
			DoubleVector s20 = DoubleVector.fromArray(S, c2, j), s21 = DoubleVector.fromArray(S, c2, j + L);
			DoubleVector s30 = DoubleVector.fromArray(S, c3, j), s31 = DoubleVector.fromArray(S, c3, j + L);
			DoubleVector s40 = DoubleVector.fromArray(S, c4, j), s41 = DoubleVector.fromArray(S, c4, j + L);
			final double[] x0 = x[r], x1 = x[r + 1], x2 = x[r + 2], x3 = x[r + 3], x4 = x[r + 4];
			for (int q = 0; q < count; q++) {
				final double[] vq = v[q];
				final DoubleVector v0 = DoubleVector.fromArray(S, vq, j), v1 = DoubleVector.fromArray(S, vq, j + L);
				DoubleVector b = DoubleVector.broadcast(S, x0[q]);
				s00 = v0.fma(b, s00);
				s01 = v1.fma(b, s01);
				b = DoubleVector.broadcast(S, x1[q]);
				s10 = v0.fma(b, s10);
				s11 = v1.fma(b, s11);
				b = DoubleVector.broadcast(S, x2[q]);
				s20 = v0.fma(b, s20);
				s21 = v1.fma(b, s21);
				b = DoubleVector.broadcast(S, x3[q]);
				s30 = v0.fma(b, s30);
				s31 = v1.fma(b, s31);
				b = DoubleVector.broadcast(S, x4[q]);
				s40 = v0.fma(b, s40);
				s41 = v1.fma(b, s41);
			}
			if (skip < 1) {
				put(s00, c0, j, null);
				put(s01, c0, j + L, null);
			}
			if (skip < 2) {
				put(s10, c1, j, null);
				put(s11, c1, j + L, null);
			}
			if (skip < 3) {
				put(s20, c2, j, null);
				put(s21, c2, j + L, null);
			}
			if (skip < 4) {
				put(s30, c3, j, null);
				put(s31, c3, j + L, null);
			}
			put(s40, c4, j, null);
			put(s41, c4, j + L, null);
		}

		/** Rows {@code r…r+3}, one vector of columns from {@code j}; with {@code keep}, only those lanes are written. */
		private static void fourByOne(final double[][] x, final double[][] v, final int count,
			final double[][] c, final int r, final int j, final VectorMask<Double> keep)
		{
			final double[] c0 = c[r], c1 = c[r + 1], c2 = c[r + 2], c3 = c[r + 3];
			DoubleVector s0 = DoubleVector.fromArray(S, c0, j), s1 = DoubleVector.fromArray(S, c1, j);
			DoubleVector s2 = DoubleVector.fromArray(S, c2, j), s3 = DoubleVector.fromArray(S, c3, j);
			final double[] x0 = x[r], x1 = x[r + 1], x2 = x[r + 2], x3 = x[r + 3];
			for (int q = 0; q < count; q++) {
				final DoubleVector v0 = DoubleVector.fromArray(S, v[q], j);
				s0 = v0.fma(DoubleVector.broadcast(S, x0[q]), s0);
				s1 = v0.fma(DoubleVector.broadcast(S, x1[q]), s1);
				s2 = v0.fma(DoubleVector.broadcast(S, x2[q]), s2);
				s3 = v0.fma(DoubleVector.broadcast(S, x3[q]), s3);
			}
			put(s0, c0, j, keep);
			put(s1, c1, j, keep);
			put(s2, c2, j, keep);
			put(s3, c3, j, keep);
		}

		/** Row {@code r}, columns {@code j…j+2L-1}. */
		private static void oneByTwo(final double[][] x, final double[][] v, final int count,
			final double[][] c, final int r, final int j)
		{
			final double[] c0 = c[r], x0 = x[r];
			DoubleVector s0 = DoubleVector.fromArray(S, c0, j), s1 = DoubleVector.fromArray(S, c0, j + L);
			for (int q = 0; q < count; q++) {
				final double[] vq = v[q];
				final DoubleVector b = DoubleVector.broadcast(S, x0[q]);
				s0 = DoubleVector.fromArray(S, vq, j).fma(b, s0);
				s1 = DoubleVector.fromArray(S, vq, j + L).fma(b, s1);
			}
			put(s0, c0, j, null);
			put(s1, c0, j + L, null);
		}

		/** Row {@code r}, one vector of columns from {@code j}. */
		private static void oneByOne(final double[][] x, final double[][] v, final int count,
			final double[][] c, final int r, final int j, final VectorMask<Double> keep)
		{
			final double[] c0 = c[r], x0 = x[r];
			DoubleVector s0 = DoubleVector.fromArray(S, c0, j);
			for (int q = 0; q < count; q++) {
				s0 = DoubleVector.fromArray(S, v[q], j).fma(DoubleVector.broadcast(S, x0[q]), s0);
			}
			put(s0, c0, j, keep);
		}

		/** Stores {@code s} at {@code c[j…]}; with {@code keep}, only those lanes. */
		private static void put(DoubleVector s, final double[] c, final int j, final VectorMask<Double> keep) {
			if (keep != null) s = DoubleVector.fromArray(S, c, j).blend(s, keep);
			s.intoArray(c, j);
		}

		/**
		 * The finishing step on rows {@code [0, rows)}, columns {@code [0, n)}, in a pass of its own:
		 * as part of the tiles' stores it kept HotSpot 17 from inlining them (boxed vectors, 1.3×
		 * slower). LeakyReLU is {@code max(s, slope·s)} bit for bit, written as a blend because
		 * {@code max} is not intrinsified on AVX2 in JDK 17.
		 */
		private static void finish(final int rows, final double[][] c, final int n, final int finish, final double[][] act) {
			if (finish == VectorProducts.PLAIN) return;
			final int full = n - n % L;
			for (int r = 0; r < rows; r++) {
				final double[] cr = c[r], ar = row(act, r);
				for (int j = 0; j < full; j += L) {
					final DoubleVector s = DoubleVector.fromArray(S, cr, j);
					if (finish == VectorProducts.LEAKY) s.blend(s.mul(Mlp.SLOPE), s.compare(VectorOperators.LT, 0.0)).intoArray(cr, j);
					else s.mul(DoubleVector.broadcast(S, Mlp.SLOPE).blend(1.0, DoubleVector.fromArray(S, ar, j).compare(VectorOperators.GT, 0.0))).intoArray(cr, j);
				}
				for (int j = full; j < n; j++) cr[j] = finished(cr[j], finish, ar, j);
			}
		}

		private static double finished(final double s, final int finish, final double[] act, final int j) {
			if (finish == VectorProducts.LEAKY) return Math.max(s, Mlp.SLOPE * s);
			if (finish == VectorProducts.LEAKY_GRAD) return s * (act[j] > 0 ? 1 : Mlp.SLOPE);
			return s;
		}
	}

	/** float products, {@code L} lanes per vector. */
	static final class Floats {

		private static final VectorSpecies<Float> S = species(FloatVector.SPECIES_PREFERRED);
		private static final int L = S.length();
		/** {@code L} false then {@code L} true: the lanes of an overlapping last vector to keep */
		private static final boolean[] TAIL = tailTable(L);
		private static final float SLOPE_F = (float) Mlp.SLOPE;

		private Floats() {}

		static void products(final int rows, final float[][] x, final float[][] v, final int count,
			final int n, final float[][] c, final int finish, final float[][] act)
		{
			final int full = n - n % L, pairs = full - full % (2 * L);
			final VectorMask<Float> tail = full < n && n >= L ? VectorMask.fromArray(S, TAIL, n - full) : null;
			int r = 0;
			for (; r + 4 < rows; r += 5) {
				int j = 0;
				for (; j < pairs; j += 2 * L) fiveByTwo(x, v, count, c, r, j, 0);
				for (; j < full; j += L) {
					fourByOne(x, v, count, c, r, j, null);
					oneByOne(x, v, count, c, r + 4, j, null);
				}
				if (tail != null) {
					fourByOne(x, v, count, c, r, n - L, tail);
					oneByOne(x, v, count, c, r + 4, n - L, tail);
				}
			}
			// one to four rows left: their two-vector blocks in a five-row tile that ends at the last
			// row and stores only them (the rows before are done and are not written again)
			final int overlapped = r < rows && rows >= 5 ? pairs : 0;
			for (int j = 0; j < overlapped; j += 2 * L) fiveByTwo(x, v, count, c, rows - 5, j, r - (rows - 5));
			for (; r < rows; r++) {
				int j = overlapped;
				for (; j < pairs; j += 2 * L) oneByTwo(x, v, count, c, r, j);
				for (; j < full; j += L) oneByOne(x, v, count, c, r, j, null);
				if (tail != null) oneByOne(x, v, count, c, r, n - L, tail);
			}
			if (n < L) {
				for (r = 0; r < rows; r++) {
					final float[] cr = c[r];
					for (int j = 0; j < n; j++) {
						float s = cr[j];
						for (int q = 0; q < count; q++) s = Math.fma(x[r][q], v[q][j], s);
						cr[j] = s;
					}
				}
			}
			finish(rows, c, n, finish, act);
		}

		/**
		 * Rows {@code r…r+4}, columns {@code j…j+2L-1}: 10 accumulators; the first {@code skip}
		 * rows are computed but not stored.
		 */
		private static void fiveByTwo(final float[][] x, final float[][] v, final int count,
			final float[][] c, final int r, final int j, final int skip)
		{
			final float[] c0 = c[r], c1 = c[r + 1], c2 = c[r + 2], c3 = c[r + 3], c4 = c[r + 4];
			FloatVector s00 = FloatVector.fromArray(S, c0, j), s01 = FloatVector.fromArray(S, c0, j + L);
			FloatVector s10 = FloatVector.fromArray(S, c1, j), s11 = FloatVector.fromArray(S, c1, j + L);
			FloatVector s20 = FloatVector.fromArray(S, c2, j), s21 = FloatVector.fromArray(S, c2, j + L);
			FloatVector s30 = FloatVector.fromArray(S, c3, j), s31 = FloatVector.fromArray(S, c3, j + L);
			FloatVector s40 = FloatVector.fromArray(S, c4, j), s41 = FloatVector.fromArray(S, c4, j + L);
			final float[] x0 = x[r], x1 = x[r + 1], x2 = x[r + 2], x3 = x[r + 3], x4 = x[r + 4];
			for (int q = 0; q < count; q++) {
				final float[] vq = v[q];
				final FloatVector v0 = FloatVector.fromArray(S, vq, j), v1 = FloatVector.fromArray(S, vq, j + L);
				FloatVector b = FloatVector.broadcast(S, x0[q]);
				s00 = v0.fma(b, s00);
				s01 = v1.fma(b, s01);
				b = FloatVector.broadcast(S, x1[q]);
				s10 = v0.fma(b, s10);
				s11 = v1.fma(b, s11);
				b = FloatVector.broadcast(S, x2[q]);
				s20 = v0.fma(b, s20);
				s21 = v1.fma(b, s21);
				b = FloatVector.broadcast(S, x3[q]);
				s30 = v0.fma(b, s30);
				s31 = v1.fma(b, s31);
				b = FloatVector.broadcast(S, x4[q]);
				s40 = v0.fma(b, s40);
				s41 = v1.fma(b, s41);
			}
			if (skip < 1) {
				put(s00, c0, j, null);
				put(s01, c0, j + L, null);
			}
			if (skip < 2) {
				put(s10, c1, j, null);
				put(s11, c1, j + L, null);
			}
			if (skip < 3) {
				put(s20, c2, j, null);
				put(s21, c2, j + L, null);
			}
			if (skip < 4) {
				put(s30, c3, j, null);
				put(s31, c3, j + L, null);
			}
			put(s40, c4, j, null);
			put(s41, c4, j + L, null);
		}

		/** Rows {@code r…r+3}, one vector of columns from {@code j}; with {@code keep}, only those lanes are written. */
		private static void fourByOne(final float[][] x, final float[][] v, final int count,
			final float[][] c, final int r, final int j, final VectorMask<Float> keep)
		{
			final float[] c0 = c[r], c1 = c[r + 1], c2 = c[r + 2], c3 = c[r + 3];
			FloatVector s0 = FloatVector.fromArray(S, c0, j), s1 = FloatVector.fromArray(S, c1, j);
			FloatVector s2 = FloatVector.fromArray(S, c2, j), s3 = FloatVector.fromArray(S, c3, j);
			final float[] x0 = x[r], x1 = x[r + 1], x2 = x[r + 2], x3 = x[r + 3];
			for (int q = 0; q < count; q++) {
				final FloatVector v0 = FloatVector.fromArray(S, v[q], j);
				s0 = v0.fma(FloatVector.broadcast(S, x0[q]), s0);
				s1 = v0.fma(FloatVector.broadcast(S, x1[q]), s1);
				s2 = v0.fma(FloatVector.broadcast(S, x2[q]), s2);
				s3 = v0.fma(FloatVector.broadcast(S, x3[q]), s3);
			}
			put(s0, c0, j, keep);
			put(s1, c1, j, keep);
			put(s2, c2, j, keep);
			put(s3, c3, j, keep);
		}

		/** Row {@code r}, columns {@code j…j+2L-1}. */
		private static void oneByTwo(final float[][] x, final float[][] v, final int count,
			final float[][] c, final int r, final int j)
		{
			final float[] c0 = c[r], x0 = x[r];
			FloatVector s0 = FloatVector.fromArray(S, c0, j), s1 = FloatVector.fromArray(S, c0, j + L);
			for (int q = 0; q < count; q++) {
				final float[] vq = v[q];
				final FloatVector b = FloatVector.broadcast(S, x0[q]);
				s0 = FloatVector.fromArray(S, vq, j).fma(b, s0);
				s1 = FloatVector.fromArray(S, vq, j + L).fma(b, s1);
			}
			put(s0, c0, j, null);
			put(s1, c0, j + L, null);
		}

		/** Row {@code r}, one vector of columns from {@code j}. */
		private static void oneByOne(final float[][] x, final float[][] v, final int count,
			final float[][] c, final int r, final int j, final VectorMask<Float> keep)
		{
			final float[] c0 = c[r], x0 = x[r];
			FloatVector s0 = FloatVector.fromArray(S, c0, j);
			for (int q = 0; q < count; q++) {
				s0 = FloatVector.fromArray(S, v[q], j).fma(FloatVector.broadcast(S, x0[q]), s0);
			}
			put(s0, c0, j, keep);
		}

		/** Stores {@code s} at {@code c[j…]}; with {@code keep}, only those lanes. */
		private static void put(FloatVector s, final float[] c, final int j, final VectorMask<Float> keep) {
			if (keep != null) s = FloatVector.fromArray(S, c, j).blend(s, keep);
			s.intoArray(c, j);
		}

		/**
		 * The finishing step on rows {@code [0, rows)}, columns {@code [0, n)}, in a pass of its own:
		 * as part of the tiles' stores it kept HotSpot 17 from inlining them (boxed vectors, 1.3×
		 * slower). LeakyReLU is {@code max(s, slope·s)} bit for bit, written as a blend because
		 * {@code max} is not intrinsified on AVX2 in JDK 17.
		 */
		private static void finish(final int rows, final float[][] c, final int n, final int finish, final float[][] act) {
			if (finish == VectorProducts.PLAIN) return;
			final int full = n - n % L;
			for (int r = 0; r < rows; r++) {
				final float[] cr = c[r], ar = row(act, r);
				for (int j = 0; j < full; j += L) {
					final FloatVector s = FloatVector.fromArray(S, cr, j);
					if (finish == VectorProducts.LEAKY) s.blend(s.mul(SLOPE_F), s.compare(VectorOperators.LT, 0f)).intoArray(cr, j);
					else s.mul(FloatVector.broadcast(S, SLOPE_F).blend(1f, FloatVector.fromArray(S, ar, j).compare(VectorOperators.GT, 0f))).intoArray(cr, j);
				}
				for (int j = full; j < n; j++) cr[j] = finished(cr[j], finish, ar, j);
			}
		}

		private static float finished(final float s, final int finish, final float[] act, final int j) {
			if (finish == VectorProducts.LEAKY) return Math.max(s, SLOPE_F * s);
			if (finish == VectorProducts.LEAKY_GRAD) return s * (act[j] > 0 ? 1 : SLOPE_F);
			return s;
		}
	}
}
