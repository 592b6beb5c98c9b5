package sc.fiji.flowmodels.flow;

import java.util.List;
import java.util.Random;

/**
 * The RealNVP affine coupling. The first {@code d = D/2} columns (rounded down) pass
 * unchanged and condition the other {@code m = D − d}:
 *
 * <pre>
 *   (s̃, t) = MLP(x_a)            s = clamp · tanh(s̃ / clamp)
 *   y_a = x_a                    y_b = x_b · exp(s) + t          log|det ∂y/∂x| = Σ s
 * </pre>
 *
 * The soft clamp keeps every scale within exp(±clamp) without cutting the gradient. The MLP's
 * output layer starts at zero, so a new coupling is the identity.
 * <p>
 * For D = 1 there is nothing to condition on ({@code d = 0}): the MLP has no inputs, its
 * output is its last bias, and the coupling is a learned affine map {@code y = x·exp(s) + t}
 * with constant s and t. A chain of those is itself one affine map, so a 1-D flow fits a
 * Gaussian (after standardization: the identity plus a learned shift and scale).
 */
public final class AffineCoupling implements Transform {

	private final int dim;
	private final int d;
	private final int m;
	private final double clamp;
	private final Mlp mlp;

	/**
	 * @param dim D, the number of columns
	 * @param hidden hidden layer widths of the conditioner
	 * @param clamp the soft clamp of the log-scale, > 0
	 */
	public AffineCoupling(final int dim, final int[] hidden, final double clamp) {
		if (dim < 1) throw new IllegalArgumentException("dimension must be at least 1");
		if (!(clamp > 0) || Double.isInfinite(clamp)) throw new IllegalArgumentException("clamp must be a positive number");
		this.dim = dim;
		this.d = dim / 2;
		this.m = dim - d;
		this.clamp = clamp;
		final int[] sizes = new int[hidden.length + 2];
		sizes[0] = d;
		System.arraycopy(hidden, 0, sizes, 1, hidden.length);
		sizes[sizes.length - 1] = 2 * m;
		this.mlp = new Mlp(sizes);
	}

	@Override
	public int dimension() {
		return dim;
	}

	/** Number of columns passed through unchanged (they condition the others). */
	public int conditioning() {
		return d;
	}

	public double clamp() {
		return clamp;
	}

	/** The conditioner network: input {@link #conditioning()} columns, output 2·(D − d). */
	public Mlp mlp() {
		return mlp;
	}

	public void initialize(final Random random) {
		mlp.initialize(random);
	}

	@Override
	public List<double[]> parameters() {
		return mlp.parameters();
	}

	@Override
	public boolean[] regularized() {
		return mlp.regularized();
	}

	@Override
	public void parametersChanged() {
		mlp.parametersChanged();
	}

	@Override
	public Evaluator evaluator(final int maxRows) {
		return new CouplingEvaluator(maxRows, Precision.DOUBLE, false);
	}

	@Override
	public Evaluator evaluator(final int maxRows, final Precision precision) {
		return new CouplingEvaluator(maxRows, precision, false);
	}

	@Override
	public Evaluator evaluator(final int maxRows, final Precision precision, final boolean vector) {
		return new CouplingEvaluator(maxRows, precision, vector);
	}

	private final class CouplingEvaluator implements Evaluator {

		private final Mlp.Workspace net;
		/** clamped log-scales s and exp(s) of the last forward, rows × m */
		private final double[][] s, es;
		/** x_b · exp(s) of the last forward */
		private final double[][] xe;

		CouplingEvaluator(final int maxRows, final Precision precision, final boolean vector) {
			net = mlp.workspace(maxRows, precision, vector);
			s = Kernels.rows(maxRows, m);
			es = Kernels.rows(maxRows, m);
			xe = Kernels.rows(maxRows, m);
		}

		@Override
		public List<double[]> gradients() {
			return net.gradients();
		}

		@Override
		public void forward(final double[][] x, final double[][] y, final int rows,
			final double[] logDet)
		{
			final double[][] o = net.forward(x, rows);
			final double inv = 1 / clamp;
			for (int i = 0; i < rows; i++) {
				final double[] oi = o[i], xi = x[i], yi = y[i];
				final double[] si = s[i], ei = es[i], xei = xe[i];
				if (xi != yi) System.arraycopy(xi, 0, yi, 0, d);
				double sum = 0;
				for (int j = 0; j < m; j++) {
					final double sj = clamp * Math.tanh(oi[j] * inv);
					final double e = Math.exp(sj);
					final double u = xi[d + j] * e;
					si[j] = sj;
					ei[j] = e;
					xei[j] = u;
					yi[d + j] = u + oi[m + j];
					sum += sj;
				}
				logDet[i] += sum;
			}
		}

		@Override
		public void inverse(final double[][] y, final double[][] x, final int rows,
			final double[] logDet)
		{
			final double[][] o = net.forward(y, rows);
			final double inv = 1 / clamp;
			for (int i = 0; i < rows; i++) {
				final double[] oi = o[i], xi = x[i], yi = y[i];
				if (xi != yi) System.arraycopy(yi, 0, xi, 0, d);
				double sum = 0;
				for (int j = 0; j < m; j++) {
					final double sj = clamp * Math.tanh(oi[j] * inv);
					xi[d + j] = (yi[d + j] - oi[m + j]) * Math.exp(-sj);
					sum += sj;
				}
				logDet[i] -= sum;
			}
		}

		@Override
		public void backward(final double[][] dy, final double[][] dx, final int rows,
			final double dLogDet, final boolean accumulate)
		{
			final double[][] dO = net.outputGradient();
			final double inv = 1 / clamp;
			for (int i = 0; i < rows; i++) {
				final double[] dyi = dy[i], dxi = dx[i], doi = dO[i];
				final double[] si = s[i], ei = es[i], xei = xe[i];
				for (int j = 0; j < m; j++) {
					final double g = dyi[d + j];
					// ∂L/∂s = ∂L/∂y_b · x_b·exp(s) + ∂L/∂logdet, then through the soft clamp
					final double ds = g * xei[j] + dLogDet;
					final double r = si[j] * inv;
					doi[j] = ds * (1 - r * r);
					doi[m + j] = g;
					dxi[d + j] = g * ei[j];
				}
				if (dxi != dyi) System.arraycopy(dyi, 0, dxi, 0, d);
			}
			net.backward(rows, accumulate);
			final double[][] dIn = net.dInput;
			for (int i = 0; i < rows; i++) {
				final double[] dxi = dx[i], gi = dIn[i];
				for (int p = 0; p < d; p++) {
					dxi[p] += gi[p];
				}
			}
		}
	}
}
