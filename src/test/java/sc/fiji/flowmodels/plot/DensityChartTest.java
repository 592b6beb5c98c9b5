package sc.fiji.flowmodels.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYDataImageAnnotation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.AbstractXYItemRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.Title;
import org.jfree.chart.ui.RectangleEdge;
import org.junit.jupiter.api.Test;

import sc.fiji.flowmodels.analysis.DensityGrid;
import sc.fiji.flowmodels.analysis.GaussianMixture2D;
import sc.fiji.flowmodels.analysis.GridCalibration;

class DensityChartTest {

	static {
		System.setProperty("java.awt.headless", "true");
	}

	/** One narrow bump in the upper right, so orientation mistakes show. */
	private static final GaussianMixture2D BUMP = new GaussianMixture2D(new double[] { 1, 2, 1.5, 0.4, 0.4, 0 });

	private final GridCalibration grid = new GridCalibration(120, 90, -3, 3, -2, 2.5, "area", "perimeter");
	private final ArrayImg<FloatType, FloatArray> logImage = new DensityGrid(BUMP, grid).evaluate(true, 2, null);

	private static PaintScaleLegend colourBar(final JFreeChart chart) {
		PaintScaleLegend found = null;
		for (int i = 0; i < chart.getSubtitleCount(); i++) {
			final Title t = chart.getSubtitle(i);
			if (t instanceof PaintScaleLegend) found = (PaintScaleLegend) t;
		}
		return found;
	}

	private static XYDataImageAnnotation picture(final XYPlot plot) {
		for (final Object a : ((AbstractXYItemRenderer) plot.getRenderer(DensityChart.POINTS)).getAnnotations()) {
			if (a instanceof XYDataImageAnnotation) return (XYDataImageAnnotation) a;
		}
		return null;
	}

	@Test
	void imageCoversTheGridWithAColourBar() {
		final JFreeChart chart = DensityChart.builder(logImage, grid, true).build().createChart();
		final XYPlot plot = chart.getXYPlot();
		assertEquals("area", plot.getDomainAxis().getLabel());
		assertEquals("perimeter", plot.getRangeAxis().getLabel());
		assertEquals(-3, plot.getDomainAxis().getLowerBound(), 1e-12);
		assertEquals(2.5, plot.getRangeAxis().getUpperBound(), 1e-12);
		final XYDataImageAnnotation picture = picture(plot);
		assertNotNull(picture);
		assertEquals(-3, picture.getX(), 1e-12);
		assertEquals(-2, picture.getY(), 1e-12);
		assertEquals(6, picture.getWidth(), 1e-12);
		assertEquals(4.5, picture.getHeight(), 1e-12);
		final PaintScaleLegend bar = colourBar(chart);
		assertNotNull(bar);
		assertEquals("log p_X", bar.getAxis().getLabel());
		assertEquals(RectangleEdge.RIGHT, bar.getPosition());
		// colours span the top 12 nats
		final float max = max(logImage.update(null).getCurrentStorageArray());
		assertEquals(max, bar.getScale().getUpperBound(), 1e-6);
		assertEquals(max - DensityChart.DEFAULT_LOG_SPAN, bar.getScale().getLowerBound(), 1e-6);

		final JFreeChart linear = DensityChart.builder(new DensityGrid(BUMP, grid).evaluate(false, null), grid, false)
			.build().createChart();
		assertEquals("p_X", colourBar(linear).getAxis().getLabel());
		assertEquals(0, colourBar(linear).getScale().getLowerBound(), 0);
	}

	private static float max(final float[] v) {
		float m = Float.NEGATIVE_INFINITY;
		for (final float f : v) m = Math.max(m, f);
		return m;
	}

	@Test
	void colourImageKeepsRowZeroAtTheTop() {
		final DensityChart chart = DensityChart.builder(logImage, grid, true).build();
		final double[] bounds = chart.colourBounds();
		final BufferedImage image = chart.colourImage(bounds[0], bounds[1]);
		final float[] v = logImage.update(null).getCurrentStorageArray();
		for (final int[] ij : new int[][] { { 0, 0 }, { 119, 0 }, { 0, 89 }, { 60, 30 }, { 100, 20 } }) {
			final double t = (v[ij[1] * 120 + ij[0]] - bounds[0]) / (bounds[1] - bounds[0]);
			assertEquals(Viridis.rgb(t), image.getRGB(ij[0], ij[1]) & 0xFFFFFF);
		}
	}

	@Test
	void renderedPeakSitsAtItsDataCoordinates() {
		final JFreeChart chart = DensityChart.builder(logImage, grid, true).build().createChart();
		final ChartRenderingInfo info = new ChartRenderingInfo();
		final BufferedImage image = chart.createBufferedImage(700, 560, info);
		final Rectangle2D area = info.getPlotInfo().getDataArea();
		final XYPlot plot = chart.getXYPlot();
		final int px = (int) plot.getDomainAxis().valueToJava2D(2, area, plot.getDomainAxisEdge());
		final int py = (int) plot.getRangeAxis().valueToJava2D(1.5, area, plot.getRangeAxisEdge());
		assertEquals(Viridis.rgb(1), image.getRGB(px, py) & 0xFFFFFF, "peak is the brightest colour");
		// the mirrored place (y flipped) is far from the bump: darkest colour
		final int my = (int) plot.getRangeAxis().valueToJava2D(-1.5, area, plot.getRangeAxisEdge());
		assertEquals(Viridis.rgb(0), image.getRGB(px, my) & 0xFFFFFF, "no bump below");
	}

	@Test
	void pointsAndRankedOutliersOnTop() {
		final double[][] xy = BUMP.sample(300, 3);
		final Points2D points = new Points2D(xy[0], xy[1], "area", "perimeter");
		final int[] ranked = { 5, 17, 42, 8 };
		final JFreeChart chart = DensityChart.builder(logImage, grid, true).points(points).outliers(ranked).subtitle(
			"slice at the training mean").build().createChart();
		final XYPlot plot = chart.getXYPlot();
		assertEquals(300, plot.getDataset(DensityChart.POINTS).getItemCount(0));
		assertEquals(4, plot.getDataset(DensityChart.HIGHLIGHTS).getItemCount(0));
		assertEquals(xy[0][17], plot.getDataset(DensityChart.HIGHLIGHTS).getXValue(0, 1));
		assertEquals(4, ScatterPairFigureTest.rankLabels(plot.getRenderer(DensityChart.HIGHLIGHTS)).count());
		assertNotNull(picture(plot));
		assertEquals(700, chart.createBufferedImage(700, 560).getWidth());
	}

	@Test
	void equalAspectKeepsTheWholeGridInView() {
		final JFreeChart chart = DensityChart.builder(logImage, grid, true).equalAspect(true).build().createChart();
		final ChartRenderingInfo info = new ChartRenderingInfo();
		chart.createBufferedImage(900, 500, info);
		final Rectangle2D area = info.getPlotInfo().getDataArea();
		final XYPlot plot = chart.getXYPlot();
		assertEquals(plot.getDomainAxis().getRange().getLength() / area.getWidth(), plot.getRangeAxis().getRange()
			.getLength() / area.getHeight(), 1e-9);
		assertTrue(plot.getDomainAxis().getLowerBound() <= -3 && plot.getDomainAxis().getUpperBound() >= 3);
		assertTrue(plot.getRangeAxis().getLowerBound() <= -2 && plot.getRangeAxis().getUpperBound() >= 2.5);
	}

	@Test
	void notANumberIsTransparentAndAConstantImageStillDraws() {
		final ArrayImg<FloatType, FloatArray> flat = net.imglib2.img.array.ArrayImgs.floats(120, 90);
		flat.update(null).getCurrentStorageArray()[0] = Float.NaN;
		final DensityChart chart = DensityChart.builder(flat, grid, false).build();
		final double[] bounds = chart.colourBounds();
		assertTrue(bounds[0] < bounds[1]);
		assertEquals(0, chart.colourImage(bounds[0], bounds[1]).getRGB(0, 0) >>> 24);
		assertEquals(760, FigureExport.toImage(chart, 760, 640).getWidth());
	}
}
