package sc.fiji.flowmodels.data;

import java.util.Collection;

/**
 * The wording of every message about a table, in one place, so that the whole-table and the
 * streaming readers say the same thing about the same cell.
 * <p>
 * A location reads {@code points.csv, row 4 (line 5), column "y"}: the source (file path or
 * table title), the 1-based data row, the file line where that row starts (CSV only) and the
 * column. Parts that do not apply are left out.
 */
public final class TableMessages {

	/** Cell texts longer than this are shortened in messages. */
	private static final int MAX_QUOTED = 60;

	private TableMessages() {}

	/**
	 * @param row 1-based data row, or 0 for none
	 * @param line 1-based file line, or 0 for none
	 * @param column column name, or null for none
	 */
	public static String where(final String source, final long row, final long line, final String column) {
		final StringBuilder sb = new StringBuilder(source);
		if (row > 0) {
			sb.append(", row ").append(row);
			if (line > 0) sb.append(" (line ").append(line).append(')');
		}
		else if (line > 0) {
			sb.append(", line ").append(line);
		}
		if (column != null) sb.append(", column ").append(quote(column));
		return sb.toString();
	}

	/**
	 * Puts text in double quotes for a one-line message: quotes, backslashes, line breaks and
	 * other control characters are shown as escapes, long text is shortened.
	 */
	public static String quote(final String text) {
		final StringBuilder sb = new StringBuilder(Math.min(text.length(), MAX_QUOTED) + 8).append('"');
		final int n = text.length();
		final int shown = n > MAX_QUOTED ? MAX_QUOTED - 3 : n;
		for (int i = 0; i < shown; i++) {
			final char c = text.charAt(i);
			if (c == '\n') sb.append("\\n");
			else if (c == '\r') sb.append("\\r");
			else if (c == '\t') sb.append("\\t");
			else if (c == '"' || c == '\\') sb.append('\\').append(c);
			else if (c < 0x20 || c == 0x7f) sb.append(String.format("\\u%04x", (int) c));
			else sb.append(c);
		}
		if (shown < n) sb.append("...");
		return sb.append('"').toString();
	}

	/** {@code x, y, label} */
	public static String list(final Collection<String> names) {
		final StringBuilder sb = new StringBuilder();
		for (final String name : names) {
			if (sb.length() > 0) sb.append(", ");
			sb.append(name);
		}
		return sb.length() == 0 ? "(none)" : sb.toString();
	}

	public static String emptyCell(final String source, final long row, final long line, final String column) {
		return where(source, row, line, column) + ": empty cell (a number is needed)";
	}

	public static String notANumber(final String source, final long row, final long line, final String column,
		final String cell)
	{
		return where(source, row, line, column) + ": " + quote(cell) + " is not a number" + decimalComma(cell);
	}

	/**
	 * " (write decimals with a point: 1.5)" for a number written with a decimal comma
	 * ({@code 1,5}, as spreadsheets in many languages save them), else "".
	 */
	public static String decimalComma(final String text) {
		final String t = text.trim();
		return t.matches("[+-]?\\d*,\\d+") ? " (write decimals with a point: " + t.replace(',', '.') + ")" : "";
	}

	/** The first non-empty cell of a column is not a number: the column holds text. */
	public static String textColumn(final String source, final long row, final long line, final String column,
		final String cell)
	{
		final String comma = decimalComma(cell);
		return where(source, row, line, column) + ": " + quote(cell) +
			(comma.isEmpty() ? " is not a number (the column holds text, not numbers)" : " is not a number" + comma);
	}

	public static String notFinite(final String source, final long row, final long line, final String column,
		final String cell)
	{
		return where(source, row, line, column) + ": " + quote(cell) +
			" is not a finite number (NaN and infinite values cannot be used)";
	}

	public static String noRows(final String source) {
		return source + ": the table has no data rows";
	}

	/** New columns would repeat the name of an existing one. */
	public static String columnExists(final String source, final String column) {
		return source + ": the table already has a column " + quote(column) + "; rename or remove it first";
	}

	/** Lists the expected columns that are missing. */
	public static String missingColumns(final String source, final Collection<String> missing,
		final Collection<String> available)
	{
		if (missing.size() == 1) {
			return source + ": no column " + quote(missing.iterator().next()) + didYouMean(missing, available) +
				"; the columns are: " + list(available);
		}
		return source + ": missing columns " + list(missing) + didYouMean(missing, available) + "; the columns are: " +
			list(available);
	}

	/**
	 * " (did you mean "Area"?)" for missing names that differ from a column only in case or
	 * surrounding spaces; "" when none does. Column names are matched exactly (a model's columns
	 * must be the table's), so the message only points the way.
	 */
	static String didYouMean(final Collection<String> missing, final Collection<String> available) {
		final java.util.List<String> close = new java.util.ArrayList<>();
		for (final String m : missing) {
			for (final String a : available) {
				if (a.trim().equalsIgnoreCase(m.trim()) && !close.contains(a)) {
					close.add(a);
					break;
				}
			}
		}
		if (close.isEmpty()) return "";
		final java.util.List<String> quoted = new java.util.ArrayList<>();
		for (final String c : close) quoted.add(quote(c));
		return " (did you mean " + String.join(", ", quoted) + "?)";
	}
}
