package sc.fiji.flowmodels.analysis;

/**
 * Every row's ranks, as the {@link EncodeColumn.Stage#RANKS} columns read them: {@link OutlierRanks}
 * for a table ranked in memory, the Spark module's for ranks taken over all rows of many files.
 * Ranks are whole numbers up to the number of rows, which may exceed 2^31.
 */
public interface RowRanks {

	/** 1 for the row farthest from the latent origin. */
	long radiusRank(int row);

	/** 1 for the least likely row. */
	long densityRank(int row);

	/** {@code outlier_rank}: 1…K for the K most outlying rows by the chosen score, else 0. */
	long outlierRank(int row);

	/** {@code outlier_rank} of a row whose rank by the chosen score is {@code rank}, K = {@code marked}. */
	static long outlierRank(final long rank, final long marked) {
		return rank <= marked ? rank : 0;
	}
}
