package sc.fiji.flowmodels.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.Random;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;

import sc.fiji.flowmodels.analysis.OutlierRanks;
import sc.fiji.flowmodels.analysis.OutlierScore;

class RadiusDensityChartTest {

	static {
		System.setProperty("java.awt.headless", "true");
	}

	private final double[] radius = new double[400], logPx = new double[400];

	RadiusDensityChartTest() {
		final Random rnd = new Random(3);
		for (int i = 0; i < radius.length; i++) {
			radius[i] = Math.abs(rnd.nextGaussian()) * 1.5;
			logPx[i] = -0.5 * radius[i] * radius[i] - 1.8 + 0.7 * rnd.nextGaussian();
		}
		logPx[5] = Double.NEGATIVE_INFINITY;
	}

	@Test
	void marksBothTopSetsAtTheirValues() {
		final OutlierRanks ranks = new OutlierRanks(radius, logPx, radius.length, 8, OutlierScore.DENSITY);
		final JFreeChart chart = new RadiusDensityChart(radius, logPx, ranks, "cells").createChart();
		final XYPlot plot = chart.getXYPlot();
		final XYDataset density = plot.getDataset(RadiusDensityChart.BY_DENSITY), byRadius = plot.getDataset(RadiusDensityChart.BY_RADIUS);
		assertEquals(8, density.getItemCount(0));
		assertEquals(8, byRadius.getItemCount(0));
		final int[] top = ranks.top(OutlierScore.DENSITY);
		for (int k = 0; k < 8; k++) {
			assertEquals(radius[top[k]], density.getXValue(0, k), 0);
			// a log p_X of −∞ is not drawn (NaN), but it still ranks first
			if (Double.isFinite(logPx[top[k]])) assertEquals(-logPx[top[k]], density.getYValue(0, k), 0);
			else assertTrue(Double.isNaN(density.getYValue(0, k)));
		}
		assertEquals(5, top[0]);
		final int[] far = ranks.top(OutlierScore.RADIUS);
		for (int k = 0; k < 8; k++) assertEquals(radius[far[k]], byRadius.getXValue(0, k), 0);
		// the dashed lines sit at the K-th value of each score
		assertEquals(radius[far[7]], ((org.jfree.chart.plot.ValueMarker) plot.getDomainMarkers(org.jfree.chart.ui.Layer.FOREGROUND).iterator().next()).getValue(), 0);
		assertEquals(-logPx[top[7]], ((org.jfree.chart.plot.ValueMarker) plot.getRangeMarkers(org.jfree.chart.ui.Layer.FOREGROUND).iterator().next()).getValue(), 0);
		final String subtitle = ((TextTitle) chart.getSubtitle(1)).getText();
		assertTrue(subtitle.startsWith("top 8 by "), subtitle);
		assertTrue(subtitle.contains("share " + ranks.overlap() + " row"), subtitle);
		assertTrue(subtitle.contains(String.format(java.util.Locale.ROOT, "%.2f over 400 rows", ranks.rankCorrelation())), subtitle);
		assertTrue(subtitle.endsWith("cells"), subtitle);
	}

	@Test
	void rendersHeadlessWithBothColours() {
		final OutlierRanks ranks = new OutlierRanks(radius, logPx, radius.length, 10, OutlierScore.RADIUS);
		final BufferedImage image = FigureExport.toImage(new RadiusDensityChart(radius, logPx, ranks, null), 720, 540);
		int filled = 0, rings = 0;
		for (int y = 0; y < 540; y++) {
			for (int x = 0; x < 720; x++) {
				final int rgb = image.getRGB(x, y) & 0xFFFFFF;
				if (rgb == (RadiusDensityChart.DENSITY.getRGB() & 0xFFFFFF)) filled++;
				if (rgb == (RadiusDensityChart.RADIUS.getRGB() & 0xFFFFFF)) rings++;
			}
		}
		assertTrue(filled > 200, "filled discs of the least likely rows: " + filled + " pixels");
		assertTrue(rings > 200, "rings of the rows farthest out: " + rings + " pixels");
	}
}
