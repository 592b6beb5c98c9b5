package sc.fiji.flowmodels.analysis;

import java.util.Locale;

import sc.fiji.flowmodels.InputException;

/**
 * What makes a row an outlier: the {@code score} key of Encode/Decode and Density Image. The
 * larger a row's score, the more outlying it is.
 * <p>
 * {@link #DENSITY} is the default because it ranks by what the flow is for, the likelihood of
 * the row in the units of the user's columns: on the real-table outlier bench and on the demo's
 * gmm8 table it finds the planted and the truly unlikely rows far better than the latent radius
 * (BENCHMARKS.md). {@link #RADIUS} is the seed article's choice: it ignores how much the flow
 * stretches or squeezes space around a row (log|det J|), so a row in a thin part of the data can
 * sit near the latent origin and a row in a dense part far from it.
 */
public enum OutlierScore {

	/** −log p_X(x): the least likely rows in data space first. */
	DENSITY("density", "-log p_X"),
	/** ‖z‖: the rows farthest from the latent origin first. */
	RADIUS("radius", "|z|");

	private final String key;
	private final String plainSymbol;

	OutlierScore(final String key, final String plainSymbol) {
		this.key = key;
		this.plainSymbol = plainSymbol;
	}

	/** The value of the {@code score} key. */
	public String key() {
		return key;
	}

	/** The quantity, for logs written in plain text: {@code -log p_X} or {@code |z|}. */
	public String plainSymbol() {
		return plainSymbol;
	}

	/** The score of a row from its encode results. */
	public double of(final double logPx, final double radius) {
		return this == DENSITY ? -logPx : radius;
	}

	/** The score named by a {@code score} value; blank means the default, {@link #DENSITY}. */
	public static OutlierScore parse(final String text) {
		final String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
		if (t.isEmpty()) return DENSITY;
		for (final OutlierScore s : values()) {
			if (s.key.equals(t)) return s;
		}
		throw new InputException("score: '" + text + "' is not one of density (-log p_X, the default), radius (|z|, the latent radius)");
	}
}
