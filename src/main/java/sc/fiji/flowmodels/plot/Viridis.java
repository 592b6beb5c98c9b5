package sc.fiji.flowmodels.plot;

import java.awt.Color;
import java.awt.Paint;
import java.io.Serializable;

import org.jfree.chart.renderer.PaintScale;

/**
 * A perceptually uniform colour map from dark blue-violet (low) through teal and green to yellow
 * (high), readable in grey and by colour-blind readers: matplotlib's viridis, rebuilt by linear
 * interpolation between nine of its colours.
 */
public final class Viridis {

	/** viridis at 0, 1/8, …, 1. */
	private static final int[] ANCHORS = { 0x440154, 0x472C7A, 0x3B518B, 0x2C718E, 0x21908D, 0x27AD81, 0x5CC863,
		0xAADC32, 0xFDE725 };

	private Viridis() {}

	/** The colour at t in [0, 1] (clamped), as 0xRRGGBB. */
	public static int rgb(final double t) {
		final double c = Double.isNaN(t) ? 0 : Math.max(0, Math.min(1, t));
		final double pos = c * (ANCHORS.length - 1);
		final int i = Math.min(ANCHORS.length - 2, (int) pos);
		final double f = pos - i;
		final int a = ANCHORS[i];
		final int b = ANCHORS[i + 1];
		final int r = mix(a >> 16 & 0xFF, b >> 16 & 0xFF, f);
		final int g = mix(a >> 8 & 0xFF, b >> 8 & 0xFF, f);
		final int bl = mix(a & 0xFF, b & 0xFF, f);
		return r << 16 | g << 8 | bl;
	}

	private static int mix(final int a, final int b, final double f) {
		return (int) Math.round(a + f * (b - a));
	}

	/** A JFreeChart paint scale mapping [lower, upper] onto the map (values outside are clamped). */
	public static PaintScale scale(final double lower, final double upper) {
		return new Scale(lower, upper);
	}

	private static final class Scale implements PaintScale, Serializable {

		private static final long serialVersionUID = 1L;

		private final double lower;
		private final double upper;

		Scale(final double lower, final double upper) {
			if (!(lower < upper)) throw new IllegalArgumentException("need lower < upper, got " + lower + ", " + upper);
			this.lower = lower;
			this.upper = upper;
		}

		@Override
		public double getLowerBound() {
			return lower;
		}

		@Override
		public double getUpperBound() {
			return upper;
		}

		@Override
		public Paint getPaint(final double value) {
			return new Color(rgb((value - lower) / (upper - lower)));
		}
	}
}
