package sc.fiji.flowmodels.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicReference;

import javax.swing.JComponent;
import javax.swing.SwingUtilities;

import org.jfree.chart.ChartPanel;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.Layer;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;

class TrainingCurveTest {

	static {
		System.setProperty("java.awt.headless", "true");
	}

	private static double train(final int epoch) {
		return 3 + 2 * Math.exp(-epoch / 10.0);
	}

	private static double validation(final int epoch) {
		return 3.2 + 2 * Math.exp(-epoch / 10.0) + 0.002 * (epoch - 40) * (epoch - 40) / 40.0;
	}

	private static double bestEpoch(final int epochs) {
		int best = 1;
		for (int e = 2; e <= epochs; e++) if (validation(e) < validation(best)) best = e;
		return best;
	}

	private static ValueMarker bestMarker(final XYPlot plot) {
		final Collection<?> markers = plot.getDomainMarkers(Layer.BACKGROUND);
		assertEquals(1, markers.size());
		return (ValueMarker) markers.iterator().next();
	}

	/**
	 * A first epoch of 8.3 million nats (a 16-coupling flow on the moons) next to values near 1:
	 * the axis shows the rest of the curve and a line names the epoch left above it; an
	 * ordinary curve keeps every value on its axis and has no such line.
	 */
	@Test
	void aSpikeFarAboveTheRestIsLeftAboveTheScaleAndNamed() {
		final double[] t = new double[30];
		final double[] v = new double[30];
		for (int e = 1; e <= 30; e++) {
			t[e - 1] = e == 1 ? 8.3e6 : 1 + Math.exp(-e / 5.0);
			v[e - 1] = 1.1 + Math.exp(-e / 5.0);
		}
		final JFreeChart chart = TrainingCurve.of(t, v).createChart();
		final org.jfree.data.Range range = chart.getXYPlot().getRangeAxis().getRange();
		assertTrue(range.getUpperBound() < 3 && range.getLowerBound() > 0.8, range.toString());
		assertTrue(subtitles(chart).contains("above the scale: training NLL of epoch 1, 8.30e+06"), subtitles(chart));
		t[0] = 1 + Math.exp(-0.2);
		final JFreeChart ordinary = TrainingCurve.of(t, v).createChart();
		assertTrue(ordinary.getXYPlot().getRangeAxis().getRange().contains(t[0]));
		assertTrue(!subtitles(ordinary).contains("above the scale"), subtitles(ordinary));
	}

	private static String subtitles(final JFreeChart chart) {
		final StringBuilder b = new StringBuilder();
		for (int i = 0; i < chart.getSubtitleCount(); i++) {
			if (chart.getSubtitle(i) instanceof org.jfree.chart.title.TextTitle) b.append(((org.jfree.chart.title.TextTitle) chart.getSubtitle(i)).getText()).append('\n');
		}
		return b.toString();
	}

	@Test
	void historyBecomesTwoSeriesAndMarksTheBestValidationEpoch() {
		final double[] t = new double[80];
		final double[] v = new double[80];
		for (int e = 1; e <= 80; e++) {
			t[e - 1] = train(e);
			v[e - 1] = validation(e);
		}
		final XYPlot plot = TrainingCurve.of(t, v).createChart().getXYPlot();
		final XYDataset data = plot.getDataset();
		assertEquals(2, data.getSeriesCount());
		assertEquals(80, data.getItemCount(0));
		assertEquals(80, data.getItemCount(1));
		assertEquals(1.0, data.getXValue(0, 0));
		assertEquals(train(1), data.getYValue(0, 0));
		assertEquals(validation(80), data.getYValue(1, 79));
		assertEquals(bestEpoch(80), bestMarker(plot).getValue());
		assertEquals("epoch", plot.getDomainAxis().getLabel());
	}

	@Test
	void withoutValidationThereIsOneSeriesAndNoMarker() {
		final TrainingCurve curve = TrainingCurve.of(new double[] { 5, 4, 3.5 }, null);
		final XYPlot plot = curve.createChart().getXYPlot();
		assertEquals(1, plot.getDataset().getSeriesCount());
		assertEquals(3, plot.getDataset().getItemCount(0));
		assertTrue(plot.getDomainMarkers(Layer.BACKGROUND) == null || plot.getDomainMarkers(Layer.BACKGROUND)
			.isEmpty());
	}

	@Test
	void diversionsLeaveGaps() {
		final TrainingCurve curve = new TrainingCurve();
		curve.addEpoch(1, 2, 2.1);
		curve.addEpoch(2, Double.POSITIVE_INFINITY, Double.NaN);
		curve.addEpoch(3, 1.5, 1.7);
		final XYDataset data = curve.createChart().getXYPlot().getDataset();
		assertTrue(Double.isNaN(data.getYValue(0, 1)));
		assertEquals(2, data.getItemCount(1)); // validation has epochs 1 and 3 only
		assertEquals(3, curve.size());
	}

	@Test
	void panelFollowsEpochsAddedFromAWorkerThread() throws Exception {
		final TrainingCurve curve = new TrainingCurve();
		curve.addEpoch(1, train(1), validation(1));
		final AtomicReference<JComponent> panel = new AtomicReference<>();
		SwingUtilities.invokeAndWait(() -> panel.set(curve.createPanel()));
		final JFreeChart live = ((ChartPanel) panel.get()).getChart();
		assertEquals(1, live.getXYPlot().getDataset().getItemCount(0));

		final AtomicReference<Throwable> failure = new AtomicReference<>();
		final Thread trainer = new Thread(() -> {
			try {
				for (int e = 2; e <= 300; e++) curve.addEpoch(e, train(e), validation(e));
			}
			catch (final Throwable t) {
				failure.set(t);
			}
		}, "trainer");
		trainer.start();
		// export while training runs: snapshots never touch the live chart
		for (int i = 0; i < 5; i++) {
			final BufferedImage image = FigureExport.toImage(curve, 400, 300);
			assertEquals(400, image.getWidth());
		}
		trainer.join();
		assertEquals(null, failure.get());
		SwingUtilities.invokeAndWait(() -> {}); // let queued updates run
		SwingUtilities.invokeAndWait(() -> {
			final XYDataset data = live.getXYPlot().getDataset();
			assertEquals(300, data.getItemCount(0));
			assertEquals(300, data.getItemCount(1));
			for (int i = 0; i < 300; i++) assertEquals(i + 1.0, data.getXValue(0, i));
			assertEquals(bestEpoch(300), bestMarker(live.getXYPlot()).getValue());
		});
		assertEquals(300, curve.createChart().getXYPlot().getDataset().getItemCount(0));
	}

	@Test
	void exportsHeadless() {
		final TrainingCurve curve = TrainingCurve.of(new double[] { 4, 3, 2.5, 2.4 }, new double[] { 4.1, 3.2, 2.7,
			2.8 });
		final BufferedImage image = FigureExport.toImage(curve, 720, 460);
		assertEquals(720, image.getWidth());
		assertEquals(460, image.getHeight());
		final int train = PlotColors.TRAIN.getRGB() & 0xFFFFFF;
		final int validation = PlotColors.VALIDATION.getRGB() & 0xFFFFFF;
		int t = 0;
		int v = 0;
		for (int y = 0; y < 460; y++) {
			for (int x = 0; x < 720; x++) {
				final int rgb = image.getRGB(x, y) & 0xFFFFFF;
				if (rgb == train) t++;
				if (rgb == validation) v++;
			}
		}
		assertTrue(t > 100 && v > 100, "line pixels: train " + t + ", validation " + v);
	}
}
