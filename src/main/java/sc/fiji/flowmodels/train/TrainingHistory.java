package sc.fiji.flowmodels.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What happened during training: the epochs, why it stopped and which weights were kept. */
public final class TrainingHistory {

	/** Why training ended. */
	public enum StopReason {
		/** All epochs ran. */
		COMPLETED,
		/** The validation NLL did not improve for {@code patience} epochs. */
		EARLY_STOPPED,
		/** The user cancelled. */
		CANCELED,
		/** The loss or the gradient became NaN or infinite. */
		DIVERGED
	}

	private final List<EpochRecord> epochs;
	private final StopReason stopReason;
	private final int bestEpoch;
	private final String message;

	public TrainingHistory(final List<EpochRecord> epochs, final StopReason stopReason,
		final int bestEpoch, final String message)
	{
		this.epochs = Collections.unmodifiableList(new ArrayList<>(epochs));
		this.stopReason = stopReason;
		this.bestEpoch = bestEpoch;
		this.message = message;
	}

	public List<EpochRecord> epochs() {
		return epochs;
	}

	public StopReason stopReason() {
		return stopReason;
	}

	/** The epoch whose weights the model holds (0: the initial weights). */
	public int bestEpoch() {
		return bestEpoch;
	}

	/** One sentence for the user about how training ended. */
	public String message() {
		return message;
	}
}
