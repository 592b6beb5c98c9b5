package sc.fiji.flowmodels.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.font.GlyphVector;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.jfree.chart.annotations.AbstractXYAnnotation;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.XYPlot;

/**
 * Rank numbers (1, 2, …) drawn next to highlighted points, with a light halo so they stay
 * legible on dense scatter and on colour images. Each label goes to the first free corner of
 * its point (upper right, upper left, lower right, lower left), so neighbouring outliers do not
 * overprint each other's numbers; hovering a label shows the row it belongs to.
 */
final class RankLabels extends AbstractXYAnnotation {

	private static final long serialVersionUID = 1L;

	private final double[] x;
	private final double[] y;
	private final String[] text;
	private final String[] toolTips;
	private final Color paint;
	private final Color halo;
	private final double gap;

	/**
	 * @param gap distance in pixels between the point centre and the label
	 */
	RankLabels(final double[] x, final double[] y, final String[] text, final String[] toolTips, final Color paint,
		final Color halo, final double gap)
	{
		this.x = x.clone();
		this.y = y.clone();
		this.text = text.clone();
		this.toolTips = toolTips.clone();
		this.paint = paint;
		this.halo = halo;
		this.gap = gap;
	}

	/** Number of labels (one per highlighted point). */
	int count() {
		return text.length;
	}

	String text(final int i) {
		return text[i];
	}

	@Override
	public void draw(final Graphics2D g2, final XYPlot plot, final Rectangle2D dataArea, final ValueAxis domainAxis,
		final ValueAxis rangeAxis, final int rendererIndex, final PlotRenderingInfo info)
	{
		final List<Rectangle2D> taken = new ArrayList<>();
		final double[] jx = new double[x.length];
		final double[] jy = new double[x.length];
		for (int i = 0; i < x.length; i++) {
			jx[i] = domainAxis.valueToJava2D(x[i], dataArea, plot.getDomainAxisEdge());
			jy[i] = rangeAxis.valueToJava2D(y[i], dataArea, plot.getRangeAxisEdge());
			// the markers themselves are obstacles too
			taken.add(new Rectangle2D.Double(jx[i] - gap / 2, jy[i] - gap / 2, gap, gap));
		}
		final BasicStroke haloStroke = new BasicStroke(3f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
		for (int i = 0; i < x.length; i++) {
			if (!Double.isFinite(jx[i]) || !Double.isFinite(jy[i]) || !dataArea.contains(jx[i], jy[i])) continue;
			final GlyphVector glyphs = ChartStyle.RANK_LABEL.createGlyphVector(g2.getFontRenderContext(), text[i]);
			final Rectangle2D box = glyphs.getVisualBounds();
			final double w = box.getWidth();
			final double h = box.getHeight();
			final double[][] corners = { { gap, -gap - h }, { -gap - w, -gap - h }, { gap, gap }, { -gap - w, gap } };
			Rectangle2D place = null;
			Rectangle2D fallback = null;
			for (final double[] c : corners) {
				final Rectangle2D r = new Rectangle2D.Double(jx[i] + c[0], jy[i] + c[1], w, h);
				if (!dataArea.contains(r)) continue;
				if (fallback == null) fallback = r;
				if (!overlaps(r, taken)) {
					place = r;
					break;
				}
			}
			if (place == null) place = fallback != null ? fallback : new Rectangle2D.Double(jx[i] + gap, jy[i] - gap -
				h, w, h);
			taken.add(place);
			final Shape outline = glyphs.getOutline((float) (place.getX() - box.getX()), (float) (place.getY() - box
				.getY()));
			g2.setStroke(haloStroke);
			g2.setPaint(halo);
			g2.draw(outline);
			g2.setPaint(paint);
			g2.fill(outline);
			addEntity(info, place, rendererIndex, toolTips[i], null);
		}
	}

	@Override
	public boolean equals(final Object obj) {
		if (obj == this) return true;
		if (!(obj instanceof RankLabels) || !super.equals(obj)) return false;
		final RankLabels that = (RankLabels) obj;
		return Arrays.equals(x, that.x) && Arrays.equals(y, that.y) && Arrays.equals(text, that.text) && Arrays
			.equals(toolTips, that.toolTips) && paint.equals(that.paint) && halo.equals(that.halo) && gap == that.gap;
	}

	@Override
	public int hashCode() {
		return 31 * Arrays.hashCode(x) + Arrays.hashCode(text);
	}

	private static boolean overlaps(final Rectangle2D r, final List<Rectangle2D> taken) {
		for (final Rectangle2D t : taken) {
			if (t.intersects(r)) return true;
		}
		return false;
	}
}
