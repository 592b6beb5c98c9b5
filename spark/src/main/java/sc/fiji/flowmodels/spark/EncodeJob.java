package sc.fiji.flowmodels.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.ejml.data.DMatrixRMaj;

import sc.fiji.flowmodels.InputException;
import sc.fiji.flowmodels.analysis.EncodeColumn;
import sc.fiji.flowmodels.analysis.OutlierScore;
import sc.fiji.flowmodels.analysis.RowRanks;

/**
 * {@code encode} on Spark: one output file per input file, each the command line's encode of
 * that file except that the ranks count over all rows of all files, so that the outputs, put one
 * after the other, are byte for byte the command line's encode of the files put one after the
 * other.
 * <p>
 * Like the command line's streaming encode it makes two passes: the first encodes every file (one
 * task per file) and keeps each row's {@link EncodeColumn.Stage#ROW} columns (persisted on the
 * executors' disks) and its two scores, which {@link GlobalRanks} turns into ranks; the second
 * reads each file again and writes its rows with all the columns.
 */
final class EncodeJob {

	/** Outliers the summary lists at most, as the command line's Log line. */
	static final int SHOWN = 10;

	/** One of the most outlying rows, for the summary. */
	static final class Top implements Serializable {

		private static final long serialVersionUID = 1L;

		final long rank;
		final int file;
		/** 1-based row of the file. */
		final long row;
		final double score;

		Top(final long rank, final int file, final long row, final double score) {
			this.rank = rank;
			this.file = file;
			this.row = row;
			this.score = score;
		}
	}

	/** A file's rows seen through the global ranks, one chunk at a time. */
	private static final class ChunkRanks implements RowRanks {

		private final long[] radius, density, chosen;
		private final long marked;
		/** The file row of the chunk's first row. */
		int first;

		ChunkRanks(final long[][] ranks, final OutlierScore score, final long marked) {
			radius = ranks[0];
			density = ranks[1];
			chosen = score == GlobalRanks.SCORES[0] ? radius : density;
			this.marked = marked;
		}

		@Override
		public long radiusRank(final int row) {
			return radius[first + row];
		}

		@Override
		public long densityRank(final int row) {
			return density[first + row];
		}

		@Override
		public long outlierRank(final int row) {
			return RowRanks.outlierRank(chosen[first + row], marked);
		}
	}

	private EncodeJob() {}

	/**
	 * Runs the job; the output folder is complete when it returns.
	 *
	 * @throws InputException for bad input: the first in file order, with its file, row and column
	 */
	static JobSummary run(final JavaSparkContext sc, final HadoopConf conf, final InputFiles files, final SharedModel model,
		final int outliers, final OutlierScore score, final OutputFolder out)
	{
		final long start = System.nanoTime();
		final Broadcast<SharedModel> shared = sc.broadcast(model);
		final int d = model.flow().dimension(), count = files.count();
		final String[] columns = model.flow().columns().toArray(new String[0]);
		final EncodedBlock.Layout layout = new EncodedBlock.Layout(d);
		final JavaRDD<EncodedBlock> blocks = Jobs.perFile(sc, count)
			.mapPartitionsWithIndex((file, it) -> (Iterator<EncodedBlock>) new BlockEncoder(file, files, conf, shared.value()), true)
			.persist(StorageLevel.DISK_ONLY());
		try {
			final int sample = Math.max(32, GlobalRanks.SAMPLE / count);
			final FileScan[] scans = blocks.mapPartitionsWithIndex((file, it) -> Collections.singletonList(FileScan.of(file, it, layout, sample)).iterator(), true)
				.collect().toArray(new FileScan[0]);
			for (final FileScan s : scans) {
				if (s.error != null) throw new InputException(s.error);
			}
			final long[] offsets = new long[count];
			final long[] rows = new long[count];
			long total = 0;
			for (int f = 0; f < count; f++) {
				offsets[f] = total;
				rows[f] = scans[f].rows;
				total += rows[f];
			}
			final long firstPass = System.nanoTime();
			final int ranges = (int) Math.max(sc.defaultParallelism(), (total + GlobalRanks.RANGE_ROWS - 1) / GlobalRanks.RANGE_ROWS);
			final JavaRDD<GlobalRanks.RankRun> ranks = GlobalRanks.rank(blocks, scans, offsets, layout, ranges);
			final long counted = System.nanoTime();
			final List<Top> top = new ArrayList<>(blocks.zipPartitions(ranks, (b, r) -> write(TaskContext.getPartitionId(), b, r, files, conf, out, columns, rows, outliers, score)).collect());
			top.sort((a, b) -> Long.compare(a.rank, b.rank));
			out.commit(conf);
			final JobSummary summary = new JobSummary("encode", total, count, System.nanoTime() - start);
			summary.line(String.format(Locale.ROOT, "first pass %.1f s, rows sent to %d ranges per score and counted %.1f s, ranked and written %.1f s",
				(firstPass - start) / 1e9, ranges, (counted - firstPass) / 1e9, (System.nanoTime() - counted) / 1e9));
			summary.top(score, top, files);
			summary.nonFinite(scans, files);
			return summary;
		}
		finally {
			blocks.unpersist(false);
			shared.destroy();
		}
	}

	/** The second pass over one file: its rows with every encode column, into the output folder. */
	private static Iterator<Top> write(final int file, final Iterator<EncodedBlock> blocks, final Iterator<GlobalRanks.RankRun> runs,
		final InputFiles files, final HadoopConf conf, final OutputFolder out, final String[] columns, final long[] rows,
		final long marked, final OutlierScore score)
	{
		final int d = columns.length;
		final long[][] rank = new long[GlobalRanks.SCORES.length][(int) rows[file]];
		while (runs.hasNext()) {
			final GlobalRanks.RankRun r = runs.next();
			final long[] to = rank[r.score];
			for (int k = 0; k < r.rows.length; k++) to[r.rows[k]] = r.ranks[k];
		}
		final ChunkRanks view = new ChunkRanks(rank, score, marked);
		final EncodedBlock.Layout layout = new EncodedBlock.Layout(d);
		final int c = EncodeColumn.width(d), w = layout.width;
		final DMatrixRMaj appended = new DMatrixRMaj(InputTable.CHUNK_ROWS, c);
		final List<Top> top = new ArrayList<>();
		final Path part = out.attempt(files.name(file));
		try (InputTable in = files.open(file, conf, columns, true);
			OutputTable table = in.copyTo(conf, part, EncodeColumn.names(d), EncodeColumn.integers(d)))
		{
			while (blocks.hasNext()) {
				final EncodedBlock b = blocks.next();
				final int n = in.next();
				if (n != b.rows || in.firstRow() - 1 != b.first) throw new IllegalStateException(files.source(file) + " changed while it was encoded: read again, its rows " + in.firstRow() + "… differ");
				appended.reshape(n, c);
				for (int i = 0; i < n; i++) System.arraycopy(b.values, i * w, appended.data, i * c, w);
				view.first = b.first;
				EncodeColumn.fillRanks(view, 0, n, d, appended.data, c);
				table.write(appended);
				for (int i = 0; i < n; i++) {
					final long r = view.outlierRank(i);
					if (r > 0 && r <= SHOWN) top.add(new Top(r, file, b.first + i + 1L, layout.score(b, score, i)));
				}
			}
			if (in.next() != 0) throw new IllegalStateException(files.source(file) + " changed while it was encoded: it has more rows now");
		}
		out.publish(conf, files.name(file), part);
		return top.iterator();
	}
}
