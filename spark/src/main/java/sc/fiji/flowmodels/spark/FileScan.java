package sc.fiji.flowmodels.spark;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import java.util.SplittableRandom;

import sc.fiji.flowmodels.analysis.Outliers;

/**
 * What the encode's first pass learned about one file: its rows, the bad input that ended it (if
 * any), the rows whose results are not finite numbers, and a uniform sample of rows with both
 * scores, from which the driver picks the ranges of the distributed sort ({@link GlobalRanks}).
 */
final class FileScan implements Serializable {

	private static final long serialVersionUID = 1L;

	final int file;
	long rows;
	String error;
	long nonFinite;
	/** The first such row of the file (0-based), or −1. */
	long firstNonFinite = -1;
	/** Sampled rows (0-based) and their ranking keys ({@link Outliers#key}) per score of {@link GlobalRanks#SCORES}. */
	long[] sampleRows;
	double[][] sampleKeys;

	private FileScan(final int file) {
		this.file = file;
	}

	/**
	 * Scans a file's blocks, sampling up to {@code sampleSize} rows by reservoir sampling seeded by
	 * the file's index (the same sample every run).
	 */
	static FileScan of(final int file, final Iterator<EncodedBlock> blocks, final EncodedBlock.Layout layout,
		final int sampleSize)
	{
		final FileScan scan = new FileScan(file);
		final SplittableRandom random = new SplittableRandom(file);
		final int scores = GlobalRanks.SCORES.length;
		final long[] rows = new long[sampleSize];
		final double[][] keys = new double[scores][sampleSize];
		final double[] score = new double[scores];
		long seen = 0;
		while (blocks.hasNext()) {
			final EncodedBlock b = blocks.next();
			if (b.error != null) scan.error = b.error;
			for (int i = 0; i < b.rows; i++, seen++) {
				boolean finite = true;
				for (int s = 0; s < scores; s++) {
					score[s] = layout.score(b, GlobalRanks.SCORES[s], i);
					finite &= Double.isFinite(score[s]);
				}
				if (!finite && scan.nonFinite++ == 0) scan.firstNonFinite = b.first + i;
				final long slot = seen < sampleSize ? seen : random.nextLong(seen + 1);
				if (slot < sampleSize) {
					rows[(int) slot] = b.first + i;
					for (int s = 0; s < scores; s++) keys[s][(int) slot] = Outliers.key(score[s]);
				}
			}
		}
		final int kept = (int) Math.min(seen, sampleSize);
		scan.rows = seen;
		scan.sampleRows = Arrays.copyOf(rows, kept);
		scan.sampleKeys = new double[scores][];
		for (int s = 0; s < scores; s++) scan.sampleKeys[s] = Arrays.copyOf(keys[s], kept);
		return scan;
	}
}
