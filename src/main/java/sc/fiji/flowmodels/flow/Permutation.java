package sc.fiji.flowmodels.flow;

import java.util.Random;

/**
 * Reorders the columns, {@code y[j] = x[order[j]]}, so that the next coupling conditions on
 * other columns. Volume-preserving: log|det| = 0.
 */
public final class Permutation implements Transform {

	private final int[] order;
	private final int[] inverseOrder;

	public Permutation(final int[] order) {
		this.order = order.clone();
		this.inverseOrder = new int[order.length];
		final boolean[] seen = new boolean[order.length];
		for (int j = 0; j < order.length; j++) {
			final int k = order[j];
			if (k < 0 || k >= order.length || seen[k]) {
				throw new IllegalArgumentException("not a permutation of 0.." + (order.length - 1));
			}
			seen[k] = true;
			inverseOrder[k] = j;
		}
	}

	/** The reverse order D−1, …, 0 (the default between couplings). */
	public static Permutation reverse(final int dim) {
		final int[] order = new int[dim];
		for (int j = 0; j < dim; j++) order[j] = dim - 1 - j;
		return new Permutation(order);
	}

	/** A uniformly random order (Fisher–Yates) drawn from {@code random}. */
	public static Permutation random(final int dim, final Random random) {
		final int[] order = new int[dim];
		for (int j = 0; j < dim; j++) order[j] = j;
		for (int j = dim - 1; j > 0; j--) {
			final int k = random.nextInt(j + 1);
			final int t = order[j];
			order[j] = order[k];
			order[k] = t;
		}
		return new Permutation(order);
	}

	public int[] order() {
		return order.clone();
	}

	@Override
	public int dimension() {
		return order.length;
	}

	@Override
	public Evaluator evaluator(final int maxRows) {
		final double[] tmp = new double[order.length];
		return new Evaluator() {

			@Override
			public void forward(final double[][] x, final double[][] y, final int rows,
				final double[] logDet)
			{
				gather(x, y, rows, order, tmp);
			}

			@Override
			public void inverse(final double[][] y, final double[][] x, final int rows,
				final double[] logDet)
			{
				gather(y, x, rows, inverseOrder, tmp);
			}

			@Override
			public void backward(final double[][] dy, final double[][] dx, final int rows,
				final double dLogDet, final boolean accumulate)
			{
				gather(dy, dx, rows, inverseOrder, tmp);
			}
		};
	}

	private static void gather(final double[][] src, final double[][] dst, final int rows,
		final int[] index, final double[] tmp)
	{
		final int n = index.length;
		for (int i = 0; i < rows; i++) {
			final double[] si = src[i];
			for (int j = 0; j < n; j++) tmp[j] = si[index[j]];
			System.arraycopy(tmp, 0, dst[i], 0, n);
		}
	}
}
