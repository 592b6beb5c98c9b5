package sc.fiji.flowmodels.plot;

import java.awt.Graphics2D;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;

import org.jfree.chart.axis.AxisSpace;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.PlotState;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.Range;

/**
 * An XY plot on which one unit of x has the same length on screen as one unit of y, so a
 * circle looks like a circle. Before each drawing it widens the x or the y range (about its
 * centre) to fit the shape of the data area; the requested region (set at construction or by
 * zooming in a panel) always stays fully visible.
 */
final class EqualAspectXYPlot extends XYPlot {

	private static final long serialVersionUID = 1L;

	private Range requestedX;
	private Range requestedY;
	private Range shownX;
	private Range shownY;

	EqualAspectXYPlot() {
		super();
	}

	/** The region that must be visible; set the axes first (they replace a zoom). */
	void request(final Range x, final Range y) {
		requestedX = x;
		requestedY = y;
		getDomainAxis().setRange(x, true, false);
		getRangeAxis().setRange(y, true, false);
	}

	@Override
	public void draw(final Graphics2D g2, final Rectangle2D area, final Point2D anchor, final PlotState parentState,
		final PlotRenderingInfo info)
	{
		fitAspect(g2, area);
		super.draw(g2, area, anchor, parentState, info);
	}

	private synchronized void fitAspect(final Graphics2D g2, final Rectangle2D area) {
		final ValueAxis xAxis = getDomainAxis();
		final ValueAxis yAxis = getRangeAxis();
		// a range that differs from what we set last came from the user (zoom, pan, auto range)
		if (!xAxis.getRange().equals(shownX) || !yAxis.getRange().equals(shownY) || requestedX == null) {
			requestedX = xAxis.getRange();
			requestedY = yAxis.getRange();
		}
		// tick labels (hence the data area) depend on the ranges: settle in two rounds
		for (int round = 0; round < 2; round++) {
			final Rectangle2D dataArea = dataArea(g2, area);
			if (dataArea.getWidth() <= 0 || dataArea.getHeight() <= 0) return;
			final double unitsPerPixel = Math.max(requestedX.getLength() / dataArea.getWidth(), requestedY
				.getLength() / dataArea.getHeight());
			shownX = centred(requestedX, unitsPerPixel * dataArea.getWidth());
			shownY = centred(requestedY, unitsPerPixel * dataArea.getHeight());
			xAxis.setRange(shownX, true, false);
			yAxis.setRange(shownY, true, false);
		}
	}

	private static Range centred(final Range r, final double length) {
		final double c = r.getCentralValue();
		return new Range(c - length / 2, c + length / 2);
	}

	/** The data area as XYPlot.draw computes it (insets, axis space, axis offset, whole pixels). */
	private Rectangle2D dataArea(final Graphics2D g2, final Rectangle2D area) {
		final Rectangle2D plotArea = (Rectangle2D) area.clone();
		getInsets().trim(plotArea);
		final AxisSpace space = calculateAxisSpace(g2, plotArea);
		final Rectangle2D dataArea = space.shrink(plotArea, null);
		getAxisOffset().trim(dataArea);
		final double x0 = Math.ceil(dataArea.getMinX());
		final double y0 = Math.ceil(dataArea.getMinY());
		final double x1 = Math.floor(dataArea.getMaxX());
		final double y1 = Math.floor(dataArea.getMaxY());
		return new Rectangle2D.Double(x0, y0, x1 - x0, y1 - y0);
	}
}
