package sc.fiji.flowmodels.io;

import java.math.BigInteger;

/**
 * The double nearest to w·10<sup>q</sup> for a decimal significand w of up to 18 digits,
 * without big numbers, or "undecided": the method of Eisel and Lemire (Lemire, "Number parsing at
 * a gigabyte per second", Software: Practice and Experience 51, 2021). w, shifted so that its top
 * bit is set, is multiplied by a 128-bit approximation of 5<sup>q</sup> (scaled to a power of
 * two); the top 54 bits of the product are the double's 53 and a rounding bit. The product is
 * within two units of its lowest 64 bits of the exact one, so the rounding is certain unless the
 * bits below the rounding bit are within those two units of a tie; then, and for results
 * outside the normal range, this answers "undecided" and the caller uses
 * {@link Double#parseDouble}.
 * <p>
 * Why: 17-digit numbers, which every program that writes doubles exactly produces, are beyond
 * the exact-multiplication fast path of {@link NumberParser}, and {@code Double.parseDouble} on
 * them cost the streaming encode about 0.3 µs a number, most of a pass over a 2-column file
 * (BENCHMARKS.md, "Encode job: where the time goes").
 */
final class DecimalToDouble {

	/** The range of q with a table entry; beyond it the value is 0 or infinite anyway. */
	private static final int MIN_Q = -342, MAX_Q = 308;

	/** Returned when the result is not certain. */
	static final long UNDECIDED = -1L;

	/**
	 * For each q: the high and low 64 bits of 5<sup>q</sup>·2<sup>s</sup> for the s that gives it
	 * exactly 128 bits; truncated for q ≥ 0 (exact up to q = 55), for q &lt; 0 one more than the
	 * quotient's floor, then truncated, so that the entry is within one unit of the exact value.
	 */
	private static final long[] POW5 = new long[2 * (MAX_Q - MIN_Q + 1)];

	static {
		final BigInteger five = BigInteger.valueOf(5);
		for (int q = MIN_Q; q <= MAX_Q; q++) {
			BigInteger c;
			if (q >= 0) {
				c = five.pow(q);
			}
			else {
				// 2^b / 5^-q with enough bits that the truncation below keeps 128 correct ones
				final BigInteger p = five.pow(-q);
				final int z = p.bitLength();
				c = BigInteger.ONE.shiftLeft(q >= -27 ? z + 127 : 2 * z + 128).divide(p).add(BigInteger.ONE);
			}
			final int bits = c.bitLength();
			c = bits > 128 ? c.shiftRight(bits - 128) : c.shiftLeft(128 - bits);
			POW5[2 * (q - MIN_Q)] = c.shiftRight(64).longValue();
			POW5[2 * (q - MIN_Q) + 1] = c.longValue();
		}
	}

	private DecimalToDouble() {}

	/**
	 * The bits of the double nearest to w·10<sup>q</sup> (ties to even), or {@link #UNDECIDED}.
	 *
	 * @param w the significand, 1 … 10<sup>18</sup>
	 */
	static long bits(final long w, final int q) {
		if (q < MIN_Q || q > MAX_Q) return UNDECIDED;
		final int lz = Long.numberOfLeadingZeros(w);
		final long x = w << lz;
		final int i = 2 * (q - MIN_Q);
		// the top 128 bits of the 192-bit product x · POW5[q]
		long hi = multiplyHigh(x, POW5[i]);
		final long lo0 = x * POW5[i];
		final long lo = lo0 + multiplyHigh(x, POW5[i + 1]);
		if (Long.compareUnsigned(lo, lo0) < 0) hi++;
		final int upper = (int) (hi >>> 63);
		final int shift = upper + 9;
		final long below = (1L << shift) - 1;
		long mantissa = hi >>> shift;
		final long rest = hi & below;
		// within the product's error of a tie (rounding bit 1 and nothing below it, or just under that)
		if ((mantissa & 1) == 1 && rest == 0 && Long.compareUnsigned(lo, 4) < 0) return UNDECIDED;
		if ((mantissa & 1) == 0 && rest == below && Long.compareUnsigned(lo, -5L) > 0) return UNDECIDED;
		// floor(q·log2(10)) + 63 (217706 / 2^16 = log2(10) to 1e-6, exact over the table's range)
		int exponent = (int) ((217706L * q) >> 16) + 63 + upper - lz + 1023;
		if (exponent <= 0) return UNDECIDED; // subnormal
		mantissa = (mantissa + (mantissa & 1)) >>> 1;
		if (mantissa == 1L << 53) {
			mantissa = 1L << 52;
			exponent++;
		}
		if (exponent >= 0x7FF) return UNDECIDED; // overflow
		return (long) exponent << 52 | mantissa & ((1L << 52) - 1);
	}

	/** The high 64 bits of the unsigned 128-bit product (Java 8 has no Math.multiplyHigh). */
	static long multiplyHigh(final long a, final long b) {
		final long a0 = a & 0xFFFFFFFFL, a1 = a >>> 32, b0 = b & 0xFFFFFFFFL, b1 = b >>> 32;
		final long low = a0 * b0, cross0 = a1 * b0, cross1 = a0 * b1;
		final long middle = (low >>> 32) + (cross0 & 0xFFFFFFFFL) + (cross1 & 0xFFFFFFFFL);
		return a1 * b1 + (cross0 >>> 32) + (cross1 >>> 32) + (middle >>> 32);
	}
}
