package sc.fiji.flowmodels.spark;

import org.ejml.data.DMatrixRMaj;

import sc.fiji.flowmodels.flow.Flow;
import sc.fiji.flowmodels.flow.FlowResult;

/**
 * One task's way through the flow: its own evaluator (all scratch memory) and result arrays for a
 * chunk of rows, made once per task and reused for every chunk. Rows go through the evaluator in
 * the command line's blocks of {@link Flow#CHUNK} rows, on the same kernels (the Vector API ones
 * where the JVM has them); a row's results do not depend on which rows share its block, so every
 * file gives the values the command line gives its rows.
 */
final class TaskFlow {

	private final Flow.Evaluator evaluator;
	private final int d;
	/** The last chunk's results: points (z for encode, x for decode) and densities. */
	final FlowResult result;

	TaskFlow(final SharedModel model, final int maxRows) {
		final Flow flow = model.flow();
		d = flow.dimension();
		evaluator = flow.evaluator(Flow.CHUNK, model.compute().precision(), true);
		result = new FlowResult(null, new DMatrixRMaj(maxRows, d), new double[maxRows], new double[maxRows], new double[maxRows]);
	}

	/** Maps rows {@code 0…rows−1} of {@code in} data → latent ({@code encode}) or latent → data into {@link #result}. */
	void map(final DMatrixRMaj in, final int rows, final boolean encode) {
		final double[][] buf = evaluator.rows();
		final double[] out = result.points.data;
		for (int from = 0; from < rows; from += Flow.CHUNK) {
			final int m = Math.min(Flow.CHUNK, rows - from);
			for (int i = 0; i < m; i++) System.arraycopy(in.data, (from + i) * d, buf[i], 0, d);
			if (encode) evaluator.encode(m, result.logDetJ, result.logPz, result.logPx, from);
			else evaluator.decode(m, result.logDetJ, result.logPz, result.logPx, from);
			for (int i = 0; i < m; i++) System.arraycopy(buf[i], 0, out, (from + i) * d, d);
		}
	}
}
