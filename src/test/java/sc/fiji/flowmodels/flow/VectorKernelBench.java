package sc.fiji.flowmodels.flow;

import static sc.fiji.flowmodels.flow.VectorProducts.toFloat;

import java.util.Locale;
import java.util.Random;

/**
 * One thread, GFLOP/s of the three products of a dense layer as training runs them (a shard of
 * {@code rows} × {@code k} by {@code k} × {@code m}: forward with LeakyReLU, gradient to the
 * input times LeakyReLU's derivative, weight gradient), on the Vector API kernels and on the
 * portable loops, double and float. Not a test; run with
 * {@code bench/java.sh sc.fiji.flowmodels.flow.VectorKernelBench [rows=64] [k=256] [m=256] [rounds=5]}.
 * Prints one line per round after two warm-up rounds. Times are the thread's CPU time, so that
 * other processes on a shared machine slow the figures less (they still share caches and memory).
 */
public final class VectorKernelBench {

	private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

	private VectorKernelBench() {}

	public static void main(final String[] args) {
		final sc.fiji.flowmodels.bench.Gmm8Quality.Args opts = new sc.fiji.flowmodels.bench.Gmm8Quality.Args(args);
		final int rows = opts.integer("rows", 64), rounds = opts.integer("rounds", 5);
		final int k = opts.integer("k", 256), m = opts.integer("m", 256);
		if (VectorProducts.WIDE == null) System.out.println("the Vector API kernels are not available in this JVM");
		final Random r = new Random(1);
		final double[][] a = gaussian(r, rows, k), w = gaussian(r, k, m), dc = gaussian(r, rows, m), wT = new double[m][k];
		Kernels.transpose(w, k, m, wT);
		final double[] bias = new double[m], gb = new double[m];
		final double[][] c = new double[rows][m], da = new double[rows][k], gw = new double[k][m], scratch = new double[k][rows];
		final float[][] af = toFloat(a), wf = toFloat(w), dcf = toFloat(dc), wTf = toFloat(wT);
		final float[] biasF = new float[m], gbF = new float[m];
		final float[][] cf = new float[rows][m], daf = new float[rows][k], gwf = new float[k][m], scratchF = new float[k][rows];
		final String[] names = { "forward", "input gradient", "weight gradient" };
		final double flops = 2.0 * rows * k * m;
		for (int round = 0; round < rounds + 2; round++) {
			final StringBuilder line = new StringBuilder();
			for (int product = 0; product < 3; product++) {
				line.append(product == 0 ? "" : " | ").append(names[product]).append(':');
				for (int kind = 0; kind < 4; kind++) {
					final boolean single = kind >= 2;
					final VectorProducts.Wide wide = kind % 2 == 0 ? VectorProducts.WIDE : null;
					if (kind % 2 == 0 && wide == null) continue;
					final long t0 = CPU.getCurrentThreadCpuTime();
					int it = 0;
					while (CPU.getCurrentThreadCpuTime() - t0 < 200_000_000L) {
						if (product == 0 && single) KernelsF.affine(rows, af, k, wf, wTf, biasF, cf, m, true, wide);
						else if (product == 0) Kernels.affine(rows, a, k, w, wT, bias, c, m, true, wide);
						else if (product == 1 && single) KernelsF.backInput(rows, dcf, m, wf, wTf, daf, k, af, wide);
						else if (product == 1) Kernels.backInput(rows, dc, m, w, wT, da, k, a, wide);
						else if (single) KernelsF.backWeights(rows, af, k, dcf, m, gwf, false, gbF, wide, scratchF);
						else Kernels.backWeights(rows, a, k, dc, m, gw, false, gb, wide, scratch);
						it++;
					}
					final double s = (CPU.getCurrentThreadCpuTime() - t0) / 1e9;
					line.append(String.format(Locale.ROOT, " %s %s %.1f", single ? "float" : "double", wide != null ? "vector" : "portable",
						flops * it / s / 1e9));
				}
			}
			if (round >= 2) System.out.println(line);
		}
	}

	private static double[][] gaussian(final Random r, final int rows, final int cols) {
		final double[][] x = new double[rows][cols];
		for (final double[] row : x) {
			for (int j = 0; j < cols; j++) row[j] = r.nextGaussian() * 0.01;
		}
		return x;
	}
}
