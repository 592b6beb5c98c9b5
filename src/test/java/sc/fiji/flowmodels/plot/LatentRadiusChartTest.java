package sc.fiji.flowmodels.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.IntervalXYDataset;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;

import sc.fiji.flowmodels.analysis.ChiDistribution;

class LatentRadiusChartTest {

	static {
		System.setProperty("java.awt.headless", "true");
	}

	private static double area(final IntervalXYDataset bars) {
		double area = 0;
		for (int i = 0; i < bars.getItemCount(0); i++) {
			area += (bars.getEndXValue(0, i) - bars.getStartXValue(0, i)) * bars.getYValue(0, i);
		}
		return area;
	}

	@Test
	void histogramIsADensityUnderTheChiCurve() {
		final double[] r = new Synthetic(5000, 3, 4).radius();
		final JFreeChart chart = new LatentRadiusChart(r, 3).createChart();
		final XYPlot plot = chart.getXYPlot();
		final IntervalXYDataset bars = (IntervalXYDataset) plot.getDataset(LatentRadiusChart.HISTOGRAM);
		assertEquals(1, bars.getSeriesCount());
		assertTrue(bars.getItemCount(0) >= 10 && bars.getItemCount(0) <= 80);
		assertEquals(1.0, area(bars), 1e-12);

		final XYDataset chi = plot.getDataset(LatentRadiusChart.CHI);
		assertEquals(1, chi.getSeriesCount());
		final ChiDistribution expected = new ChiDistribution(3);
		for (int i = 0; i < chi.getItemCount(0); i += 10) {
			assertEquals(expected.pdf(chi.getXValue(0, i)), chi.getYValue(0, i), 1e-15);
		}
		// a good sample follows the curve: the tallest bar is near the chi mode sqrt(D - 1)
		int tallest = 0;
		for (int i = 1; i < bars.getItemCount(0); i++) if (bars.getYValue(0, i) > bars.getYValue(0, tallest)) tallest = i;
		assertEquals(Math.sqrt(2), bars.getXValue(0, tallest), 0.3);
		assertTrue(chart.getTitle().getText().contains("D = 3"), chart.getTitle().getText());
	}

	@Test
	void farOutliersAreCountedNotStretched() {
		final double[] r = new Synthetic(2000, 2, 5).radius();
		r[0] = 250;
		r[1] = Double.NaN;
		final JFreeChart chart = new LatentRadiusChart(r, 2).createChart();
		final XYPlot plot = chart.getXYPlot();
		assertTrue(plot.getDomainAxis().getUpperBound() < 10);
		// one point of 1999 finite ones is off the histogram
		assertEquals(1998.0 / 1999, area((IntervalXYDataset) plot.getDataset(LatentRadiusChart.HISTOGRAM)), 1e-12);
		final String subtitle = ((TextTitle) chart.getSubtitle(1)).getText();
		assertTrue(subtitle.contains("1 beyond"), subtitle);
		assertTrue(subtitle.contains("1 not finite"), subtitle);
	}

	@Test
	void rendersHeadless() {
		final BufferedImage image = FigureExport.toImage(new LatentRadiusChart(new Synthetic(500, 4, 6).radius(), 4),
			640, 400);
		assertEquals(640, image.getWidth());
		final int curve = PlotColors.REFERENCE.getRGB() & 0xFFFFFF;
		int n = 0;
		for (int y = 0; y < 400; y++) for (int x = 0; x < 640; x++) if ((image.getRGB(x, y) & 0xFFFFFF) == curve) n++;
		assertTrue(n > 100, "chi curve pixels: " + n);
	}
}
