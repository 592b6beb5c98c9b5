package sc.fiji.flowmodels.flow;

import java.util.Arrays;

/** The shape of a RealNVP flow: what the model file's "architecture" section holds. */
public final class Architecture {

	/** How columns are reordered between couplings. */
	public enum PermutationKind {
		/** D−1, …, 0: every column is conditioned on by every other coupling. */
		REVERSE,
		/** A seeded random order per gap, drawn when the flow is created. */
		RANDOM
	}

	/** Largest hidden width and coupling count accepted (sanity bounds for files and inputs). */
	public static final int MAX_WIDTH = 65536, MAX_COUPLINGS = 1024, MAX_DIMENSION = 100000;

	private final int dimension;
	private final int[] hidden;
	private final int couplings;
	private final double clamp;
	private final PermutationKind permutation;

	public Architecture(final int dimension, final int[] hidden, final int couplings,
		final double clamp, final PermutationKind permutation)
	{
		if (dimension < 1 || dimension > MAX_DIMENSION) throw new IllegalArgumentException("dimension must be between 1 and " + MAX_DIMENSION + ", got " + dimension);
		if (hidden.length < 1) throw new IllegalArgumentException("at least one hidden layer is needed");
		for (final int h : hidden) {
			if (h < 1 || h > MAX_WIDTH) throw new IllegalArgumentException("hidden widths must be between 1 and " + MAX_WIDTH + ", got " + h);
		}
		if (couplings < 1 || couplings > MAX_COUPLINGS) throw new IllegalArgumentException("couplings must be between 1 and " + MAX_COUPLINGS + ", got " + couplings);
		if (!(clamp > 0) || Double.isInfinite(clamp)) throw new IllegalArgumentException("clamp must be a positive number, got " + clamp);
		if (permutation == null) throw new IllegalArgumentException("permutation kind missing");
		this.dimension = dimension;
		this.hidden = hidden.clone();
		this.couplings = couplings;
		this.clamp = clamp;
		this.permutation = permutation;
	}

	public int dimension() {
		return dimension;
	}

	public int[] hidden() {
		return hidden.clone();
	}

	public int couplings() {
		return couplings;
	}

	public double clamp() {
		return clamp;
	}

	public PermutationKind permutation() {
		return permutation;
	}

	/** Number of trainable numbers. */
	public long parameterCount() {
		final int d = dimension / 2, m = dimension - d;
		long n = 0;
		int in = d;
		for (final int h : hidden) {
			n += (long) (in + 1) * h;
			in = h;
		}
		n += (long) (in + 1) * 2 * m;
		return n * couplings;
	}

	@Override
	public String toString() {
		return "RealNVP D=" + dimension + ", " + couplings + " couplings of " + Arrays.toString(hidden) + ", clamp " + clamp + ", " + permutation.name().toLowerCase() + " permutations";
	}
}
