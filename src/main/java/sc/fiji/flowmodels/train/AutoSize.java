package sc.fiji.flowmodels.train;

import java.util.Locale;

/**
 * The size of a flow when the Train keys {@code hidden}, {@code couplings} and {@code marginal}
 * are {@code auto}: chosen from the table's rows per column (BENCHMARKS.md, "Outliers on real
 * tables").
 * <p>
 * A table with fewer than {@value #ROWS_PER_COLUMN} rows per column gets spline column shapes and
 * {@value #SMALL_COUPLINGS} couplings with one hidden layer of {@value #SMALL_WIDTH} units. So few
 * rows cannot show how the columns depend on each other: on the real tables of the outlier bench
 * (iris, wine, breast cancer, digits: 8 to 35 rows per column) 8 couplings of [256, 256] learned
 * each table, planted outliers included, and ranked breast cancer's planted rows at a mean AUC of
 * 0.71 (the small size: 0.87); what the small size keeps is each column's own shape, and without
 * the column shapes it ranked worse (mean AUC 0.818 against 0.891 on three tables). Larger tables get
 * {@value #LARGE_COUPLINGS} couplings of two hidden layers of {@value #LARGE_WIDTH} units and
 * no column shapes, what the article's 8-bump mixture (500 rows per column) needs: with 8
 * couplings its KL stays near 0.16 nats, with 16 under 0.1 (BENCHMARKS.md, fourth round), and of
 * its 10 least likely rows 16 couplings found 29 of 60 over six seeds, 8 couplings 19, 16 with
 * column shapes 23. The threshold lies
 * between those two measured regimes; tables in between were not measured. A table of one column
 * always gets the small size (its couplings have nothing to condition on).
 */
public final class AutoSize {

	/** Rows per column from which a table gets the large size. */
	public static final int ROWS_PER_COLUMN = 100;
	static final int SMALL_COUPLINGS = 2, SMALL_WIDTH = 2;
	static final int LARGE_COUPLINGS = 16, LARGE_WIDTH = 256;

	private AutoSize() {}

	/** Whether a table of {@code rows} rows and {@code columns} columns gets the large size. */
	public static boolean large(final long rows, final int columns) {
		return columns > 1 && rows >= (long) ROWS_PER_COLUMN * columns;
	}

	public static int couplings(final long rows, final int columns) {
		return large(rows, columns) ? LARGE_COUPLINGS : SMALL_COUPLINGS;
	}

	/** Whether the flow gets column shapes ({@code marginal=auto}): the small size only. */
	public static boolean columnShapes(final long rows, final int columns) {
		return !large(rows, columns);
	}

	public static int[] hidden(final long rows, final int columns) {
		return large(rows, columns) ? new int[] { LARGE_WIDTH, LARGE_WIDTH } : new int[] { SMALL_WIDTH };
	}

	/** For the log: why this size, e.g. "auto: 27 rows per column, small". */
	public static String reason(final long rows, final int columns) {
		return String.format(Locale.ROOT, "auto: %.0f rows per column%s, %s", (double) rows / columns, columns == 1 ? " (one column)" : "",
			large(rows, columns) ? "large" : "small");
	}
}
