package sc.fiji.flowmodels.plot;

import java.awt.Color;

/** The colours the figures share (Okabe–Ito hues, which stay apart for colour-blind readers). */
public final class PlotColors {

	/** Highlight for outliers found going data → latent (as in the seed article). */
	public static final Color ENCODE_HIGHLIGHT = new Color(0xE6, 0x9F, 0x00);

	/** Highlight for points sampled in latent space and mapped latent → data. */
	public static final Color SAMPLE_HIGHLIGHT = new Color(0x00, 0x9E, 0x73);

	/** Ordinary points. */
	public static final Color POINTS = new Color(0x2F, 0x4B, 0x7C);

	/** Training loss. */
	public static final Color TRAIN = new Color(0x00, 0x72, 0xB2);

	/** Validation loss. */
	public static final Color VALIDATION = new Color(0xD5, 0x5E, 0x00);

	/** Reference curves and circles: what a perfect flow would give. */
	public static final Color REFERENCE = new Color(0x33, 0x33, 0x33);

	/** A warning written on a figure (dark red, readable on white). */
	public static final Color WARNING = new Color(0xA5, 0x1C, 0x1C);

	private PlotColors() {}
}
