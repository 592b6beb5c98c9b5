package sc.fiji.flowmodels.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

import sc.fiji.flowmodels.InputException;
import sc.fiji.flowmodels.data.TableMessages;

/**
 * Splits CSV bytes into records and cells: comma separator, RFC 4180 quotes ({@code "a,b"},
 * {@code ""} for a quote inside quotes, line breaks inside quotes), spaces and tabs around
 * unquoted cells trimmed, LF, CRLF or CR line ends, a UTF-8 byte order mark skipped. Blank
 * lines before the header and at the end of the file are skipped; a blank line between rows
 * is an error, since it would silently shift or drop a row.
 * <p>
 * Works on bytes: the separators are ASCII, so UTF-8 text passes through untouched, and
 * numbers are parsed without decoding. The cells of the current record are unquoted copies
 * in {@link #cellBytes()}; when asked, the raw bytes of the record (without its line end)
 * are kept too, for passthrough.
 */
final class CsvTokenizer implements Closeable {

	/**
	 * Longest record, in bytes. A CSV row of 64 MB is already absurd (a million cells of 64
	 * characters); beyond it the file is not a table, and reading on would only exhaust memory.
	 */
	static final int MAX_RECORD = 64 << 20;
	/** Most cells in one record. */
	static final int MAX_CELLS = 1 << 22;

	private final InputStream in;
	private final String source;
	private final boolean keepRaw;

	private final byte[] buf = new byte[1 << 16];
	private int pos;
	private int limit;
	private boolean eof;

	/** Line number of the next unread byte. */
	private long nextLine = 1;
	/** Line where the current record starts. */
	private long line;
	/** First line of a run of blank lines not yet followed by a record, or 0. */
	private long blankLine;
	private boolean seenRecord;
	/** 1-based number of the current data row (the header is row 0). */
	private long row = -1;
	private String[] header;

	private byte[] raw = new byte[256];
	private int rawLength;
	private byte[] cells = new byte[256];
	private int cellsLength;
	private int[] starts = new int[16];
	private int[] ends = new int[16];
	private boolean[] quoted = new boolean[16];
	private int cellCount;

	CsvTokenizer(final InputStream in, final String source, final boolean keepRaw) {
		this.in = in;
		this.source = source;
		this.keepRaw = keepRaw;
	}

	/** Names of the header cells, used in messages about later rows. */
	void header(final String[] names) {
		header = names;
	}

	/**
	 * The first bytes of the file, up to {@code max}, without consuming them (call before the
	 * first {@link #next()}): what kind of file it is.
	 */
	byte[] head(final int max) throws IOException {
		fill(Math.min(max, buf.length));
		return Arrays.copyOfRange(buf, pos, Math.min(limit, pos + max));
	}

	/** Whether a cell of the current record holds the byte {@code b}. */
	boolean contains(final int b) {
		for (int i = 0; i < cellsLength; i++) {
			if (cells[i] == b) return true;
		}
		return false;
	}

	/**
	 * Reads the next record that is not a blank line.
	 *
	 * @return false at the end of the file
	 */
	boolean next() throws IOException {
		if (!seenRecord) skipByteOrderMark();
		while (read()) {
			if (!isBlankRecord()) {
				if (blankLine > 0 && seenRecord) {
					throw new InputException(TableMessages.where(source, 0, blankLine, null) +
						": blank line inside the table (blank lines are allowed only at the end of the file)");
				}
				blankLine = 0;
				seenRecord = true;
				row++;
				return true;
			}
			if (blankLine == 0) blankLine = line;
		}
		return false;
	}

	String source() {
		return source;
	}

	/** Line where the current record starts (1-based). */
	long line() {
		return line;
	}

	/** 1-based data row of the current record; 0 for the header. */
	long row() {
		return row;
	}

	int cellCount() {
		return cellCount;
	}

	byte[] cellBytes() {
		return cells;
	}

	int start(final int cell) {
		return starts[cell];
	}

	int end(final int cell) {
		return ends[cell];
	}

	/** Whether the cell is empty, or holds only spaces and tabs inside quotes. */
	boolean isEmpty(final int cell) {
		return NumberParser.isBlank(cells, starts[cell], ends[cell]);
	}

	String cell(final int cell) {
		return new String(cells, starts[cell], ends[cell] - starts[cell], StandardCharsets.UTF_8);
	}

	/** The record as it is in the file, without its line end (only when raw bytes are kept). */
	byte[] rawBytes() {
		return raw;
	}

	int rawLength() {
		return rawLength;
	}

	@Override
	public void close() throws IOException {
		in.close();
	}

	private boolean isBlankRecord() {
		return cellCount == 1 && !quoted[0] && starts[0] == ends[0];
	}

	private void skipByteOrderMark() throws IOException {
		if (peek() == 0xEF && fill(3) && (buf[pos + 1] & 0xFF) == 0xBB && (buf[pos + 2] & 0xFF) == 0xBF) pos += 3;
	}

	/** Reads one record, blank or not; false at the end of the file. */
	private boolean read() throws IOException {
		if (peek() < 0) return false;
		line = nextLine;
		rawLength = 0;
		cellsLength = 0;
		cellCount = 0;
		while (true) {
			final int terminator = readCell();
			if (terminator != ',') {
				if (terminator == '\r' && peek() == '\n') pos++; // CRLF: not part of the raw record
				if (terminator >= 0) nextLine++;
				return true;
			}
			take(); // the comma is part of the raw record
		}
	}

	/**
	 * Reads one cell up to (not including) the comma or line end that ends it; returns that
	 * byte without consuming a comma, or -1 at the end of the file. A line end is consumed.
	 */
	private int readCell() throws IOException {
		int c = peek();
		while (c == ' ' || c == '\t') {
			take();
			c = peek();
		}
		final int start = cellsLength;
		if (c == '"') {
			final long openedAt = nextLine;
			take();
			while (true) {
				c = peek();
				if (c < 0) {
					throw new InputException(where(openedAt, cellCount) +
						": a quoted cell starts here but its closing quote is missing");
				}
				take();
				if (c == '"') {
					if (peek() != '"') break;
					take();
				}
				else if (c == '\n' || c == '\r' && peek() != '\n') {
					nextLine++;
				}
				appendCell(c);
			}
			c = peek();
			while (c == ' ' || c == '\t') {
				take();
				c = peek();
			}
			if (c >= 0 && c != ',' && c != '\n' && c != '\r') {
				throw new InputException(where(nextLine, cellCount) + ": unexpected " + describe(c) +
					" after a closing quote (a quote inside a quoted cell is written \"\")");
			}
			addCell(start, cellsLength, true);
		}
		else {
			int trimmed = start;
			while (c >= 0 && c != ',' && c != '\n' && c != '\r') {
				take();
				appendCell(c);
				if (c != ' ' && c != '\t') trimmed = cellsLength;
				c = peek();
			}
			addCell(start, trimmed, false);
		}
		if (c == '\n' || c == '\r') pos++; // line end: consumed, not part of the raw record
		return c;
	}

	/** Location of a cell of the record being read, on the given line. */
	private String where(final long atLine, final int cell) {
		final boolean named = header != null && cell < header.length;
		return TableMessages.where(source, row + 1, atLine, named ? header[cell] : null) +
			(named ? "" : " (cell " + (cell + 1) + ")");
	}

	private static String describe(final int c) {
		if (c >= 0x21 && c < 0x7f) return "character '" + (char) c + "'";
		return String.format("byte 0x%02X", c);
	}

	private void addCell(final int start, final int end, final boolean isQuoted) {
		if (cellCount == starts.length) {
			if (cellCount >= MAX_CELLS) throw tooLong(String.format(Locale.ROOT, "more than %,d cells", MAX_CELLS));
			final int n = cellCount * 2;
			starts = Arrays.copyOf(starts, n);
			ends = Arrays.copyOf(ends, n);
			quoted = Arrays.copyOf(quoted, n);
		}
		starts[cellCount] = start;
		ends[cellCount] = end;
		quoted[cellCount] = isQuoted;
		cellCount++;
	}

	private void appendCell(final int c) {
		if (cellsLength == cells.length) cells = Arrays.copyOf(cells, grown(cells.length));
		cells[cellsLength++] = (byte) c;
	}

	/**
	 * The doubled size of a buffer of the current record; a record that would need more than
	 * {@link #MAX_RECORD} bytes is refused (a 2 GB file without line breaks overflowed the
	 * array size: NegativeArraySizeException).
	 */
	private int grown(final int length) {
		if (length >= MAX_RECORD) throw tooLong(String.format(Locale.ROOT, "more than %d MB", MAX_RECORD >> 20));
		return Math.min(MAX_RECORD, length * 2);
	}

	private InputException tooLong(final String what) {
		return new InputException(TableMessages.where(source, 0, line, null) + ": a row (record) of " + what +
			" without a line break; is this a CSV table? (rows end in line breaks, cells are separated by commas)");
	}

	/** The next byte (0..255) without consuming it, or -1 at the end of the file. */
	private int peek() throws IOException {
		if (pos == limit && !fill(1)) return -1;
		return buf[pos] & 0xFF;
	}

	/** Consumes the byte that {@link #peek()} returned, adding it to the raw record. */
	private void take() {
		if (keepRaw) {
			if (rawLength == raw.length) raw = Arrays.copyOf(raw, grown(raw.length));
			raw[rawLength++] = buf[pos];
		}
		pos++;
	}

	/** Makes at least n unread bytes available, unless the file ends first. */
	private boolean fill(final int n) throws IOException {
		if (limit - pos >= n) return true;
		if (eof) return false;
		System.arraycopy(buf, pos, buf, 0, limit - pos);
		limit -= pos;
		pos = 0;
		while (limit < n) {
			final int got = in.read(buf, limit, buf.length - limit);
			if (got < 0) {
				eof = true;
				return false;
			}
			limit += got;
		}
		return true;
	}
}
