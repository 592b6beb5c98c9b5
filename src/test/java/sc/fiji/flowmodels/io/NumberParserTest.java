package sc.fiji.flowmodels.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NumberParserTest {

	private final NumberParser parser = new NumberParser();

	private void assertSame(final String text) {
		final double expected = Double.parseDouble(text);
		assertTrue(parser.parse(text), text);
		assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(parser.value()), () -> text +
			": expected " + expected + ", got " + parser.value());
	}

	/** Decimal strings of every shape: few and many digits, leading zeros, any exponent. */
	private static String randomDecimal(final SplittableRandom r) {
		final StringBuilder sb = new StringBuilder();
		final int sign = r.nextInt(4);
		if (sign == 0) sb.append('-');
		else if (sign == 1) sb.append('+');
		final int intDigits = r.nextInt(4) == 0 ? r.nextInt(25) : r.nextInt(6);
		if (r.nextInt(8) == 0) sb.append("000");
		for (int i = 0; i < intDigits; i++)
			sb.append((char) ('0' + r.nextInt(10)));
		final boolean point = r.nextBoolean() || intDigits == 0;
		if (point) {
			sb.append('.');
			final int fracDigits = intDigits == 0 ? 1 + r.nextInt(20) : r.nextInt(r.nextBoolean() ? 6 : 22);
			if (r.nextInt(6) == 0) sb.append("0000");
			for (int i = 0; i < fracDigits; i++)
				sb.append((char) ('0' + r.nextInt(10)));
		}
		if (r.nextInt(3) == 0) {
			sb.append(r.nextBoolean() ? 'e' : 'E');
			final int s = r.nextInt(3);
			if (s == 0) sb.append('-');
			else if (s == 1) sb.append('+');
			sb.append(r.nextInt(4) == 0 ? r.nextInt(400) : r.nextInt(30));
		}
		return sb.toString();
	}

	@Test
	void equalsParseDoubleOnRandomDecimals() {
		final SplittableRandom r = new SplittableRandom(42);
		for (int i = 0; i < 100_000; i++)
			assertSame(randomDecimal(r));
	}

	@Test
	void equalsParseDoubleOnShortestFormsOfRandomDoubles() {
		final SplittableRandom r = new SplittableRandom(7);
		for (int i = 0; i < 20_000; i++) {
			final double any = Double.longBitsToDouble(r.nextLong());
			if (!Double.isNaN(any)) assertSame(Double.toString(any));
			assertSame(Double.toString(r.nextDouble() * 1000 - 500));
			assertSame(Float.toString((float) ((r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(20) - 10))));
			// what ImageJ and most tools write: a fixed number of decimals
			assertSame(String.format(java.util.Locale.ROOT, "%.4f", r.nextDouble() * 2000 - 1000));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "-0", "+0", "0.0", "-0.0", "0e10", "-0e-400", "1", "-1", ".5", "5.", "-.5", "1e22",
		"1e23", "9007199254740993", "123456789012345", "1234567890123456", "12345678901234567890123", "1e-22",
		"1e-23", "4.9e-324", "2e-324", "3e-324", "1.7976931348623157e308", "1.8e308", "1e400", "2.2250738585072014E-308",
		"2.2250738585072011e-308", "0.1", "0.3", "1.00000000000000000000000000001", "123.456e-7", "999999999999999e22",
		"999999999999999e23", "1e37", "12e36", "9007199254740992", "9007199254740991e-5", "9007199254740992e-22",
		"9007199254740993e-22", "9007199254740992e23", "900719925474099e24", "900719925474099e25", "1e38", "12345e30",
		"8.988465674311579e307", "4503599627370497.5", "0.9007199254740993", "0.000000000000000000000000000001", "00000000000000000000000012.5" })
	void edgeCases(final String text) {
		assertSame(text);
	}

	/**
	 * DecimalToDouble's cases: 16 to 18 significant digits at every exponent of its table, and
	 * decimals a hair above, at and below the midpoint of two neighbouring doubles, where it must
	 * leave the decision to Double.parseDouble.
	 */
	@Test
	void equalsParseDoubleOnLongSignificandsAndNearTies() {
		final SplittableRandom r = new SplittableRandom(11);
		for (int i = 0; i < 100_000; i++) {
			final long w = 100_000_000_000_000_000L + (r.nextLong() & Long.MAX_VALUE) % 900_000_000_000_000_000L;
			final String digits = Long.toString(w).substring(0, 16 + r.nextInt(3));
			assertSame(digits + "e" + (r.nextInt(660) - 350));
			assertSame("0." + digits);
		}
		for (int i = 0; i < 5_000; i++) {
			final double d = Math.abs(Double.longBitsToDouble(r.nextLong()));
			if (Double.isNaN(d) || Double.isInfinite(d) || d == Double.MAX_VALUE) continue;
			final java.math.BigDecimal mid = new java.math.BigDecimal(d).add(new java.math.BigDecimal(Math.nextUp(d))).divide(java.math.BigDecimal.valueOf(2));
			final java.math.BigDecimal ulp = new java.math.BigDecimal(Math.ulp(d));
			assertSame(mid.toString());
			for (final int digits : new int[] { 16, 17, 18 }) {
				final java.math.MathContext mc = new java.math.MathContext(digits, java.math.RoundingMode.HALF_EVEN);
				assertSame(mid.round(mc).toString());
				assertSame(mid.add(ulp.movePointLeft(12)).round(mc).toString());
				assertSame(mid.subtract(ulp.movePointLeft(12)).round(mc).toString());
			}
		}
	}

	/** DecimalToDouble itself decides the shortest forms of normal doubles, and rightly. */
	@Test
	void decimalToDoubleDecidesShortestForms() {
		final SplittableRandom r = new SplittableRandom(13);
		int undecided = 0;
		for (int i = 0; i < 30_000; i++) {
			final double d = Math.abs(Double.longBitsToDouble(r.nextLong()));
			if (Double.isNaN(d) || Double.isInfinite(d) || d < Double.MIN_NORMAL) continue;
			final java.math.BigDecimal exact = new java.math.BigDecimal(Double.toString(d));
			final long bits = DecimalToDouble.bits(exact.unscaledValue().longValueExact(), -exact.scale());
			if (bits == DecimalToDouble.UNDECIDED) undecided++;
			else assertEquals(Double.doubleToRawLongBits(d), bits, () -> Double.toString(d));
		}
		assertTrue(undecided < 3, undecided + " undecided");
	}

	/** The exponent DecimalToDouble derives, (217706·q) >> 16, is floor(q·log2 10) over its table. */
	@Test
	void binaryExponentOfPowersOfTen() {
		for (int q = -342; q <= 308; q++) {
			final int bits = java.math.BigInteger.TEN.pow(Math.abs(q)).bitLength();
			final int floorLog2 = q >= 0 ? bits - 1 : -bits;
			assertEquals(floorLog2, (int) ((217706L * q) >> 16), "q = " + q);
		}
	}

	@Test
	void signOfZeroIsKept() {
		assertTrue(parser.parse("-0.000"));
		assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(parser.value()));
	}

	@ParameterizedTest
	@ValueSource(strings = { "NaN", "nan", "NAN", "+nan", "-NaN" })
	void notANumberValues(final String text) {
		assertTrue(parser.parse(text));
		assertTrue(Double.isNaN(parser.value()));
	}

	@ParameterizedTest
	@ValueSource(strings = { "Infinity", "infinity", "INF", "inf", "+Inf", "-Infinity", "-inf", "-INFINITY" })
	void infinities(final String text) {
		assertTrue(parser.parse(text));
		assertEquals(text.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY, parser.value());
	}

	@Test
	void surroundingSpacesAndTabsAreIgnored() {
		assertTrue(parser.parse(" \t1.5 \t"));
		assertEquals(1.5, parser.value());
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "+", "-", ".", "-.", "e5", "1e", "1e+", "1e-", "1d", "1D", "1f", "2.5F", "0x1p3",
		"0x10", "1.2.3", "1,5", "--1", "+-1", "1 2", "1e5.5", "1e5e5", "infinit", "infinityy", "nanx", "na", "1_000",
		"\u0661", "\u221e", "1e+-5", "abc", "one", "1.5x", "#N/A", "NULL", "- 1", "1e 5" })
	void rejected(final String text) {
		assertFalse(parser.parse(text), text);
	}
}
