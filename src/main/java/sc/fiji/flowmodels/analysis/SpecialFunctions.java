package sc.fiji.flowmodels.analysis;

/** Special functions the analysis needs and Java lacks. */
public final class SpecialFunctions {

	/** Below this argument the recurrence Γ(x+1) = x·Γ(x) moves x up before Stirling's series is used. */
	private static final double STIRLING_FROM = 15.0;

	private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2.0 * Math.PI);

	/**
	 * Coefficients B_{2k} / (2k(2k−1)) of Stirling's series for log Γ, k = 1…7, in powers of 1/x
	 * (Bernoulli numbers 1/6, −1/30, 1/42, −1/30, 5/66, −691/2730, 7/6).
	 */
	private static final double[] STIRLING = { 1.0 / 12, -1.0 / 360, 1.0 / 1260, -1.0 / 1680, 1.0 / 1188,
		-691.0 / 360360, 1.0 / 156 };

	private SpecialFunctions() {}

	/**
	 * log Γ(x) for x &gt; 0, with an absolute error below about 1e-13 for x ≤ 15 and a relative
	 * error of a few ulps above.
	 * <p>
	 * Stirling's asymptotic series with seven correction terms: at x ≥ 15 the first omitted term
	 * is below 1e-16. Smaller arguments are shifted up with log Γ(x) = log Γ(x+k) − Σ log(x+i).
	 *
	 * @throws IllegalArgumentException when x is not a positive number
	 */
	public static double logGamma(final double x) {
		if (!(x > 0)) throw new IllegalArgumentException("logGamma needs x > 0, got " + x);
		if (x == Double.POSITIVE_INFINITY) return x;
		double shift = 0;
		double t = x;
		while (t < STIRLING_FROM) {
			shift += Math.log(t);
			t += 1;
		}
		final double inv = 1.0 / t;
		final double inv2 = inv * inv;
		double series = 0;
		for (int k = STIRLING.length - 1; k >= 0; k--) {
			series = series * inv2 + STIRLING[k];
		}
		series *= inv;
		return (t - 0.5) * Math.log(t) - t + HALF_LOG_TWO_PI + series - shift;
	}
}
