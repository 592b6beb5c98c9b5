package sc.fiji.flowmodels.plot;

import java.awt.Dimension;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;

import javax.swing.JComponent;

/**
 * A picture made of one or more charts, shown in a window or exported with
 * {@link FigureExport}.
 * <p>
 * Figures hold their (immutable) inputs and build fresh charts for every panel and every
 * drawing, so exporting from a worker thread never touches a chart that is on screen.
 */
public interface Figure {

	/** What the figure shows, in a few words (for a window title or a file name). */
	String title();

	/** A good size in pixels for showing or exporting the figure. */
	Dimension preferredSize();

	/** Draws the whole figure into {@code area}. May be called from any thread. */
	void draw(Graphics2D g2, Rectangle2D area);

	/** A new Swing component showing the figure with tooltips and mouse zoom. Call it on the EDT. */
	JComponent createPanel();
}
