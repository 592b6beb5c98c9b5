package sc.fiji.flowmodels.train;

/**
 * Adam (Kingma and Ba) with bias correction, updating parameter arrays in place. Keeps one pair
 * of moment arrays per parameter array; {@link #update} works on a range of arrays so that
 * disjoint ranges can be updated by different threads.
 */
final class Adam {

	/** β2 = 0.99 rather than the usual 0.999: the second moment follows the gradient scale
	 * faster, which measured better on the article's mixture (see BENCHMARKS.md, quality). */
	static final double BETA1 = 0.9, BETA2 = 0.99, EPS = 1e-8;

	private final double[][] m;
	private final double[][] v;
	private long t;
	private double c1, c2;

	Adam(final java.util.List<double[]> params) {
		m = new double[params.size()][];
		v = new double[params.size()][];
		for (int k = 0; k < m.length; k++) {
			m[k] = new double[params.get(k).length];
			v[k] = new double[params.get(k).length];
		}
	}

	/** Starts a step: advances the step count used by the bias correction. */
	void nextStep() {
		t++;
		c1 = 1 - Math.pow(BETA1, t);
		c2 = 1 - Math.pow(BETA2, t);
	}

	/** Applies the step to arrays {@code [from, to)}; the gradients are multiplied by {@code scale} first. */
	void update(final java.util.List<double[]> params, final java.util.List<double[]> grads,
		final int from, final int to, final double lr, final double scale)
	{
		final double b1 = BETA1, b2 = BETA2, a1 = 1 - BETA1, a2 = 1 - BETA2;
		final double step = lr / c1;
		final double root = 1 / Math.sqrt(c2);
		for (int k = from; k < to; k++) {
			final double[] p = params.get(k), g = grads.get(k), mk = m[k], vk = v[k];
			for (int j = 0; j < p.length; j++) {
				final double gj = g[j] * scale;
				final double mj = b1 * mk[j] + a1 * gj;
				final double vj = b2 * vk[j] + a2 * gj * gj;
				mk[j] = mj;
				vk[j] = vj;
				p[j] -= step * mj / (Math.sqrt(vj) * root + EPS);
			}
		}
	}
}
