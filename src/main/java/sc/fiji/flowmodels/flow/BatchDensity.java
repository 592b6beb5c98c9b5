package sc.fiji.flowmodels.flow;

import org.ejml.data.DMatrixRMaj;

/**
 * Something that can evaluate a log-density on a batch of points: one point per row of
 * {@code points} ({@link #dimension()} columns), one value per row written to
 * {@code logDensity}.
 * <p>
 * Implementations must be safe to call from several threads at once on different batches
 * (density images are rendered in parallel).
 */
public interface BatchDensity {

	/** Number of columns each point has. */
	int dimension();

	void logDensity(DMatrixRMaj points, double[] logDensity);
}
