package sc.fiji.flowmodels.flow;

import java.util.Random;

/**
 * Optional faster kernels for the wide dense layers of inference (encode, decode, density,
 * sampling, the consistency check), written with the Vector API in {@code VectorKernels}, a
 * class compiled for Java 17 that this Java 8 code loads by name. They are used when the JVM
 * was started with {@code --add-modules jdk.incubator.vector} (the {@code ./flow} launcher does
 * this on Java 16 and later; in Fiji, add it to the JVM options) and the system property
 * {@code flow.vector} is not {@code false}. Otherwise, and always for training, the portable
 * loops of {@link Kernels} run.
 * <p>
 * Why training never uses them: each product term is a fused multiply-add there, rounded once
 * instead of twice. That changes results in the last bits, and through thousands of steps a
 * trained model's weights. Training stays bit-for-bit the same on every JVM; encode results
 * differ from the portable loops' by rounding (about 1e-15 relative in double), which no check
 * can see.
 */
public final class VectorProducts {

	/** The operations {@code VectorKernels} provides. */
	interface Wide {

		/**
		 * {@code c[i][j] = act(bias[j] + Σ_p a[i][p] w[p·m + j])}, act = LeakyReLU if
		 * {@code leaky}: the k×m weights as one row-major array.
		 */
		void affine(int rows, double[][] a, int k, double[] w, double[] bias, double[][] c, int m, boolean leaky);

		/** The float32 twin. */
		void affine(int rows, float[][] a, int k, float[] w, float[] bias, float[][] c, int m, boolean leaky);

		String describe();
	}

	/**
	 * Calls of each kernel before first use: about 0.07 s on the development machine (the
	 * interpreted Vector API is slow) and enough for the 1M-row encode job to run at full speed.
	 */
	private static final int WARM_UP = 200;

	/** The loaded kernels, or null when they are not available or switched off. */
	static final Wide WIDE = load();

	private VectorProducts() {}

	/** Whether inference uses the Vector API kernels in this JVM. */
	public static boolean enabled() {
		return WIDE != null;
	}

	/** What computes the wide layers of inference, for logs and benchmark reports. */
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
	 * Runs the kernels against the portable loops on shapes that reach every branch (six-row
	 * tiles and single rows, whole and partial vector blocks, a scalar tail), {@link #WARM_UP}
	 * times, so that the JIT has complete profiles before the first real batch: in a benchmark
	 * whose first call was one long product, HotSpot 17 in 4 runs of 6 kept the Vector API code
	 * unintrinsified (30× slower) for the rest of the run. Returns false if any result is off by
	 * more than rounding.
	 */
	static boolean agrees(final Wide wide) {
		final Random r = new Random(1);
		final int rows = 7, k = 9, m = 83;
		final double[][] a = new double[rows][k], w = new double[k][m], wT = new double[m][k];
		final double[] bias = new double[m], flat = new double[k * m];
		final float[][] af = new float[rows][k], wf = new float[k][m], wTf = new float[m][k];
		final float[] biasF = new float[m], flatF = new float[k * m];
		for (int i = 0; i < rows; i++) for (int p = 0; p < k; p++) af[i][p] = (float) (a[i][p] = r.nextGaussian());
		for (int p = 0; p < k; p++) {
			for (int j = 0; j < m; j++) {
				flatF[p * m + j] = wTf[j][p] = wf[p][j] = (float) (flat[p * m + j] = wT[j][p] = w[p][j] = r.nextGaussian());
			}
		}
		for (int j = 0; j < m; j++) biasF[j] = (float) (bias[j] = r.nextGaussian());
		final double[][] c = new double[rows][m], ref = new double[rows][m];
		final float[][] cf = new float[rows][m], refF = new float[rows][m];
		for (int round = 0; round < WARM_UP; round++) {
			final boolean leaky = round % 2 == 0;
			wide.affine(rows, a, k, flat, bias, c, m, leaky);
			wide.affine(rows, af, k, flatF, biasF, cf, m, leaky);
			if (round < 2) {
				Kernels.affine(rows, a, k, w, wT, bias, ref, m, leaky);
				KernelsF.affine(rows, af, k, wf, wTf, biasF, refF, m, leaky);
				for (int i = 0; i < rows; i++) {
					for (int j = 0; j < m; j++) {
						if (!(Math.abs(c[i][j] - ref[i][j]) <= 1e-12 * (1 + Math.abs(ref[i][j])))) return false;
						if (!(Math.abs(cf[i][j] - refF[i][j]) <= 1e-4 * (1 + Math.abs(refF[i][j])))) return false;
					}
				}
			}
		}
		return true;
	}
}
