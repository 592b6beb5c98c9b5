package sc.fiji.flowmodels.flow;

import org.ejml.data.DMatrixRMaj;

/** Conversions between EJML's flat row-major matrices and the row arrays the kernels use. */
public final class Batches {

	private Batches() {}

	/** Copies {@code rows} rows of {@code src} starting at row {@code from} into {@code dst}. */
	public static void toRows(final DMatrixRMaj src, final int from, final int rows,
		final double[][] dst)
	{
		final int c = src.numCols;
		for (int i = 0; i < rows; i++) {
			System.arraycopy(src.data, (from + i) * c, dst[i], 0, c);
		}
	}

	/** Copies {@code rows} row arrays into {@code dst} starting at row {@code from}. */
	public static void fromRows(final double[][] src, final int rows, final DMatrixRMaj dst,
		final int from)
	{
		final int c = dst.numCols;
		for (int i = 0; i < rows; i++) {
			System.arraycopy(src[i], 0, dst.data, (from + i) * c, c);
		}
	}

	public static double[][] toRows(final DMatrixRMaj src) {
		final double[][] r = new double[src.numRows][src.numCols];
		toRows(src, 0, src.numRows, r);
		return r;
	}

	public static DMatrixRMaj fromRows(final double[][] src) {
		final DMatrixRMaj m = new DMatrixRMaj(src.length, src.length == 0 ? 0 : src[0].length);
		fromRows(src, src.length, m, 0);
		return m;
	}

	static void requireColumns(final DMatrixRMaj m, final int d, final String what) {
		if (m.numCols != d) {
			throw new IllegalArgumentException(what + " has " + m.numCols + " columns, expected " + d);
		}
	}

	static double[] apply(final Transform t, final DMatrixRMaj in, final DMatrixRMaj out,
		final boolean forward)
	{
		final int d = t.dimension();
		requireColumns(in, d, "input");
		out.reshape(in.numRows, d);
		final double[] logDet = new double[in.numRows];
		final int rows = in.numRows;
		final double[][] buf = toRows(in);
		final Transform.Evaluator ev = t.evaluator(Math.max(1, rows));
		if (forward) ev.forward(buf, buf, rows, logDet);
		else ev.inverse(buf, buf, rows, logDet);
		fromRows(buf, rows, out, 0);
		return logDet;
	}
}
