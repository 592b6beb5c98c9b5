package sc.fiji.flowmodels.spark;

import java.io.PrintStream;
import java.util.Locale;

import org.apache.spark.api.java.JavaSparkContext;
import org.ejml.data.DMatrixRMaj;

import sc.fiji.flowmodels.InputException;
import sc.fiji.flowmodels.commands.FileHost;
import sc.fiji.flowmodels.commands.TrainCommand;
import sc.fiji.flowmodels.data.ColumnSelection;
import sc.fiji.flowmodels.data.DataTable;

/**
 * {@code train} on Spark: the command line's Train command itself, with all its keys and checks,
 * run on the driver on a uniform sample of at most {@code rows} rows of the whole input
 * ({@link RowSample}). The sample is drawn when the command reads its table, so every key is
 * checked before the input is read. All rows are read and checked (a bad cell anywhere is
 * reported, as when the command line reads a table); only the sample is kept.
 */
final class TrainJob {

	private TrainJob() {}

	static JobSummary run(final JavaSparkContext sc, final HadoopConf conf, final InputFiles files, final TrainCommand train,
		final int rows, final PrintStream out, final PrintStream err)
	{
		final long start = System.nanoTime();
		final long[] seen = new long[1];
		train.host(new FileHost(out, err) {

			@Override
			public DataTable readTable(final String ref) {
				final String[] columns = ColumnSelection.parseSpec(train.columns).length > 0 ? ColumnSelection.parseSpec(train.columns)
					: files.format().numericColumns(conf, files.path(0), files.source(0));
				final RowSample sample = sample(sc, conf, files, columns, rows, train.seed);
				seen[0] = sample.seen;
				final DMatrixRMaj x = sample.points();
				final DataTable.Builder b = DataTable.builder(String.format(Locale.ROOT, "%s (a uniform sample of %,d of its %,d rows)", ref.trim(), x.numRows, sample.seen), x.numRows);
				for (int j = 0; j < columns.length; j++) {
					final double[] column = new double[x.numRows];
					for (int i = 0; i < column.length; i++) column[i] = x.data[i * columns.length + j];
					b.addNumeric(columns[j], column);
				}
				return b.build();
			}
		});
		train.execute();
		final JobSummary summary = new JobSummary("train", seen[0], files.count(), System.nanoTime() - start);
		summary.line(String.format(Locale.ROOT, "trained on a uniform sample of %,d rows; model written to %s", Math.min(seen[0], rows), train.model));
		return summary;
	}

	private static RowSample sample(final JavaSparkContext sc, final HadoopConf conf, final InputFiles files, final String[] columns,
		final int k, final long seed)
	{
		return Jobs.perFile(sc, files.count()).mapPartitionsWithIndex((file, it) -> {
			final RowSample s = new RowSample(k, columns.length);
			try (InputTable in = files.open(file, conf, columns, false)) {
				for (int n; (n = in.next()) > 0;) {
					final long first = in.firstRow() - 1;
					final double[] x = in.values().data;
					for (int i = 0; i < n; i++) s.offer(RowSample.draw(seed, file, first + i), file, first + i, x, i * columns.length);
				}
			}
			catch (final InputException e) {
				s.fail(file, e.getMessage());
			}
			return java.util.Collections.singletonList(s.trim()).iterator();
		}, true).treeReduce(RowSample::merge);
	}
}
