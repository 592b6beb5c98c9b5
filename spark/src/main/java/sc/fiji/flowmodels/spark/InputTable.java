package sc.fiji.flowmodels.spark;

import java.io.Closeable;
import java.util.List;

import org.apache.hadoop.fs.Path;
import org.ejml.data.DMatrixRMaj;

/**
 * One input file read a chunk of {@link #CHUNK_ROWS} rows at a time: the selected columns as
 * numbers, checked as the command line checks them (a bad cell names the file, row and column),
 * and each row as it was, for {@link #copyTo copies} with new columns appended. Reading a file
 * twice gives the same chunks, which is what lets the encode's second pass meet its first pass's
 * results chunk by chunk.
 */
abstract class InputTable implements Closeable {

	/** Rows per chunk, as the command line's streaming encode reads them. */
	static final int CHUNK_ROWS = 8192;

	/** Reads the next chunk; returns its number of rows, 0 after the last one. */
	abstract int next();

	/** The selected columns of the current chunk: one row per row read, reused. */
	abstract DMatrixRMaj values();

	/** 1-based number of the current chunk's first row in the file. */
	abstract long firstRow();

	/** All column names of the file. */
	abstract List<String> header();

	/**
	 * A new file at {@code target} of the same kind with this file's columns and the given ones
	 * after them; {@link OutputTable#write} then writes the current chunk's rows as they were,
	 * each followed by its row of values.
	 */
	abstract OutputTable copyTo(HadoopConf conf, Path target, String[] appended, boolean[] integer);

	@Override
	public abstract void close();
}
