package sc.fiji.flowmodels.train;

import sc.fiji.flowmodels.InputException;

/**
 * How to train: the {@code Train} command's keys after the architecture ones. Setters check
 * their value and throw an {@link InputException} naming the key; the defaults are SPEC's.
 */
public final class TrainingOptions {

	private int epochs = 100;
	private int batch = 128;
	private double learningRate = 1e-3;
	private double validation = 0.1;
	private int patience = 10;
	private double l2 = 0;
	private long seed = 1;
	private double gradientClip = 10;
	private double noise = 0.03;
	private boolean dequantize = true;
	private double averaging = 0.997;
	private boolean dataInit = true;
	private double marginalRate = 10;
	private Schedule schedule = Schedule.COSINE;
	private sc.fiji.flowmodels.flow.Precision precision = sc.fiji.flowmodels.flow.Precision.DOUBLE;
	private int threads = Runtime.getRuntime().availableProcessors();

	public int epochs() {
		return epochs;
	}

	public TrainingOptions epochs(final int v) {
		if (v < 1) throw new InputException("epochs must be at least 1, got " + v);
		epochs = v;
		return this;
	}

	public int batch() {
		return batch;
	}

	public TrainingOptions batch(final int v) {
		if (v < 1) throw new InputException("batch must be at least 1, got " + v);
		batch = v;
		return this;
	}

	public double lr() {
		return learningRate;
	}

	public TrainingOptions lr(final double v) {
		if (!(v > 0) || Double.isInfinite(v)) throw new InputException("lr must be a positive number, got " + v);
		learningRate = v;
		return this;
	}

	public double validation() {
		return validation;
	}

	/** Fraction of rows held out for validation and early stopping, in [0, 1). */
	public TrainingOptions validation(final double v) {
		if (!(v >= 0 && v < 1)) throw new InputException("validation must be a fraction in [0, 1), got " + v);
		validation = v;
		return this;
	}

	public int patience() {
		return patience;
	}

	/** Epochs without a better validation NLL before stopping; 0 never stops early. */
	public TrainingOptions patience(final int v) {
		if (v < 0) throw new InputException("patience must be 0 or more, got " + v);
		patience = v;
		return this;
	}

	public double l2() {
		return l2;
	}

	/** Weight decay: adds l2·w to the gradient of every weight (not the biases). */
	public TrainingOptions l2(final double v) {
		if (!(v >= 0) || Double.isInfinite(v)) throw new InputException("l2 must be 0 or a positive number, got " + v);
		l2 = v;
		return this;
	}

	public long seed() {
		return seed;
	}

	public TrainingOptions seed(final long v) {
		seed = v;
		return this;
	}

	public double gradientClip() {
		return gradientClip;
	}

	/** Largest global gradient norm; larger gradients are scaled down to it. */
	public TrainingOptions gradientClip(final double v) {
		if (!(v > 0)) throw new InputException("gradient clip must be positive, got " + v);
		gradientClip = v;
		return this;
	}

	public double noise() {
		return noise;
	}

	/**
	 * Standard deviation of the Gaussian noise added afresh to every training minibatch, in units
	 * of each column's standard deviation: a regularizer that keeps a flow from memorizing a small
	 * table (it widens each point by this much; 0 turns it off).
	 */
	public TrainingOptions noise(final double v) {
		if (!(v >= 0 && v <= 1)) throw new InputException("noise must be in [0, 1] (a fraction of each column's standard deviation), got " + v);
		noise = v;
		return this;
	}

	public boolean dequantize() {
		return dequantize;
	}

	/**
	 * Whether training spreads the values of a column that lies on a grid (counts, pixel areas,
	 * rounded measurements; see {@link ColumnGrid}) uniformly over their grid cells, so that the
	 * flow cannot grow density spikes on the grid points (true by default).
	 */
	public TrainingOptions dequantize(final boolean v) {
		dequantize = v;
		return this;
	}

	public double averaging() {
		return averaging;
	}

	/**
	 * Largest decay of the moving average of the weights over the steps: after step t the old
	 * average keeps the weight min(averaging, (t + 1)/(t + 2)), nearly the plain mean of all the
	 * steps so far until that would forget more slowly than {@code averaging} (from step 332
	 * for 0.997; a window of about 330 steps after that). Validation, early stopping and the saved model use
	 * the averaged weights, which are smoother than the last step's. 0 uses the last step's.
	 */
	public TrainingOptions averaging(final double v) {
		if (!(v >= 0 && v < 1)) throw new InputException("averaging must be in [0, 1), got " + v);
		averaging = v;
		return this;
	}

	public boolean dataInit() {
		return dataInit;
	}

	/**
	 * Whether to scale each hidden unit of a new flow so that its input has unit spread over the
	 * training rows, with its kink at the value of a randomly chosen row (instead of weights that
	 * ignore the data).
	 */
	public TrainingOptions dataInit(final boolean v) {
		dataInit = v;
		return this;
	}

	public double marginalRate() {
		return marginalRate;
	}

	/**
	 * The learning rate of the column shapes (if the flow has them), as a multiple of
	 * {@link #lr()}. 10 by default: at 1× the shapes hardly moved within the ~100 steps a table
	 * of 100–400 rows gets (outlier bench: mean AUC 0.824 at 1×, 0.891 at 10×; BENCHMARKS.md).
	 */
	public TrainingOptions marginalRate(final double v) {
		if (!(v > 0) || Double.isInfinite(v)) throw new InputException("marginal rate must be a positive number, got " + v);
		marginalRate = v;
		return this;
	}

	/** How the learning rate changes over the planned steps. */
	public enum Schedule {
		/** {@code lr} throughout. */
		CONSTANT,
		/** From {@code lr} down to 0 along half a cosine over all planned steps. */
		COSINE;

		/** The rate for step {@code step} (from 0) of {@code total}. */
		public double rate(final double lr, final int step, final int total) {
			if (this == CONSTANT || total <= 1) return lr;
			return lr * 0.5 * (1 + Math.cos(Math.PI * step / total));
		}
	}

	public Schedule schedule() {
		return schedule;
	}

	public TrainingOptions schedule(final Schedule v) {
		if (v == null) throw new InputException("schedule missing");
		schedule = v;
		return this;
	}

	/** The arithmetic of the networks' products during training; the model itself is double. */
	public sc.fiji.flowmodels.flow.Precision precision() {
		return precision;
	}

	public TrainingOptions precision(final sc.fiji.flowmodels.flow.Precision v) {
		if (v == null) throw new InputException("precision missing");
		precision = v;
		return this;
	}

	public int threads() {
		return threads;
	}

	/** Worker threads; the trained model does not depend on this number. */
	public TrainingOptions threads(final int v) {
		if (v < 1) throw new InputException("threads must be at least 1, got " + v);
		threads = v;
		return this;
	}
}
