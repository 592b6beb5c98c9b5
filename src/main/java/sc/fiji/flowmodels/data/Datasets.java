package sc.fiji.flowmodels.data;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.ejml.data.DMatrixRMaj;

import sc.fiji.flowmodels.InputException;
import sc.fiji.flowmodels.flow.BatchDensity;

/**
 * The sample datasets of the RealNVP article, as 2-D point sets with columns {@code x} and
 * {@code y}. Each is a function of its parameters and seed only: the same call gives the same
 * points on every machine ({@link java.util.Random} is specified to the bit, and only
 * {@link StrictMath} is used).
 * <ul>
 * <li>{@code moons}: two interleaved half circles like scikit-learn's {@code make_moons}: the
 * outer (cos t, sin t) and the inner (1 &minus; cos t, 1/2 &minus; sin t), t evenly spaced over
 * [0, &pi;], &lfloor;n/2&rfloor; points on the outer and the rest on the inner one, rows
 * shuffled, then Gaussian noise of standard deviation {@code noise} added to both
 * coordinates. Its density has no closed form.</li>
 * <li>{@code gmm8}: an equal-weight mixture of 8 Gaussians with standard deviation 0.1 whose
 * means lie on a circle of radius 1.4 at the angles 2&pi;k/8 (the article's radius 14 and
 * standard deviation 1, divided by 10).</li>
 * <li>{@code mvn}: a correlated Gaussian with mean (1, 2), standard deviations 1 and 1, and
 * correlation 0.8.</li>
 * </ul>
 * The exact log-densities of {@code gmm8} and {@code mvn} are available to measure how close
 * a trained flow is.
 */
public final class Datasets {

	public static final String MOONS = "moons";
	public static final String GMM8 = "gmm8";
	public static final String MVN = "mvn";

	/** The valid dataset names. */
	public static final List<String> NAMES = Collections.unmodifiableList(Arrays.asList(MOONS, GMM8, MVN));

	/** The column names of every dataset. */
	public static final String[] COLUMNS = { "x", "y" };

	public static final int GMM8_COMPONENTS = 8;
	public static final double GMM8_RADIUS = 1.4;
	public static final double GMM8_SD = 0.1;

	public static final double MVN_MEAN_X = 1.0;
	public static final double MVN_MEAN_Y = 2.0;
	public static final double MVN_SD_X = 1.0;
	public static final double MVN_SD_Y = 1.0;
	public static final double MVN_CORRELATION = 0.8;

	private static final double LOG_2PI = StrictMath.log(2 * Math.PI);

	private Datasets() {}

	/** The canonical name of a dataset (case and surrounding spaces ignored). */
	public static String checkName(final String name) {
		final String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
		if (NAMES.contains(key)) return key;
		throw new InputException("dataset " + TableMessages.quote(name == null ? "" : name) +
			" is unknown; choose one of: " + TableMessages.list(NAMES));
	}

	public static void checkSamples(final long samples) {
		if (samples < 1) throw new InputException("samples must be at least 1 (got " + samples + ")");
		if (samples > Integer.MAX_VALUE / 2) {
			throw new InputException("samples must be at most " + Integer.MAX_VALUE / 2 + " (got " + samples + ")");
		}
	}

	public static void checkNoise(final double noise) {
		if (!(noise >= 0) || Double.isInfinite(noise)) {
			throw new InputException("noise must be a number of 0 or more (got " + noise + ")");
		}
	}

	/**
	 * Samples a dataset by name, with the checks of the {@code Sample Data} command.
	 *
	 * @param noise used by {@code moons} only (but checked always)
	 * @return {@code samples} rows, columns x and y
	 */
	public static DMatrixRMaj sample(final String name, final int samples, final double noise, final long seed) {
		final String key = checkName(name);
		checkSamples(samples);
		checkNoise(noise);
		switch (key) {
			case MOONS:
				return moons(samples, noise, seed);
			case GMM8:
				return gmm8(samples, seed);
			default:
				return mvn(samples, seed);
		}
	}

	/** Like {@link #sample} as a table with columns x and y; the source is the dataset name. */
	public static DataTable sampleTable(final String name, final int samples, final double noise, final long seed) {
		final DMatrixRMaj points = sample(name, samples, noise, seed);
		final double[] x = new double[samples];
		final double[] y = new double[samples];
		for (int i = 0; i < samples; i++) {
			x[i] = points.data[2 * i];
			y[i] = points.data[2 * i + 1];
		}
		return DataTable.builder(checkName(name), samples).addNumeric(COLUMNS[0], x).addNumeric(COLUMNS[1], y)
			.build();
	}

	/** Two interleaved half circles with Gaussian noise; see the class comment. */
	public static DMatrixRMaj moons(final int n, final double noise, final long seed) {
		checkSamples(n);
		checkNoise(noise);
		final int outer = n / 2;
		final int inner = n - outer;
		final DMatrixRMaj points = new DMatrixRMaj(n, 2);
		final double[] p = points.data;
		for (int i = 0; i < outer; i++) {
			final double t = spaced(i, outer);
			p[2 * i] = StrictMath.cos(t);
			p[2 * i + 1] = StrictMath.sin(t);
		}
		for (int i = 0; i < inner; i++) {
			final double t = spaced(i, inner);
			p[2 * (outer + i)] = 1 - StrictMath.cos(t);
			p[2 * (outer + i) + 1] = 1 - StrictMath.sin(t) - 0.5;
		}
		final Random random = new Random(seed);
		shuffleRows(p, n, random);
		for (int k = 0; k < 2 * n; k++)
			p[k] += noise * random.nextGaussian();
		return points;
	}

	/** Eight Gaussians on a circle; see the class comment. */
	public static DMatrixRMaj gmm8(final int n, final long seed) {
		checkSamples(n);
		final double[] mx = new double[GMM8_COMPONENTS];
		final double[] my = new double[GMM8_COMPONENTS];
		gmm8Means(mx, my);
		final DMatrixRMaj points = new DMatrixRMaj(n, 2);
		final double[] p = points.data;
		final Random random = new Random(seed);
		for (int i = 0; i < n; i++) {
			final int k = random.nextInt(GMM8_COMPONENTS);
			p[2 * i] = mx[k] + GMM8_SD * random.nextGaussian();
			p[2 * i + 1] = my[k] + GMM8_SD * random.nextGaussian();
		}
		return points;
	}

	/**
	 * The means of the gmm8 components, k = 1..8 at angle 2&pi;k/8 (stored at index k &minus; 1).
	 */
	public static void gmm8Means(final double[] x, final double[] y) {
		for (int k = 1; k <= GMM8_COMPONENTS; k++) {
			final double angle = 2 * Math.PI * k / GMM8_COMPONENTS;
			// written as 14 * cos / 10 like the article, so that the means are exactly its means / 10
			x[k - 1] = 14 * StrictMath.cos(angle) / 10;
			y[k - 1] = 14 * StrictMath.sin(angle) / 10;
		}
	}

	/** The correlated Gaussian; see the class comment. */
	public static DMatrixRMaj mvn(final int n, final long seed) {
		checkSamples(n);
		final DMatrixRMaj points = new DMatrixRMaj(n, 2);
		final double[] p = points.data;
		final Random random = new Random(seed);
		final double rest = Math.sqrt(1 - MVN_CORRELATION * MVN_CORRELATION);
		for (int i = 0; i < n; i++) {
			final double u = random.nextGaussian();
			final double v = random.nextGaussian();
			p[2 * i] = MVN_MEAN_X + MVN_SD_X * u;
			p[2 * i + 1] = MVN_MEAN_Y + MVN_SD_Y * (MVN_CORRELATION * u + rest * v);
		}
		return points;
	}

	/** The exact log-density of gmm8 at (x, y). */
	public static double gmm8LogDensity(final double x, final double y) {
		final double[] mx = new double[GMM8_COMPONENTS];
		final double[] my = new double[GMM8_COMPONENTS];
		gmm8Means(mx, my);
		return gmm8LogDensity(x, y, mx, my, new double[GMM8_COMPONENTS]);
	}

	private static double gmm8LogDensity(final double x, final double y, final double[] mx, final double[] my,
		final double[] work)
	{
		final double var = GMM8_SD * GMM8_SD;
		double max = Double.NEGATIVE_INFINITY;
		for (int k = 0; k < GMM8_COMPONENTS; k++) {
			final double dx = x - mx[k];
			final double dy = y - my[k];
			work[k] = -(dx * dx + dy * dy) / (2 * var);
			if (work[k] > max) max = work[k];
		}
		if (max == Double.NEGATIVE_INFINITY) return max;
		double sum = 0;
		for (int k = 0; k < GMM8_COMPONENTS; k++)
			sum += Math.exp(work[k] - max);
		// each component: (1/8) * exp(-r^2 / (2 var)) / (2 pi var)
		return max + Math.log(sum) - Math.log(GMM8_COMPONENTS) - LOG_2PI - Math.log(var);
	}

	/** The exact log-density of mvn at (x, y). */
	public static double mvnLogDensity(final double x, final double y) {
		final double u = (x - MVN_MEAN_X) / MVN_SD_X;
		final double v = (y - MVN_MEAN_Y) / MVN_SD_Y;
		final double rho = MVN_CORRELATION;
		final double oneMinus = 1 - rho * rho;
		final double q = (u * u - 2 * rho * u * v + v * v) / oneMinus;
		return -LOG_2PI - Math.log(MVN_SD_X * MVN_SD_Y) - 0.5 * Math.log(oneMinus) - 0.5 * q;
	}

	/** Whether a dataset has a closed-form density: gmm8 and mvn do, moons does not. */
	public static boolean hasDensity(final String name) {
		return !MOONS.equals(checkName(name));
	}

	/**
	 * The exact log-density of a dataset, for a batch of points with columns x and y.
	 *
	 * @throws InputException for an unknown name, or for moons (no closed form)
	 */
	public static BatchDensity density(final String name) {
		final String key = checkName(name);
		if (MOONS.equals(key)) {
			throw new InputException("dataset moons has no closed-form density; choose " + GMM8 + " or " + MVN);
		}
		final boolean gmm = GMM8.equals(key);
		return new BatchDensity() {

			@Override
			public int dimension() {
				return 2;
			}

			@Override
			public void logDensity(final DMatrixRMaj points, final double[] logDensity) {
				if (points.numCols != 2) throw new IllegalArgumentException("points have " + points.numCols +
					" columns, expected 2");
				final double[] mx = new double[GMM8_COMPONENTS];
				final double[] my = new double[GMM8_COMPONENTS];
				final double[] work = new double[GMM8_COMPONENTS];
				gmm8Means(mx, my);
				final double[] p = points.data;
				for (int i = 0; i < points.numRows; i++) {
					final double x = p[2 * i];
					final double y = p[2 * i + 1];
					logDensity[i] = gmm ? gmm8LogDensity(x, y, mx, my, work) : mvnLogDensity(x, y);
				}
			}
		};
	}

	/** t_i of numpy's linspace(0, pi, m). */
	private static double spaced(final int i, final int m) {
		return m == 1 ? 0 : Math.PI * i / (m - 1);
	}

	/** Fisher-Yates shuffle of the rows of an n x 2 row-major array. */
	private static void shuffleRows(final double[] p, final int n, final Random random) {
		for (int i = n - 1; i > 0; i--) {
			final int j = random.nextInt(i + 1);
			final double x = p[2 * i];
			final double y = p[2 * i + 1];
			p[2 * i] = p[2 * j];
			p[2 * i + 1] = p[2 * j + 1];
			p[2 * j] = x;
			p[2 * j + 1] = y;
		}
	}
}
