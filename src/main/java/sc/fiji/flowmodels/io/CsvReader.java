package sc.fiji.flowmodels.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import sc.fiji.flowmodels.InputException;
import sc.fiji.flowmodels.data.CellTextStore;
import sc.fiji.flowmodels.data.DataTable;

/**
 * Reads a whole CSV file into a {@link DataTable}.
 * <p>
 * The first row is the header. A column is numeric when its first non-empty cell is a number
 * (see {@link NumberParser}), and text otherwise. Cells of a numeric column that are empty,
 * not numbers, NaN or infinite are recorded as bad cells with their text: an error only if
 * that column is used as data (see {@link sc.fiji.flowmodels.data.ColumnSelection}). A column
 * whose cells are all empty counts as numeric, with every cell bad.
 * <p>
 * For files too big for memory, see {@link CsvChunkReader}.
 */
public final class CsvReader {

	private CsvReader() {}

	/** Reads a file, keeping the original text of numeric cells for passthrough. */
	public static DataTable read(final Path path) {
		return read(path, true);
	}

	/**
	 * @param keepCellText whether to keep the original text of numeric cells, so that
	 *          {@link DataTable#cellText} returns {@code 1.50} as written rather than
	 *          {@code 1.5} (costs about the file's size in memory)
	 */
	public static DataTable read(final Path path, final boolean keepCellText) {
		requireMemory(path, keepCellText);
		try (InputStream in = CsvHeader.open(path)) {
			return read(in, path.toString(), keepCellText);
		}
		catch (final IOException e) {
			throw CsvHeader.readFailed(path.toString(), e);
		}
	}

	/**
	 * Reads CSV from a stream, which is not closed.
	 *
	 * @param source the name used in messages
	 */
	public static DataTable read(final InputStream in, final String source, final boolean keepCellText) {
		final CsvTokenizer t = new CsvTokenizer(in, source, false);
		try {
			final CsvHeader header = CsvHeader.read(t);
			final int n = header.names.length;
			final ColumnBuilder[] columns = new ColumnBuilder[n];
			for (int i = 0; i < n; i++)
				columns[i] = new ColumnBuilder(keepCellText);
			final NumberParser parser = new NumberParser();
			int[] lines = new int[1024];
			int rows = 0;
			header.firstRow(t);
			do {
				header.checkCells(t);
				if (rows == Integer.MAX_VALUE - 8) {
					throw new InputException(source + ": more than " + rows +
						" rows; use a streaming command for files this large");
				}
				if (rows == lines.length) lines = Arrays.copyOf(lines, grow(lines.length));
				lines[rows] = (int) Math.min(Integer.MAX_VALUE, t.line());
				for (int i = 0; i < n; i++)
					columns[i].add(t, i, rows, parser);
				rows++;
			}
			while (t.next());

			final DataTable.Builder b = DataTable.builder(source, rows).lines(Arrays.copyOf(lines, rows));
			for (int i = 0; i < n; i++) {
				columns[i].addTo(b, header.names[i], rows);
				if (i == header.rowLabel) b.rowLabel();
			}
			return b.build();
		}
		catch (final IOException e) {
			throw CsvHeader.readFailed(source, e);
		}
	}

	/** Files smaller than this are read without a memory estimate. */
	static final long ESTIMATE_FROM = 4L << 20;
	/** Bytes sampled at the start of a file to estimate its rows and columns. */
	private static final int SAMPLE = 1 << 20;

	/**
	 * Refuses, before reading, a file whose table would not fit in the free Java heap, with the
	 * estimate in the message: reading it would otherwise end in an OutOfMemoryError.
	 */
	private static void requireMemory(final Path path, final boolean keepCellText) {
		final long need = estimateBytes(path, keepCellText);
		if (need <= 0) return;
		final long free = sc.fiji.flowmodels.Memory.freeFor(need);
		if (need > free) {
			throw new InputException(String.format(Locale.ROOT,
				"%s: reading this table needs about %.0f MB of Java memory but only %.0f MB are free; " +
					"raise the maximum heap (FLOW_JAVA_OPTS=-Xmx... for ./flow; Edit › Options › Memory & Threads in Fiji) " +
					"or use fewer rows (encoding a CSV file into a CSV file streams and needs little memory)",
				path, need / 1e6, free / 1e6));
		}
	}

	/**
	 * About how many bytes of heap reading the file takes at its peak, from its size and its
	 * first megabyte (rows per byte, cells per row); 0 for small files or when it cannot tell.
	 * Each cell costs 8 bytes as a double, plus its text and a 4-byte offset when the text is
	 * kept, and each row 4 bytes (its line number); arrays that grow while reading and their
	 * final copies need about 1.75 times that at the peak (measured: 1 and 10 million rows).
	 */
	static long estimateBytes(final Path path, final boolean keepCellText) {
		final long size;
		final byte[] sample;
		int n = 0;
		try {
			size = Files.size(path);
			if (size < ESTIMATE_FROM || Files.isDirectory(path)) return 0;
			sample = new byte[SAMPLE];
			try (InputStream in = Files.newInputStream(path)) {
				for (int r; n < sample.length && (r = in.read(sample, n, sample.length - n)) > 0;) n += r;
			}
		}
		catch (final IOException | RuntimeException e) {
			return 0; // reading reports what is wrong with the file
		}
		int header = 0;
		while (header < n && sample[header] != '\n') header++;
		long lines = 0, separators = 0;
		for (int i = header + 1; i < n; i++) {
			if (sample[i] == '\n') lines++;
			else if (sample[i] == ',') separators++;
		}
		if (lines == 0) return 0;
		final double rowsPerByte = (double) lines / (n - header - 1);
		final long data = size - header - 1;
		final long rows = (long) Math.ceil(data * rowsPerByte);
		final long cells = (long) Math.ceil(rows * (1 + (double) separators / lines));
		final long raw = 8 * cells + 4 * rows + (keepCellText ? data + 4 * cells : 0);
		return raw / 4 * 7;
	}

	/** The next capacity of a growing array: half as much again. */
	private static int grow(final int length) {
		final long next = Math.max(16L, length + (long) (length >> 1));
		return (int) Math.min(Integer.MAX_VALUE - 8, next);
	}

	/** Collects one column while its type is found out from its first non-empty cell. */
	private static final class ColumnBuilder {

		private final boolean keepText;
		/** Cells read before the first non-empty one (all empty). */
		private final List<String> leading = new ArrayList<>();
		private boolean decided;
		private boolean numeric;

		private double[] values;
		private int[] badRows;
		private String[] badTexts;
		private int badCount;
		private CellTextStore texts;

		private String[] strings;

		ColumnBuilder(final boolean keepText) {
			this.keepText = keepText;
		}

		void add(final CsvTokenizer t, final int cell, final int row, final NumberParser parser) {
			final byte[] b = t.cellBytes();
			final int start = t.start(cell);
			final int end = t.end(cell);
			if (!decided) {
				if (t.isEmpty(cell)) {
					leading.add(start == end ? "" : t.cell(cell));
					return;
				}
				decide(parser.parse(b, start, end));
			}
			if (numeric) {
				if (row == values.length) values = Arrays.copyOf(values, grow(values.length));
				if (parser.parse(b, start, end)) {
					final double v = parser.value();
					values[row] = v;
					// keep the text as written ("1e400", "-inf") for messages, even without cell text
					if (v - v != 0) addBad(row, t.cell(cell));
				}
				else {
					values[row] = Double.NaN;
					addBad(row, start == end ? "" : t.cell(cell));
				}
				if (texts != null) texts.add(b, start, end);
			}
			else {
				if (row == strings.length) strings = Arrays.copyOf(strings, grow(strings.length));
				strings[row] = start == end ? "" : t.cell(cell);
			}
		}

		private void decide(final boolean isNumber) {
			decided = true;
			numeric = isNumber;
			final int k = leading.size();
			if (numeric) {
				values = new double[Math.max(1024, k + 1)];
				badRows = new int[16];
				badTexts = new String[16];
				if (keepText) texts = new CellTextStore();
				for (int r = 0; r < k; r++) {
					values[r] = Double.NaN;
					addBad(r, leading.get(r));
					if (texts != null) texts.add(leading.get(r));
				}
			}
			else {
				strings = new String[Math.max(1024, k + 1)];
				for (int r = 0; r < k; r++)
					strings[r] = leading.get(r);
			}
			leading.clear();
		}

		private void addBad(final int row, final String text) {
			if (badCount == badRows.length) {
				badRows = Arrays.copyOf(badRows, badCount * 2);
				badTexts = Arrays.copyOf(badTexts, badCount * 2);
			}
			badRows[badCount] = row;
			badTexts[badCount++] = text;
		}

		void addTo(final DataTable.Builder b, final String name, final int rows) {
			if (!decided) decide(true); // every cell empty: a numeric column of bad cells
			if (numeric) {
				if (texts != null) texts.trimToSize();
				b.addNumeric(name, Arrays.copyOf(values, rows), Arrays.copyOf(badRows, badCount), Arrays.copyOf(
					badTexts, badCount), texts);
			}
			else {
				b.addText(name, Arrays.copyOf(strings, rows));
			}
		}
	}
}
