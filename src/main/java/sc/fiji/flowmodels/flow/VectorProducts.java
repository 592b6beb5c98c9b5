package sc.fiji.flowmodels.flow;

import java.util.Random;

/**
 * Optional faster kernels for every dense product of training and inference, written with the
 * Vector API in {@code VectorKernels}, a class compiled for Java 17 that this Java 8 code loads
 * by name. They are used when the JVM was started with {@code --add-modules
 * jdk.incubator.vector} (the {@code ./flow} launcher does this on Java 16 and later; in Fiji,
 * add it to the JVM options) and the system property {@code flow.vector} is not {@code false}.
 * Otherwise the portable loops of {@link Kernels} run.
 * <p>
 * Each product term is a fused multiply-add there, rounded once instead of twice. So results
 * differ from the portable loops' in the last bits (about 1e-15 relative in double for an
 * encode), and a model trained with the kernels differs from one trained without them (equally
 * good, not the same bits). With the kernels, as without, a model depends only on the data,
 * the seed and the settings: not on the number of threads, and not on the machine's vector
 * width (see {@code VectorKernels}). Narrow layers (fewer than {@link Kernels#NARROW} outputs,
 * or inputs for the gradient to the input) run as the portable dot products on both paths:
 * they are a few per cent of the work, and so inference results stay bit for bit those of the
 * earlier inference kernels (whose model-file test pins them).
 */
public final class VectorProducts {

	/** Finishing steps of {@link Wide#products}: none, LeakyReLU, times LeakyReLU's derivative. */
	static final int PLAIN = 0, LEAKY = 1, LEAKY_GRAD = 2;

	/** The operations {@code VectorKernels} provides. */
	interface Wide {

		/**
		 * {@code c[r][j] = f(c[r][j] + Σ_q x[r][q]·v[q][j])} for {@code r < rows}, {@code j < n},
		 * {@code q < count}; each term one fused multiply-add, in the order of {@code q}. {@code f} is the finishing
		 * step: {@link #PLAIN}, {@link #LEAKY}, or {@link #LEAKY_GRAD} (times the derivative of
		 * LeakyReLU at the activations {@code act[r][j]}; {@code act} is only read for this one).
		 */
		void products(int rows, double[][] x, double[][] v, int count, int n, double[][] c, int finish,
			double[][] act);

		/** The float32 twin. */
		void products(int rows, float[][] x, float[][] v, int count, int n, float[][] c, int finish,
			float[][] act);

		String describe();
	}

	/**
	 * Calls of each kernel before first use: about 0.1 s (the interpreted Vector API is slow)
	 * and enough for jobs to start at full speed.
	 */
	private static final int WARM_UP = 200;

	/** The loaded kernels, or null when they are not available or switched off. */
	static final Wide WIDE = load();

	private VectorProducts() {}

	/** Whether training and inference use the Vector API kernels in this JVM. */
	public static boolean enabled() {
		return WIDE != null;
	}

	/** What computes the dense products, for logs and benchmark reports. */
	public static String describe() {
		return WIDE != null ? WIDE.describe() : "portable Java loops";
	}

	private static Wide load() {
		if ("false".equalsIgnoreCase(System.getProperty("flow.vector", "true"))) return null;
		final Wide wide;
		try {
			// resolvable only on Java 16+ started with --add-modules jdk.incubator.vector
			Class.forName("jdk.incubator.vector.DoubleVector");
			wide = (Wide) Class.forName(VectorProducts.class.getPackage().getName() + ".VectorKernels")
				.getDeclaredConstructor().newInstance();
		}
		catch (final ReflectiveOperationException | LinkageError | ClassCastException e) {
			return null;
		}
		return agrees(wide) ? wide : null;
	}

	/**
	 * Runs the three products of a layer (forward, gradient to the input, weight gradient, in
	 * both precisions) on the kernels and on the portable loops, on shapes that reach every
	 * branch (four-row tiles and single rows, two-vector blocks, single vectors, an overlapping
	 * last vector, narrow layers), {@link #WARM_UP} times, so that the JIT has complete profiles
	 * before the first real batch: in a benchmark whose first call was one long product,
	 * HotSpot 17 in 4 runs of 6 kept the Vector API code unintrinsified (30× slower) for the
	 * rest of the run. Returns false if any result is off by more than rounding.
	 */
	static boolean agrees(final Wide wide) {
		final Random r = new Random(1);
		final int rows = 7;
		// wide outputs; narrow outputs (transposed weight gradient); a narrow input
		final Layer[] layers = { new Layer(r, rows, 9, 83), new Layer(r, rows, 37, 3), new Layer(r, rows, 3, 40) };
		for (int round = 0; round < WARM_UP; round++) {
			for (final Layer layer : layers) {
				if (!layer.agrees(wide, round < 2)) return false;
			}
		}
		return true;
	}

	/** A k → m layer on random numbers, computed both ways. */
	private static final class Layer {

		final int rows, k, m;
		final double[][] a, w, wT, dc, c, ref, gw, gwRef;
		final float[][] af, wf, wTf, dcf, cf, refF, gwf, gwRefF;
		final double[] bias, gb;
		final float[] biasF, gbF;
		final double[][] scratch;
		final float[][] scratchF;

		Layer(final Random r, final int rows, final int k, final int m) {
			this.rows = rows;
			this.k = k;
			this.m = m;
			a = gaussian(r, rows, k);
			w = gaussian(r, k, m);
			dc = gaussian(r, rows, m);
			bias = gaussian(r, 1, m)[0];
			wT = new double[m][k];
			Kernels.transpose(w, k, m, wT);
			final int out = Math.max(k, m);
			c = new double[rows][out];
			ref = new double[rows][out];
			gw = m < Kernels.NARROW ? new double[m][k] : new double[k][m];
			gwRef = m < Kernels.NARROW ? new double[m][k] : new double[k][m];
			gb = new double[m];
			af = toFloat(a);
			wf = toFloat(w);
			wTf = toFloat(wT);
			dcf = toFloat(dc);
			biasF = toFloat(new double[][] { bias })[0];
			cf = new float[rows][out];
			refF = new float[rows][out];
			gwf = m < Kernels.NARROW ? new float[m][k] : new float[k][m];
			gwRefF = m < Kernels.NARROW ? new float[m][k] : new float[k][m];
			gbF = new float[m];
			scratch = new double[out][rows];
			scratchF = new float[out][rows];
		}

		boolean agrees(final Wide wide, final boolean check) {
			final boolean narrow = m < Kernels.NARROW;
			Kernels.affine(rows, a, k, w, wT, bias, c, m, true, wide);
			KernelsF.affine(rows, af, k, wf, wTf, biasF, cf, m, true, wide);
			if (check) {
				Kernels.affine(rows, a, k, w, wT, bias, ref, m, true, null);
				KernelsF.affine(rows, af, k, wf, wTf, biasF, refF, m, true, null);
				if (!close(c, ref, cf, refF, rows, m)) return false;
			}
			Kernels.backInput(rows, dc, m, w, wT, c, k, a, wide);
			KernelsF.backInput(rows, dcf, m, wf, wTf, cf, k, af, wide);
			if (check) {
				Kernels.backInput(rows, dc, m, w, wT, ref, k, a, null);
				KernelsF.backInput(rows, dcf, m, wf, wTf, refF, k, af, null);
				if (!close(c, ref, cf, refF, rows, k)) return false;
			}
			zero(gw, gwf);
			Kernels.backWeights(rows, a, k, dc, m, gw, narrow, gb, wide, scratch);
			KernelsF.backWeights(rows, af, k, dcf, m, gwf, narrow, gbF, wide, scratchF);
			if (check) {
				zero(gwRef, gwRefF);
				Kernels.backWeights(rows, a, k, dc, m, gwRef, narrow, gb, null, null);
				KernelsF.backWeights(rows, af, k, dcf, m, gwRefF, narrow, gbF, null, null);
				if (!close(gw, gwRef, gwf, gwRefF, gw.length, gw[0].length)) return false;
			}
			return true;
		}

		private static void zero(final double[][] d, final float[][] f) {
			for (final double[] row : d) java.util.Arrays.fill(row, 0);
			for (final float[] row : f) java.util.Arrays.fill(row, 0);
		}

		private static boolean close(final double[][] c, final double[][] ref, final float[][] cf, final float[][] refF,
			final int rows, final int cols)
		{
			for (int i = 0; i < rows; i++) {
				for (int j = 0; j < cols; j++) {
					if (!(Math.abs(c[i][j] - ref[i][j]) <= 1e-12 * (1 + Math.abs(ref[i][j])))) return false;
					if (!(Math.abs(cf[i][j] - refF[i][j]) <= 1e-4 * (1 + Math.abs(refF[i][j])))) return false;
				}
			}
			return true;
		}

		private static double[][] gaussian(final Random r, final int rows, final int cols) {
			final double[][] x = new double[rows][cols];
			for (final double[] row : x) {
				for (int j = 0; j < cols; j++) row[j] = r.nextGaussian();
			}
			return x;
		}
	}

	/** The rows of {@code x} rounded to float (the float kernels' inputs; also for their tests). */
	static float[][] toFloat(final double[][] x) {
		final float[][] f = new float[x.length][];
		for (int i = 0; i < x.length; i++) {
			f[i] = new float[x[i].length];
			for (int j = 0; j < f[i].length; j++) f[i][j] = (float) x[i][j];
		}
		return f;
	}
}
