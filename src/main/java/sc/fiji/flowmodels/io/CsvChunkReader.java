package sc.fiji.flowmodels.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import sc.fiji.flowmodels.InputException;
import sc.fiji.flowmodels.data.ColumnSelection;
import sc.fiji.flowmodels.data.TableMessages;

/**
 * Reads a CSV file of any size a chunk of rows at a time: the named numeric columns go into
 * a reused matrix, and each row's raw text is kept for passthrough (see
 * {@link CsvWriter#rows(CsvChunk, org.ejml.data.DMatrixRMaj, boolean[])}). Only one chunk is
 * in memory at a time and no number is boxed.
 * <p>
 * The checks and messages are those of {@link CsvReader} followed by
 * {@link ColumnSelection}: a problem is reported when the chunk that holds it is read, with
 * its row and line. Columns that are not selected are split into cells but not parsed.
 * <p>
 * The columns must be named (a model's columns, typically): which columns are numeric is
 * only known once the whole file has been read.
 */
public final class CsvChunkReader implements Closeable {

	private final CsvTokenizer tokenizer;
	private final CsvHeader header;
	private final byte[] rawHeader;
	private final String[] columns;
	private final int[] indices;
	private final boolean[] seenNumber;
	private final NumberParser parser = new NumberParser();
	private final CsvChunk chunk;
	private boolean pending;
	private long rowsRead;
	/** Rows the file must have (a second pass), or −1. */
	private long expected = -1;
	private java.util.function.Supplier<InputException> otherwise;

	private CsvChunkReader(final CsvTokenizer tokenizer, final String[] columns, final int chunkRows)
		throws IOException
	{
		if (chunkRows < 1) throw new IllegalArgumentException("chunkRows " + chunkRows);
		this.tokenizer = tokenizer;
		this.columns = columns.clone();
		final String source = tokenizer.source();
		final Set<String> seen = new HashSet<>();
		for (final String name : columns) {
			if (!seen.add(name)) {
				throw new InputException(source + ": column " + TableMessages.quote(name) + " is asked for twice");
			}
		}
		header = CsvHeader.read(tokenizer);
		rawHeader = Arrays.copyOf(tokenizer.rawBytes(), tokenizer.rawLength());
		// the first row before the columns, as the whole-file reader does: a table separated by
		// semicolons is named as such, not as one that lacks the model's columns
		header.firstRow(tokenizer);
		final List<String> available = new ArrayList<>();
		for (int i = 0; i < header.names.length; i++)
			if (i != header.rowLabel) available.add(header.names[i]);
		ColumnSelection.requireColumns(source, available, columns);
		indices = new int[columns.length];
		for (int j = 0; j < columns.length; j++)
			indices[j] = Arrays.asList(header.names).indexOf(columns[j]);
		seenNumber = new boolean[columns.length];
		pending = true;
		chunk = new CsvChunk(chunkRows, columns.length);
	}

	/**
	 * Opens a file and reads its header.
	 *
	 * @param columns the columns to read, in this order (none: the header and the rows' raw text only)
	 * @param chunkRows the number of rows per chunk
	 * @throws InputException when the file cannot be read, has no rows or lacks a column
	 */
	public static CsvChunkReader open(final Path path, final String[] columns, final int chunkRows) {
		return open(CsvHeader.open(path), path.toString(), columns, chunkRows);
	}

	/**
	 * Like {@link #open(Path, String[], int)} for a stream, which {@link #close()} closes (and
	 * which is closed at once if opening fails).
	 *
	 * @param source the name used in messages
	 */
	public static CsvChunkReader open(final InputStream in, final String source, final String[] columns,
		final int chunkRows)
	{
		boolean opened = false;
		try {
			final CsvChunkReader reader = new CsvChunkReader(new CsvTokenizer(in, source, true), columns, chunkRows);
			opened = true;
			return reader;
		}
		catch (final IOException e) {
			throw CsvHeader.readFailed(source, e);
		}
		finally {
			if (!opened) closeQuietly(in);
		}
	}

	/**
	 * Requires the file to have exactly {@code rows} data rows: one more, or the end before
	 * them, throws the exception {@code otherwise} gives (a file that changed since it was
	 * read before).
	 */
	CsvChunkReader expectRows(final long rows, final java.util.function.Supplier<InputException> otherwise) {
		this.expected = rows;
		this.otherwise = otherwise;
		return this;
	}

	/** The file path, used in messages. */
	public String source() {
		return tokenizer.source();
	}

	/** All column names of the header (the row-label column's name is ""). */
	public List<String> header() {
		return Collections.unmodifiableList(Arrays.asList(header.names));
	}

	/** The selected columns, in the order of the matrix columns. */
	public String[] columns() {
		return columns.clone();
	}

	/** The header line as it is in the file, for passthrough. */
	byte[] rawHeader() {
		return rawHeader;
	}

	/** Number of data rows read so far. */
	public long rowsRead() {
		return rowsRead;
	}

	/**
	 * Reads the next rows.
	 *
	 * @return the chunk (the same object each time, overwritten), or null after the last row
	 * @throws InputException for a problem in these rows; the rows before it were valid
	 */
	public CsvChunk next() {
		if (!pending) {
			if (expected >= 0 && rowsRead != expected) throw otherwise.get();
			return null;
		}
		final CsvTokenizer t = tokenizer;
		final double[] data = chunk.values().data;
		final int d = indices.length;
		chunk.start(rowsRead + 1);
		try {
			while (pending && !chunk.isFull()) {
				if (rowsRead == expected) throw otherwise.get();
				header.checkCells(t);
				final int offset = chunk.nextOffset();
				for (int j = 0; j < d; j++)
					data[offset + j] = number(t, j);
				chunk.endRow(t.rawBytes(), t.rawLength(), t.line());
				rowsRead++;
				pending = t.next();
			}
		}
		catch (final IOException e) {
			throw CsvHeader.readFailed(source(), e);
		}
		chunk.finish();
		return chunk;
	}

	/** The value of selected column j in the current row, with the checks of ColumnSelection. */
	private double number(final CsvTokenizer t, final int j) {
		final int cell = indices[j];
		if (t.isEmpty(cell)) {
			throw new InputException(TableMessages.emptyCell(source(), t.row(), t.line(), columns[j]));
		}
		if (!parser.parse(t.cellBytes(), t.start(cell), t.end(cell))) {
			throw new InputException(seenNumber[j] ? TableMessages.notANumber(source(), t.row(), t.line(), columns[j],
				t.cell(cell)) : TableMessages.textColumn(source(), t.row(), t.line(), columns[j], t.cell(cell)));
		}
		seenNumber[j] = true;
		final double v = parser.value();
		if (v - v != 0) {
			throw new InputException(TableMessages.notFinite(source(), t.row(), t.line(), columns[j], t.cell(cell)));
		}
		return v;
	}

	@Override
	public void close() {
		closeQuietly(tokenizer);
	}

	private static void closeQuietly(final Closeable c) {
		try {
			c.close();
		}
		catch (final IOException e) {
			// nothing was written; a failing close of an input cannot lose data
		}
	}
}
