package sc.fiji.flowmodels.flow;

import java.util.Collections;
import java.util.List;

import org.ejml.data.DMatrixRMaj;

/**
 * An invertible map of D-dimensional points with a cheap log-Jacobian, applied to a batch.
 * <p>
 * A transform holds only its parameters; the work happens in an {@link Evaluator}, which owns
 * the scratch memory for a batch of at most {@code maxRows} rows. Make one evaluator per
 * thread and reuse it: nothing is allocated per batch.
 * <p>
 * Batches are arrays of rows ({@code double[rows][D]}, only the first {@code rows} used). The
 * {@link DMatrixRMaj} methods are conveniences for scripts and tests.
 */
public interface Transform {

	/** The number of columns D of the points. */
	int dimension();

	/** New scratch memory to evaluate this transform on batches of at most {@code maxRows}. */
	Evaluator evaluator(int maxRows);

	/**
	 * Like {@link #evaluator(int)}, computing the heavy parts in the given precision (transforms
	 * without such parts ignore it).
	 */
	default Evaluator evaluator(final int maxRows, final Precision precision) {
		return evaluator(maxRows);
	}

	/**
	 * Like {@link #evaluator(int, Precision)}; with {@code vector}, the dense products of the
	 * forward and backward passes may use the {@link VectorProducts} kernels.
	 */
	default Evaluator evaluator(final int maxRows, final Precision precision, final boolean vector) {
		return evaluator(maxRows, precision);
	}

	/**
	 * The trainable parameters, as arrays that the optimizer updates in place; the evaluator's
	 * {@link Evaluator#gradients()} are arrays of the same sizes in the same order. Call
	 * {@link #parametersChanged()} after changing them.
	 */
	default List<double[]> parameters() {
		return Collections.emptyList();
	}

	/** Parameter arrays in {@link #parameters()} order that L2 regularization applies to. */
	default boolean[] regularized() {
		return new boolean[0];
	}

	/** Recomputes whatever is derived from the parameters (e.g. transposed weights). */
	default void parametersChanged() {}

	/**
	 * Works on batches for one thread. {@code x} and {@code y} may be the same array (in place).
	 * Log-determinants are <em>added</em> to {@code logDet}, so a chain can pass one array along.
	 */
	interface Evaluator {

		/**
		 * {@code y = f(x)}; adds log|det ∂f/∂x| of each row to {@code logDet}. Keeps what
		 * {@link #backward} needs.
		 */
		void forward(double[][] x, double[][] y, int rows, double[] logDet);

		/** {@code x = f⁻¹(y)}; adds log|det ∂f⁻¹/∂y| (= −log|det ∂f/∂x|) to {@code logDet}. */
		void inverse(double[][] y, double[][] x, int rows, double[] logDet);

		/**
		 * Back-propagates through the last {@link #forward}: given {@code dy = ∂L/∂y} and
		 * {@code dLogDet = ∂L/∂(log|det|)} of every row, writes {@code dx = ∂L/∂x} ({@code dx} may
		 * be {@code dy}) and adds the parameter gradients to {@link #gradients()} when
		 * {@code accumulate} is true.
		 */
		void backward(double[][] dy, double[][] dx, int rows, double dLogDet, boolean accumulate);

		/** Parameter gradients, matching {@link Transform#parameters()}. */
		default List<double[]> gradients() {
			return Collections.emptyList();
		}
	}

	/** {@code y = f(x)} for the rows of {@code x}; returns log|det ∂f/∂x| per row. */
	default double[] forward(final DMatrixRMaj x, final DMatrixRMaj y) {
		return Batches.apply(this, x, y, true);
	}

	/** {@code x = f⁻¹(y)}; returns log|det ∂f⁻¹/∂y| per row. */
	default double[] inverse(final DMatrixRMaj y, final DMatrixRMaj x) {
		return Batches.apply(this, y, x, false);
	}
}
