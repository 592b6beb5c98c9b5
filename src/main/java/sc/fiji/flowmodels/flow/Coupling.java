package sc.fiji.flowmodels.flow;

import java.util.List;
import java.util.Random;

/**
 * A coupling layer: the first {@code d = D/2} columns (rounded down) pass unchanged and feed
 * the conditioner network, whose outputs parametrize an invertible {@link ElementwiseMap} of
 * each of the other {@code m = D − d} columns:
 *
 * <pre>
 *   θ = MLP(x_a)        y_a = x_a        y_b,j = f(x_b,j; θ_j)        log|det ∂y/∂x| = Σ_j log f'(x_b,j; θ_j)
 * </pre>
 *
 * The Jacobian is triangular, so its log-determinant is the sum of the maps' log-derivatives.
 * The network's output layer starts at zero, and every map is the identity for zero
 * parameters, so a new coupling is the identity. This class owns the split, the network and
 * its input gradient; what happens to a transformed column is the map's business.
 * <p>
 * For D = 1 there is nothing to condition on ({@code d = 0}): the network has no inputs, its
 * output is its last bias, and the coupling is one learned map of the column with constant
 * parameters (for the affine map a learned shift and scale, so a chain of them is one affine
 * map; for the spline map a learned monotone spline, so a chain of them can be multimodal).
 */
public final class Coupling implements Transform {

	private final int dim;
	private final int d;
	private final int m;
	private final ElementwiseMap map;
	private final Mlp mlp;

	/**
	 * @param dim D, the number of columns
	 * @param hidden hidden layer widths of the conditioner
	 * @param map what happens to each transformed column
	 */
	public Coupling(final int dim, final int[] hidden, final ElementwiseMap map) {
		this(dim, dim / 2, hidden, map);
	}

	/**
	 * The column shapes of a flow ({@link Architecture#marginal()}): a layer that conditions on
	 * nothing and applies {@code map} to every column, with parameters of its own (the output
	 * bias of a network without inputs or hidden layers), learned like the couplings' weights.
	 */
	public static Coupling marginal(final int dim, final ElementwiseMap map) {
		return new Coupling(dim, 0, new int[0], map);
	}

	private Coupling(final int dim, final int d, final int[] hidden, final ElementwiseMap map) {
		if (dim < 1) throw new IllegalArgumentException("dimension must be at least 1");
		if (map == null) throw new IllegalArgumentException("coupling map missing");
		this.dim = dim;
		this.d = d;
		this.m = dim - d;
		this.map = map;
		final int[] sizes = new int[hidden.length + 2];
		sizes[0] = d;
		System.arraycopy(hidden, 0, sizes, 1, hidden.length);
		sizes[sizes.length - 1] = map.parametersPerColumn() * m;
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

	public ElementwiseMap map() {
		return map;
	}

	/** The conditioner network: {@link #conditioning()} inputs, the map's parameters as outputs. */
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
		private final ElementwiseMap.Evaluator columns;
		/** the network output of the last forward (the workspace keeps it until the next one) */
		private double[][] output;

		CouplingEvaluator(final int maxRows, final Precision precision, final boolean vector) {
			net = mlp.workspace(maxRows, precision, vector);
			columns = map.evaluator(maxRows, m);
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
			output = o;
			for (int i = 0; i < rows; i++) {
				final double[] xi = x[i], yi = y[i];
				if (xi != yi) System.arraycopy(xi, 0, yi, 0, d);
				logDet[i] += columns.forward(i, o[i], xi, yi, d);
			}
		}

		@Override
		public void inverse(final double[][] y, final double[][] x, final int rows,
			final double[] logDet)
		{
			final double[][] o = net.forward(y, rows);
			for (int i = 0; i < rows; i++) {
				final double[] xi = x[i], yi = y[i];
				if (xi != yi) System.arraycopy(yi, 0, xi, 0, d);
				logDet[i] -= columns.inverse(o[i], yi, xi, d);
			}
		}

		@Override
		public void backward(final double[][] dy, final double[][] dx, final int rows,
			final double dLogDet, final boolean accumulate)
		{
			final double[][] dO = net.outputGradient();
			for (int i = 0; i < rows; i++) {
				final double[] dyi = dy[i], dxi = dx[i];
				columns.backward(i, output[i], dyi, dLogDet, dO[i], dxi, d);
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
