package sc.fiji.flowmodels.flow;

import java.util.Arrays;

/**
 * The shape of a flow: what the model file's "architecture" section holds. The couplings are
 * all of one kind, given by their {@link ElementwiseMap} (kind and settings); before them, an
 * optional layer of column shapes ({@link #marginal()}) bends each column on its own.
 */
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
	private final ElementwiseMap map;
	private final PermutationKind permutation;
	private final ElementwiseMap marginal;

	/** RealNVP: affine couplings with the given soft clamp of their log-scales. */
	public Architecture(final int dimension, final int[] hidden, final int couplings,
		final double clamp, final PermutationKind permutation)
	{
		this(dimension, hidden, couplings, new AffineMap(clamp), permutation);
	}

	/** Couplings that apply {@code map} to their transformed columns. */
	public Architecture(final int dimension, final int[] hidden, final int couplings,
		final ElementwiseMap map, final PermutationKind permutation)
	{
		this(dimension, hidden, couplings, map, permutation, null);
	}

	/**
	 * Couplings that apply {@code map} to their transformed columns, after a layer of column
	 * shapes that applies {@code marginal} to every column (null: none).
	 */
	public Architecture(final int dimension, final int[] hidden, final int couplings,
		final ElementwiseMap map, final PermutationKind permutation, final ElementwiseMap marginal)
	{
		if (dimension < 1 || dimension > MAX_DIMENSION) throw new IllegalArgumentException("dimension must be between 1 and " + MAX_DIMENSION + ", got " + dimension);
		if (hidden.length < 1) throw new IllegalArgumentException("at least one hidden layer is needed");
		for (final int h : hidden) {
			if (h < 1 || h > MAX_WIDTH) throw new IllegalArgumentException("hidden widths must be between 1 and " + MAX_WIDTH + ", got " + h);
		}
		if (couplings < 1 || couplings > MAX_COUPLINGS) throw new IllegalArgumentException("couplings must be between 1 and " + MAX_COUPLINGS + ", got " + couplings);
		if (map == null) throw new IllegalArgumentException("coupling map missing");
		if (permutation == null) throw new IllegalArgumentException("permutation kind missing");
		this.dimension = dimension;
		this.hidden = hidden.clone();
		this.couplings = couplings;
		this.map = map;
		this.permutation = permutation;
		this.marginal = marginal;
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

	/** What each coupling does to its transformed columns (kind and settings). */
	public ElementwiseMap map() {
		return map;
	}

	public PermutationKind permutation() {
		return permutation;
	}

	/**
	 * The map of the column shapes: a layer before the couplings that applies it to every
	 * column with parameters of its own (no conditioning), so that each column's distribution
	 * can be skewed or have several peaks before the couplings relate the columns; null: none.
	 */
	public ElementwiseMap marginal() {
		return marginal;
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
		n += (long) (in + 1) * map.parametersPerColumn() * m;
		return n * couplings + (marginal == null ? 0 : (long) marginal.parametersPerColumn() * dimension);
	}

	@Override
	public String toString() {
		return "Flow D=" + dimension + ", " + (marginal == null ? "" : marginal.kind().key() + " column shapes, ") + couplings + " couplings of " + Arrays.toString(hidden) + ", " + map.describe() + ", " + permutation.name().toLowerCase() + " permutations";
	}
}
