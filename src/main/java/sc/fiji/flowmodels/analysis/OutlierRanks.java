package sc.fiji.flowmodels.analysis;

/**
 * The outlier ranking of an encoded table: every row's rank by the latent radius and by the
 * density, the top K by the chosen score, and how far the two rankings agree — the seed article's
 * question whether "outliers stay outliers", i.e. whether the rows far out in latent space are the
 * unlikely rows in data space.
 */
public final class OutlierRanks implements RowRanks {

	private final int n;
	private final int k;
	private final OutlierScore score;
	private final int[] radiusRank;
	private final int[] densityRank;
	private final int nonFinite;
	private final int firstNonFinite;

	/**
	 * @param radius ‖z‖ of rows 0…n−1
	 * @param logPx log p_X of rows 0…n−1
	 * @param k how many rows {@code outlier_rank} marks
	 */
	public OutlierRanks(final double[] radius, final double[] logPx, final int n, final int k,
		final OutlierScore score)
	{
		this.n = n;
		this.k = Math.max(0, Math.min(k, n));
		this.score = score;
		final double[] density = new double[n];
		int bad = 0, first = -1;
		for (int i = 0; i < n; i++) {
			density[i] = OutlierScore.DENSITY.of(logPx[i], radius[i]);
			if (!Double.isFinite(density[i]) || !Double.isFinite(radius[i])) {
				if (bad++ == 0) first = i;
			}
		}
		this.nonFinite = bad;
		this.firstNonFinite = first;
		this.radiusRank = Outliers.rankAll(radius, n);
		this.densityRank = Outliers.rankAll(density, n);
	}

	public int rows() {
		return n;
	}

	/** K: how many rows are marked. */
	public int marked() {
		return k;
	}

	public OutlierScore score() {
		return score;
	}

	/** 1 for the row farthest from the latent origin … n. */
	@Override
	public long radiusRank(final int row) {
		return radiusRank[row];
	}

	/** 1 for the least likely row … n. */
	@Override
	public long densityRank(final int row) {
		return densityRank[row];
	}

	/** The row's rank by the given score. */
	public int rank(final OutlierScore s, final int row) {
		return s == OutlierScore.DENSITY ? densityRank[row] : radiusRank[row];
	}

	@Override
	public long outlierRank(final int row) {
		return RowRanks.outlierRank(rank(score, row), k);
	}

	/** The K most outlying rows by {@code s}, rank 1 first. */
	public int[] top(final OutlierScore s) {
		final int[] top = new int[k];
		for (int i = 0; i < n; i++) {
			final int r = rank(s, i);
			if (r <= k) top[r - 1] = i;
		}
		return top;
	}

	/** The K rows {@code outlier_rank} marks, rank 1 first. */
	public int[] top() {
		return top(score);
	}

	/** How many rows are among the top K by both scores. */
	public int overlap() {
		int both = 0;
		for (int i = 0; i < n; i++) {
			if (radiusRank[i] <= k && densityRank[i] <= k) both++;
		}
		return both;
	}

	/**
	 * Spearman's rank correlation of the latent radius and −log p_X over all rows, from the ranks
	 * above (ties broken by row order, so the ranks are two permutations of 1…n); NaN below 2 rows.
	 */
	public double rankCorrelation() {
		if (n < 2) return Double.NaN;
		double sum = 0;
		for (int i = 0; i < n; i++) {
			final double d = radiusRank[i] - densityRank[i];
			sum += d * d;
		}
		final double nn = n;
		return 1 - 6 * sum / (nn * (nn * nn - 1));
	}

	/** Rows whose latent radius or log p_X is not a finite number (they rank as most outlying). */
	public int nonFinite() {
		return nonFinite;
	}

	/** The first such row, or −1. */
	public int firstNonFinite() {
		return firstNonFinite;
	}
}
