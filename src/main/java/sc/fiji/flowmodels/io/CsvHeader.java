package sc.fiji.flowmodels.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

import sc.fiji.flowmodels.InputException;
import sc.fiji.flowmodels.data.TableMessages;

/**
 * The header row of a CSV file, and the checks shared by the whole-file and the streaming
 * readers: opening the file, the header's names, the number of cells in each row.
 * <p>
 * A blank first header cell marks a row-label column: ImageJ saves results tables with the
 * row numbers 1..n under a blank (or single space) heading, pandas saves its index the same
 * way. Its cells are kept for passthrough and never used as data. Any other blank name is an
 * error.
 */
final class CsvHeader {

	final String[] names;
	/** Index of the row-label column, or -1. */
	final int rowLabel;

	private CsvHeader(final String[] names, final int rowLabel) {
		this.names = names;
		this.rowLabel = rowLabel;
	}

	/** Reads the header record; the tokenizer then names columns in its messages. */
	static CsvHeader read(final CsvTokenizer t) throws IOException {
		requireText(t.source(), t.head(SNIFF));
		if (!t.next()) throw new InputException(t.source() + ": the file is empty");
		final int n = t.cellCount();
		final String[] names = new String[n];
		final Map<String, Integer> seen = new HashMap<>();
		int rowLabel = -1;
		for (int i = 0; i < n; i++) {
			// a byte order mark that is not at the very start of the file is dropped too
			names[i] = t.cell(i).replace("\uFEFF", "").trim();
			if (names[i].isEmpty()) {
				if (i == 0) {
					rowLabel = 0;
					continue;
				}
				throw new InputException(TableMessages.where(t.source(), 0, t.line(), null) + ": column " + (i + 1) +
					" has no name in the header");
			}
			final Integer before = seen.put(names[i], i);
			if (before != null) {
				throw new InputException(TableMessages.where(t.source(), 0, t.line(), null) + ": column " + TableMessages
					.quote(names[i]) + " appears twice in the header (columns " + (before + 1) + " and " + (i + 1) + ")");
			}
		}
		t.header(names);
		return new CsvHeader(names, rowLabel);
	}

	/** Reads the first data row, which must exist. */
	void firstRow(final CsvTokenizer t) throws IOException {
		final long headerLine = t.line();
		if (!t.next()) {
			throw new InputException(t.source() + ": no data rows below the header (line " + headerLine + ")");
		}
		requireCommas(t, headerLine);
		checkCells(t);
	}

	/**
	 * A header of one column whose name holds a semicolon or a tab, over a row that holds the
	 * same: a table separated by semicolons (as spreadsheets save CSV where the decimal
	 * separator is a comma) or tabs, which would otherwise read as one text column ("no numeric
	 * columns") or as rows of the wrong length.
	 */
	private void requireCommas(final CsvTokenizer t, final long headerLine) {
		if (names.length != 1) return;
		for (final char c : new char[] { ';', '\t' }) {
			if (names[0].indexOf(c) >= 0 && t.contains(c)) {
				throw new InputException(TableMessages.where(t.source(), 0, headerLine, null) + ": the header " + TableMessages.quote(names[0]) +
					" is one column, and the rows hold " + (c == ';' ? "semicolons" : "tabs") + " too: the table seems to be separated by " +
					(c == ';' ? "semicolons (;)" : "tabs") + ". Flow Models reads comma-separated tables with a decimal point: save it as " +
					"CSV with commas (e.g. x,y and 1.5,2.25), or replace the " + (c == ';' ? "semicolons" : "tabs") + " by commas" +
					(c == ';' ? " after changing decimal commas to points" : ""));
			}
		}
	}

	/** Bytes looked at to tell what kind of file it is. */
	private static final int SNIFF = 512;

	/**
	 * Refuses a file that is not CSV text, by its first bytes: compressed files, spreadsheets,
	 * UTF-16 or UTF-32 text, binary data. Read as CSV they gave "blank line inside the table"
	 * or "1 cell, but the header has 2 columns".
	 */
	static void requireText(final String source, final byte[] head) {
		final String what = kind(head);
		if (what != null) throw new InputException(source + ": " + what);
	}

	private static String kind(final byte[] h) {
		if (starts(h, 0x1F, 0x8B)) return "the file is compressed (gzip); decompress it first (e.g. gunzip), then give the .csv file";
		if (starts(h, 'B', 'Z', 'h')) return "the file is compressed (bzip2); decompress it first (e.g. bunzip2), then give the .csv file";
		if (starts(h, 0xFD, '7', 'z', 'X', 'Z', 0)) return "the file is compressed (xz); decompress it first (e.g. unxz), then give the .csv file";
		if (starts(h, 0x28, 0xB5, 0x2F, 0xFD)) return "the file is compressed (zstd); decompress it first (e.g. unzstd), then give the .csv file";
		if (starts(h, 'P', 'K', 3, 4)) return "the file is a ZIP archive (an Excel .xlsx workbook is one); save the table as CSV (comma-separated), or unzip it";
		if (starts(h, 0xD0, 0xCF, 0x11, 0xE0)) return "the file is an Excel .xls workbook; save the table as CSV (comma-separated)";
		final String convert = "; save it as UTF-8 (e.g. iconv -f %s -t UTF-8 in.csv > out.csv)";
		if (starts(h, 0xFF, 0xFE, 0, 0) || starts(h, 0, 0, 0xFE, 0xFF)) return "the file holds UTF-32 text" + String.format(convert, "UTF-32");
		if (starts(h, 0xFF, 0xFE) || starts(h, 0xFE, 0xFF)) return "the file holds UTF-16 text" + String.format(convert, "UTF-16");
		int even = 0, odd = 0;
		for (int i = 0; i < h.length; i++) {
			if (h[i] != 0) continue;
			if (i % 2 == 0) even++;
			else odd++;
		}
		// UTF-16 without a byte order mark: ASCII text has a zero byte in every other place
		if (h.length >= 8 && Math.max(even, odd) * 4 >= h.length && Math.min(even, odd) * 8 < h.length) {
			return "the file holds UTF-16 text" + String.format(convert, even > odd ? "UTF-16BE" : "UTF-16LE");
		}
		if (even + odd > 0) return "the file holds binary data (zero bytes), not CSV text";
		return null;
	}

	private static boolean starts(final byte[] h, final int... bytes) {
		if (h.length < bytes.length) return false;
		for (int i = 0; i < bytes.length; i++) {
			if ((h[i] & 0xFF) != bytes[i]) return false;
		}
		return true;
	}

	/** A row must have one cell per column of the header. */
	void checkCells(final CsvTokenizer t) {
		final int cells = t.cellCount();
		if (cells == names.length) return;
		throw new InputException(TableMessages.where(t.source(), t.row(), t.line(), null) + ": " + cells +
			(cells == 1 ? " cell" : " cells") + ", but the header has " + names.length +
			(names.length == 1 ? " column" : " columns") +
			(cells > names.length ? " (a cell that contains a comma must be in double quotes)" : ""));
	}

	/** Opens a file for reading; every failure becomes a message naming the file. */
	static InputStream open(final Path path) {
		if (Files.isDirectory(path)) throw new InputException(path + ": is a folder, not a file");
		try {
			return Files.newInputStream(path);
		}
		catch (final NoSuchFileException e) {
			throw new InputException(path + ": file not found");
		}
		catch (final AccessDeniedException e) {
			throw new InputException(path + ": cannot read the file (permission denied)");
		}
		catch (final IOException e) {
			throw new InputException(path + ": cannot read the file (" + e.getMessage() + ")", e);
		}
	}

	/** An error while reading, after the file was opened. */
	static InputException readFailed(final String source, final IOException e) {
		return new InputException(source + ": cannot read the file (" + e.getMessage() + ")", e);
	}
}
