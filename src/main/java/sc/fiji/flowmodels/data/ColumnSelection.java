package sc.fiji.flowmodels.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.ejml.data.DMatrixRMaj;

import sc.fiji.flowmodels.InputException;
import sc.fiji.flowmodels.flow.Standardize;

/**
 * The data a flow works on: some numeric columns of a table, as a row-major matrix with one
 * point per row and the columns in the order they were asked for.
 * <p>
 * Selecting checks everything about the cells and says where a problem is: no rows, a
 * column that does not exist, a column named twice, a text column, an empty cell, a cell
 * that is not a number, NaN or an infinite value. The first problem in reading order (row by
 * row, then the columns in the order asked for) is reported, the same one the streaming
 * reader would report.
 */
public final class ColumnSelection {

	/**
	 * Columns of Fiji's measurements (Analyze › Set Measurements, Analyze Particles) that say
	 * where an object is, which way it points or in which plane it was measured, or how the
	 * image was thresholded, rather than what the object is like. A blank {@code columns} leaves
	 * them out: uniform positions have no shape to learn, and with them a flow of 300 cells kept
	 * its initial weights (issue 18). Names are matched exactly, as ImageJ writes them (the
	 * sample data's lower-case x and y are features). Width and Height, the bounding box's
	 * extent, are sizes and stay.
	 */
	private static final Map<String, String> NOT_FEATURES = new LinkedHashMap<>();

	static {
		for (final String n : new String[] { "X", "Y", "XM", "YM", "BX", "BY", "FeretX", "FeretY" }) NOT_FEATURES.put(n, "positions");
		for (final String n : new String[] { "Angle", "FeretAngle" }) NOT_FEATURES.put(n, "orientations");
		for (final String n : new String[] { "Ch", "Slice", "Frame" }) NOT_FEATURES.put(n, "indices");
		for (final String n : new String[] { "MinThr", "MaxThr" }) NOT_FEATURES.put(n, "threshold settings");
	}

	private final String source;
	private final String[] names;
	private final int[] columns;
	private final DMatrixRMaj values;
	private final String leftOut;

	private ColumnSelection(final String source, final String[] names, final int[] columns,
		final DMatrixRMaj values, final String leftOut)
	{
		this.source = source;
		this.names = names;
		this.columns = columns;
		this.values = values;
		this.leftOut = leftOut;
	}

	/**
	 * Splits a {@code columns} parameter: comma-separated names, spaces around them ignored.
	 *
	 * @return the names, or an empty array for a blank spec (meaning: all numeric columns)
	 */
	public static String[] parseSpec(final String spec) {
		if (spec == null || spec.trim().isEmpty()) return new String[0];
		final String[] parts = spec.split(",", -1);
		final Set<String> seen = new HashSet<>();
		for (int i = 0; i < parts.length; i++) {
			parts[i] = parts[i].trim();
			if (parts[i].isEmpty()) {
				throw new InputException("columns " + TableMessages.quote(spec) + ": empty column name at position " +
					(i + 1));
			}
			if (!seen.add(parts[i])) {
				throw new InputException("columns " + TableMessages.quote(spec) + ": column " + TableMessages.quote(
					parts[i]) + " is named twice");
			}
		}
		return parts;
	}

	/**
	 * Selects the columns named in a {@code columns} spec (blank: the {@linkplain #defaults
	 * default columns}).
	 */
	public static ColumnSelection select(final DataTable table, final String spec) {
		return select(table, parseSpec(spec));
	}

	/**
	 * The columns a blank {@code columns} means: the numeric columns but the row-label column,
	 * Fiji's positions, orientations, plane indices and threshold settings ({@link #NOT_FEATURES})
	 * and constant columns (nothing to learn, and a flow cannot standardize them). A table of
	 * nothing but those gets its numeric columns that are not constant, or, when every one is,
	 * all of them (and training then says which one is constant).
	 */
	public static Defaults defaults(final DataTable table) {
		final List<String> numeric = new ArrayList<>(), features = new ArrayList<>(), moving = new ArrayList<>();
		final Map<String, List<String>> out = new LinkedHashMap<>();
		for (int i = 0; i < table.columnCount(); i++) {
			if (!table.isNumeric(i) || table.isRowLabel(i)) continue;
			final String name = table.name(i);
			numeric.add(name);
			final boolean constant = isConstant(table, i);
			if (!constant) moving.add(name);
			final String why = NOT_FEATURES.containsKey(name) ? NOT_FEATURES.get(name) : constant ? "constant" : null;
			if (why == null) features.add(name);
			else out.computeIfAbsent(why, k -> new ArrayList<>()).add(name);
		}
		if (numeric.isEmpty()) {
			throw new InputException(table.source() + ": no numeric columns (the columns are: " + TableMessages.list(table.dataColumnNames()) + ")" + decimalCommas(table));
		}
		final List<String> chosen = !features.isEmpty() ? features : !moving.isEmpty() ? moving : numeric;
		final StringBuilder why = new StringBuilder();
		if (features.isEmpty()) why.append("no measured features, so ").append(chosen == moving ? "every column that varies" : "every numeric column");
		else {
			for (final Map.Entry<String, List<String>> e : out.entrySet()) {
				if (why.length() > 0) why.append("; ");
				why.append(String.join(", ", e.getValue())).append(" (").append(e.getKey()).append(')');
			}
		}
		return new Defaults(chosen.toArray(new String[0]), why.toString());
	}

	/** The columns a blank {@code columns} means, and what it left out. */
	public static final class Defaults {

		/** The column names, in table order. */
		public final String[] names;
		/** What was left out and why, in words ("X, Y (positions); %Area (constant)"), or "". */
		public final String leftOut;

		Defaults(final String[] names, final String leftOut) {
			this.names = names;
			this.leftOut = leftOut;
		}
	}

	/** Whether a numeric column holds one value in every row (and no bad cell). */
	private static boolean isConstant(final DataTable table, final int column) {
		if (table.badCellCount(column) > 0) return false;
		final double[] v = table.numeric(column);
		for (int r = 1; r < v.length; r++) {
			if (v[r] != v[0]) return false;
		}
		return v.length > 0;
	}

	/**
	 * Selects the named columns, in this order (none: the {@linkplain #defaults default
	 * columns}).
	 */
	public static ColumnSelection select(final DataTable table, final String[] wanted) {
		final String source = table.source();
		final String[] names;
		String leftOut = "";
		if (wanted.length == 0) {
			final Defaults d = defaults(table);
			names = d.names;
			leftOut = d.leftOut;
		}
		else {
			names = wanted.clone();
			final Set<String> seen = new HashSet<>();
			for (final String name : names) {
				if (!seen.add(name)) {
					throw new InputException(source + ": column " + TableMessages.quote(name) + " is asked for twice");
				}
			}
			requireColumns(table, names);
		}
		if (table.rowCount() == 0) throw new InputException(TableMessages.noRows(source));

		final int rows = table.rowCount();
		final int d = names.length;
		final int[] columns = new int[d];
		final double[][] data = new double[d][];
		for (int j = 0; j < d; j++) {
			columns[j] = table.indexOf(names[j]);
			data[j] = table.isNumeric(columns[j]) ? table.numeric(columns[j]) : null;
		}
		final DMatrixRMaj values = new DMatrixRMaj(rows, d);
		final double[] out = values.data;
		for (int r = 0, k = 0; r < rows; r++) {
			for (int j = 0; j < d; j++, k++) {
				if (data[j] == null) throw new InputException(problem(table, r, columns[j]));
				final double v = data[j][r];
				// v - v is 0 for finite v, NaN for NaN and infinities
				if (v - v != 0) throw new InputException(problem(table, r, columns[j]));
				out[k] = v;
			}
		}
		return new ColumnSelection(source, names, columns, values, leftOut);
	}

	/** The message about a cell that cannot be used as data. */
	private static String problem(final DataTable table, final int row, final int column) {
		final String source = table.source();
		final long r = row + 1L;
		final int line = table.line(row);
		final String name = table.name(column);
		if (!table.isNumeric(column)) {
			final String cell = table.text(column)[row];
			return DataTable.isBlankCell(cell) ? TableMessages.emptyCell(source, r, line, name) : TableMessages.textColumn(
				source, r, line, name, cell);
		}
		final String cell = table.cellText(column, row);
		if (DataTable.isBlankCell(cell)) return TableMessages.emptyCell(source, r, line, name);
		final double v = table.numeric(column)[row];
		if (Double.isInfinite(v) || !table.isBad(column, row) || isNaNText(cell)) {
			return TableMessages.notFinite(source, r, line, name, cell);
		}
		return TableMessages.notANumber(source, r, line, name, cell);
	}

	/** Whether a cell spells NaN ({@code nan}, {@code -NaN}, ...) rather than being text that is not a number. */
	private static boolean isNaNText(final String cell) {
		String s = cell.trim();
		if (s.startsWith("+") || s.startsWith("-")) s = s.substring(1);
		return s.equalsIgnoreCase("nan");
	}

	/**
	 * Checks that a table has every column a model expects (more columns are fine); the
	 * message lists the missing ones and the ones there are.
	 */
	public static void requireColumns(final DataTable table, final String[] expected) {
		requireColumns(table.source(), table.dataColumnNames(), expected);
	}

	/** Like {@link #requireColumns(DataTable, String[])} for a table known by its column names. */
	public static void requireColumns(final String source, final List<String> available, final String[] expected) {
		final Set<String> have = new HashSet<>(available);
		final List<String> missing = new ArrayList<>();
		for (final String name : expected)
			if (!have.contains(name)) missing.add(name);
		if (!missing.isEmpty()) throw new InputException(TableMessages.missingColumns(source, missing, available));
	}

	/** Checks that this selection can be used to train a flow; see {@link #requireTrainable(String, String[], DMatrixRMaj)}. */
	public ColumnSelection requireTrainable() {
		requireTrainable(source, names, values);
		return this;
	}

	/**
	 * Checks that points can be used to train a flow: at least 2 rows, no constant column (the
	 * flow standardizes each column by its standard deviation), and values in the range a flow
	 * accepts ({@link Standardize#MAX_MAGNITUDE}, a spread of at least {@link #MIN_RANGE}).
	 */
	public static void requireTrainable(final String source, final String[] names, final DMatrixRMaj points) {
		if (points.numRows < 2) {
			throw new InputException(source + ": training needs at least 2 rows, the table has " + points.numRows);
		}
		final int d = points.numCols;
		for (int j = 0; j < d; j++) {
			double min = points.data[j], max = min;
			for (int r = 0; r < points.numRows; r++) {
				final double v = points.data[r * d + j];
				if (!(Math.abs(v) <= Standardize.MAX_MAGNITUDE)) {
					throw new InputException(TableMessages.where(source, r + 1, 0, names[j]) + ": " + NumberText.format(v) +
						" is too large for a flow (values must lie within ±" + power(Standardize.MAX_MAGNITUDE) +
						"; rescale the column, e.g. divide it by a power of ten)");
				}
				min = Math.min(min, v);
				max = Math.max(max, v);
			}
			if (min == max) {
				throw new InputException(TableMessages.where(source, 0, 0, names[j]) + ": every value is " + NumberText
					.format(min) + "; a flow cannot standardize a constant column (leave it out of columns)");
			}
			if (max - min < MIN_RANGE) {
				throw new InputException(TableMessages.where(source, 0, 0, names[j]) + ": the values differ by at most " +
					NumberText.format(max - min) + "; a flow needs a spread of at least " + power(MIN_RANGE) +
					" (rescale the column, e.g. multiply it by a power of ten)");
			}
		}
	}

	/**
	 * "; "1,5" in column "x" is a number with a decimal comma (write …)" when the first row holds
	 * one: then the columns read as text because of it; else "".
	 */
	private static String decimalCommas(final DataTable table) {
		for (int j = 0; j < table.columnCount() && table.rowCount() > 0; j++) {
			final String cell = table.cellText(j, 0);
			final String hint = TableMessages.decimalComma(cell);
			if (!table.isRowLabel(j) && !hint.isEmpty()) {
				return "; " + TableMessages.quote(cell.trim()) + " in column " + TableMessages.quote(table.name(j)) +
					" is a number with a decimal comma" + hint;
			}
		}
		return "";
	}

	/**
	 * Smallest range (max − min) of a column a flow trains on: then the standard deviation of
	 * up to 2³¹ rows is at least range/√(2n) ≥ 1.5e-95, within {@link Standardize#MIN_STD}.
	 */
	static final double MIN_RANGE = 1e-90;

	/** A power of ten as 1e100, 1e-90. */
	private static String power(final double v) {
		return "1e" + Math.round(Math.log10(v));
	}

	/** File path or table title. */
	public String source() {
		return source;
	}

	/** Names of the selected columns, in order. */
	public String[] names() {
		return names.clone();
	}

	/**
	 * What a blank {@code columns} left out and why ("X, Y (positions); Slice (indices)"), or
	 * "" (columns named, or nothing left out).
	 */
	public String leftOut() {
		return leftOut;
	}

	/** Indices of the selected columns in the table. */
	public int[] columns() {
		return columns.clone();
	}

	/** The points: one row per table row, one column per selected column. */
	public DMatrixRMaj values() {
		return values;
	}

	@Override
	public String toString() {
		return source + " " + Arrays.toString(names) + " " + values.numRows + " rows";
	}
}
