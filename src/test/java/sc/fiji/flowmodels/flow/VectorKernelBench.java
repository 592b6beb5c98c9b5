package sc.fiji.flowmodels.flow;

import java.util.Locale;
import java.util.Random;

/**
 * One thread, GFLOP/s of a wide layer of inference (rows × 256 by 256 × 256, LeakyReLU): the
 * Vector API kernels against the portable loops, double and float. Not a test; run with
 * {@code bench/java.sh sc.fiji.flowmodels.flow.VectorKernelBench [rows=60] [rounds=5]}. Prints
 * one line per round after two warm-up rounds.
 */
public final class VectorKernelBench {

	private VectorKernelBench() {}

	public static void main(final String[] args) {
		final sc.fiji.flowmodels.bench.Gmm8Quality.Args opts = new sc.fiji.flowmodels.bench.Gmm8Quality.Args(args);
		final int rows = opts.integer("rows", 60), rounds = opts.integer("rounds", 5), k = 256, m = 256;
		final VectorProducts.Wide vector = VectorProducts.WIDE;
		if (vector == null) {
			System.out.println("the Vector API kernels are not available in this JVM (" + VectorProducts.describe() + ")");
			return;
		}
		final Random r = new Random(1);
		final double[][] a = new double[rows][k], w = new double[k][m], wT = new double[m][k], c = new double[rows][m];
		final float[][] af = new float[rows][k], wf = new float[k][m], wTf = new float[m][k], cf = new float[rows][m];
		final double[] bias = new double[m], flat = new double[k * m];
		final float[] biasF = new float[m], flatF = new float[k * m];
		for (int i = 0; i < rows; i++) for (int p = 0; p < k; p++) af[i][p] = (float) (a[i][p] = r.nextGaussian());
		for (int p = 0; p < k; p++) {
			for (int j = 0; j < m; j++) {
				flatF[p * m + j] = wTf[j][p] = wf[p][j] = (float) (flat[p * m + j] = wT[j][p] = w[p][j] = r.nextGaussian());
			}
		}
		final String[] names = { "double, vector", "double, portable", "float, vector", "float, portable" };
		final double flops = 2.0 * rows * k * m;
		for (int round = 0; round < rounds + 2; round++) {
			final StringBuilder line = new StringBuilder();
			for (int v = 0; v < names.length; v++) {
				final long t0 = System.nanoTime();
				int it = 0;
				while (System.nanoTime() - t0 < 300_000_000L) {
					switch (v) {
						case 0: vector.affine(rows, a, k, flat, bias, c, m, true); break;
						case 1: Kernels.affine(rows, a, k, w, wT, bias, c, m, true); break;
						case 2: vector.affine(rows, af, k, flatF, biasF, cf, m, true); break;
						default: KernelsF.affine(rows, af, k, wf, wTf, biasF, cf, m, true);
					}
					it++;
				}
				final double s = (System.nanoTime() - t0) / 1e9;
				line.append(String.format(Locale.ROOT, "%s%s: %.1f", v == 0 ? "" : "; ", names[v], flops * it / s / 1e9));
			}
			if (round >= 2) System.out.println(line);
		}
	}
}
