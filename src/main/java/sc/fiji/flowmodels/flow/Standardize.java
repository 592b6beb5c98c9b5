package sc.fiji.flowmodels.flow;

/**
 * Per-column standardization {@code y = (x − mean) / std}, the first step of every flow. Its
 * log|det| = −Σ log std is part of log p_X, so densities are in the units of the user's
 * columns. Fixed during training (computed once from the training rows).
 */
public final class Standardize implements Transform {

	/**
	 * Largest magnitude of a data value, a column mean or a standard deviation a flow accepts.
	 * Within it the sum of squares behind a standard deviation stays finite for any number of
	 * rows (up to 2³¹ · 1e200), (x − mean) / std stays far below overflow for values within it,
	 * and log p_X stays finite; columns beyond it (a value of 1e160 overflowed the variance) are
	 * refused with their name instead.
	 */
	public static final double MAX_MAGNITUDE = 1e100;
	/** Smallest standard deviation a flow accepts: its reciprocal is at most 1e100. */
	public static final double MIN_STD = 1e-100;

	private final double[] mean;
	private final double[] std;
	private final double logDet;

	public Standardize(final double[] mean, final double[] std) {
		if (mean.length != std.length) throw new IllegalArgumentException("mean and std differ in length");
		double ld = 0;
		for (int j = 0; j < std.length; j++) {
			if (!(std[j] >= MIN_STD && std[j] <= MAX_MAGNITUDE) || !(Math.abs(mean[j]) <= MAX_MAGNITUDE)) {
				throw new IllegalArgumentException("column " + (j + 1) + ": std must be in [" + MIN_STD + ", " + MAX_MAGNITUDE + "] and |mean| at most " + MAX_MAGNITUDE + ", got std " + std[j] + " and mean " + mean[j]);
			}
			ld -= Math.log(std[j]);
		}
		this.mean = mean.clone();
		this.std = std.clone();
		this.logDet = ld;
	}

	/**
	 * Mean and population standard deviation (divide by n) of each column of the first
	 * {@code rows} rows. A column with zero spread yields std 0, which the constructor refuses:
	 * callers check constant columns first and name them.
	 */
	public static Standardize fit(final double[][] x, final int rows) {
		final int dim = x[0].length;
		final double[] mean = new double[dim];
		final double[] std = new double[dim];
		for (int i = 0; i < rows; i++) {
			for (int j = 0; j < dim; j++) mean[j] += x[i][j];
		}
		for (int j = 0; j < dim; j++) mean[j] /= rows;
		for (int i = 0; i < rows; i++) {
			for (int j = 0; j < dim; j++) {
				final double u = x[i][j] - mean[j];
				std[j] += u * u;
			}
		}
		for (int j = 0; j < dim; j++) std[j] = Math.sqrt(std[j] / rows);
		return new Standardize(mean, std);
	}

	/** The first column whose values are all equal over the first {@code rows} rows, or −1. */
	public static int constantColumn(final double[][] x, final int rows) {
		final int dim = x[0].length;
		for (int j = 0; j < dim; j++) {
			boolean constant = true;
			for (int i = 1; i < rows && constant; i++) constant = x[i][j] == x[0][j];
			if (constant) return j;
		}
		return -1;
	}

	public double[] mean() {
		return mean.clone();
	}

	public double[] std() {
		return std.clone();
	}

	@Override
	public int dimension() {
		return mean.length;
	}

	@Override
	public Evaluator evaluator(final int maxRows) {
		final int n = mean.length;
		return new Evaluator() {

			@Override
			public void forward(final double[][] x, final double[][] y, final int rows,
				final double[] ld)
			{
				for (int i = 0; i < rows; i++) {
					final double[] xi = x[i], yi = y[i];
					for (int j = 0; j < n; j++) yi[j] = (xi[j] - mean[j]) / std[j];
					ld[i] += logDet;
				}
			}

			@Override
			public void inverse(final double[][] y, final double[][] x, final int rows,
				final double[] ld)
			{
				for (int i = 0; i < rows; i++) {
					final double[] xi = x[i], yi = y[i];
					for (int j = 0; j < n; j++) xi[j] = yi[j] * std[j] + mean[j];
					ld[i] -= logDet;
				}
			}

			@Override
			public void backward(final double[][] dy, final double[][] dx, final int rows,
				final double dLogDet, final boolean accumulate)
			{
				for (int i = 0; i < rows; i++) {
					final double[] gi = dy[i], di = dx[i];
					for (int j = 0; j < n; j++) di[j] = gi[j] / std[j];
				}
			}
		};
	}
}
