package sc.fiji.flowmodels.spark;

import java.util.Collections;
import java.util.List;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.ejml.data.DMatrixRMaj;

import sc.fiji.flowmodels.InputException;
import sc.fiji.flowmodels.analysis.ConsistencyCheck;
import sc.fiji.flowmodels.flow.Flow;

/**
 * {@code check} on Spark: the consistency report of every row of the input (data → latent), each
 * file summarized by its own task and the summaries added up in file order, and of
 * {@code samples} latent points (latent → data), computed on the driver as the command line does.
 */
final class CheckJob {

	/** A file's data → latent summaries, one per quantity of the report. */
	private static final class Outcome extends FileOutcome {

		private static final long serialVersionUID = 1L;

		final ConsistencyCheck.Summary[] summaries = new ConsistencyCheck.Summary[ConsistencyCheck.DATA_TO_LATENT_QUANTITIES.length];
	}

	/** The report, and the job's summary. */
	static final class Result {

		final ConsistencyCheck.Report report;
		final JobSummary summary;

		Result(final ConsistencyCheck.Report report, final JobSummary summary) {
			this.report = report;
			this.summary = summary;
		}
	}

	private CheckJob() {}

	static Result run(final JavaSparkContext sc, final HadoopConf conf, final InputFiles files, final SharedModel model,
		final int samples, final long seed, final double tolerance)
	{
		final long start = System.nanoTime();
		final Broadcast<SharedModel> shared = sc.broadcast(model);
		try {
			final List<Outcome> outcomes = Jobs.perFile(sc, files.count())
				.mapPartitionsWithIndex((file, it) -> Collections.singletonList(check(file, files, conf, shared.value())).iterator(), true)
				.collect();
			FileOutcome.requireNoErrors(outcomes);
			final ConsistencyCheck.Summary[] total = new ConsistencyCheck.Summary[ConsistencyCheck.DATA_TO_LATENT_QUANTITIES.length];
			for (int k = 0; k < total.length; k++) {
				total[k] = new ConsistencyCheck.Summary();
				for (final Outcome o : outcomes) total[k].add(o.summaries[k]);
			}
			final ConsistencyCheck.Report report = ConsistencyCheck.runSummarized(model.flow(), model.compute(), total, samples, seed, tolerance);
			return new Result(report, new JobSummary("check", FileOutcome.rows(outcomes), files.count(), System.nanoTime() - start));
		}
		finally {
			shared.destroy();
		}
	}

	private static Outcome check(final int file, final InputFiles files, final HadoopConf conf, final SharedModel model) {
		final Flow flow = model.flow();
		final Outcome outcome = new Outcome();
		for (int k = 0; k < outcome.summaries.length; k++) outcome.summaries[k] = new ConsistencyCheck.Summary();
		try (InputTable in = files.open(file, conf, flow.columns().toArray(new String[0]), false)) {
			for (int n; (n = in.next()) > 0;) {
				final DMatrixRMaj x = in.values();
				final double[][] q = ConsistencyCheck.dataToLatent(flow, model.compute(), x);
				for (int k = 0; k < q.length; k++) outcome.summaries[k].add(ConsistencyCheck.Summary.of(q[k], n));
				outcome.rows += n;
			}
		}
		catch (final InputException e) {
			outcome.error = e.getMessage();
		}
		return outcome;
	}
}
