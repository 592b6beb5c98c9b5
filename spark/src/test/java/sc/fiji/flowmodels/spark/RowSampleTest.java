package sc.fiji.flowmodels.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** The training sample: its size, its independence of how the rows are split, its uniformity. */
class RowSampleTest {

	private static final int[] SIZES = { 9000, 500, 20000, 10500 };

	/** Row {@code row} of file {@code file} as a point that says where it comes from. */
	private static double[] point(final int file, final long row) {
		return new double[] { file, row };
	}

	private static RowSample ofFile(final int file, final int k, final long seed) {
		final RowSample s = new RowSample(k, 2);
		for (long i = 0; i < SIZES[file]; i++) s.offer(RowSample.draw(seed, file, i), file, i, point(file, i), 0);
		return s.trim();
	}

	@Test
	void samplesOfFilesMergeIntoTheSampleOfAll() {
		final RowSample all = new RowSample(3000, 2);
		for (int f = 0; f < SIZES.length; f++) {
			for (long i = 0; i < SIZES[f]; i++) all.offer(RowSample.draw(9, f, i), f, i, point(f, i), 0);
		}
		// merged in another order than the files', as Spark's tree reduction may
		final RowSample merged = RowSample.merge(RowSample.merge(ofFile(2, 3000, 9), ofFile(0, 3000, 9)), RowSample.merge(ofFile(3, 3000, 9), ofFile(1, 3000, 9)));
		final DMatrixRMaj a = all.points(), m = merged.points();
		assertEquals(3000, a.numRows);
		assertArrayEquals(a.data, m.data, 0);
		assertEquals(40000, merged.seen);
		for (int i = 1; i < a.numRows; i++) {
			final boolean ordered = a.get(i - 1, 0) < a.get(i, 0) || a.get(i - 1, 0) == a.get(i, 0) && a.get(i - 1, 1) < a.get(i, 1);
			assertTrue(ordered, "rows in file order");
		}
	}

	@Test
	void eachFileGivesItsShareOfTheSample() {
		final int k = 4000;
		final RowSample s = RowSample.merge(RowSample.merge(ofFile(0, k, 1), ofFile(1, k, 1)), RowSample.merge(ofFile(2, k, 1), ofFile(3, k, 1)));
		final DMatrixRMaj p = s.points();
		final int[] count = new int[SIZES.length];
		double rowsOf2 = 0;
		for (int i = 0; i < p.numRows; i++) {
			count[(int) p.get(i, 0)]++;
			if (p.get(i, 0) == 2) rowsOf2 += p.get(i, 1);
		}
		for (int f = 0; f < SIZES.length; f++) {
			final double share = (double) SIZES[f] / 40000, expected = k * share, sd = Math.sqrt(k * share * (1 - share));
			assertEquals(expected, count[f], 4 * sd, "file " + f);
		}
		// within a file, early and late rows alike: the mean row of file 2 is near its middle
		assertEquals(SIZES[2] / 2.0, rowsOf2 / count[2], 4 * SIZES[2] / Math.sqrt(12.0 * count[2]));
		final RowSample fewer = ofFile(1, 2000, 1);
		assertEquals(500, fewer.points().numRows, "a file smaller than the sample is taken whole");
	}
}
