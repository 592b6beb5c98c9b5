package sc.fiji.flowmodels.train;

/**
 * Hears about training as it goes (progress bars, live loss plots) and may cancel it. Called on
 * the training thread: keep the calls short and hand drawing to the UI thread.
 */
public interface TrainingListener {

	/** Before the first step: the number of minibatch steps per epoch and in all. */
	default void started(final int stepsPerEpoch, final int totalSteps) {}

	/**
	 * Before the first step, with a validation split: the validation NLL of the initial weights
	 * (epoch 0), which training must beat for its weights to be kept.
	 */
	default void initialValidation(final double nll) {}

	/** After each minibatch step ({@code step} counts from 1 over the whole run). */
	default void step(final int step, final double loss) {}

	default void epoch(final EpochRecord record) {}

	/** Asked before every step; true stops training cleanly, keeping the best weights. */
	default boolean isCanceled() {
		return false;
	}

	TrainingListener NONE = new TrainingListener() {};
}
