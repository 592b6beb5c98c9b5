package sc.fiji.flowmodels.plot;

import java.awt.Color;
import java.awt.Dimension;
import java.awt.image.BufferedImage;
import java.util.Locale;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.annotations.XYDataImageAnnotation;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.Range;

import sc.fiji.flowmodels.analysis.GridCalibration;
import sc.fiji.flowmodels.analysis.OutlierScore;

/**
 * A density image (from {@link sc.fiji.flowmodels.analysis.DensityGrid}) as a chart: the
 * values in a perceptual colour map with a colour bar, axes in data coordinates named after the
 * columns, and optionally the data points and ranked outliers on top.
 * <p>
 * For log p the colours span the top {@value #DEFAULT_LOG_SPAN} nats by default: a density
 * e^12 ≈ 160,000 times below the peak is shown in the lowest colour, so the far corners of the
 * grid (where log p falls off quadratically) do not squeeze the interesting range into a few
 * colours. The subtitle says when colours are clipped.
 */
public final class DensityChart extends ChartFigure {

	/** Default colour span of a log-density picture, in nats. */
	public static final double DEFAULT_LOG_SPAN = 12;

	static final int POINTS = 0;
	static final int HIGHLIGHTS = 1;

	private final float[] values;
	private final GridCalibration grid;
	private final boolean log;
	private final Points2D points;
	private final int[] outliers;
	private final OutlierScore outliersBy;
	private final Color highlight;
	private final String title;
	private final String subtitle;
	private final double[] colourRange;
	private final double logSpan;
	private final boolean equalAspect;

	private DensityChart(final Builder b) {
		this.values = b.values;
		this.grid = b.grid;
		this.log = b.log;
		this.points = b.points;
		this.outliers = b.outliers.clone();
		this.outliersBy = b.outliersBy;
		this.highlight = b.highlight;
		this.title = b.title != null ? b.title : log ? "Flow density log p_X" : "Flow density p_X";
		this.subtitle = b.subtitle;
		this.colourRange = b.colourRange;
		this.logSpan = b.logSpan;
		this.equalAspect = b.equalAspect;
		if (outliers.length > 0) {
			if (points == null) throw new IllegalArgumentException("outliers need the points they index");
			points.checkIndices(outliers);
		}
	}

	/**
	 * @param values a grid.width() × grid.height() image, row 0 at the top (as DensityGrid makes it)
	 * @param log whether the values are log p (true) or p (false)
	 */
	public static Builder builder(final RandomAccessibleInterval<FloatType> values, final GridCalibration grid,
		final boolean log)
	{
		return new Builder(values, grid, log);
	}

	/** Options of a {@link DensityChart}; only the image is required. */
	public static final class Builder {

		private final float[] values;
		private final GridCalibration grid;
		private final boolean log;
		private Points2D points;
		private int[] outliers = new int[0];
		private OutlierScore outliersBy = OutlierScore.DENSITY;
		private Color highlight = PlotColors.ENCODE_HIGHLIGHT;
		private String title;
		private String subtitle;
		private double[] colourRange;
		private double logSpan = DEFAULT_LOG_SPAN;
		private boolean equalAspect;

		private Builder(final RandomAccessibleInterval<FloatType> image, final GridCalibration grid,
			final boolean log)
		{
			if (image.numDimensions() != 2 || image.dimension(0) != grid.width() || image.dimension(1) != grid
				.height())
			{
				throw new IllegalArgumentException("image is not " + grid.width() + " x " + grid.height());
			}
			this.values = new float[grid.width() * grid.height()];
			final Cursor<FloatType> cursor = Views.flatIterable(image).cursor();
			int k = 0;
			while (cursor.hasNext()) values[k++] = cursor.next().get();
			this.grid = grid;
			this.log = log;
		}

		/** Data points drawn over the image, in the image's two columns. */
		public Builder points(final Points2D p) {
			this.points = p;
			return this;
		}

		/** Indices into the points of the top-K outliers, rank 1 first. */
		public Builder outliers(final int[] ranked) {
			this.outliers = ranked.clone();
			return this;
		}

		/** The score the outliers were ranked by, named in the legend (default density). */
		public Builder outliersBy(final OutlierScore s) {
			this.outliersBy = s;
			return this;
		}

		/** Default orange. */
		public Builder highlight(final Color c) {
			this.highlight = c;
			return this;
		}

		public Builder title(final String t) {
			this.title = t;
			return this;
		}

		/** A line under the title, e.g. where a slice of a D &gt; 2 model was taken. */
		public Builder subtitle(final String s) {
			this.subtitle = s;
			return this;
		}

		/** Fixed colour range (otherwise chosen from the values). */
		public Builder colourRange(final double lower, final double upper) {
			if (!(lower < upper)) throw new IllegalArgumentException("need lower < upper, got " + lower + ", " +
				upper);
			this.colourRange = new double[] { lower, upper };
			return this;
		}

		/** For log p: how many nats below the maximum the colours reach (default 12). */
		public Builder logSpan(final double nats) {
			if (!(nats > 0)) throw new IllegalArgumentException("span must be > 0, got " + nats);
			this.logSpan = nats;
			return this;
		}

		/**
		 * Same length on screen for one unit of x and one unit of y (for two columns in the same
		 * unit); the view then extends beyond the grid on one axis. Default false: the grid fills
		 * the plot.
		 */
		public Builder equalAspect(final boolean equal) {
			this.equalAspect = equal;
			return this;
		}

		public DensityChart build() {
			return new DensityChart(this);
		}
	}

	@Override
	public String title() {
		return log ? "Density log p" : "Density p";
	}

	@Override
	public Dimension preferredSize() {
		return new Dimension(760, 640);
	}

	/** {lower, upper} of the colour bar, and {min, max} of the finite values. */
	double[] colourBounds() {
		double min = Double.POSITIVE_INFINITY;
		double max = Double.NEGATIVE_INFINITY;
		for (final float v : values) {
			if (Float.isFinite(v)) {
				if (v < min) min = v;
				if (v > max) max = v;
			}
		}
		if (min > max) {
			min = 0;
			max = 1;
		}
		double lower;
		double upper;
		if (colourRange != null) {
			lower = colourRange[0];
			upper = colourRange[1];
		}
		else if (log) {
			upper = max;
			lower = Math.max(min, max - logSpan);
		}
		else {
			upper = max;
			lower = Math.min(0, min);
		}
		if (!(lower < upper)) upper = lower + 1;
		return new double[] { lower, upper, min, max };
	}

	/** The values painted with the colour map; NaN pixels are transparent, p = 0 is the lowest colour. */
	BufferedImage colourImage(final double lower, final double upper) {
		final int w = grid.width();
		final int h = grid.height();
		final int[] argb = new int[w * h];
		final double scale = 1 / (upper - lower);
		for (int k = 0; k < argb.length; k++) {
			final float v = values[k];
			argb[k] = Float.isNaN(v) ? 0 : 0xFF000000 | Viridis.rgb((v - lower) * scale);
		}
		final BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
		image.setRGB(0, 0, w, h, argb, 0, w);
		return image;
	}

	@Override
	public JFreeChart createChart() {
		final double[] bounds = colourBounds();
		final double lower = bounds[0];
		final double upper = bounds[1];

		final XYPlot plot = ChartStyle.plot(equalAspect ? new EqualAspectXYPlot() : new XYPlot(), grid.xUnit(), grid
			.yUnit());
		plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
		plot.setDomainGridlinesVisible(false);
		plot.setRangeGridlinesVisible(false);
		plot.setBackgroundPaint(new Color(0xBB, 0xBB, 0xBB)); // shows through NaN pixels
		if (equalAspect) {
			((EqualAspectXYPlot) plot).request(new Range(grid.xmin(), grid.xmax()), new Range(grid.ymin(), grid.ymax()));
		}
		else {
			plot.getDomainAxis().setRange(grid.xmin(), grid.xmax());
			plot.getRangeAxis().setRange(grid.ymin(), grid.ymax());
		}

		final XYDataImageAnnotation picture = new XYDataImageAnnotation(colourImage(lower, upper), grid.xmin(), grid
			.ymin(), grid.xmax() - grid.xmin(), grid.ymax() - grid.ymin(), true);
		final XYLineAndShapeRenderer pictureHolder;
		final LegendItemCollection legend = new LegendItemCollection();
		if (points != null) {
			pictureHolder = Scatter.addPoints(plot, POINTS, points, Color.WHITE, "points");
			legend.add(ChartStyle.markerLegend(String.format(Locale.ROOT, "data points (n = %,d)", points.size()),
				ChartStyle.disc(6), Color.WHITE, Color.DARK_GRAY));
			if (outliers.length > 0) {
				Scatter.addHighlights(plot, HIGHLIGHTS, points, outliers, highlight, "outliers");
				legend.add(ChartStyle.markerLegend(String.format(Locale.ROOT, "top %d outliers by %s, numbered by rank",
					outliers.length, outliersBy == OutlierScore.RADIUS ? ChartStyle.norm("z") : ChartStyle.fancy("\u2212log p_X", "-log p_X")), ChartStyle.disc(Scatter.HIGHLIGHT_DIAMETER), highlight, Color.BLACK));
			}
		}
		else {
			pictureHolder = new XYLineAndShapeRenderer(false, false);
			plot.setRenderer(POINTS, pictureHolder);
		}
		pictureHolder.addAnnotation(picture, Layer.BACKGROUND);
		plot.setFixedLegendItems(legend);

		final JFreeChart chart = ChartStyle.chart(title, plot, points != null);
		final StringBuilder note = new StringBuilder();
		if (subtitle != null && !subtitle.isEmpty()) note.append(subtitle);
		if (bounds[2] < lower || bounds[3] > upper) {
			if (note.length() > 0) note.append("; ");
			note.append(String.format(Locale.ROOT, "colours clipped to [%.3g, %.3g] (values from %.3g to %.3g)", lower,
				upper, bounds[2], bounds[3]));
		}
		if (note.length() > 0) ChartStyle.subtitle(chart, note.toString());

		final NumberAxis scaleAxis = ChartStyle.axis(log ? "log p_X" : "p_X");
		scaleAxis.setRange(lower, upper);
		final PaintScaleLegend colourBar = new PaintScaleLegend(Viridis.scale(lower, upper), scaleAxis);
		colourBar.setPosition(RectangleEdge.RIGHT);
		colourBar.setAxisLocation(AxisLocation.BOTTOM_OR_RIGHT);
		colourBar.setStripWidth(16);
		colourBar.setSubdivisionCount(256);
		colourBar.setStripOutlineVisible(true);
		colourBar.setBackgroundPaint(Color.WHITE);
		// roughly level with the plot's data area, which the x axis pushes up from the bottom
		colourBar.setMargin(new RectangleInsets(6, 4, 40, 8));
		chart.addSubtitle(colourBar);
		return chart;
	}
}
