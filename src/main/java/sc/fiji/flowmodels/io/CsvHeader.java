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
		checkCells(t);
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
