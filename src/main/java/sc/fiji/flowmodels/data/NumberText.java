package sc.fiji.flowmodels.data;

/**
 * How numbers are written to tables: so that they read back as the very same double.
 * <p>
 * {@link Double#toString(double)} gives a form that parses back to the same bits
 * ({@code 0.1}, {@code 1.0E-5}, {@code NaN}, {@code Infinity}, {@code -Infinity}), readable
 * by Python, R and spreadsheets alike. Columns of whole numbers (counts, ranks, flags) are
 * written without the decimal point: {@code 3} rather than {@code 3.0}.
 */
public final class NumberText {

	/** Whole numbers up to this magnitude are written as integers (all are exact doubles). */
	private static final double MAX_INTEGER = 9007199254740992.0; // 2^53

	private NumberText() {}

	public static String format(final double value) {
		return Double.toString(value);
	}

	/**
	 * @param integer write whole numbers without a decimal point; other values (fractions,
	 *          huge values, NaN, infinities) are written as doubles all the same
	 */
	public static String format(final double value, final boolean integer) {
		if (integer && value == Math.rint(value) && Math.abs(value) <= MAX_INTEGER) {
			return Long.toString((long) value);
		}
		return Double.toString(value);
	}
}
