package sc.fiji.flowmodels.spark;

import java.io.Closeable;

import org.ejml.data.DMatrixRMaj;

/** An output file being written, in its job's temporary folder. */
interface OutputTable extends Closeable {

	/**
	 * Writes rows: for a {@link InputTable#copyTo copy}, the rows of its input's current chunk,
	 * row i followed by row i of {@code values}; for a new table, the rows of {@code values}.
	 */
	void write(DMatrixRMaj values);

	/** Finishes the file. */
	@Override
	void close();
}
