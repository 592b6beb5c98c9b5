package sc.fiji.flowmodels.flow;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * RealNVP's affine map of a transformed column, driven by two network outputs per column, the
 * raw log-scale s̃ (parameter 0) and the shift t (parameter 1):
 *
 * <pre>
 *   s = clamp · tanh(s̃ / clamp)        y = x · exp(s) + t        log(∂y/∂x) = s
 * </pre>
 *
 * The soft clamp keeps every scale within exp(±clamp) without cutting the gradient. Zero
 * outputs (a new coupling) give the identity exactly.
 */
public final class AffineMap implements ElementwiseMap {

	/** Largest clamp: exp(clamp) must stay far from overflowing. */
	public static final double MAX_CLAMP = 700;

	private final double clamp;

	/** @param clamp the soft clamp of the log-scale, in (0, {@link #MAX_CLAMP}] */
	public AffineMap(final double clamp) {
		if (!(clamp > 0 && clamp <= MAX_CLAMP)) throw new IllegalArgumentException("clamp must be a positive number up to " + (int) MAX_CLAMP + ", got " + clamp);
		this.clamp = clamp;
	}

	/** From the setting {@code clamp}. */
	static AffineMap fromSettings(final Map<String, ? extends Number> settings) {
		return new AffineMap(ElementwiseMap.setting(settings, "clamp"));
	}

	public double clamp() {
		return clamp;
	}

	@Override
	public Kind kind() {
		return Kind.AFFINE;
	}

	@Override
	public Map<String, Number> settings() {
		final Map<String, Number> s = new LinkedHashMap<>();
		s.put("clamp", clamp);
		return Collections.unmodifiableMap(s);
	}

	@Override
	public int parametersPerColumn() {
		return 2;
	}

	@Override
	public String describe() {
		return "affine, clamp " + clamp;
	}

	@Override
	public boolean equals(final Object o) {
		return o instanceof AffineMap && Double.compare(clamp, ((AffineMap) o).clamp) == 0;
	}

	@Override
	public int hashCode() {
		return Double.hashCode(clamp);
	}

	@Override
	public Evaluator evaluator(final int maxRows, final int columns) {
		return new Affine(maxRows, columns);
	}

	private final class Affine implements Evaluator {

		private final int m;
		/** clamped log-scales s, exp(s) and x·exp(s) of the last forward, rows × m */
		private final double[][] s, es, xe;

		Affine(final int maxRows, final int m) {
			this.m = m;
			s = Kernels.rows(maxRows, m);
			es = Kernels.rows(maxRows, m);
			xe = Kernels.rows(maxRows, m);
		}

		@Override
		public double forward(final int i, final double[] o, final double[] x, final double[] y,
			final int d)
		{
			final double inv = 1 / clamp;
			final double[] si = s[i], ei = es[i], xei = xe[i];
			double sum = 0;
			for (int j = 0; j < m; j++) {
				final double sj = clamp * Math.tanh(o[j] * inv);
				final double e = Math.exp(sj);
				final double u = x[d + j] * e;
				si[j] = sj;
				ei[j] = e;
				xei[j] = u;
				y[d + j] = u + o[m + j];
				sum += sj;
			}
			return sum;
		}

		@Override
		public double inverse(final double[] o, final double[] y, final double[] x, final int d) {
			final double inv = 1 / clamp;
			double sum = 0;
			for (int j = 0; j < m; j++) {
				final double sj = clamp * Math.tanh(o[j] * inv);
				x[d + j] = (y[d + j] - o[m + j]) * Math.exp(-sj);
				sum += sj;
			}
			return sum;
		}

		@Override
		public void backward(final int i, final double[] o, final double[] dy, final double dLogDet,
			final double[] dO, final double[] dx, final int d)
		{
			final double inv = 1 / clamp;
			final double[] si = s[i], ei = es[i], xei = xe[i];
			for (int j = 0; j < m; j++) {
				final double g = dy[d + j];
				// ∂L/∂s = ∂L/∂y · x·exp(s) + ∂L/∂logdet, then through the soft clamp
				final double ds = g * xei[j] + dLogDet;
				final double r = si[j] * inv;
				dO[j] = ds * (1 - r * r);
				dO[m + j] = g;
				dx[d + j] = g * ei[j];
			}
		}
	}
}
