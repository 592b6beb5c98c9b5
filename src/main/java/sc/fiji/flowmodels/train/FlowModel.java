package sc.fiji.flowmodels.train;

import sc.fiji.flowmodels.flow.Flow;

/** A flow with the story of how it was trained: what a model file holds. */
public final class FlowModel {

	private final Flow flow;
	private final TrainingOptions options;
	private final TrainingHistory history;
	private final double[] min;
	private final double[] max;

	/**
	 * @param min smallest value of each column in the training table (may be null: unknown)
	 * @param max largest value of each column in the training table (may be null)
	 */
	public FlowModel(final Flow flow, final TrainingOptions options, final TrainingHistory history,
		final double[] min, final double[] max)
	{
		this.flow = flow;
		this.options = options;
		this.history = history;
		this.min = min == null ? null : min.clone();
		this.max = max == null ? null : max.clone();
	}

	/** Smallest value of each column in the training table, or null when unknown. */
	public double[] min() {
		return min == null ? null : min.clone();
	}

	/** Largest value of each column in the training table, or null when unknown. */
	public double[] max() {
		return max == null ? null : max.clone();
	}

	public Flow flow() {
		return flow;
	}

	/** The options it was trained with. */
	public TrainingOptions options() {
		return options;
	}

	public TrainingHistory history() {
		return history;
	}
}
