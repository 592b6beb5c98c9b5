package sc.fiji.flowmodels.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.util.Locale;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.DefaultXYDataset;

import sc.fiji.flowmodels.analysis.OutlierRanks;
import sc.fiji.flowmodels.analysis.OutlierScore;

/**
 * The seed article's question on one chart: do outliers stay outliers? Each encoded row is a point
 * at its latent radius ‖z‖ (x) and its −log p_X (y). The K rows farthest out in latent space are
 * ringed, the K least likely rows in data space are filled, and dashed lines mark the K-th value of
 * each, so the rows in the upper right are outliers by both measures. The subtitle gives the
 * overlap of the two top-K sets and the rank correlation over all rows.
 * <p>
 * A row's −log p_X is ½‖z‖² + (D/2)·log 2π − log|det J|: the two agree where the flow stretches
 * space evenly, and part where it does not — a row can be far out in latent space because the flow
 * squeezed its neighbourhood (a dense region), or close in because it stretched it.
 */
public final class RadiusDensityChart extends ChartFigure {

	static final int POINTS = 0;
	static final int BY_DENSITY = 1;
	static final int BY_RADIUS = 2;

	/** Filled discs: the least likely rows. */
	static final Color DENSITY = PlotColors.TRAIN;
	/** Rings: the rows farthest from the latent origin. */
	static final Color RADIUS = PlotColors.ENCODE_HIGHLIGHT;

	private static final BasicStroke THRESHOLD = new BasicStroke(1.1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND,
		10f, new float[] { 5f, 3f }, 0f);

	private final Points2D points;
	private final OutlierRanks ranks;
	private final String source;

	/**
	 * @param radius ‖z‖ of each row
	 * @param logPx log p_X of each row
	 * @param ranks the rows' ranks (from the same arrays)
	 * @param source what was encoded (a table title or file), for the subtitle; may be null
	 */
	public RadiusDensityChart(final double[] radius, final double[] logPx, final OutlierRanks ranks,
		final String source)
	{
		final int n = ranks.rows();
		if (radius.length < n || logPx.length < n) throw new IllegalArgumentException("fewer values than ranked rows");
		final double[] x = new double[n], y = new double[n];
		for (int i = 0; i < n; i++) {
			// JFreeChart leaves NaN out of drawing and axis ranges; infinities would stretch them
			x[i] = Double.isFinite(radius[i]) ? radius[i] : Double.NaN;
			y[i] = Double.isFinite(logPx[i]) ? -logPx[i] : Double.NaN;
		}
		this.points = new Points2D(x, y, ChartStyle.norm("z"), ChartStyle.fancy("\u2212log p_X", "-log p_X"));
		this.ranks = ranks;
		this.source = source;
	}

	@Override
	public String title() {
		return "Outliers stay outliers?";
	}

	@Override
	public Dimension preferredSize() {
		return new Dimension(720, 540);
	}

	@Override
	public JFreeChart createChart() {
		final String norm = ChartStyle.norm("z");
		final String minusLog = ChartStyle.fancy("\u2212log p_X(x)", "-log p_X(x)");
		final XYPlot plot = ChartStyle.plot(new XYPlot(), "latent radius " + norm, minusLog + "  (data units)");
		plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
		final int n = points.size();
		Scatter.addPoints(plot, POINTS, points, PlotColors.POINTS, "rows");
		final int k = ranks.marked();
		final OutlierScore chosen = ranks.score();
		final int[] byDensity = ranks.top(OutlierScore.DENSITY), byRadius = ranks.top(OutlierScore.RADIUS);
		if (k > 0) {
			final XYLineAndShapeRenderer density = marks(plot, BY_DENSITY, byDensity, ChartStyle.disc(
				Scatter.HIGHLIGHT_DIAMETER), true, DENSITY, "least likely");
			density.setSeriesOutlinePaint(0, Color.BLACK);
			final XYLineAndShapeRenderer radius = marks(plot, BY_RADIUS, byRadius, new Ellipse2D.Double(-7.5, -7.5,
				15, 15), false, RADIUS, "farthest out");
			// the chosen score's marks carry the rank numbers of outlier_rank
			if (chosen == OutlierScore.DENSITY) Scatter.addRankLabels(density, points, byDensity, Scatter.HIGHLIGHT_DIAMETER / 2 + 2);
			else Scatter.addRankLabels(radius, points, byRadius, 9.5);
			plot.addDomainMarker(threshold(points.x(byRadius[k - 1]), RADIUS));
			plot.addRangeMarker(threshold(points.y(byDensity[k - 1]), DENSITY));
		}
		final LegendItemCollection legend = new LegendItemCollection();
		legend.add(ChartStyle.markerLegend(String.format(Locale.ROOT, "rows (n = %,d)", n), ChartStyle.disc(6),
			PlotColors.POINTS, null));
		if (k > 0) {
			legend.add(ChartStyle.markerLegend(String.format(Locale.ROOT, "top %d by %s (least likely)%s", k, ChartStyle
				.fancy("\u2212log p_X", "-log p_X"), chosen == OutlierScore.DENSITY ? ": outlier_rank" : ""), ChartStyle
					.disc(9), DENSITY, Color.BLACK));
			legend.add(ChartStyle.ringLegend(String.format(Locale.ROOT, "top %d by %s (farthest out)%s", k, norm,
				chosen == OutlierScore.RADIUS ? ": outlier_rank" : ""), new Ellipse2D.Double(-5, -5, 10, 10), RADIUS));
		}
		plot.setFixedLegendItems(legend);
		final JFreeChart chart = ChartStyle.chart("Do outliers stay outliers?", plot, true);
		ChartStyle.subtitle(chart, summary(ranks, norm, ChartStyle.fancy("\u2212log p_X", "-log p_X")) + (source == null
			? "" : "  \u00B7  " + source));
		return chart;
	}

	/**
	 * "top 10 by ‖z‖ and by −log p_X share 4 rows; rank correlation (Spearman) 0.83 over 1,000 rows",
	 * with the given spellings of the two scores — also the Log's wording.
	 */
	public static String summary(final OutlierRanks ranks, final String radius, final String density) {
		final StringBuilder s = new StringBuilder();
		if (ranks.marked() > 0) {
			s.append(String.format(Locale.ROOT, "top %d by %s and by %s share %d row%s", ranks.marked(), radius, density,
				ranks.overlap(), ranks.overlap() == 1 ? "" : "s"));
		}
		final double rho = ranks.rankCorrelation();
		if (!Double.isNaN(rho)) {
			if (s.length() > 0) s.append("; ");
			s.append(String.format(Locale.ROOT, "rank correlation (Spearman) %.2f over %,d rows", rho, ranks.rows()));
		}
		return s.toString();
	}

	private static ValueMarker threshold(final double at, final Color colour) {
		return new ValueMarker(at, colour, THRESHOLD);
	}

	/** The rows {@code rows} as markers of one shape, filled or outlined, with row tooltips. */
	private XYLineAndShapeRenderer marks(final XYPlot plot, final int index, final int[] rows, final Shape shape,
		final boolean filled, final Color colour, final String key)
	{
		final double[][] xy = new double[2][rows.length];
		for (int r = 0; r < rows.length; r++) {
			xy[0][r] = points.x(rows[r]);
			xy[1][r] = points.y(rows[r]);
		}
		final DefaultXYDataset dataset = new DefaultXYDataset();
		dataset.addSeries(key, xy);
		final XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
		renderer.setSeriesShape(0, shape);
		renderer.setSeriesPaint(0, colour);
		renderer.setUseOutlinePaint(true);
		renderer.setSeriesOutlinePaint(0, colour);
		renderer.setSeriesOutlineStroke(0, new BasicStroke(filled ? 1f : 2f));
		renderer.setSeriesShapesFilled(0, filled);
		renderer.setDrawOutlines(true);
		renderer.setDefaultToolTipGenerator((data, series, item) -> String.format(Locale.ROOT, "%s %d, %s: %s = %s, %s = %s",
			key, item + 1, Scatter.row(rows[item]), points.xName(), Scatter.number(points.x(rows[item])), points
				.yName(), Scatter.number(points.y(rows[item]))));
		plot.setDataset(index, dataset);
		plot.setRenderer(index, renderer);
		return renderer;
	}
}
