package sc.fiji.flowmodels.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.geom.Rectangle2D;
import java.util.Arrays;
import java.util.Locale;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.DefaultXYDataset;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;

import sc.fiji.flowmodels.analysis.ChiDistribution;

/**
 * How Gaussian the latent points are: the histogram of ‖z‖ (z_radius), scaled as a density,
 * over the chi distribution with D degrees of freedom, which is what ‖z‖ follows when the flow
 * maps the data exactly onto N(0, I_D). Bars above the curve on the right mean too many points
 * far out in latent space (a poorly fitted tail or outliers).
 */
public final class LatentRadiusChart extends ChartFigure {

	static final int HISTOGRAM = 0;
	static final int CHI = 1;

	private static final Color BAR = new Color(0x9E, 0xB9, 0xD4);
	private static final Color BAR_EDGE = new Color(0x5A, 0x7F, 0xA6);

	private final double[] radii;
	private final int skipped;
	private final int dimension;

	/**
	 * @param radii ‖z‖ of each encoded point (values that are not finite are left out and counted)
	 * @param dimension D, the number of latent dimensions
	 */
	public LatentRadiusChart(final double[] radii, final int dimension) {
		if (dimension < 1) throw new IllegalArgumentException("dimension must be >= 1, got " + dimension);
		this.radii = Arrays.stream(radii).filter(Double::isFinite).sorted().toArray();
		this.skipped = radii.length - this.radii.length;
		this.dimension = dimension;
	}

	@Override
	public String title() {
		return "Latent radius";
	}

	@Override
	public Dimension preferredSize() {
		return new Dimension(720, 460);
	}

	@Override
	public JFreeChart createChart() {
		final ChiDistribution chi = new ChiDistribution(dimension);
		final String norm = ChartStyle.norm("z");
		final int n = radii.length;
		// the chi curve carries all but ~1e-4 of its mass below sqrt(D) + 4
		final double chiReach = Math.sqrt(dimension) + 4;
		final double max = n == 0 ? chiReach : radii[n - 1];
		final double upper = max <= 2 * chiReach ? Math.max(max, chiReach) : Math.max(chiReach, quantile(0.99));
		final int shown = upperCount(upper);

		final XYPlot plot = ChartStyle.plot(new XYPlot(), norm + " (latent radius)", "probability density");
		plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
		final XYIntervalSeriesCollection bars = new XYIntervalSeriesCollection();
		final XYIntervalSeries histogram = new XYIntervalSeries("histogram of " + norm);
		if (n > 0) {
			final double range = max > 0 ? Math.min(max, upper) : chiReach;
			final int bins = binCount(range);
			final double width = range / bins;
			final int[] counts = new int[bins];
			for (int i = 0; i < shown; i++) counts[Math.min(bins - 1, (int) (radii[i] / width))]++;
			for (int b = 0; b < bins; b++) {
				// density of all n points, so the bars' area is the fraction of points shown
				final double density = counts[b] / (n * width);
				histogram.add((b + 0.5) * width, b * width, (b + 1) * width, density, density, density);
			}
		}
		bars.addSeries(histogram);
		final XYBarRenderer barRenderer = new XYBarRenderer();
		barRenderer.setBarPainter(new StandardXYBarPainter());
		barRenderer.setShadowVisible(false);
		barRenderer.setDrawBarOutline(true);
		barRenderer.setSeriesPaint(0, BAR);
		barRenderer.setSeriesOutlinePaint(0, BAR_EDGE);
		barRenderer.setSeriesOutlineStroke(0, new BasicStroke(0.6f));
		barRenderer.setDefaultToolTipGenerator((data, series, item) -> String.format(Locale.ROOT,
			"%s in [%.3g, %.3g): density %.3g", norm, bars.getStartXValue(series, item), bars.getEndXValue(series,
				item), data.getYValue(series, item)));
		plot.setDataset(HISTOGRAM, bars);
		plot.setRenderer(HISTOGRAM, barRenderer);

		final int steps = 400;
		final double[][] curve = new double[2][steps + 1];
		for (int s = 0; s <= steps; s++) {
			curve[0][s] = upper * s / steps;
			curve[1][s] = chi.pdf(curve[0][s]);
		}
		final DefaultXYDataset chiData = new DefaultXYDataset();
		chiData.addSeries("chi, D = " + dimension, curve);
		final XYLineAndShapeRenderer line = new XYLineAndShapeRenderer(true, false);
		line.setSeriesPaint(0, PlotColors.REFERENCE);
		line.setSeriesStroke(0, new BasicStroke(2f));
		line.setSeriesCreateEntities(0, false);
		plot.setDataset(CHI, chiData);
		plot.setRenderer(CHI, line);
		plot.getDomainAxis().setLowerBound(0);
		plot.getDomainAxis().setUpperBound(upper * 1.02);
		plot.getRangeAxis().setLowerBound(0);

		final LegendItemCollection legend = new LegendItemCollection();
		legend.add(ChartStyle.markerLegend(String.format(Locale.ROOT, "%s of the encoded points (n = %,d)", norm, n),
			new Rectangle2D.Double(-5, -5, 10, 10), BAR, BAR_EDGE));
		legend.add(ChartStyle.lineLegend(String.format(Locale.ROOT, "%s distribution, D = %d (a perfect flow)",
			ChartStyle.fancy("\u03C7", "chi"), dimension), new BasicStroke(2f), PlotColors.REFERENCE));
		plot.setFixedLegendItems(legend);

		final JFreeChart chart = ChartStyle.chart(String.format(Locale.ROOT,
			"Latent radius %s vs the %s distribution (D = %d)", norm, ChartStyle.fancy("\u03C7", "chi"), dimension),
			plot, true);
		ChartStyle.subtitle(chart, summary(chi, norm, upper, shown));
		return chart;
	}

	private String summary(final ChiDistribution chi, final String norm, final double upper, final int shown) {
		final int n = radii.length;
		if (n == 0) return "no finite radii" + (skipped > 0 ? " (" + skipped + " not finite)" : "");
		double square = 0;
		for (final double r : radii) square += r * r;
		final StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "mean %s\u00B2 = %.3g (perfect flow: %d)",
			norm, square / n, dimension));
		s.append(String.format(Locale.ROOT, "; mean %s = %.3g (%.3g)", norm, Arrays.stream(radii).sum() / n, chi
			.mean()));
		if (shown < n) {
			s.append(String.format(Locale.ROOT, "; %d beyond %.3g not shown (max %.3g)", n - shown, upper,
				radii[n - 1]));
		}
		if (skipped > 0) s.append(String.format(Locale.ROOT, "; %d not finite", skipped));
		return s.toString();
	}

	/** Freedman–Diaconis bin width, kept between 10 and 80 bins. */
	private int binCount(final double range) {
		final int n = radii.length;
		final double iqr = quantile(0.75) - quantile(0.25);
		final double width = 2 * iqr / Math.cbrt(n);
		final int bins = width > 0 ? (int) Math.ceil(range / width) : 10;
		return Math.max(10, Math.min(80, bins));
	}

	private double quantile(final double q) {
		final double pos = q * (radii.length - 1);
		final int lo = (int) Math.floor(pos);
		final int hi = Math.min(radii.length - 1, lo + 1);
		return radii[lo] + (pos - lo) * (radii[hi] - radii[lo]);
	}

	/** How many (sorted) radii are ≤ upper. */
	private int upperCount(final double upper) {
		int i = Arrays.binarySearch(radii, upper);
		if (i < 0) return -i - 1;
		while (i < radii.length && radii[i] <= upper) i++;
		return i;
	}
}
