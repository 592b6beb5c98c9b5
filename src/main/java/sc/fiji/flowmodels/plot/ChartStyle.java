package sc.fiji.flowmodels.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;

import org.jfree.chart.ChartPanel;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;

/** The look shared by all charts: fonts, backgrounds, grid, point sizes. */
final class ChartStyle {

	static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);
	static final Font SUBTITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
	static final Font WARNING = new Font(Font.SANS_SERIF, Font.BOLD, 12);
	static final Font AXIS_LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
	static final Font TICK_LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
	static final Font LEGEND = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
	static final Font RANK_LABEL = new Font(Font.SANS_SERIF, Font.BOLD, 11);

	static final Color GRID = new Color(0xE2, 0xE2, 0xE2);
	static final Color OUTLINE = new Color(0x88, 0x88, 0x88);
	static final Color SUBTITLE_PAINT = new Color(0x44, 0x44, 0x44);

	/** Above this many points, single points get no tooltip (entities would cost memory and time). */
	static final int MAX_POINTS_WITH_TOOLTIPS = 20_000;

	private ChartStyle() {}

	/**
	 * Text with typographic characters (‖z‖, f⁻¹, I₂) when the chart font can draw them, else
	 * a plain ASCII spelling, so no reader sees empty boxes.
	 */
	static String fancy(final String fancy, final String plain) {
		return TICK_LABEL.canDisplayUpTo(fancy) < 0 && TITLE.canDisplayUpTo(fancy) < 0 ? fancy : plain;
	}

	/** "I₅" or "I_5". */
	static String subscript(final String symbol, final int index) {
		final String digits = Integer.toString(index);
		final StringBuilder sub = new StringBuilder(symbol);
		for (int i = 0; i < digits.length(); i++) sub.append((char) ('\u2080' + digits.charAt(i) - '0'));
		return fancy(sub.toString(), symbol + "_" + digits);
	}

	/** "‖z‖" or "|z|". */
	static String norm(final String of) {
		return fancy("\u2016" + of + "\u2016", "|" + of + "|");
	}

	static NumberAxis axis(final String label) {
		final NumberAxis axis = new NumberAxis(label);
		axis.setLabelFont(AXIS_LABEL);
		axis.setTickLabelFont(TICK_LABEL);
		axis.setAutoRangeIncludesZero(false);
		return axis;
	}

	/** An XY plot with white background and light grid, without renderer or data. */
	static XYPlot plot(final XYPlot plot, final String xLabel, final String yLabel) {
		plot.setDomainAxis(axis(xLabel));
		plot.setRangeAxis(axis(yLabel));
		plot.setBackgroundPaint(Color.WHITE);
		plot.setDomainGridlinePaint(GRID);
		plot.setRangeGridlinePaint(GRID);
		plot.setDomainGridlineStroke(new BasicStroke(0.8f));
		plot.setRangeGridlineStroke(new BasicStroke(0.8f));
		plot.setOutlinePaint(OUTLINE);
		plot.setOutlineStroke(new BasicStroke(1f));
		plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
		plot.setInsets(new RectangleInsets(6, 6, 6, 14));
		return plot;
	}

	static JFreeChart chart(final String title, final XYPlot plot, final boolean legend) {
		final JFreeChart chart = new JFreeChart(title, TITLE, plot, legend);
		chart.setBackgroundPaint(Color.WHITE);
		chart.getTitle().setMargin(new RectangleInsets(6, 4, 2, 4));
		final LegendTitle legendTitle = chart.getLegend();
		if (legendTitle != null) {
			legendTitle.setItemFont(LEGEND);
			legendTitle.setFrame(BlockBorder.NONE);
			legendTitle.setPosition(RectangleEdge.BOTTOM);
			legendTitle.setBackgroundPaint(Color.WHITE);
		}
		return chart;
	}

	static void subtitle(final JFreeChart chart, final String text) {
		final TextTitle subtitle = new TextTitle(text, SUBTITLE);
		subtitle.setPaint(SUBTITLE_PAINT);
		subtitle.setMargin(new RectangleInsets(0, 4, 4, 4));
		chart.addSubtitle(subtitle);
	}

	static ChartPanel panel(final JFreeChart chart, final Dimension size) {
		final ChartPanel panel = new ChartPanel(chart, size.width, size.height, 100, 100, 4000, 4000, true,
			true, true, true, true, true);
		panel.setMouseWheelEnabled(true);
		panel.setInitialDelay(150);
		panel.setDismissDelay(20_000);
		return panel;
	}

	/** Marker diameter in pixels: large for a few points, small for a crowd. */
	static double pointDiameter(final int n) {
		final double decades = Math.max(0, Math.log10(n / 1000.0));
		return Math.max(1.6, 5.0 - 1.7 * decades);
	}

	/** Marker opacity: a crowd of points is drawn faint so that its density shows. */
	static float pointAlpha(final int n) {
		final double decades = Math.max(0, Math.log10(n / 1000.0));
		return (float) Math.max(0.05, 0.7 * Math.pow(10, -0.5 * decades));
	}

	/** A filled marker centred on (0, 0): a disc, or a square when it is too small to look round. */
	static Shape pointShape(final double diameter) {
		final double r = diameter / 2;
		return diameter <= 2.5 ? new Rectangle2D.Double(-r, -r, diameter, diameter) : new Ellipse2D.Double(-r, -r,
			diameter, diameter);
	}

	static Shape disc(final double diameter) {
		final double r = diameter / 2;
		return new Ellipse2D.Double(-r, -r, diameter, diameter);
	}

	static Color withAlpha(final Color c, final float alpha) {
		return new Color(c.getRed(), c.getGreen(), c.getBlue(), Math.round(alpha * 255));
	}

	static LegendItem markerLegend(final String label, final Shape shape, final Color fill, final Color outline) {
		final LegendItem item = new LegendItem(label, null, null, null, true, shape, true, fill, outline != null,
			outline == null ? fill : outline, new BasicStroke(1f), false, new Line2D.Double(-7, 0, 7, 0),
			new BasicStroke(1f), fill);
		item.setLabelFont(LEGEND);
		return item;
	}

	/** A legend entry for an unfilled marker drawn with a thick outline. */
	static LegendItem ringLegend(final String label, final Shape shape, final Color colour) {
		final BasicStroke stroke = new BasicStroke(2f);
		final LegendItem item = new LegendItem(label, null, null, null, true, shape, false, colour, true, colour,
			stroke, false, new Line2D.Double(-7, 0, 7, 0), stroke, colour);
		item.setLabelFont(LEGEND);
		return item;
	}

	static LegendItem lineLegend(final String label, final Stroke stroke, final Color paint) {
		final LegendItem item = new LegendItem(label, null, null, null, false, disc(6), false, paint, false, paint,
			stroke, true, new Line2D.Double(-10, 0, 10, 0), stroke, paint);
		item.setLabelFont(LEGEND);
		return item;
	}
}
