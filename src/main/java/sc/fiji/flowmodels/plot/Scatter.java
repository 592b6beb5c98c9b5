package sc.fiji.flowmodels.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.Locale;

import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.DefaultXYDataset;

/**
 * Puts points and ranked, labelled highlights on an XY plot. Tooltips name the table row, counted
 * from 1 as in an ImageJ results table window and in the data lines of a CSV file.
 */
final class Scatter {

	/** Diameter of a highlighted point in pixels. */
	static final double HIGHLIGHT_DIAMETER = 8;

	private Scatter() {}

	/** Row number as the user sees it (1-based). */
	static String row(final int index) {
		return "row " + (index + 1);
	}

	static String number(final double v) {
		return String.format(Locale.ROOT, "%.4g", v);
	}

	/** Adds all points as dataset {@code index}, one series, drawn small and translucent. */
	static XYLineAndShapeRenderer addPoints(final XYPlot plot, final int index, final Points2D points,
		final Color colour, final String key)
	{
		final int n = points.size();
		final double[][] xy = new double[2][n];
		for (int i = 0; i < n; i++) {
			xy[0][i] = points.x(i);
			xy[1][i] = points.y(i);
		}
		final DefaultXYDataset dataset = new DefaultXYDataset();
		dataset.addSeries(key, xy);
		final XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
		renderer.setSeriesShape(0, ChartStyle.pointShape(ChartStyle.pointDiameter(n)));
		renderer.setSeriesPaint(0, ChartStyle.withAlpha(colour, ChartStyle.pointAlpha(n)));
		renderer.setDrawOutlines(false);
		renderer.setSeriesCreateEntities(0, n <= ChartStyle.MAX_POINTS_WITH_TOOLTIPS);
		renderer.setDefaultToolTipGenerator((data, series, item) -> row(item) + ": " + points.xName() + " = " +
			number(points.x(item)) + ", " + points.yName() + " = " + number(points.y(item)));
		plot.setDataset(index, dataset);
		plot.setRenderer(index, renderer);
		return renderer;
	}

	/**
	 * Adds the points {@code ranked[0]}, {@code ranked[1]}, … (rank 1, 2, …) as dataset
	 * {@code index}: filled discs in the highlight colour with a dark rim, and their rank numbers.
	 */
	static RankLabels addHighlights(final XYPlot plot, final int index, final Points2D points, final int[] ranked,
		final Color colour, final String key)
	{
		points.checkIndices(ranked);
		final int k = ranked.length;
		final double[][] xy = new double[2][k];
		for (int r = 0; r < k; r++) {
			xy[0][r] = points.x(ranked[r]);
			xy[1][r] = points.y(ranked[r]);
		}
		final DefaultXYDataset dataset = new DefaultXYDataset();
		dataset.addSeries(key, xy);
		final XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
		renderer.setSeriesShape(0, ChartStyle.disc(HIGHLIGHT_DIAMETER));
		renderer.setSeriesPaint(0, colour);
		renderer.setUseOutlinePaint(true);
		renderer.setSeriesOutlinePaint(0, Color.BLACK);
		renderer.setSeriesOutlineStroke(0, new BasicStroke(1f));
		renderer.setDrawOutlines(true);
		final RankLabels labels = addRankLabels(renderer, points, ranked, HIGHLIGHT_DIAMETER / 2 + 2);
		plot.setDataset(index, dataset);
		plot.setRenderer(index, renderer);
		return labels;
	}

	/**
	 * Rank numbers 1, 2, … next to the points {@code ranked[0]}, {@code ranked[1]}, …, {@code gap}
	 * pixels from their centres, as an annotation of {@code renderer}, which also gets their tooltips.
	 */
	static RankLabels addRankLabels(final XYLineAndShapeRenderer renderer, final Points2D points,
		final int[] ranked, final double gap)
	{
		final int k = ranked.length;
		final double[] x = new double[k], y = new double[k];
		final String[] text = new String[k];
		final String[] tips = new String[k];
		for (int r = 0; r < k; r++) {
			final int i = ranked[r];
			x[r] = points.x(i);
			y[r] = points.y(i);
			text[r] = Integer.toString(r + 1);
			tips[r] = "outlier " + (r + 1) + ", " + row(i) + ": " + points.xName() + " = " + number(points.x(i)) +
				", " + points.yName() + " = " + number(points.y(i));
		}
		renderer.setDefaultToolTipGenerator((data, series, item) -> tips[item]);
		final RankLabels labels = new RankLabels(x, y, text, tips, Color.BLACK, new Color(255, 255, 255, 220), gap);
		renderer.addAnnotation(labels);
		return labels;
	}
}
