package sc.fiji.flowmodels.spark;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

import org.apache.spark.Partitioner;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;

import scala.Tuple2;
import sc.fiji.flowmodels.analysis.OutlierScore;
import sc.fiji.flowmodels.analysis.Outliers;

/**
 * Every row's rank by the latent radius and by the density over all rows of all files, as
 * {@link Outliers#rankAll} would give them for the concatenated files (1 = most outlying, ties in
 * global row order, NaN most outlying), without any machine holding all rows: a range-partitioned
 * sort of (key, global row) pairs, done on primitive arrays.
 * <ol>
 * <li>The driver picks, per score, B − 1 split points from the files' samples ({@link FileScan}),
 * so that each of the B ranges of the order (key descending, global row ascending) holds about
 * the same number of rows.</li>
 * <li>Each file's task sends every row's (global row, key) to its range, batched per range in
 * primitive arrays (a shuffle of 16 bytes per row and score). A first job counts each range.</li>
 * <li>Each range's task orders its rows by global row (the batches come in row order, so sorting
 * the batches by their first row is enough) and ranks them with {@link Outliers#rankAll}; the
 * rank over all rows is that plus the rows of the earlier ranges.</li>
 * <li>Each range's task sends the ranks back to the files they belong to (another 12 bytes per row
 * and score), where the encode's second pass writes them next to its rows.</li>
 * </ol>
 */
final class GlobalRanks {

	/** The two rankings, in the order {@link RankRun#score} counts them. */
	static final OutlierScore[] SCORES = { OutlierScore.RADIUS, OutlierScore.DENSITY };

	/**
	 * Rows per range the driver aims at: a range's task holds 20 bytes per row (row, key, rank),
	 * 40 MB at this size, and ranges are at least as many as the cores.
	 */
	static final long RANGE_ROWS = 1 << 21;

	/** Sampled rows in all, spread over the files: about 100 per range up to 2,000 ranges (4·10^9 rows). */
	static final int SAMPLE = 200_000;

	/** Rows of one range a file's task keeps before it sends them on; bounds its memory. */
	private static final int BATCH = 8192;

	/** (global row, ranking key) pairs of one range, in increasing global row. */
	static final class KeyRun implements Serializable {

		private static final long serialVersionUID = 1L;

		final long[] rows;
		final double[] keys;

		KeyRun(final long[] rows, final double[] keys) {
			this.rows = rows;
			this.keys = keys;
		}
	}

	/** Ranks by one score of rows of one file. */
	static final class RankRun implements Serializable {

		private static final long serialVersionUID = 1L;

		/** Index into {@link GlobalRanks#SCORES}. */
		final int score;
		/** Rows of the file, 0-based. */
		final int[] rows;
		final long[] ranks;

		RankRun(final int score, final int[] rows, final long[] ranks) {
			this.score = score;
			this.rows = rows;
			this.ranks = ranks;
		}
	}

	/** Sends key {@code i} (an Integer) to partition {@code i}. */
	static final class Direct extends Partitioner {

		private static final long serialVersionUID = 1L;

		private final int partitions;

		Direct(final int partitions) {
			this.partitions = partitions;
		}

		@Override
		public int numPartitions() {
			return partitions;
		}

		@Override
		public int getPartition(final Object key) {
			return (Integer) key;
		}

		@Override
		public boolean equals(final Object o) {
			return o instanceof Direct && ((Direct) o).partitions == partitions;
		}

		@Override
		public int hashCode() {
			return partitions;
		}
	}

	/** The split points of one score's ranges, in the order of the ranking. */
	static final class Splits implements Serializable {

		private static final long serialVersionUID = 1L;

		final double[] keys;
		final long[] rows;

		Splits(final double[] keys, final long[] rows) {
			this.keys = keys;
			this.rows = rows;
		}

		/** The range of a row: how many split points come before it or are it. */
		int range(final double key, final long row) {
			int lo = 0, hi = keys.length;
			while (lo < hi) {
				final int mid = (lo + hi) >>> 1;
				if (keys[mid] > key || keys[mid] == key && rows[mid] <= row) lo = mid + 1;
				else hi = mid;
			}
			return lo;
		}

		/**
		 * B − 1 split points from weighted samples: each sampled row stands for (its file's rows) /
		 * (its file's sampled rows) rows.
		 */
		static Splits of(final FileScan[] scans, final long[] offsets, final int score, final int ranges) {
			int n = 0;
			for (final FileScan f : scans) n += f.sampleRows.length;
			final double[] key = new double[n], weight = new double[n];
			final long[] row = new long[n];
			final Integer[] order = new Integer[n];
			int at = 0;
			for (final FileScan f : scans) {
				for (int i = 0; i < f.sampleRows.length; i++, at++) {
					key[at] = f.sampleKeys[score][i];
					row[at] = offsets[f.file] + f.sampleRows[i];
					weight[at] = (double) f.rows / f.sampleRows.length;
					order[at] = at;
				}
			}
			Arrays.sort(order, (a, b) -> key[a] > key[b] ? -1 : key[a] < key[b] ? 1 : Long.compare(row[a], row[b]));
			double total = 0;
			for (final double w : weight) total += w;
			final double[] splitKeys = new double[ranges - 1];
			final long[] splitRows = new long[ranges - 1];
			double sum = 0;
			int next = 0;
			for (int k = 0; k < n && next < ranges - 1; k++) {
				sum += weight[order[k]];
				while (next < ranges - 1 && sum >= total * (next + 1) / ranges) {
					splitKeys[next] = key[order[k]];
					splitRows[next++] = row[order[k]];
				}
			}
			// fewer samples than ranges: the last ranges stay empty
			for (; next < ranges - 1; next++) {
				splitKeys[next] = Double.NEGATIVE_INFINITY;
				splitRows[next] = Long.MAX_VALUE;
			}
			return new Splits(splitKeys, splitRows);
		}
	}

	private GlobalRanks() {}

	/**
	 * The ranks of every row of the blocks (one partition per file, files in order), sent back
	 * to the files: partition f of the result holds file f's {@link RankRun}s.
	 *
	 * @param offsets the global row of each file's first row
	 * @param ranges how many ranges each score's rows are sorted in
	 */
	static JavaRDD<RankRun> rank(final JavaRDD<EncodedBlock> blocks, final FileScan[] scans, final long[] offsets,
		final EncodedBlock.Layout layout, final int ranges)
	{
		final int scores = SCORES.length;
		final Splits[] splits = new Splits[scores];
		for (int s = 0; s < scores; s++) splits[s] = Splits.of(scans, offsets, s, ranges);
		final int batch = (int) Math.max(256, Math.min(BATCH, (1 << 21) / ((long) scores * ranges)));
		final JavaPairRDD<Integer, KeyRun> sorted = blocks.mapPartitionsToPair(it -> new RangeBatcher(it, splits, offsets, layout, ranges, batch))
			.partitionBy(new Direct(scores * ranges));
		// the rows of each range, counted in a job of their own (it also leaves the shuffle for the next one)
		final List<Long> counts = sorted.mapPartitions(it -> {
			long n = 0;
			while (it.hasNext()) n += it.next()._2.rows.length;
			return Collections.singletonList(n).iterator();
		}).collect();
		final long[] before = new long[scores * ranges];
		for (int s = 0; s < scores; s++) {
			long sum = 0;
			for (int r = 0; r < ranges; r++) {
				before[s * ranges + r] = sum;
				sum += counts.get(s * ranges + r);
			}
		}
		final int files = offsets.length;
		return sorted.mapPartitionsToPair(it -> rankRange(TaskContext.getPartitionId(), it, ranges, before, offsets))
			.partitionBy(new Direct(files)).values();
	}

	/** Ranks one range's rows and splits the ranks by file. */
	private static Iterator<Tuple2<Integer, RankRun>> rankRange(final int partition, final Iterator<Tuple2<Integer, KeyRun>> in,
		final int ranges, final long[] before, final long[] offsets)
	{
		final List<KeyRun> runs = new ArrayList<>();
		int n = 0;
		while (in.hasNext()) {
			final KeyRun r = in.next()._2;
			runs.add(r);
			n = Math.addExact(n, r.rows.length);
		}
		// runs come from files in row order and never interleave within a file: by first row is by row
		runs.sort(Comparator.comparingLong(r -> r.rows[0]));
		final long[] rows = new long[n];
		final double[] keys = new double[n];
		int at = 0;
		for (final KeyRun r : runs) {
			System.arraycopy(r.rows, 0, rows, at, r.rows.length);
			System.arraycopy(r.keys, 0, keys, at, r.keys.length);
			at += r.rows.length;
		}
		runs.clear();
		final int[] rank = Outliers.rankAll(keys, n);
		final int score = partition / ranges;
		final long base = before[partition];
		final List<Tuple2<Integer, RankRun>> out = new ArrayList<>();
		for (int from = 0; from < n;) {
			// the file whose rows start last at or before this row (every file has rows)
			int file = Arrays.binarySearch(offsets, rows[from]);
			if (file < 0) file = -file - 2;
			final long end = file + 1 < offsets.length ? offsets[file + 1] : Long.MAX_VALUE;
			int to = from;
			while (to < n && rows[to] < end) to++;
			final int[] fileRows = new int[to - from];
			final long[] ranks = new long[to - from];
			for (int i = from; i < to; i++) {
				fileRows[i - from] = (int) (rows[i] - offsets[file]);
				ranks[i - from] = base + rank[i];
			}
			out.add(new Tuple2<>(file, new RankRun(score, fileRows, ranks)));
			from = to;
		}
		return out.iterator();
	}

	/**
	 * A file's task of step 2: reads its blocks and hands out batches of (global row, key) per
	 * range and score as they fill, then the rest.
	 */
	private static final class RangeBatcher implements Iterator<Tuple2<Integer, KeyRun>> {

		private final Iterator<EncodedBlock> blocks;
		private final Splits[] splits;
		private final long[] offsets;
		private final EncodedBlock.Layout layout;
		private final int ranges, batch;
		private final long[][] rows;
		private final double[][] keys;
		private final int[] size;
		private final ArrayDeque<Tuple2<Integer, KeyRun>> ready = new ArrayDeque<>();
		private boolean drained;

		RangeBatcher(final Iterator<EncodedBlock> blocks, final Splits[] splits, final long[] offsets,
			final EncodedBlock.Layout layout, final int ranges, final int batch)
		{
			this.blocks = blocks;
			this.splits = splits;
			this.offsets = offsets;
			this.layout = layout;
			this.ranges = ranges;
			this.batch = batch;
			final int all = splits.length * ranges;
			rows = new long[all][];
			keys = new double[all][];
			size = new int[all];
		}

		@Override
		public boolean hasNext() {
			while (ready.isEmpty() && !drained) {
				if (blocks.hasNext()) add(blocks.next());
				else {
					for (int p = 0; p < size.length; p++) send(p);
					drained = true;
				}
			}
			return !ready.isEmpty();
		}

		@Override
		public Tuple2<Integer, KeyRun> next() {
			if (!hasNext()) throw new java.util.NoSuchElementException();
			return ready.poll();
		}

		private void add(final EncodedBlock b) {
			final long first = offsets[b.file] + b.first;
			for (int s = 0; s < splits.length; s++) {
				for (int i = 0; i < b.rows; i++) {
					final double key = Outliers.key(layout.score(b, SCORES[s], i));
					final long row = first + i;
					final int p = s * ranges + splits[s].range(key, row);
					if (rows[p] == null) {
						rows[p] = new long[batch];
						keys[p] = new double[batch];
					}
					rows[p][size[p]] = row;
					keys[p][size[p]] = key;
					if (++size[p] == batch) send(p);
				}
			}
		}

		private void send(final int p) {
			if (size[p] == 0) return;
			ready.add(new Tuple2<>(p, new KeyRun(Arrays.copyOf(rows[p], size[p]), Arrays.copyOf(keys[p], size[p]))));
			size[p] = 0;
		}
	}
}
