package sc.fiji.flowmodels.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.ejml.data.DMatrixRMaj;

import sc.fiji.flowmodels.InputException;

/**
 * A point table in memory, stored by column: numeric columns as {@code double[]}, text
 * columns as {@code String[]}. It is immutable once built; {@link #numeric(int)} and
 * {@link #text(int)} hand out the backing arrays so that a million-row table is never copied
 * or boxed: do not modify them.
 * <p>
 * A numeric column read from a file may record <em>bad cells</em>: cells that cannot be used
 * as data because they are empty, not a number (value NaN), or NaN or infinite, with their
 * text as written. They are only an error when the column is used as data, which
 * {@link ColumnSelection} checks. A numeric column may also keep the
 * original text of its cells, so that a table written back shows {@code 1.50} as the user
 * wrote it rather than {@code 1.5}.
 * <p>
 * A <em>row-label column</em> (ImageJ writes row numbers 1..n in a first column with a blank
 * header) is carried along for passthrough and never selected as data.
 */
public final class DataTable {

	private static final int[] NO_ROWS = new int[0];
	private static final String[] NO_TEXTS = new String[0];

	private final String source;
	private final int rowCount;
	private final String[] names;
	private final double[][] numbers;
	private final String[][] texts;
	private final CellTextStore[] cellTexts;
	private final int[][] badRows;
	private final String[][] badTexts;
	private final boolean[] integer;
	private final int rowLabelColumn;
	private final int[] lines;
	private final Map<String, Integer> index;

	private DataTable(final Builder b) {
		source = b.source;
		rowCount = b.rowCount;
		final int n = b.names.size();
		names = b.names.toArray(new String[n]);
		numbers = b.numbers.toArray(new double[n][]);
		texts = b.texts.toArray(new String[n][]);
		cellTexts = b.cellTexts.toArray(new CellTextStore[n]);
		badRows = b.badRows.toArray(new int[n][]);
		badTexts = b.badTexts.toArray(new String[n][]);
		integer = new boolean[n];
		for (int i = 0; i < n; i++)
			integer[i] = b.integer.get(i);
		rowLabelColumn = b.rowLabelColumn;
		lines = b.lines;
		index = new HashMap<>(b.index);
	}

	public static Builder builder(final String source, final int rowCount) {
		return new Builder(source, rowCount);
	}

	/** File path or table title, used in messages. */
	public String source() {
		return source;
	}

	public int rowCount() {
		return rowCount;
	}

	public int columnCount() {
		return names.length;
	}

	public String name(final int column) {
		return names[column];
	}

	public List<String> names() {
		return Collections.unmodifiableList(Arrays.asList(names));
	}

	/** Names of the columns that can be data: all but the row-label column. */
	public List<String> dataColumnNames() {
		final List<String> list = new ArrayList<>(names.length);
		for (int i = 0; i < names.length; i++)
			if (i != rowLabelColumn) list.add(names[i]);
		return list;
	}

	/** Index of the column with this exact name, or -1. */
	public int indexOf(final String name) {
		final Integer i = index.get(name);
		return i == null ? -1 : i;
	}

	public boolean isNumeric(final int column) {
		return numbers[column] != null;
	}

	/** Whether the column holds whole numbers that are written without a decimal point. */
	public boolean isInteger(final int column) {
		return integer[column];
	}

	public boolean isRowLabel(final int column) {
		return column == rowLabelColumn;
	}

	/** Index of the row-label column, or -1. */
	public int rowLabelColumn() {
		return rowLabelColumn;
	}

	/** The values of a numeric column (NaN in bad cells); the backing array, do not modify. */
	public double[] numeric(final int column) {
		if (numbers[column] == null) throw new IllegalStateException("column " + names[column] + " holds text");
		return numbers[column];
	}

	/** The cells of a text column; the backing array, do not modify. */
	public String[] text(final int column) {
		if (texts[column] == null) throw new IllegalStateException("column " + names[column] + " is numeric");
		return texts[column];
	}

	/**
	 * Number of recorded bad cells (empty, not a number, NaN or infinite) in a numeric column;
	 * 0 for a text column.
	 */
	public int badCellCount(final int column) {
		return badRows[column].length;
	}

	/** Row (0-based) of the k-th bad cell of a numeric column, in increasing row order. */
	public int badCellRow(final int column, final int k) {
		return badRows[column][k];
	}

	/** Text of the k-th bad cell of a numeric column, as written ("" for an empty cell). */
	public String badCellText(final int column, final int k) {
		return badTexts[column][k];
	}

	/** Whether the cell is a recorded bad cell of a numeric column. */
	public boolean isBad(final int column, final int row) {
		return numbers[column] != null && Arrays.binarySearch(badRows[column], row) >= 0;
	}

	/**
	 * The cell as text for passthrough: the original text when it was kept, else the number
	 * written so that it reads back to the same double (whole numbers without a decimal point in
	 * integer columns).
	 */
	public String cellText(final int column, final int row) {
		if (row < 0 || row >= rowCount) throw new IndexOutOfBoundsException("row " + row + " of " + rowCount);
		if (texts[column] != null) return texts[column][row];
		if (cellTexts[column] != null) return cellTexts[column].get(row);
		final int k = Arrays.binarySearch(badRows[column], row);
		if (k >= 0) return badTexts[column][k];
		return NumberText.format(numbers[column][row], integer[column]);
	}

	/**
	 * Whether a cell counts as empty: nothing but spaces and tabs (what CSV readers trim
	 * around a cell).
	 */
	public static boolean isBlankCell(final String cell) {
		for (int i = 0; i < cell.length(); i++) {
			final char c = cell.charAt(i);
			if (c != ' ' && c != '\t') return false;
		}
		return true;
	}

	/** The file line where a row (0-based) starts, or -1 when the table does not come from a file. */
	public int line(final int row) {
		return lines == null ? -1 : lines[row];
	}

	/** Location of a cell for a message: {@code points.csv, row 4 (line 5), column "y"}. */
	public String where(final int row, final int column) {
		return TableMessages.where(source, row + 1L, line(row), column < 0 ? null : names[column]);
	}

	/**
	 * A new table with the columns of this one followed by new numeric columns; the existing
	 * columns are shared, not copied.
	 *
	 * @param newNames names of the new columns, none of which may already exist
	 * @param columns one array of {@link #rowCount()} values per new column
	 * @param integer which new columns hold whole numbers (may be null: none)
	 */
	public DataTable withNumericColumns(final String[] newNames, final double[][] columns, final boolean[] integer) {
		if (columns.length != newNames.length) throw new IllegalArgumentException(
			newNames.length + " names for " + columns.length + " columns");
		final Builder b = copyBuilder();
		for (int j = 0; j < newNames.length; j++) {
			if (b.index.containsKey(newNames[j])) {
				throw new InputException(TableMessages.columnExists(source, newNames[j]));
			}
			if (integer != null && integer[j]) b.addInteger(newNames[j], columns[j]);
			else b.addNumeric(newNames[j], columns[j]);
		}
		return b.build();
	}

	/**
	 * Like {@link #withNumericColumns(String[], double[][], boolean[])} with the new columns
	 * given as the columns of a matrix with {@link #rowCount()} rows.
	 */
	public DataTable withNumericColumns(final String[] newNames, final DMatrixRMaj values, final boolean[] integer) {
		if (values.numRows != rowCount || values.numCols != newNames.length) {
			throw new IllegalArgumentException("matrix is " + values.numRows + "x" + values.numCols + ", expected " +
				rowCount + "x" + newNames.length);
		}
		final double[][] columns = new double[newNames.length][rowCount];
		final int stride = values.numCols;
		for (int r = 0; r < rowCount; r++)
			for (int j = 0; j < stride; j++)
				columns[j][r] = values.data[r * stride + j];
		return withNumericColumns(newNames, columns, integer);
	}

	private Builder copyBuilder() {
		final Builder b = new Builder(source, rowCount);
		for (int i = 0; i < names.length; i++) {
			if (texts[i] != null) b.addText(names[i], texts[i]);
			else b.add(names[i], numbers[i], badRows[i], badTexts[i], cellTexts[i], integer[i]);
		}
		b.rowLabelColumn = rowLabelColumn;
		b.lines = lines;
		return b;
	}

	/** Collects columns of equal length; {@link #build()} makes the table. */
	public static final class Builder {

		private final String source;
		private final int rowCount;
		private final List<String> names = new ArrayList<>();
		private final List<double[]> numbers = new ArrayList<>();
		private final List<String[]> texts = new ArrayList<>();
		private final List<CellTextStore> cellTexts = new ArrayList<>();
		private final List<int[]> badRows = new ArrayList<>();
		private final List<String[]> badTexts = new ArrayList<>();
		private final List<Boolean> integer = new ArrayList<>();
		private final Map<String, Integer> index = new HashMap<>();
		private int rowLabelColumn = -1;
		private int[] lines;

		private Builder(final String source, final int rowCount) {
			if (source == null) throw new NullPointerException("source");
			if (rowCount < 0) throw new IllegalArgumentException("rowCount " + rowCount);
			this.source = source;
			this.rowCount = rowCount;
		}

		/** A numeric column without recorded bad cells (NaN and infinities may be in it). */
		public Builder addNumeric(final String name, final double[] values) {
			return add(name, values, NO_ROWS, NO_TEXTS, null, false);
		}

		/** A numeric column of whole numbers, written without a decimal point. */
		public Builder addInteger(final String name, final double[] values) {
			return add(name, values, NO_ROWS, NO_TEXTS, null, true);
		}

		/**
		 * A numeric column as a file reader finds it.
		 *
		 * @param values one value per row: NaN for empty and non-numeric cells
		 * @param badRows rows (0-based, increasing) of the cells that are empty, not a number, NaN
		 *          or infinite
		 * @param badTexts the text of those cells as written ("" when empty)
		 * @param cellText the original text of every cell, or null when not kept
		 */
		public Builder addNumeric(final String name, final double[] values, final int[] badRows,
			final String[] badTexts, final CellTextStore cellText)
		{
			if (badRows.length != badTexts.length) throw new IllegalArgumentException("bad cells: " +
				badRows.length + " rows, " + badTexts.length + " texts");
			for (int k = 0; k < badRows.length; k++) {
				if (badRows[k] < 0 || badRows[k] >= rowCount || k > 0 && badRows[k] <= badRows[k - 1]) {
					throw new IllegalArgumentException("bad cell rows must increase within 0.." + (rowCount - 1));
				}
			}
			if (cellText != null && cellText.size() != rowCount) throw new IllegalArgumentException(
				"column " + name + ": " + cellText.size() + " cell texts for " + rowCount + " rows");
			return add(name, values, badRows, badTexts, cellText, false);
		}

		public Builder addText(final String name, final String[] values) {
			checkNew(name, values.length);
			names.add(name);
			numbers.add(null);
			texts.add(values);
			cellTexts.add(null);
			badRows.add(NO_ROWS);
			badTexts.add(NO_TEXTS);
			integer.add(false);
			return this;
		}

		private Builder add(final String name, final double[] values, final int[] bad, final String[] badText,
			final CellTextStore cellText, final boolean whole)
		{
			checkNew(name, values.length);
			names.add(name);
			numbers.add(values);
			texts.add(null);
			cellTexts.add(cellText);
			badRows.add(bad);
			badTexts.add(badText);
			integer.add(whole);
			return this;
		}

		private void checkNew(final String name, final int length) {
			if (name == null) throw new NullPointerException("column name");
			if (length != rowCount) throw new IllegalArgumentException("column " + name + " has " + length +
				" values, the table has " + rowCount + " rows");
			if (index.containsKey(name)) {
				throw new InputException(source + ": column " + TableMessages.quote(name) + " appears twice");
			}
			index.put(name, names.size());
		}

		/** Marks the column added last as the row-label column. */
		public Builder rowLabel() {
			if (names.isEmpty()) throw new IllegalStateException("no column yet");
			rowLabelColumn = names.size() - 1;
			return this;
		}

		/** The file line where each row starts (1-based), for messages. */
		public Builder lines(final int[] lineOfRow) {
			if (lineOfRow.length != rowCount) throw new IllegalArgumentException(
				lineOfRow.length + " line numbers for " + rowCount + " rows");
			lines = lineOfRow;
			return this;
		}

		public DataTable build() {
			return new DataTable(this);
		}
	}
}
