package sc.fiji.flowmodels.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class OutliersTest {

	/** Reference: a stable sort of all rows by descending score, NaN first (as +∞). */
	private static int[] bySorting(final double[] r, final int k) {
		return IntStream.range(0, r.length).boxed().sorted(Comparator.comparingDouble((Integer i) -> Double.isNaN(r[i]) ? Double.NEGATIVE_INFINITY : -r[i])).limit(k).mapToInt(Integer::intValue).toArray();
	}

	/** Scores with many ties, infinities and NaN. */
	private static double[] awkward(final Random rnd, final int n) {
		final double[] r = new double[n];
		for (int i = 0; i < n; i++) {
			final int v = rnd.nextInt(10);
			r[i] = v == 8 ? Double.NaN : v == 9 ? Double.POSITIVE_INFINITY : v == 7 ? Double.NEGATIVE_INFINITY : v;
		}
		return r;
	}

	@Test
	void topKMatchesAFullSortIncludingTies() {
		final Random rnd = new Random(5);
		for (int trial = 0; trial < 500; trial++) {
			final int n = rnd.nextInt(60);
			final double[] r = new double[n];
			// few distinct values so that ties are common
			System.arraycopy(awkward(rnd, n), 0, r, 0, n);
			final int k = rnd.nextInt(15);
			assertArrayEquals(bySorting(r, k), Outliers.top(r, n, k), "trial " + trial + " " + Arrays.toString(r) + " k=" + k);
		}
	}

	@Test
	void ranksNumberTheTopRowsFromOne() {
		final double[] r = { 0.5, 3, 1, 2.5, 0.1 };
		final int[] top = Outliers.top(r, 5, 2);
		assertArrayEquals(new int[] { 1, 3 }, top);
		assertArrayEquals(new int[] { 0, 1, 0, 2, 0 }, Outliers.ranks(top, 5));
		assertEquals(0, Outliers.top(r, 5, 0).length);
		assertEquals(5, Outliers.top(r, 5, 10).length);
	}

	@Test
	void rankAllIsAStableDescendingSortWithNaNFirst() {
		final Random rnd = new Random(7);
		for (int trial = 0; trial < 300; trial++) {
			final int n = rnd.nextInt(200);
			final double[] r = awkward(rnd, n);
			final int[] order = bySorting(r, n);
			final int[] rank = Outliers.rankAll(r, n);
			for (int p = 0; p < n; p++) assertEquals(p + 1, rank[order[p]], "trial " + trial + " " + Arrays.toString(r));
			// the top K are the rows of rank 1…K
			final int k = rnd.nextInt(12);
			assertArrayEquals(Arrays.copyOf(order, Math.min(k, n)), Outliers.top(r, n, k));
		}
		assertArrayEquals(new int[] { 2, 1, 3 }, Outliers.rankAll(new double[] { 1, Double.NaN, 1 }, 3));
	}

	@Test
	void outlierRanksFollowTheChosenScoreAndMeasureAgreement() {
		final Random rnd = new Random(11);
		final int n = 300;
		final double[] radius = new double[n], logPx = new double[n];
		for (int i = 0; i < n; i++) {
			radius[i] = Math.abs(rnd.nextGaussian()) * 2;
			// mostly a function of the radius, with noise: the two rankings agree in part
			logPx[i] = -0.5 * radius[i] * radius[i] + 0.8 * rnd.nextGaussian();
		}
		logPx[17] = Double.NaN;
		final OutlierRanks byDensity = new OutlierRanks(radius, logPx, n, 10, OutlierScore.DENSITY);
		final OutlierRanks byRadius = new OutlierRanks(radius, logPx, n, 10, OutlierScore.RADIUS);
		final double[] negLogPx = new double[n];
		for (int i = 0; i < n; i++) negLogPx[i] = -logPx[i];
		assertArrayEquals(Outliers.top(negLogPx, n, 10), byDensity.top());
		assertArrayEquals(Outliers.top(radius, n, 10), byRadius.top());
		assertEquals(17, byDensity.top()[0], "a NaN log p_X is the most outlying row");
		assertEquals(1, byDensity.nonFinite());
		assertEquals(17, byDensity.firstNonFinite());
		int both = 0;
		for (final int a : byDensity.top(OutlierScore.DENSITY)) {
			for (final int b : byDensity.top(OutlierScore.RADIUS)) if (a == b) both++;
		}
		assertEquals(both, byDensity.overlap());
		for (int i = 0; i < n; i++) {
			assertEquals(byDensity.densityRank(i) <= 10 ? byDensity.densityRank(i) : 0, byDensity.outlierRank(i));
			assertEquals(byRadius.radiusRank(i) <= 10 ? byRadius.radiusRank(i) : 0, byRadius.outlierRank(i));
		}
		// Spearman's rho is Pearson's correlation of the two rank vectors
		double mr = 0, md = 0;
		for (int i = 0; i < n; i++) {
			mr += byDensity.radiusRank(i);
			md += byDensity.densityRank(i);
		}
		mr /= n;
		md /= n;
		double sxy = 0, sxx = 0, syy = 0;
		for (int i = 0; i < n; i++) {
			final double a = byDensity.radiusRank(i) - mr, b = byDensity.densityRank(i) - md;
			sxy += a * b;
			sxx += a * a;
			syy += b * b;
		}
		assertEquals(sxy / Math.sqrt(sxx * syy), byDensity.rankCorrelation(), 1e-12);
		assertTrue(byDensity.rankCorrelation() > 0.3 && byDensity.rankCorrelation() < 0.99, "partial agreement: " + byDensity.rankCorrelation());
	}

	@Test
	void encodeColumnsAreDeclaredRowValuesFirst() {
		assertEquals(Arrays.asList("z1", "z2", "z3", "log_px", "log_pz", "log_det_j", "z_radius", "outlier_rank", "outlier", "radius_rank", "density_rank"), Arrays.asList(EncodeColumn.names(3)));
		assertEquals(11, EncodeColumn.width(3));
		assertEquals(7, EncodeColumn.rowWidth(3));
		assertEquals(3, EncodeColumn.LOG_PX.offset(3));
		assertEquals(6, EncodeColumn.Z_RADIUS.offset(3));
		final boolean[] integer = EncodeColumn.integers(3);
		for (int j = 0; j < integer.length; j++) assertEquals(j >= 7, integer[j], EncodeColumn.names(3)[j]);
	}
}
