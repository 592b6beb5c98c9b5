package sc.fiji.flowmodels.spark;

import java.util.Collections;
import java.util.List;

import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.ejml.data.DMatrixRMaj;

import sc.fiji.flowmodels.InputException;
import sc.fiji.flowmodels.analysis.EncodeColumn;
import sc.fiji.flowmodels.flow.Flow;

/**
 * {@code decode} on Spark: each file's latent columns {@code z1…zD} mapped to the model's data
 * columns and {@code log_px}, one output file per input file, as the command line's decode writes
 * them. Rows are independent, so this is one pass, one task per file.
 */
final class DecodeJob {

	private DecodeJob() {}

	static JobSummary run(final JavaSparkContext sc, final HadoopConf conf, final InputFiles files, final SharedModel model,
		final OutputFolder out)
	{
		final long start = System.nanoTime();
		final Broadcast<SharedModel> shared = sc.broadcast(model);
		try {
			final List<FileOutcome> outcomes = Jobs.perFile(sc, files.count())
				.mapPartitionsWithIndex((file, it) -> Collections.singletonList(decode(file, files, conf, shared.value(), out)).iterator(), true)
				.collect();
			FileOutcome.requireNoErrors(outcomes);
			out.commit(conf);
			return new JobSummary("decode", FileOutcome.rows(outcomes), files.count(), System.nanoTime() - start);
		}
		finally {
			shared.destroy();
		}
	}

	private static FileOutcome decode(final int file, final InputFiles files, final HadoopConf conf, final SharedModel model,
		final OutputFolder out)
	{
		final Flow flow = model.flow();
		final int d = flow.dimension(), c = d + 1;
		final String[] latent = new String[d], names = new String[c];
		for (int j = 0; j < d; j++) {
			latent[j] = EncodeColumn.Z.name(j);
			names[j] = flow.columns().get(j);
		}
		names[d] = EncodeColumn.LOG_PX.name(0);
		final FileOutcome outcome = new FileOutcome();
		final Path part = out.attempt(files.name(file));
		try (InputTable in = files.open(file, conf, latent, false);
			OutputTable table = files.format().create(conf, part, names))
		{
			final TaskFlow task = new TaskFlow(model, InputTable.CHUNK_ROWS);
			final DMatrixRMaj values = new DMatrixRMaj(InputTable.CHUNK_ROWS, c);
			for (int n; (n = in.next()) > 0;) {
				task.map(in.values(), n, false);
				values.reshape(n, c);
				for (int i = 0; i < n; i++) {
					System.arraycopy(task.result.points.data, i * d, values.data, i * c, d);
					values.data[i * c + d] = task.result.logPx[i];
				}
				table.write(values);
				outcome.rows += n;
			}
		}
		catch (final InputException e) {
			outcome.error = e.getMessage();
			return outcome;
		}
		out.publish(conf, files.name(file), part);
		return outcome;
	}
}
