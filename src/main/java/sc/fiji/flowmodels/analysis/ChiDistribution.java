package sc.fiji.flowmodels.analysis;

/**
 * The chi distribution with D degrees of freedom: the law of ‖z‖ when z ~ N(0, I_D). A
 * perfect flow maps the data onto N(0, I_D), so the latent radii of the data should follow it.
 * <p>
 * pdf(r) = r^{D−1} e^{−r²/2} / (2^{D/2−1} Γ(D/2)) for r ≥ 0.
 */
public final class ChiDistribution {

	private final int degrees;
	private final double logNormalizer;

	public ChiDistribution(final int degrees) {
		if (degrees < 1) throw new IllegalArgumentException("degrees of freedom must be >= 1, got " + degrees);
		this.degrees = degrees;
		this.logNormalizer = (0.5 * degrees - 1) * Math.log(2) + SpecialFunctions.logGamma(0.5 * degrees);
	}

	public int degrees() {
		return degrees;
	}

	/** log pdf(r); −∞ outside the support (and at r = 0 when D &gt; 1). */
	public double logPdf(final double r) {
		if (Double.isNaN(r)) return Double.NaN;
		if (r < 0 || r == Double.POSITIVE_INFINITY) return Double.NEGATIVE_INFINITY;
		final double power = degrees == 1 ? 0 : (degrees - 1) * Math.log(r);
		return power - 0.5 * r * r - logNormalizer;
	}

	public double pdf(final double r) {
		return Math.exp(logPdf(r));
	}

	/** E‖z‖ = √2 Γ((D+1)/2) / Γ(D/2). */
	public double mean() {
		return Math.sqrt(2) * Math.exp(SpecialFunctions.logGamma(0.5 * (degrees + 1)) - SpecialFunctions
			.logGamma(0.5 * degrees));
	}

	/** E‖z‖² = D. */
	public double meanSquare() {
		return degrees;
	}
}
