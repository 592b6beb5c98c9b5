package sc.fiji.flowmodels.bench;

import java.util.Locale;
import java.util.Random;

/**
 * Loop shapes for the dense product {@code c[r][j] += Σ_q x[r][q]·v[q][j]} (256 rows, 256 × 256),
 * one thread, in GFLOP/s: why {@code Kernels.addProducts} sweeps three rows and two {@code v}
 * rows per pass. HotSpot vectorizes such a loop only while it touches at most five arrays.
 * Not a test; run with {@code bench/java.sh KernelBench [rounds=5]}. Prints one line per round
 * after two warm-up rounds.
 */
public final class KernelBench {

	private KernelBench() {}

	public static void main(final String[] args) {
		final int rounds = new Gmm8Quality.Args(args).integer("rounds", 5);
		final int rows = 256, k = 256, m = 256;
		final Random r = new Random(1);
		final double[][] a = new double[rows][k], w = new double[k][m], c = new double[rows][m];
		final float[][] af = new float[rows][k], wf = new float[k][m], cf = new float[rows][m];
		for (int i = 0; i < rows; i++) for (int p = 0; p < k; p++) af[i][p] = (float) (a[i][p] = r.nextGaussian());
		for (int p = 0; p < k; p++) for (int j = 0; j < m; j++) wf[p][j] = (float) (w[p][j] = r.nextGaussian());
		final String[] names = { "double 2 rows x 1 v (before)", "double 3 rows x 2 v (now)", "double 4 rows x 2 v (6 arrays)",
			"float 4 rows x 1 v (before)", "float 3 rows x 2 v (now)", "float 3 rows x 3 v (6 arrays)" };
		final double flops = 2.0 * rows * k * m;
		for (int round = 0; round < rounds + 2; round++) {
			final StringBuilder line = new StringBuilder();
			for (int v = 0; v < names.length; v++) {
				final long t0 = System.nanoTime();
				int it = 0;
				while (System.nanoTime() - t0 < 300_000_000L) {
					switch (v) {
						case 0: d2x1(rows, a, k, w, c, m); break;
						case 1: d3x2(rows, a, k, w, c, m); break;
						case 2: d4x2(rows, a, k, w, c, m); break;
						case 3: f4x1(rows, af, k, wf, cf, m); break;
						case 4: f3x2(rows, af, k, wf, cf, m); break;
						default: f3x3(rows, af, k, wf, cf, m);
					}
					it++;
				}
				final double s = (System.nanoTime() - t0) / 1e9;
				line.append(String.format(Locale.ROOT, "%s%s: %.1f", v == 0 ? "" : "; ", names[v], flops * it / s / 1e9));
			}
			if (round >= 2) System.out.println(line);
		}
	}

	static void d2x1(final int rows, final double[][] a, final int k, final double[][] w, final double[][] c, final int m) {
		for (int i = 0; i + 1 < rows; i += 2) {
			final double[] c0 = c[i], c1 = c[i + 1], a0 = a[i], a1 = a[i + 1];
			for (int p = 0; p < k; p++) {
				final double x0 = a0[p], x1 = a1[p];
				final double[] wp = w[p];
				for (int j = 0; j < m; j++) {
					final double v = wp[j];
					c0[j] += x0 * v;
					c1[j] += x1 * v;
				}
			}
		}
	}

	static void d3x2(final int rows, final double[][] a, final int k, final double[][] w, final double[][] c, final int m) {
		for (int i = 0; i + 2 < rows; i += 3) {
			final double[] c0 = c[i], c1 = c[i + 1], c2 = c[i + 2], a0 = a[i], a1 = a[i + 1], a2 = a[i + 2];
			for (int p = 0; p + 1 < k; p += 2) {
				final double[] w0 = w[p], w1 = w[p + 1];
				final double x00 = a0[p], x01 = a0[p + 1], x10 = a1[p], x11 = a1[p + 1], x20 = a2[p], x21 = a2[p + 1];
				for (int j = 0; j < m; j++) {
					final double u = w0[j], v = w1[j];
					c0[j] = c0[j] + x00 * u + x01 * v;
					c1[j] = c1[j] + x10 * u + x11 * v;
					c2[j] = c2[j] + x20 * u + x21 * v;
				}
			}
		}
	}

	static void d4x2(final int rows, final double[][] a, final int k, final double[][] w, final double[][] c, final int m) {
		for (int i = 0; i + 3 < rows; i += 4) {
			final double[] c0 = c[i], c1 = c[i + 1], c2 = c[i + 2], c3 = c[i + 3];
			for (int p = 0; p + 1 < k; p += 2) {
				final double[] w0 = w[p], w1 = w[p + 1];
				final double x00 = a[i][p], x01 = a[i][p + 1], x10 = a[i + 1][p], x11 = a[i + 1][p + 1];
				final double x20 = a[i + 2][p], x21 = a[i + 2][p + 1], x30 = a[i + 3][p], x31 = a[i + 3][p + 1];
				for (int j = 0; j < m; j++) {
					final double u = w0[j], v = w1[j];
					c0[j] = c0[j] + x00 * u + x01 * v;
					c1[j] = c1[j] + x10 * u + x11 * v;
					c2[j] = c2[j] + x20 * u + x21 * v;
					c3[j] = c3[j] + x30 * u + x31 * v;
				}
			}
		}
	}

	static void f4x1(final int rows, final float[][] a, final int k, final float[][] w, final float[][] c, final int m) {
		for (int i = 0; i + 3 < rows; i += 4) {
			final float[] c0 = c[i], c1 = c[i + 1], c2 = c[i + 2], c3 = c[i + 3];
			for (int p = 0; p < k; p++) {
				final float x0 = a[i][p], x1 = a[i + 1][p], x2 = a[i + 2][p], x3 = a[i + 3][p];
				final float[] wp = w[p];
				for (int j = 0; j < m; j++) {
					final float v = wp[j];
					c0[j] += x0 * v;
					c1[j] += x1 * v;
					c2[j] += x2 * v;
					c3[j] += x3 * v;
				}
			}
		}
	}

	static void f3x2(final int rows, final float[][] a, final int k, final float[][] w, final float[][] c, final int m) {
		for (int i = 0; i + 2 < rows; i += 3) {
			final float[] c0 = c[i], c1 = c[i + 1], c2 = c[i + 2], a0 = a[i], a1 = a[i + 1], a2 = a[i + 2];
			for (int p = 0; p + 1 < k; p += 2) {
				final float[] w0 = w[p], w1 = w[p + 1];
				final float x00 = a0[p], x01 = a0[p + 1], x10 = a1[p], x11 = a1[p + 1], x20 = a2[p], x21 = a2[p + 1];
				for (int j = 0; j < m; j++) {
					final float u = w0[j], v = w1[j];
					c0[j] = c0[j] + x00 * u + x01 * v;
					c1[j] = c1[j] + x10 * u + x11 * v;
					c2[j] = c2[j] + x20 * u + x21 * v;
				}
			}
		}
	}

	static void f3x3(final int rows, final float[][] a, final int k, final float[][] w, final float[][] c, final int m) {
		for (int i = 0; i + 2 < rows; i += 3) {
			final float[] c0 = c[i], c1 = c[i + 1], c2 = c[i + 2], a0 = a[i], a1 = a[i + 1], a2 = a[i + 2];
			for (int p = 0; p + 2 < k; p += 3) {
				final float[] w0 = w[p], w1 = w[p + 1], w2 = w[p + 2];
				final float x00 = a0[p], x01 = a0[p + 1], x02 = a0[p + 2], x10 = a1[p], x11 = a1[p + 1], x12 = a1[p + 2];
				final float x20 = a2[p], x21 = a2[p + 1], x22 = a2[p + 2];
				for (int j = 0; j < m; j++) {
					final float t = w0[j], u = w1[j], v = w2[j];
					c0[j] = c0[j] + x00 * t + x01 * u + x02 * v;
					c1[j] = c1[j] + x10 * t + x11 * u + x12 * v;
					c2[j] = c2[j] + x20 * t + x21 * u + x22 * v;
				}
			}
		}
	}
}
