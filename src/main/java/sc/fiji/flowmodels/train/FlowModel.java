package sc.fiji.flowmodels.train;

import sc.fiji.flowmodels.flow.Flow;

/** A flow with the story of how it was trained: what a model file holds. */
public final class FlowModel {

	private final Flow flow;
	private final TrainingOptions options;
	private final TrainingHistory history;

	public FlowModel(final Flow flow, final TrainingOptions options, final TrainingHistory history) {
		this.flow = flow;
		this.options = options;
		this.history = history;
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
