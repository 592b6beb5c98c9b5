package sc.fiji.flowmodels.flow;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Transforms applied one after another, {@code f = f_K ∘ … ∘ f_1}; log-determinants add up.
 * Works in place: every part keeps what its backward pass needs in its own evaluator, so the
 * chain needs no buffer per step.
 */
public final class Chain implements Transform {

	private final List<Transform> parts;
	private final int dim;
	private final List<double[]> parameters;
	private final boolean[] regularized;

	public Chain(final List<? extends Transform> parts) {
		if (parts.isEmpty()) throw new IllegalArgumentException("empty chain");
		this.parts = Collections.unmodifiableList(new ArrayList<Transform>(parts));
		this.dim = parts.get(0).dimension();
		final List<double[]> params = new ArrayList<>();
		int count = 0;
		for (final Transform t : parts) {
			if (t.dimension() != dim) throw new IllegalArgumentException("dimensions differ along the chain");
			params.addAll(t.parameters());
			count += t.regularized().length;
		}
		regularized = new boolean[count];
		int k = 0;
		for (final Transform t : parts) {
			for (final boolean r : t.regularized()) regularized[k++] = r;
		}
		this.parameters = Collections.unmodifiableList(params);
	}

	public List<Transform> parts() {
		return parts;
	}

	@Override
	public int dimension() {
		return dim;
	}

	@Override
	public List<double[]> parameters() {
		return parameters;
	}

	@Override
	public boolean[] regularized() {
		return regularized.clone();
	}

	@Override
	public void parametersChanged() {
		for (final Transform t : parts) t.parametersChanged();
	}

	@Override
	public Evaluator evaluator(final int maxRows) {
		return evaluator(maxRows, Precision.DOUBLE);
	}

	@Override
	public Evaluator evaluator(final int maxRows, final Precision precision) {
		return evaluator(maxRows, precision, false);
	}

	@Override
	public Evaluator evaluator(final int maxRows, final Precision precision, final boolean vector) {
		final Evaluator[] ev = new Evaluator[parts.size()];
		final List<double[]> grads = new ArrayList<>();
		for (int k = 0; k < ev.length; k++) {
			ev[k] = parts.get(k).evaluator(maxRows, precision, vector);
			grads.addAll(ev[k].gradients());
		}
		final List<double[]> gradients = Collections.unmodifiableList(grads);
		return new Evaluator() {

			@Override
			public List<double[]> gradients() {
				return gradients;
			}

			@Override
			public void forward(final double[][] x, final double[][] y, final int rows,
				final double[] logDet)
			{
				ev[0].forward(x, y, rows, logDet);
				for (int k = 1; k < ev.length; k++) ev[k].forward(y, y, rows, logDet);
			}

			@Override
			public void inverse(final double[][] y, final double[][] x, final int rows,
				final double[] logDet)
			{
				final int last = ev.length - 1;
				ev[last].inverse(y, x, rows, logDet);
				for (int k = last - 1; k >= 0; k--) ev[k].inverse(x, x, rows, logDet);
			}

			@Override
			public void backward(final double[][] dy, final double[][] dx, final int rows,
				final double dLogDet, final boolean accumulate)
			{
				final int last = ev.length - 1;
				ev[last].backward(dy, dx, rows, dLogDet, accumulate);
				for (int k = last - 1; k >= 0; k--) ev[k].backward(dx, dx, rows, dLogDet, accumulate);
			}
		};
	}
}
