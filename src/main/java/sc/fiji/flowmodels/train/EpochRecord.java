package sc.fiji.flowmodels.train;

/** One epoch of training: mean NLL per point (nats, in the data's units) on both splits. */
public final class EpochRecord {

	public final int epoch;
	/** Mean NLL of the minibatches over the epoch, as they were trained on. */
	public final double trainNll;
	/** NLL of the validation rows after the epoch; NaN without a validation split. */
	public final double validationNll;
	public final double seconds;

	public EpochRecord(final int epoch, final double trainNll, final double validationNll,
		final double seconds)
	{
		this.epoch = epoch;
		this.trainNll = trainNll;
		this.validationNll = validationNll;
		this.seconds = seconds;
	}

	public boolean hasValidation() {
		return !Double.isNaN(validationNll);
	}
}
