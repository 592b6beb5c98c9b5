package sc.fiji.flowmodels.io;

import java.io.ByteArrayOutputStream;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.ejml.data.DMatrixRMaj;

import sc.fiji.flowmodels.InputException;
import sc.fiji.flowmodels.data.DataTable;
import sc.fiji.flowmodels.data.NumberText;
import sc.fiji.flowmodels.data.TableMessages;
import sc.fiji.flowmodels.flow.Parallel;

/**
 * Writes CSV: a header row, comma-separated cells, LF line ends, UTF-8. Numbers are written
 * so that they read back as the same double ({@link NumberText}); names and text cells are
 * quoted when they need it (a comma, a quote, a line break, or spaces at either end, which
 * readers would trim).
 * <p>
 * Files are written through {@link AtomicFile}: the target is replaced only when everything
 * was written; on an error or a cancel (any exception thrown by the code that produces the
 * rows) the temporary file is removed and the target is untouched. Use
 * {@link #write(Path, Body)} to stream rows, e.g. chunks of a {@link CsvChunkReader} with new
 * values appended to each row.
 */
public final class CsvWriter implements Flushable {

	/** Produces the content of a file. */
	public interface Body {

		void writeTo(CsvWriter csv) throws IOException;
	}

	private final OutputStream out;
	private final byte[] buf = new byte[1 << 16];
	private int length;
	/** The per-thread writers of the parallel {@code rows} and their buffers, made on first use. */
	private CsvWriter[] parts;
	private Sink[] sinks;

	/** A writer on a stream; call {@link #flush()} at the end. */
	public CsvWriter(final OutputStream out) {
		this.out = out;
	}

	/**
	 * Writes a file atomically (or through to a device or pipe, see {@link WriteTarget}).
	 *
	 * @throws InputException when the file cannot be written (missing folder, no permission,
	 *           disk full); the target is then untouched
	 */
	public static void write(final Path target, final Body body) {
		try {
			AtomicFile.write(target, out -> {
				final CsvWriter csv = new CsvWriter(out);
				body.writeTo(csv);
				csv.flush();
			});
		}
		catch (final WriteTarget.Refused e) {
			throw new InputException(target + ": " + e.getMessage(), e);
		}
		catch (final IOException e) {
			throw new InputException(target + ": cannot write the file (" + IoMessages.describe(e) + ")", e);
		}
	}

	/**
	 * Checks, before any work, that a file can be written at {@code target}: see
	 * {@link WriteTarget#check}.
	 *
	 * @return the file that will be written (symbolic links followed), absolute
	 */
	public static Path checkTarget(final Path target) {
		return WriteTarget.check(target).path();
	}

	/** Writes a table atomically: all its columns, cells as {@link DataTable#cellText} gives them. */
	public static void write(final Path target, final DataTable table) {
		write(target, csv -> csv.table(table));
	}

	/**
	 * Writes a matrix atomically, one row per matrix row.
	 *
	 * @param integer which columns hold whole numbers, written without a decimal point (may be
	 *          null: none)
	 */
	public static void write(final Path target, final String[] names, final DMatrixRMaj values,
		final boolean[] integer)
	{
		write(target, csv -> {
			csv.header(names);
			csv.rows(values, integer);
		});
	}

	/** A header row. */
	public void header(final String... names) throws IOException {
		row(names);
	}

	/**
	 * The header of a streamed input as it is in its file, followed by new column names.
	 *
	 * @throws InputException when the input already has a column of one of the new names
	 */
	public void header(final CsvChunkReader input, final String... appended) throws IOException {
		for (final String name : appended) {
			if (input.header().contains(name)) throw new InputException(TableMessages.columnExists(input.source(), name));
		}
		final byte[] raw = input.rawHeader();
		bytes(raw, 0, raw.length);
		for (final String name : appended) {
			put(',');
			text(name);
		}
		put('\n');
	}

	/** Header and rows of a table; numeric cells keep their original text when the table has it. */
	public void table(final DataTable table) throws IOException {
		final int columns = table.columnCount();
		final String[] names = new String[columns];
		for (int j = 0; j < columns; j++)
			names[j] = table.name(j);
		header(names);
		final int rows = table.rowCount();
		for (int r = 0; r < rows; r++) {
			if (columns == 1 && table.cellText(0, r).isEmpty()) {
				emptyLoneCell();
				continue;
			}
			for (int j = 0; j < columns; j++) {
				if (j > 0) put(',');
				if (table.isNumeric(j) && !table.isBad(j, r)) ascii(table.cellText(j, r));
				else text(table.cellText(j, r));
			}
			put('\n');
		}
	}

	/**
	 * One row per matrix row.
	 *
	 * @param integer which columns hold whole numbers (may be null: none)
	 */
	public void rows(final DMatrixRMaj values, final boolean[] integer) throws IOException {
		final int d = values.numCols;
		for (int r = 0; r < values.numRows; r++) {
			numbers(values.data, r * d, d, integer);
			put('\n');
		}
	}

	/**
	 * The rows of a chunk as they are in the input file, each followed by the values of the
	 * same row of {@code appended}.
	 *
	 * @param appended one row per chunk row, one column per appended column
	 * @param integer which appended columns hold whole numbers (may be null: none)
	 */
	public void rows(final CsvChunk chunk, final DMatrixRMaj appended, final boolean[] integer) throws IOException {
		checkRows(chunk, appended);
		rows(chunk, appended, integer, 0, chunk.rows());
	}

	/**
	 * {@link #rows(CsvChunk, DMatrixRMaj, boolean[])} with the chunk's rows formatted on up to
	 * {@code threads} threads, each a consecutive part of the rows into a buffer of its own; the
	 * parts are then written in order, so the bytes are the same. Formatting the numbers is most
	 * of the cost of writing an encoded table (1.5 of the 2.5 CPU seconds of the second pass of a
	 * 1M-row encode, BENCHMARKS.md).
	 */
	public void rows(final CsvChunk chunk, final DMatrixRMaj appended, final boolean[] integer, final int threads)
		throws IOException
	{
		checkRows(chunk, appended);
		final int n = chunk.rows(), workers = Math.max(1, Math.min(threads, n));
		if (workers == 1) {
			rows(chunk, appended, integer, 0, n);
			return;
		}
		if (parts == null || parts.length < workers) {
			sinks = new Sink[workers];
			parts = new CsvWriter[workers];
			for (int w = 0; w < workers; w++) parts[w] = new CsvWriter(sinks[w] = new Sink());
		}
		final int share = (n + workers - 1) / workers;
		Parallel.forChunks(n, share, workers, w -> parts[w], (part, from, to) -> {
			part.rows(chunk, appended, integer, from, to);
			part.flush();
		});
		for (int w = 0; w < workers; w++) {
			bytes(sinks[w].bytes(), 0, sinks[w].size());
			sinks[w].reset();
		}
	}

	private static void checkRows(final CsvChunk chunk, final DMatrixRMaj appended) {
		if (appended.numRows < chunk.rows()) throw new IllegalArgumentException(appended.numRows +
			" rows of values for a chunk of " + chunk.rows());
	}

	/** Rows {@code [from, to)} of a chunk, each followed by the same row of {@code appended}. */
	private void rows(final CsvChunk chunk, final DMatrixRMaj appended, final boolean[] integer, final int from,
		final int to) throws IOException
	{
		final int d = appended.numCols;
		final byte[] raw = chunk.raw();
		for (int r = from; r < to; r++) {
			bytes(raw, chunk.rawStart(r), chunk.rawEnd(r));
			if (d > 0) put(',');
			numbers(appended.data, r * d, d, integer);
			put('\n');
		}
	}

	/** A growing in-memory buffer whose bytes can be read without a copy. */
	private static final class Sink extends ByteArrayOutputStream {

		byte[] bytes() {
			return buf;
		}
	}

	/** One row of text cells, quoted where needed. */
	public void row(final String... cells) throws IOException {
		if (cells.length == 1 && cells[0].isEmpty()) {
			emptyLoneCell();
			return;
		}
		for (int j = 0; j < cells.length; j++) {
			if (j > 0) put(',');
			text(cells[j]);
		}
		put('\n');
	}

	/** A row of one empty cell: quoted, since an empty line would read as a blank line. */
	private void emptyLoneCell() throws IOException {
		put('"');
		put('"');
		put('\n');
	}

	@Override
	public void flush() throws IOException {
		out.write(buf, 0, length);
		length = 0;
		out.flush();
	}

	/**
	 * A cell as CSV: unchanged when safe, else in double quotes with quotes doubled. Safe
	 * means no comma, quote or line break and no space or tab at either end.
	 */
	public static String quote(final String cell) {
		if (!needsQuotes(cell)) return cell;
		return '"' + cell.replace("\"", "\"\"") + '"';
	}

	private static boolean needsQuotes(final String cell) {
		final int n = cell.length();
		if (n == 0) return false;
		if (isSpace(cell.charAt(0)) || isSpace(cell.charAt(n - 1))) return true;
		for (int i = 0; i < n; i++) {
			final char c = cell.charAt(i);
			if (c == ',' || c == '"' || c == '\n' || c == '\r') return true;
		}
		return false;
	}

	private static boolean isSpace(final char c) {
		return c == ' ' || c == '\t';
	}

	private void numbers(final double[] data, final int offset, final int count, final boolean[] integer)
		throws IOException
	{
		for (int j = 0; j < count; j++) {
			if (j > 0) put(',');
			ascii(NumberText.format(data[offset + j], integer != null && integer[j]));
		}
	}

	private void text(final String cell) throws IOException {
		final byte[] b = quote(cell).getBytes(StandardCharsets.UTF_8);
		bytes(b, 0, b.length);
	}

	/** Text known to be ASCII (formatted numbers). */
	private void ascii(final String s) throws IOException {
		final int n = s.length();
		if (length + n > buf.length) drain();
		if (n > buf.length) {
			text(s);
			return;
		}
		for (int i = 0; i < n; i++)
			buf[length++] = (byte) s.charAt(i);
	}

	private void bytes(final byte[] b, final int from, final int to) throws IOException {
		final int n = to - from;
		if (length + n > buf.length) drain();
		if (n > buf.length) {
			out.write(b, from, n);
			return;
		}
		System.arraycopy(b, from, buf, length, n);
		length += n;
	}

	private void put(final char c) throws IOException {
		if (length == buf.length) drain();
		buf[length++] = (byte) c;
	}

	private void drain() throws IOException {
		out.write(buf, 0, length);
		length = 0;
	}
}
