package sc.fiji.flowmodels.plot;

import org.ejml.data.DMatrixRMaj;

/**
 * Points to plot: two columns picked from a table (or two latent dimensions), with their
 * names. Point i is row i of the table the caller took them from.
 */
public final class Points2D {

	private final double[] x;
	private final double[] y;
	private final String xName;
	private final String yName;

	/** The arrays are copied. */
	public Points2D(final double[] x, final double[] y, final String xName, final String yName) {
		if (x.length != y.length) {
			throw new IllegalArgumentException("x has " + x.length + " values but y has " + y.length);
		}
		this.x = x.clone();
		this.y = y.clone();
		this.xName = xName == null ? "" : xName;
		this.yName = yName == null ? "" : yName;
	}

	/** Columns {@code colX} and {@code colY} (0-based) of a points-by-dimensions matrix. */
	public static Points2D columns(final DMatrixRMaj points, final int colX, final int colY, final String xName,
		final String yName)
	{
		if (colX < 0 || colX >= points.numCols || colY < 0 || colY >= points.numCols) {
			throw new IllegalArgumentException("columns " + colX + ", " + colY + " out of range for " +
				points.numCols + " columns");
		}
		final int n = points.numRows;
		final double[] x = new double[n];
		final double[] y = new double[n];
		for (int i = 0; i < n; i++) {
			x[i] = points.get(i, colX);
			y[i] = points.get(i, colY);
		}
		return new Points2D(x, y, xName, yName);
	}

	public int size() {
		return x.length;
	}

	public double x(final int i) {
		return x[i];
	}

	public double y(final int i) {
		return y[i];
	}

	public String xName() {
		return xName;
	}

	public String yName() {
		return yName;
	}

	/** {min x, max x, min y, max y} over the finite points; NaN when there are none. */
	double[] bounds() {
		double x0 = Double.POSITIVE_INFINITY, x1 = Double.NEGATIVE_INFINITY;
		double y0 = Double.POSITIVE_INFINITY, y1 = Double.NEGATIVE_INFINITY;
		for (int i = 0; i < x.length; i++) {
			if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) continue;
			x0 = Math.min(x0, x[i]);
			x1 = Math.max(x1, x[i]);
			y0 = Math.min(y0, y[i]);
			y1 = Math.max(y1, y[i]);
		}
		if (x0 > x1) return new double[] { Double.NaN, Double.NaN, Double.NaN, Double.NaN };
		return new double[] { x0, x1, y0, y1 };
	}

	/** Checks that ranked outlier indices point at existing points. */
	void checkIndices(final int[] ranked) {
		for (final int i : ranked) {
			if (i < 0 || i >= x.length) {
				throw new IllegalArgumentException("outlier index " + i + " out of range for " + x.length + " points");
			}
		}
	}
}
