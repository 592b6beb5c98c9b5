package sc.fiji.flowmodels.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.GridLayout;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.Locale;

import javax.swing.JComponent;
import javax.swing.JPanel;

import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.Range;
import org.jfree.data.xy.DefaultXYDataset;

import sc.fiji.flowmodels.analysis.OutlierScore;

/**
 * The data ↔ latent pair: a scatter of the points in data space next to the same points in
 * latent space, the source of the map on the left. The top-K outliers are drawn in the highlight
 * colour on both sides with their rank numbers, and their tooltips name their table rows.
 * <p>
 * The latent side has equal aspect (one unit of x as long as one unit of y) and shows the 1σ,
 * 2σ and 3σ circles of the base distribution. For D &gt; 2 the latent side is a projection onto two
 * latent dimensions; the circles are then those of the 2-D marginal N(0, I₂), and say so.
 */
public final class ScatterPairFigure implements Figure {

	/** Which way the points were mapped; decides the order of the panels, titles and colour. */
	public enum Direction {
		/** Data points encoded to latent space (outliers: largest ‖z‖). Orange. */
		DATA_TO_LATENT,
		/** Latent samples decoded to data space. Green. */
		LATENT_TO_DATA
	}

	/** Dataset indices on both plots. */
	static final int POINTS = 0;
	static final int CIRCLES = 1;
	static final int HIGHLIGHTS = 2;

	/** Circles of radius 1σ … 3σ; N(0, I₂) puts 1 − e^{−r²/2} of its mass inside radius r. */
	private static final int SIGMAS = 3;

	private static final BasicStroke CIRCLE_STROKE = new BasicStroke(1.1f, BasicStroke.CAP_BUTT,
		BasicStroke.JOIN_ROUND, 10f, new float[] { 5f, 3f }, 0f);

	private final Points2D data;
	private final Points2D latent;
	private final int[] outliers;
	private final Direction direction;
	private final Color highlight;
	private final int latentDimension;
	private final String outlierCriterion;
	private final String dataTitle;
	private final String latentTitle;

	private ScatterPairFigure(final Builder b) {
		this.data = b.data;
		this.latent = b.latent;
		this.outliers = b.outliers.clone();
		this.direction = b.direction;
		this.highlight = b.highlight != null ? b.highlight : b.direction == Direction.DATA_TO_LATENT
			? PlotColors.ENCODE_HIGHLIGHT : PlotColors.SAMPLE_HIGHLIGHT;
		this.latentDimension = b.latentDimension;
		this.outlierCriterion = b.outlierCriterion != null ? b.outlierCriterion : "largest " + ChartStyle.norm("z");
		final boolean encode = b.direction == Direction.DATA_TO_LATENT;
		this.dataTitle = b.dataTitle != null ? b.dataTitle : encode ? "Data space x" : "Data space: x = " +
			ChartStyle.fancy("f\u207B\u00B9(z)", "f^-1(z)");
		this.latentTitle = b.latentTitle != null ? b.latentTitle : encode ? "Latent space: z = f(x)"
			: "Latent space: samples z ~ N(0, I)";
		data.checkIndices(outliers);
		latent.checkIndices(outliers);
	}

	/**
	 * @param data the points in data space (two chosen columns, with their names)
	 * @param latent the same points in latent space (two latent dimensions, named z1, z2, …), in
	 *          the same order
	 */
	public static Builder builder(final Points2D data, final Points2D latent) {
		return new Builder(data, latent);
	}

	/** Options of a {@link ScatterPairFigure}; only the points are required. */
	public static final class Builder {

		private final Points2D data;
		private final Points2D latent;
		private int[] outliers = new int[0];
		private Direction direction = Direction.DATA_TO_LATENT;
		private Color highlight;
		private int latentDimension = 2;
		private String outlierCriterion;
		private String dataTitle;
		private String latentTitle;

		private Builder(final Points2D data, final Points2D latent) {
			if (data.size() != latent.size()) {
				throw new IllegalArgumentException("data has " + data.size() + " points but latent has " + latent
					.size());
			}
			this.data = data;
			this.latent = latent;
		}

		/** Indices (0-based rows) of the top-K outliers, rank 1 first. */
		public Builder outliers(final int[] ranked) {
			this.outliers = ranked.clone();
			return this;
		}

		/** Default: DATA_TO_LATENT. */
		public Builder direction(final Direction d) {
			this.direction = d;
			return this;
		}

		/** Default: orange for DATA_TO_LATENT, green for LATENT_TO_DATA. */
		public Builder highlight(final Color c) {
			this.highlight = c;
			return this;
		}

		/** D, the number of latent dimensions (default 2); for D &gt; 2 the latent side says it is a projection. */
		public Builder latentDimension(final int d) {
			if (d < 2) throw new IllegalArgumentException("a latent scatter needs D >= 2, got " + d);
			this.latentDimension = d;
			return this;
		}

		/** Names the score the outliers were ranked by in the legend ("largest −log p_X"). */
		public Builder outliersBy(final OutlierScore score) {
			return outlierCriterion("largest " + (score == OutlierScore.RADIUS ? ChartStyle.norm("z") : ChartStyle.fancy(
				"\u2212log p_X", "-log p_X")));
		}

		/** How the outliers were chosen, for the legend (default "largest ‖z‖"). */
		public Builder outlierCriterion(final String text) {
			this.outlierCriterion = text;
			return this;
		}

		/** Replaces the default titles (null keeps a default). */
		public Builder titles(final String dataTitle, final String latentTitle) {
			this.dataTitle = dataTitle;
			this.latentTitle = latentTitle;
			return this;
		}

		public ScatterPairFigure build() {
			return new ScatterPairFigure(this);
		}
	}

	@Override
	public String title() {
		return direction == Direction.DATA_TO_LATENT ? "Data to latent" : "Latent to data";
	}

	@Override
	public Dimension preferredSize() {
		return new Dimension(1200, 560);
	}

	public Direction direction() {
		return direction;
	}

	public Color highlight() {
		return highlight;
	}

	/** A new chart of the data side. */
	public JFreeChart createDataChart() {
		final XYPlot plot = ChartStyle.plot(new XYPlot(), data.xName(), data.yName());
		plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
		Scatter.addPoints(plot, POINTS, data, PlotColors.POINTS, "points");
		Scatter.addHighlights(plot, HIGHLIGHTS, data, outliers, highlight, "outliers");
		plot.setFixedLegendItems(legend(false));
		final JFreeChart chart = ChartStyle.chart(dataTitle, plot, true);
		ChartStyle.subtitle(chart, String.format(Locale.ROOT, "%,d points; %s vs %s", data.size(), data.yName(), data
			.xName()));
		return chart;
	}

	/** A new chart of the latent side (equal aspect, σ circles). */
	public JFreeChart createLatentChart() {
		final EqualAspectXYPlot plot = new EqualAspectXYPlot();
		ChartStyle.plot(plot, latent.xName(), latent.yName());
		plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
		Scatter.addPoints(plot, POINTS, latent, PlotColors.POINTS, "points");
		addCircles(plot);
		Scatter.addHighlights(plot, HIGHLIGHTS, latent, outliers, highlight, "outliers");
		plot.setFixedLegendItems(legend(true));
		final double[] b = latent.bounds();
		final double reach = SIGMAS + 0.3;
		final double x0 = Double.isNaN(b[0]) ? -reach : Math.min(-reach, b[0]);
		final double x1 = Double.isNaN(b[1]) ? reach : Math.max(reach, b[1]);
		final double y0 = Double.isNaN(b[2]) ? -reach : Math.min(-reach, b[2]);
		final double y1 = Double.isNaN(b[3]) ? reach : Math.max(reach, b[3]);
		final double mx = 0.04 * (x1 - x0);
		final double my = 0.04 * (y1 - y0);
		plot.request(new Range(x0 - mx, x1 + mx), new Range(y0 - my, y1 + my));
		final JFreeChart chart = ChartStyle.chart(latentTitle, plot, true);
		final String base = "N(0, " + ChartStyle.subscript("I", 2) + ")";
		final String circles = String.format(Locale.ROOT, "circles: 1\u03C3, 2\u03C3, 3\u03C3 of %s", base);
		ChartStyle.subtitle(chart, latentDimension > 2 ? String.format(Locale.ROOT,
			"projection of D = %d onto %s, %s; %s, the 2-D marginal of N(0, %s)", latentDimension, latent.xName(),
			latent.yName(), circles, ChartStyle.subscript("I", latentDimension)) : circles + "; equal scales on both axes");
		return chart;
	}

	private void addCircles(final XYPlot plot) {
		final DefaultXYDataset circles = new DefaultXYDataset();
		final int steps = 240;
		final XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
		// one path per circle, so the dash pattern runs on around it
		renderer.setDrawSeriesLineAsPath(true);
		final BasicStroke stroke = CIRCLE_STROKE;
		for (int r = 1; r <= SIGMAS; r++) {
			final double[][] xy = new double[2][steps + 1];
			for (int s = 0; s <= steps; s++) {
				final double a = 2 * Math.PI * s / steps;
				xy[0][s] = r * Math.cos(a);
				xy[1][s] = r * Math.sin(a);
			}
			circles.addSeries(r + "\u03C3", xy);
			renderer.setSeriesPaint(r - 1, PlotColors.REFERENCE);
			renderer.setSeriesStroke(r - 1, stroke);
			renderer.setSeriesCreateEntities(r - 1, false);
			// label each circle just outside its line, upper right
			final double a = Math.toRadians(45);
			final double at = r + 0.06;
			final XYTextAnnotation label = new XYTextAnnotation(r + "\u03C3", at * Math.cos(a), at * Math.sin(a));
			label.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
			label.setPaint(PlotColors.REFERENCE);
			label.setTextAnchor(TextAnchor.BOTTOM_LEFT);
			label.setBackgroundPaint(new Color(255, 255, 255, 200));
			renderer.addAnnotation(label);
		}
		plot.setDataset(CIRCLES, circles);
		plot.setRenderer(CIRCLES, renderer);
	}

	private LegendItemCollection legend(final boolean withCircles) {
		final LegendItemCollection items = new LegendItemCollection();
		items.add(ChartStyle.markerLegend(String.format(Locale.ROOT, "points (n = %,d)", data.size()), ChartStyle
			.disc(6), PlotColors.POINTS, null));
		if (outliers.length > 0) {
			items.add(ChartStyle.markerLegend(String.format(Locale.ROOT, "top %d outliers (%s), numbered by rank",
				outliers.length, outlierCriterion), ChartStyle.disc(Scatter.HIGHLIGHT_DIAMETER), highlight,
				Color.BLACK));
		}
		if (withCircles) {
			final double[] mass = new double[SIGMAS];
			for (int r = 1; r <= SIGMAS; r++) mass[r - 1] = 100 * (1 - Math.exp(-0.5 * r * r));
			items.add(ChartStyle.lineLegend(String.format(Locale.ROOT, "1\u03C3/2\u03C3/3\u03C3 circles hold %.0f/%.0f/%.1f%%",
				mass[0], mass[1], mass[2]), CIRCLE_STROKE, PlotColors.REFERENCE));
		}
		return items;
	}

	/** Left: the source of the map; right: its image. */
	private JFreeChart[] charts() {
		return direction == Direction.DATA_TO_LATENT ? new JFreeChart[] { createDataChart(), createLatentChart() }
			: new JFreeChart[] { createLatentChart(), createDataChart() };
	}

	/**
	 * Draws both charts side by side with their plot areas at the same height: titles and
	 * legends of different size would otherwise shift one plot against the other.
	 */
	@Override
	public void draw(final Graphics2D g2, final Rectangle2D area) {
		final JFreeChart[] charts = charts();
		final double half = area.getWidth() / 2;
		final Rectangle2D[] areas = { new Rectangle2D.Double(area.getX(), area.getY(), half, area.getHeight()),
			new Rectangle2D.Double(area.getX() + half, area.getY(), area.getWidth() - half, area.getHeight()) };
		final Rectangle2D[] plots = new Rectangle2D[2];
		for (int c = 0; c < 2; c++) plots[c] = dataArea(charts[c], areas[c], g2);
		final double top = Math.max(plots[0].getMinY(), plots[1].getMinY());
		final double bottom = Math.min(plots[0].getMaxY(), plots[1].getMaxY());
		for (int c = 0; c < 2; c++) {
			final RectangleInsets padding = charts[c].getPadding();
			charts[c].setPadding(new RectangleInsets(padding.getTop() + top - plots[c].getMinY(), padding.getLeft(),
				padding.getBottom() + plots[c].getMaxY() - bottom, padding.getRight()));
			charts[c].draw(g2, areas[c]);
		}
	}

	/** Where a chart would put its data area, found by drawing it off screen. */
	private static Rectangle2D dataArea(final JFreeChart chart, final Rectangle2D area, final Graphics2D like) {
		final BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
		final Graphics2D g2 = scratch.createGraphics();
		try {
			g2.setRenderingHints(like.getRenderingHints());
			g2.setTransform(like.getTransform());
			g2.setClip(new Rectangle2D.Double(area.getX(), area.getY(), 1, 1));
			final ChartRenderingInfo info = new ChartRenderingInfo(null);
			chart.draw(g2, area, info);
			return info.getPlotInfo().getDataArea();
		}
		finally {
			g2.dispose();
		}
	}

	@Override
	public JComponent createPanel() {
		final JFreeChart[] charts = charts();
		final JPanel panel = new JPanel(new GridLayout(1, 2));
		final Dimension half = new Dimension(preferredSize().width / 2, preferredSize().height);
		panel.add(ChartStyle.panel(charts[0], half));
		panel.add(ChartStyle.panel(charts[1], half));
		panel.setBackground(Color.WHITE);
		return panel;
	}
}
