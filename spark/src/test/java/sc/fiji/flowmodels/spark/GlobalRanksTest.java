package sc.fiji.flowmodels.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;

import sc.fiji.flowmodels.analysis.EncodeColumn;
import sc.fiji.flowmodels.analysis.OutlierScore;
import sc.fiji.flowmodels.analysis.Outliers;

/**
 * The distributed ranking gives every row the rank {@link Outliers#rankAll} gives it in the files
 * put together, for any number of ranges, with ties (within and across files), −0 and +0, NaN and
 * infinities, and a tiny sample that splits the rows badly.
 */
class GlobalRanksTest {

	/** D = 1: a row is z1, log_px, log_pz, log_det_j, z_radius. */
	private static final int D = 1;

	@Test
	void ranksOverAllFilesAreThoseOfTheFilesPutTogether() {
		final int[] sizes = { 700, 1, 2500, 40, 1300 };
		final Random r = new Random(3);
		final EncodedBlock.Layout layout = new EncodedBlock.Layout(D);
		final int w = layout.width, px = EncodeColumn.LOG_PX.offset(D), rad = EncodeColumn.Z_RADIUS.offset(D);
		final List<List<EncodedBlock>> files = new ArrayList<>();
		final List<Double> radius = new ArrayList<>(), density = new ArrayList<>();
		final double[] special = { 0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY };
		for (int f = 0; f < sizes.length; f++) {
			final List<EncodedBlock> blocks = new ArrayList<>();
			for (int first = 0; first < sizes[f]; first += 300) {
				final int n = Math.min(300, sizes[f] - first);
				final double[] v = new double[n * w];
				for (int i = 0; i < n; i++) {
					// few distinct values, so that many rows tie
					v[i * w + rad] = r.nextInt(50) / 10.0;
					v[i * w + px] = r.nextInt(20) == 0 ? special[r.nextInt(special.length)] : -r.nextInt(40) / 4.0;
					radius.add(v[i * w + rad]);
					density.add(OutlierScore.DENSITY.of(v[i * w + px], v[i * w + rad]));
				}
				blocks.add(new EncodedBlock(f, first, n, v));
			}
			files.add(blocks);
		}
		final long[] offsets = new long[sizes.length];
		for (int f = 1; f < sizes.length; f++) offsets[f] = offsets[f - 1] + sizes[f - 1];
		final JavaRDD<EncodedBlock> rdd = Jobs.perFile(LocalSpark.context(), sizes.length)
			.mapPartitionsWithIndex((f, it) -> files.get(f).iterator(), true).cache();
		final FileScan[] scans = rdd.mapPartitionsWithIndex((f, it) -> Collections.singletonList(FileScan.of(f, it, layout, 4)).iterator(), true)
			.collect().toArray(new FileScan[0]);
		for (final int ranges : new int[] { 1, 3, 11 }) {
			final List<GlobalRanks.RankRun> runs = GlobalRanks.rank(rdd, scans, offsets, layout, ranges)
				.mapPartitionsWithIndex((f, it) -> {
					final List<GlobalRanks.RankRun> mine = new ArrayList<>();
					it.forEachRemaining(run -> mine.add(new GlobalRanks.RankRun(run.score, offsetRows(run.rows, f, sizes), run.ranks)));
					return mine.iterator();
				}, true).collect();
			final int n = radius.size();
			final long[][] got = new long[2][n];
			for (final GlobalRanks.RankRun run : runs) {
				for (int k = 0; k < run.rows.length; k++) got[run.score][run.rows[k]] = run.ranks[k];
			}
			assertArrayEquals(widen(Outliers.rankAll(radius.stream().mapToDouble(Double::doubleValue).toArray(), n)), got[0], ranges + " ranges, radius");
			assertArrayEquals(widen(Outliers.rankAll(density.stream().mapToDouble(Double::doubleValue).toArray(), n)), got[1], ranges + " ranges, density");
		}
		rdd.unpersist();
	}

	/** Rows of file {@code f} as rows of all files. */
	private static int[] offsetRows(final int[] rows, final int f, final int[] sizes) {
		int offset = 0;
		for (int i = 0; i < f; i++) offset += sizes[i];
		final int[] all = new int[rows.length];
		for (int k = 0; k < rows.length; k++) all[k] = rows[k] + offset;
		return all;
	}

	private static long[] widen(final int[] ranks) {
		final long[] w = new long[ranks.length];
		for (int i = 0; i < w.length; i++) w[i] = ranks[i];
		return w;
	}
}
