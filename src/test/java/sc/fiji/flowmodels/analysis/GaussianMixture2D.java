package sc.fiji.flowmodels.analysis;

import java.util.Random;

import org.ejml.data.DMatrixRMaj;

import sc.fiji.flowmodels.flow.BatchDensity;

/** A known 2-D density for tests: a mixture of correlated Gaussians. */
public final class GaussianMixture2D implements BatchDensity {

	private final double[] weight;
	private final double[] mx;
	private final double[] my;
	private final double[] sx;
	private final double[] sy;
	private final double[] rho;

	/** Each component: {weight, mean x, mean y, sd x, sd y, correlation}; weights are normalised. */
	public GaussianMixture2D(final double[]... components) {
		final int k = components.length;
		weight = new double[k];
		mx = new double[k];
		my = new double[k];
		sx = new double[k];
		sy = new double[k];
		rho = new double[k];
		double total = 0;
		for (final double[] c : components) total += c[0];
		for (int i = 0; i < k; i++) {
			weight[i] = components[i][0] / total;
			mx[i] = components[i][1];
			my[i] = components[i][2];
			sx[i] = components[i][3];
			sy[i] = components[i][4];
			rho[i] = components[i][5];
		}
	}

	/** Eight unit-weight Gaussians (sd 0.5) on a circle of radius 4, like the gmm8 data set. */
	public static GaussianMixture2D eightOnACircle() {
		final double[][] c = new double[8][];
		for (int i = 0; i < 8; i++) {
			final double a = 2 * Math.PI * i / 8;
			c[i] = new double[] { 1, 4 * Math.cos(a), 4 * Math.sin(a), 0.5, 0.5, 0 };
		}
		return new GaussianMixture2D(c);
	}

	@Override
	public int dimension() {
		return 2;
	}

	public double logDensity(final double x, final double y) {
		double max = Double.NEGATIVE_INFINITY;
		final double[] terms = new double[weight.length];
		for (int i = 0; i < weight.length; i++) {
			final double u = (x - mx[i]) / sx[i];
			final double v = (y - my[i]) / sy[i];
			final double q = (u * u - 2 * rho[i] * u * v + v * v) / (1 - rho[i] * rho[i]);
			terms[i] = Math.log(weight[i]) - Math.log(2 * Math.PI * sx[i] * sy[i] * Math.sqrt(1 - rho[i] * rho[i])) -
				0.5 * q;
			max = Math.max(max, terms[i]);
		}
		double sum = 0;
		for (final double t : terms) sum += Math.exp(t - max);
		return max + Math.log(sum);
	}

	@Override
	public void logDensity(final DMatrixRMaj points, final double[] out) {
		for (int r = 0; r < points.numRows; r++) {
			out[r] = logDensity(points.get(r, 0), points.get(r, 1));
		}
	}

	/** n points drawn from the mixture: {x[], y[]}. */
	public double[][] sample(final int n, final long seed) {
		final Random random = new Random(seed);
		final double[] x = new double[n];
		final double[] y = new double[n];
		for (int p = 0; p < n; p++) {
			double u = random.nextDouble();
			int i = 0;
			while (i < weight.length - 1 && u > weight[i]) u -= weight[i++];
			final double a = random.nextGaussian();
			final double b = random.nextGaussian();
			x[p] = mx[i] + sx[i] * a;
			y[p] = my[i] + sy[i] * (rho[i] * a + Math.sqrt(1 - rho[i] * rho[i]) * b);
		}
		return new double[][] { x, y };
	}
}
