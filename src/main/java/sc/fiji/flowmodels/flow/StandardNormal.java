package sc.fiji.flowmodels.flow;

import java.util.Random;

/** The base distribution N(0, I) in D dimensions. */
public final class StandardNormal {

	private static final double LOG_2PI = Math.log(2 * Math.PI);

	private StandardNormal() {}

	/** log N(z; 0, I) of a point with {@code dim} coordinates. */
	public static double logProb(final double[] z, final int dim) {
		double q = 0;
		for (int j = 0; j < dim; j++) q += z[j] * z[j];
		return -0.5 * (q + dim * LOG_2PI);
	}

	/** Fills the first {@code rows} rows with independent N(0, temperature²) coordinates. */
	public static void sample(final double[][] z, final int rows, final int dim,
		final double temperature, final Random random)
	{
		for (int i = 0; i < rows; i++) {
			for (int j = 0; j < dim; j++) z[i][j] = temperature * random.nextGaussian();
		}
	}
}
