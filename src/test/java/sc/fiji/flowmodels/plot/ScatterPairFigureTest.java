package sc.fiji.flowmodels.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Component;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;
import javax.swing.JComponent;
import javax.swing.SwingUtilities;

import org.jfree.chart.ChartPanel;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.AbstractXYItemRenderer;
import org.jfree.chart.renderer.xy.XYItemRenderer;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScatterPairFigureTest {

	static {
		System.setProperty("java.awt.headless", "true");
	}

	private final Synthetic s = new Synthetic(1000, 2, 1);
	private final int[] top = s.topK(7);

	private ScatterPairFigure encode() {
		return ScatterPairFigure.builder(s.data(), s.latent()).outliers(top).build();
	}

	static RankLabels rankLabels(final XYItemRenderer renderer) {
		RankLabels found = null;
		for (final Object a : ((AbstractXYItemRenderer) renderer).getAnnotations()) {
			if (a instanceof RankLabels) {
				assertEquals(null, found, "one set of rank labels");
				found = (RankLabels) a;
			}
		}
		return found;
	}

	@Test
	void dataSideShowsAllPointsAndTheRankedOutliers() {
		final XYPlot plot = encode().createDataChart().getXYPlot();
		final XYDataset points = plot.getDataset(ScatterPairFigure.POINTS);
		assertEquals(1, points.getSeriesCount());
		assertEquals(1000, points.getItemCount(0));
		final XYDataset highlights = plot.getDataset(ScatterPairFigure.HIGHLIGHTS);
		assertEquals(1, highlights.getSeriesCount());
		assertEquals(top.length, highlights.getItemCount(0));
		for (int r = 0; r < top.length; r++) {
			assertEquals(s.x1[top[r]], highlights.getXValue(0, r));
			assertEquals(s.x2[top[r]], highlights.getYValue(0, r));
		}
		final XYItemRenderer renderer = plot.getRenderer(ScatterPairFigure.HIGHLIGHTS);
		assertEquals(PlotColors.ENCODE_HIGHLIGHT, renderer.getSeriesPaint(0));
		final RankLabels labels = rankLabels(renderer);
		assertEquals(top.length, labels.count());
		for (int r = 0; r < top.length; r++) assertEquals(Integer.toString(r + 1), labels.text(r));
		assertEquals("length_um", plot.getDomainAxis().getLabel());
		assertEquals("intensity", plot.getRangeAxis().getLabel());
		final String tip = renderer.getToolTipGenerator(0, 0).generateToolTip(highlights, 0, 0);
		assertTrue(tip.startsWith("outlier 1, row " + (top[0] + 1) + ":"), tip);
		assertEquals(null, plot.getDataset(ScatterPairFigure.CIRCLES));
	}

	@Test
	void latentSideHasTheSigmaCirclesAndTheSameOutliers() {
		final XYPlot plot = encode().createLatentChart().getXYPlot();
		assertTrue(plot instanceof EqualAspectXYPlot);
		final XYDataset circles = plot.getDataset(ScatterPairFigure.CIRCLES);
		assertEquals(3, circles.getSeriesCount());
		for (int c = 0; c < 3; c++) {
			for (int i = 0; i < circles.getItemCount(c); i += 17) {
				assertEquals(c + 1, Math.hypot(circles.getXValue(c, i), circles.getYValue(c, i)), 1e-12);
			}
		}
		final XYDataset highlights = plot.getDataset(ScatterPairFigure.HIGHLIGHTS);
		assertEquals(top.length, highlights.getItemCount(0));
		assertEquals(s.z[0][top[0]], highlights.getXValue(0, 0));
		assertEquals(top.length, rankLabels(plot.getRenderer(ScatterPairFigure.HIGHLIGHTS)).count());
		assertEquals("z1", plot.getDomainAxis().getLabel());
		assertEquals("z2", plot.getRangeAxis().getLabel());
	}

	@Test
	void latentSideHasEqualAspectWhateverTheShapeOfTheArea() {
		for (final int[] size : new int[][] { { 900, 400 }, { 400, 900 }, { 600, 600 } }) {
			final JFreeChart chart = encode().createLatentChart();
			final ChartRenderingInfo info = new ChartRenderingInfo();
			chart.createBufferedImage(size[0], size[1], info);
			final Rectangle2D area = info.getPlotInfo().getDataArea();
			final XYPlot plot = chart.getXYPlot();
			final double unitsPerPixelX = plot.getDomainAxis().getRange().getLength() / area.getWidth();
			final double unitsPerPixelY = plot.getRangeAxis().getRange().getLength() / area.getHeight();
			assertEquals(unitsPerPixelX, unitsPerPixelY, 1e-9 * unitsPerPixelX, "size " + size[0] + "x" + size[1]);
			// the 3-sigma circle and every point stay in view
			assertTrue(plot.getDomainAxis().getRange().contains(-3) && plot.getDomainAxis().getRange().contains(3));
			assertTrue(plot.getRangeAxis().getRange().contains(-3) && plot.getRangeAxis().getRange().contains(3));
			for (final int i : top) {
				assertTrue(plot.getDomainAxis().getRange().contains(s.z[0][i]));
				assertTrue(plot.getRangeAxis().getRange().contains(s.z[1][i]));
			}
		}
	}

	@Test
	void directionChoosesColourAndTitles() {
		final ScatterPairFigure sample = ScatterPairFigure.builder(s.data(), s.latent()).outliers(top).direction(
			ScatterPairFigure.Direction.LATENT_TO_DATA).build();
		assertEquals(PlotColors.SAMPLE_HIGHLIGHT, sample.highlight());
		assertEquals(PlotColors.SAMPLE_HIGHLIGHT, sample.createDataChart().getXYPlot().getRenderer(
			ScatterPairFigure.HIGHLIGHTS).getSeriesPaint(0));
		assertTrue(sample.createLatentChart().getTitle().getText().contains("samples"));
		assertEquals(PlotColors.ENCODE_HIGHLIGHT, encode().highlight());
		final ScatterPairFigure custom = ScatterPairFigure.builder(s.data(), s.latent()).highlight(Color.MAGENTA)
			.build();
		assertEquals(Color.MAGENTA, custom.highlight());
	}

	@Test
	void projectionOfAHigherDimensionSaysSo() {
		final ScatterPairFigure fig = ScatterPairFigure.builder(s.data(), s.latent()).latentDimension(6).build();
		final JFreeChart chart = fig.createLatentChart();
		final String subtitle = ((org.jfree.chart.title.TextTitle) chart.getSubtitle(1)).getText();
		assertTrue(subtitle.contains("D = 6"), subtitle);
		assertTrue(subtitle.contains("marginal"), subtitle);
	}

	@Test
	void drawsSideBySideWithHighlightsVisible() {
		final BufferedImage image = FigureExport.toImage(encode(), 1200, 560);
		assertEquals(1200, image.getWidth());
		assertEquals(560, image.getHeight());
		final int orange = PlotColors.ENCODE_HIGHLIGHT.getRGB() & 0xFFFFFF;
		int left = 0;
		int right = 0;
		for (int y = 0; y < 560; y++) {
			for (int x = 0; x < 1200; x++) {
				if ((image.getRGB(x, y) & 0xFFFFFF) == orange) {
					if (x < 600) left++;
					else right++;
				}
			}
		}
		// each side: 7 discs of 8 px plus a legend marker
		assertTrue(left > 7 * 20 && right > 7 * 20, "orange pixels left " + left + ", right " + right);
	}

	@Test
	void exportsPngAndSvg(@TempDir final Path dir) throws Exception {
		final Path png = dir.resolve("pair.png");
		final Path svg = dir.resolve("pair.svg");
		FigureExport.writePng(encode(), png, 1000, 500);
		FigureExport.writeSvg(encode(), svg, 1000, 500);
		final BufferedImage read = ImageIO.read(png.toFile());
		assertEquals(1000, read.getWidth());
		assertEquals(500, read.getHeight());
		final String text = new String(Files.readAllBytes(svg), StandardCharsets.UTF_8);
		assertTrue(text.contains("<svg"));
		assertTrue(text.contains("width='1000'") || text.contains("width=\"1000\""), "svg width");
		assertTrue(text.contains("Latent space"));
		assertTrue(text.contains("Data space"));
		final BufferedImage sharp = FigureExport.toImage(encode(), 600, 300, 2);
		assertEquals(1200, sharp.getWidth());
		assertEquals(600, sharp.getHeight());
	}

	@Test
	void drawsAHundredThousandPoints() {
		final Synthetic big = new Synthetic(100_000, 3, 2);
		final ScatterPairFigure fig = ScatterPairFigure.builder(big.data(), big.latent()).outliers(big.topK(10))
			.latentDimension(3).build();
		final XYPlot plot = fig.createDataChart().getXYPlot();
		// no tooltip entity per point for a crowd, but the outliers keep theirs
		assertEquals(Boolean.FALSE, plot.getRenderer(ScatterPairFigure.POINTS).getSeriesCreateEntities(0));
		assertEquals(1200, FigureExport.toImage(fig, 1200, 560).getWidth());
	}

	@Test
	void panelHoldsTwoCharts() throws Exception {
		final JComponent[] panel = new JComponent[1];
		SwingUtilities.invokeAndWait(() -> panel[0] = encode().createPanel());
		final Component[] parts = panel[0].getComponents();
		assertEquals(2, parts.length);
		assertTrue(((ChartPanel) parts[0]).getChart().getTitle().getText().startsWith("Data"));
		assertTrue(((ChartPanel) parts[1]).getChart().getTitle().getText().startsWith("Latent"));
	}

	@Test
	void drawsWithoutOutliersAndWithNonFinitePoints() {
		final double[] zx = s.z[0].clone();
		zx[3] = Double.NaN;
		final ScatterPairFigure fig = ScatterPairFigure.builder(s.data(), new Points2D(zx, s.z[1], "z1", "z2"))
			.build();
		assertEquals(0, fig.createDataChart().getXYPlot().getDataset(ScatterPairFigure.HIGHLIGHTS).getItemCount(0));
		assertEquals(800, FigureExport.toImage(fig, 800, 400).getWidth());
	}

	@Test
	void rejectsOutliersThatAreNotPoints() {
		assertThrows(IllegalArgumentException.class, () -> ScatterPairFigure.builder(s.data(), s.latent()).outliers(
			new int[] { 1000 }).build());
		assertThrows(IllegalArgumentException.class, () -> ScatterPairFigure.builder(s.data(), new Points2D(
			new double[3], new double[3], "z1", "z2")));
	}
}
