package sc.fiji.flowmodels.ij1;

import java.awt.Frame;
import java.awt.GraphicsEnvironment;
import java.awt.Window;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ij.WindowManager;
import ij.measure.ResultsTable;
import ij.plugin.filter.Analyzer;
import ij.text.TextWindow;

import sc.fiji.flowmodels.data.DataTable;
import sc.fiji.flowmodels.data.NumberText;

/**
 * ImageJ 1.x results tables as the commands' {@link DataTable}s, and back.
 * <p>
 * Where ImageJ 1.54 keeps tables: every table but the system one is a {@link TextWindow}
 * holding its {@link ResultsTable}, found by window title — also in batch mode, where only
 * images are hidden (this is what the macro functions {@code Table.create}, {@code Table.*} and
 * {@code selectWindow} use). The system table "Results" is {@link Analyzer#getResultsTable()},
 * shown in the "Results" window when there is a display. A headless JVM has no windows at all:
 * {@link ResultsTable#show} does nothing there, so tables other than "Results" are kept here,
 * by title, for the following Flow commands.
 */
public final class ResultsTables {

	/** The system table's title. */
	public static final String RESULTS = "Results";

	/** Tables of a headless session, which ImageJ cannot hold (no windows). */
	private static final Map<String, ResultsTable> HEADLESS = new LinkedHashMap<>();

	/** The title of the table written last, the default input when no table window is in front. */
	private static volatile String lastWritten;

	private ResultsTables() {}

	/** The table with this title, or null. */
	public static ResultsTable find(final String title) {
		if (RESULTS.equals(title)) return Analyzer.getResultsTable();
		final ResultsTable rt = ResultsTable.getResultsTable(title);
		if (rt != null) return rt;
		synchronized (HEADLESS) {
			return HEADLESS.get(title);
		}
	}

	/** Whether a table with this title is open. */
	public static boolean exists(final String title) {
		if (RESULTS.equals(title)) {
			final ResultsTable rt = Analyzer.getResultsTable();
			return rt != null && (rt.size() > 0 || rt.getLastColumn() >= 0);
		}
		return find(title) != null;
	}

	/**
	 * The title of the frontmost table: the active table window, else the table a Flow command
	 * wrote last, else a non-empty "Results"; null if there is none.
	 */
	public static String frontmost() {
		final Window w = WindowManager.getActiveTable();
		if (w instanceof TextWindow && ((TextWindow) w).getResultsTable() != null && w.isShowing()) {
			return ((TextWindow) w).getTitle();
		}
		final String last = lastWritten;
		if (last != null && find(last) != null) return last;
		final ResultsTable results = Analyzer.getResultsTable();
		if (results != null && results.size() > 0) return RESULTS;
		return null;
	}

	/** Titles of the open tables, for messages. */
	public static List<String> titles() {
		final List<String> titles = new ArrayList<>();
		final Frame[] frames = WindowManager.getNonImageWindows();
		if (frames != null) {
			for (final Frame f : frames) {
				if (f instanceof TextWindow && ((TextWindow) f).getResultsTable() != null && !titles.contains(f.getTitle())) {
					titles.add(f.getTitle());
				}
			}
		}
		final ResultsTable results = Analyzer.getResultsTable();
		if (results != null && results.size() > 0 && !titles.contains(RESULTS)) titles.add(RESULTS);
		synchronized (HEADLESS) {
			for (final String t : HEADLESS.keySet()) if (!titles.contains(t)) titles.add(t);
		}
		return titles;
	}

	// -- ResultsTable to DataTable ---------------------------------------------------------

	/**
	 * The table's columns: row labels (if any) as a text row-label column, then each column
	 * as numeric (when its first non-empty cell is a number) or text. In a numeric column,
	 * text, empty, NaN and infinite cells are bad cells: an error only if the column is used
	 * as data, as with CSV files.
	 */
	public static DataTable toDataTable(final ResultsTable rt, final String source) {
		final int n = rt.size();
		final DataTable.Builder b = DataTable.builder(source, n);
		boolean labels = false;
		for (int i = 0; i < n && !labels; i++) labels = rt.getLabel(i) != null;
		if (labels) {
			final String[] cells = new String[n];
			for (int i = 0; i < n; i++) {
				final String s = rt.getLabel(i);
				cells[i] = s == null ? "" : s;
			}
			b.addText(rt.getHeadings()[0], cells).rowLabel();
		}
		for (int col = 0; col <= rt.getLastColumn(); col++) {
			if (!rt.columnExists(col)) continue;
			final String name = rt.getColumnHeading(col);
			final double[] v = rt.getColumnAsDoubles(col);
			final String[] text = new String[n];
			int firstNumber = -1, firstText = -1;
			for (int i = 0; i < n; i++) {
				if (Double.isNaN(v[i])) {
					final String s = rt.getStringValue(col, i);
					text[i] = s == null ? "" : s;
					if (firstText < 0 && !DataTable.isBlankCell(text[i]) && !text[i].equals("NaN")) firstText = i;
					if (firstNumber < 0 && text[i].equals("NaN")) firstNumber = i;
				}
				else if (firstNumber < 0) firstNumber = i;
			}
			final boolean numeric = firstText < 0 || firstNumber >= 0 && firstNumber < firstText;
			if (numeric) addNumeric(b, name, v, text);
			else {
				for (int i = 0; i < n; i++) if (!Double.isNaN(v[i])) text[i] = NumberText.format(v[i], true);
				b.addText(name, text);
			}
		}
		return b.build();
	}

	private static void addNumeric(final DataTable.Builder b, final String name, final double[] v, final String[] text) {
		int bad = 0;
		boolean whole = true;
		for (int i = 0; i < v.length; i++) {
			if (!Double.isFinite(v[i])) bad++;
			else if (v[i] != Math.rint(v[i])) whole = false;
		}
		if (bad == 0) {
			if (whole) b.addInteger(name, v);
			else b.addNumeric(name, v);
			return;
		}
		final int[] rows = new int[bad];
		final String[] texts = new String[bad];
		for (int i = 0, k = 0; i < v.length; i++) {
			if (Double.isFinite(v[i])) continue;
			rows[k] = i;
			texts[k++] = Double.isNaN(v[i]) ? text[i] : Double.toString(v[i]);
		}
		b.addNumeric(name, v, rows, texts, null);
	}

	// -- DataTable to ResultsTable ---------------------------------------------------------

	/**
	 * Shows {@code table} as the table {@code title}. When that table is open with the same
	 * rows and every one of its columns is in {@code table} (an encode into its own input),
	 * only the new columns are added to it, so its own formatting stays; otherwise the table's
	 * contents are replaced, or a new table opens.
	 */
	public static void publish(final String title, final DataTable table) {
		final ResultsTable existing = find(title);
		ResultsTable rt;
		if (existing != null && appendsTo(existing, table)) {
			rt = existing;
			final List<String> present = Arrays.asList(existing.getHeadings());
			final int first = rt.getLastColumn() + 1;
			for (int c = 0; c < table.columnCount(); c++) {
				if (!present.contains(table.name(c))) fillColumn(rt, table, c);
			}
			format(rt, table, first);
		}
		else {
			rt = RESULTS.equals(title) ? Analyzer.getResultsTable() : existing != null ? existing : new ResultsTable();
			rt.reset();
			fill(rt, table);
		}
		show(rt, title);
	}

	/** Whether {@code table} is {@code rt} with columns added. */
	private static boolean appendsTo(final ResultsTable rt, final DataTable table) {
		if (rt.size() != table.rowCount() || rt.size() == 0) return false;
		final String[] headings = rt.getHeadings();
		if (headings.length >= table.columnCount()) return false;
		for (final String h : headings) if (table.indexOf(h) < 0) return false;
		return true;
	}

	static void fill(final ResultsTable rt, final DataTable table) {
		final int n = table.rowCount();
		for (int i = 0; i < n; i++) rt.incrementCounter();
		final int label = table.rowLabelColumn();
		if (label >= 0 && !table.isNumeric(label)) {
			final String[] cells = table.text(label);
			for (int i = 0; i < n; i++) rt.setLabel(cells[i], i);
		}
		for (int c = 0; c < table.columnCount(); c++) {
			// a numeric row-label column holds the row numbers ImageJ shows anyway
			if (c != label) fillColumn(rt, table, c);
		}
		rt.showRowNumbers(true);
		format(rt, table, 0);
	}

	private static void fillColumn(final ResultsTable rt, final DataTable table, final int c) {
		final String name = table.name(c);
		final int n = table.rowCount();
		if (table.isNumeric(c)) {
			final double[] v = table.numeric(c);
			final int col = column(rt, name);
			for (int i = 0; i < n; i++) rt.setValue(col, i, v[i]);
			for (int k = 0; k < table.badCellCount(c); k++) {
				final int row = table.badCellRow(c, k);
				if (Double.isNaN(v[row]) && !table.badCellText(c, k).equals("NaN")) rt.setValue(col, row, table.badCellText(c, k));
			}
		}
		else {
			final String[] cells = table.text(c);
			final int col = column(rt, name);
			for (int i = 0; i < n; i++) rt.setValue(col, i, cells[i]);
		}
	}

	private static int column(final ResultsTable rt, final String name) {
		final int col = rt.getColumnIndex(name);
		return col != ResultsTable.COLUMN_NOT_FOUND ? col : rt.getFreeColumn(name);
	}

	/** Decimal places of the numeric columns from {@code first} on ({@link #decimals}). */
	private static void format(final ResultsTable rt, final DataTable table, final int first) {
		for (int col = first; col <= rt.getLastColumn(); col++) {
			if (!rt.columnExists(col)) continue;
			final int c = table.indexOf(rt.getColumnHeading(col));
			if (c >= 0 && table.isNumeric(c)) rt.setDecimalPlaces(col, decimals(table.numeric(c)));
		}
	}

	/**
	 * How a column of numbers is shown: no decimals for whole numbers; scientific notation
	 * (ImageJ's negative decimal places) when more than a quarter of the non-zero values are
	 * below 1e-3 (the consistency check's differences, 1e-15); otherwise decimals for about 5
	 * significant digits of the largest value, 3 (ImageJ's default) to 6: z ≈ 0.2914 is shown
	 * 0.2914, not 2.914266E-1 as when one value near 0 made the whole column scientific. Only
	 * the display: the table holds the exact doubles, and ImageJ itself writes a single value
	 * below 10^-decimals in scientific notation.
	 */
	static int decimals(final double[] values) {
		boolean whole = true;
		double max = 0;
		int nonZero = 0, tiny = 0;
		for (final double v : values) {
			if (!Double.isFinite(v)) continue;
			if (v != Math.rint(v)) whole = false;
			final double a = Math.abs(v);
			max = Math.max(max, a);
			if (a != 0) {
				nonZero++;
				if (a < 1e-3) tiny++;
			}
		}
		if (whole) return 0;
		if (4 * tiny > nonZero) return -6;
		return Math.max(3, Math.min(6, 4 - (int) Math.floor(Math.log10(max))));
	}

	private static void show(final ResultsTable rt, final String title) {
		if (GraphicsEnvironment.isHeadless()) {
			if (!RESULTS.equals(title)) {
				synchronized (HEADLESS) {
					HEADLESS.put(title, rt);
				}
			}
		}
		else rt.show(title);
		lastWritten = title;
	}

	/** Forgets the tables of a headless session (for tests). */
	static void clearHeadless() {
		synchronized (HEADLESS) {
			HEADLESS.clear();
		}
		lastWritten = null;
	}
}
