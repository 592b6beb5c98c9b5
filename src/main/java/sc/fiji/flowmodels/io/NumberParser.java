package sc.fiji.flowmodels.io;

import java.nio.charset.StandardCharsets;

/**
 * Parses the numbers of a CSV cell from its bytes, correctly rounded and without allocating
 * in the common case.
 * <p>
 * Accepted (surrounding spaces and tabs ignored): an optional sign, then decimal digits with
 * an optional decimal point and at least one digit ({@code 12}, {@code 1.5}, {@code .5},
 * {@code 5.}), then an optional exponent ({@code e-7}, {@code E+10}); or {@code NaN},
 * {@code Infinity}, {@code inf}, with any letter case and an optional sign. Rejected: Java's
 * own extras such as {@code 1d}, {@code 2f} or {@code 0x1p3}, thousands separators, decimal
 * commas.
 * <p>
 * Fast path (Clinger): when the significant digits, read as a {@code long} m, are at most
 * 2<sup>53</sup> (always so with up to 15 digits) m is an exact double, and when the decimal
 * exponent e has |e| &le; 22, 10<sup>|e|</sup> is an exact double too, so the single IEEE
 * multiplication or division m·10<sup>e</sup> is the correctly rounded result. (For e &gt; 22,
 * m·10<sup>e&minus;22</sup> is used when it is still an integer &le; 2<sup>53</sup>.) Everything
 * else with at most 18 significant digits (mostly 16- and 17-digit numbers, or exponents beyond
 * &plusmn;22) goes through {@link DecimalToDouble}, which is exact too; what that leaves
 * undecided (results within a rounding error of a tie, subnormal or overflowing ones) and longer
 * significands go to {@link Double#parseDouble}, after the syntax has been checked here.
 * <p>
 * Not thread-safe: use one parser per thread (it holds the last value).
 */
public final class NumberParser {

	private static final double[] POW10 = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
		1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22 };

	/** Significant digits that fit in a long without overflow. */
	private static final int MAX_LONG_DIGITS = 18;

	/** Integers up to 2^53 are exact doubles. */
	private static final long MAX_EXACT = 1L << 53;

	private static final long[] LONG_POW10 = { 1L, 10L, 100L, 1000L, 10000L, 100000L, 1000000L, 10000000L,
		100000000L, 1000000000L, 10000000000L, 100000000000L, 1000000000000L, 10000000000000L, 100000000000000L,
		1000000000000000L };

	private double value;

	/** The value of the last successful {@link #parse}. */
	public double value() {
		return value;
	}

	/**
	 * Parses {@code b[from, to)} as a number.
	 *
	 * @return whether the text is a number; if so, {@link #value()} holds it
	 */
	public boolean parse(final byte[] b, int from, int to) {
		while (from < to && isBlank(b[from]))
			from++;
		while (to > from && isBlank(b[to - 1]))
			to--;
		if (from == to) return false;
		int i = from;
		boolean negative = false;
		if (b[i] == '+' || b[i] == '-') {
			negative = b[i] == '-';
			i++;
			if (i == to) return false;
		}
		final byte first = b[i];
		if (first == 'n' || first == 'N' || first == 'i' || first == 'I') return special(b, i, to, negative);

		long mantissa = 0;
		int significant = 0; // digits from the first non-zero one on
		boolean truncated = false; // non-zero digits beyond MAX_LONG_DIGITS were dropped
		int exponent = 0; // value = mantissa * 10^exponent (before the written exponent)
		boolean anyDigit = false;
		int c;
		while (i < to && (c = b[i] - '0') >= 0 && c <= 9) {
			anyDigit = true;
			if (significant < MAX_LONG_DIGITS) {
				mantissa = mantissa * 10 + c;
				if (mantissa != 0) significant++;
			}
			else {
				exponent++;
				if (c != 0) truncated = true;
			}
			i++;
		}
		if (i < to && b[i] == '.') {
			i++;
			while (i < to && (c = b[i] - '0') >= 0 && c <= 9) {
				anyDigit = true;
				if (significant < MAX_LONG_DIGITS) {
					mantissa = mantissa * 10 + c;
					if (mantissa != 0) significant++;
					exponent--;
				}
				else if (c != 0) truncated = true;
				i++;
			}
		}
		if (!anyDigit) return false;
		if (i < to && (b[i] == 'e' || b[i] == 'E')) {
			i++;
			boolean negativeExponent = false;
			if (i < to && (b[i] == '+' || b[i] == '-')) {
				negativeExponent = b[i] == '-';
				i++;
			}
			if (i == to) return false;
			int written = 0;
			while (i < to && (c = b[i] - '0') >= 0 && c <= 9) {
				// beyond this the result is 0 or infinite anyway; Double.parseDouble decides
				if (written < 100_000) written = written * 10 + c;
				i++;
			}
			if (i < to) return false;
			exponent += negativeExponent ? -written : written;
		}
		if (i != to) return false;

		if (mantissa == 0 && !truncated) {
			value = negative ? -0.0 : 0.0;
			return true;
		}
		if (!truncated && mantissa <= MAX_EXACT) {
			double v = Double.NaN;
			if (exponent >= 0) {
				if (exponent <= 22) {
					v = mantissa * POW10[exponent];
				}
				else if (exponent - 22 < LONG_POW10.length && mantissa <= MAX_EXACT / LONG_POW10[exponent - 22]) {
					// m * 10^(exponent-22) is still an exact integer below 2^53
					v = (mantissa * LONG_POW10[exponent - 22]) * 1e22;
				}
			}
			else if (exponent >= -22) {
				v = mantissa / POW10[-exponent];
			}
			if (v == v) {
				value = negative ? -v : v;
				return true;
			}
		}
		if (!truncated) {
			final long bits = DecimalToDouble.bits(mantissa, exponent);
			if (bits != DecimalToDouble.UNDECIDED) {
				value = Double.longBitsToDouble(negative ? bits | Long.MIN_VALUE : bits);
				return true;
			}
		}
		return slow(b, from, to);
	}

	/** Parses a string; see {@link #parse(byte[], int, int)}. */
	public boolean parse(final CharSequence text) {
		final int n = text.length();
		final byte[] b = new byte[n];
		for (int i = 0; i < n; i++) {
			final char ch = text.charAt(i);
			if (ch > 0x7f) return false;
			b[i] = (byte) ch;
		}
		return parse(b, 0, n);
	}

	/** Whether the bytes hold nothing but spaces and tabs. */
	public static boolean isBlank(final byte[] b, final int from, final int to) {
		for (int i = from; i < to; i++)
			if (!isBlank(b[i])) return false;
		return true;
	}

	private static boolean isBlank(final byte c) {
		return c == ' ' || c == '\t';
	}

	private boolean special(final byte[] b, final int from, final int to, final boolean negative) {
		if (matches(b, from, to, "nan")) {
			value = Double.NaN;
			return true;
		}
		if (matches(b, from, to, "inf") || matches(b, from, to, "infinity")) {
			value = negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
			return true;
		}
		return false;
	}

	private static boolean matches(final byte[] b, final int from, final int to, final String lower) {
		if (to - from != lower.length()) return false;
		for (int k = 0; k < lower.length(); k++) {
			if ((b[from + k] | 0x20) != lower.charAt(k)) return false;
		}
		return true;
	}

	private boolean slow(final byte[] b, final int from, final int to) {
		try {
			value = Double.parseDouble(new String(b, from, to - from, StandardCharsets.ISO_8859_1));
			return true;
		}
		catch (final NumberFormatException e) {
			return false; // not reached: the syntax was checked above
		}
	}
}
