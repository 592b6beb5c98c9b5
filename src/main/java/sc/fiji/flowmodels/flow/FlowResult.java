package sc.fiji.flowmodels.flow;

import org.ejml.data.DMatrixRMaj;

/**
 * Points mapped through a flow, one row each, with their densities.
 * {@code logDetJ} is always log|det ∂f/∂x| of the data → latent map f at the data point, so
 * {@code logPx = logPz + logDetJ} in both directions.
 */
public final class FlowResult {

	/** The mapped points: latent z for encode, data x for decode and sample. */
	public final DMatrixRMaj points;
	/** The other side: the input of encode/decode, or the latent sample. */
	public final DMatrixRMaj source;
	public final double[] logPx;
	public final double[] logPz;
	public final double[] logDetJ;

	public FlowResult(final DMatrixRMaj source, final DMatrixRMaj points, final double[] logPx,
		final double[] logPz, final double[] logDetJ)
	{
		this.source = source;
		this.points = points;
		this.logPx = logPx;
		this.logPz = logPz;
		this.logDetJ = logDetJ;
	}

	public int rows() {
		return points.numRows;
	}
}
