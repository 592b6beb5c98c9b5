package sc.fiji.flowmodels.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Dimension;
import java.awt.EventQueue;
import java.awt.Rectangle;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collection;
import java.util.Locale;
import java.util.Random;

import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.ui.Layer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;

import sc.fiji.flowmodels.plot.FigureExport;
import sc.fiji.flowmodels.plot.TrainingCurve;

/**
 * Issue 18 in a real ImageJ: what a biologist meets in the first hour. A training that kept
 * its initial weights says so on its curve and in the Log; the Stop button says "Done"; figure
 * windows are named after their model and table, reused, placed on screen and closed by
 * File › Close All.
 */
class FirstHourTest {

	@TempDir
	static Path dir;

	/** 300 cells like the issue's: a log-normal Area, a Mean that follows it, uniform X, Y. */
	static Path cells;

	@BeforeAll
	static void start() throws Exception {
		ImageJFixture.start();
		cells = dir.resolve("cells.csv");
		final Random r = new Random(3);
		final StringBuilder b = new StringBuilder("Area,Mean,X,Y\n");
		for (int i = 0; i < 300; i++) {
			final double area = Math.exp(5.5 + 0.35 * r.nextGaussian());
			b.append(String.format(Locale.ROOT, "%.0f,%.3f,%.2f,%.2f%n", area, 80 + 0.02 * area + 8 * r.nextGaussian(), 1024 * r.nextDouble(), 1024 * r.nextDouble()));
		}
		ImageJFixture.write(cells, b.toString());
	}

	/**
	 * On these cells (X and Y have no shape to learn), with 8 couplings of [256, 256] and no column
	 * shapes (the default before hidden=auto; the small auto size with column shapes does learn the
	 * uniform X and Y), no epoch beats the initial weights: the
	 * Log warns with what to try, the curve marks epoch 0 as the best and carries the warning,
	 * and the Stop button says how training ended.
	 */
	@Test
	void aTrainingThatKeptTheInitialWeightsSaysSo() throws Exception {
		IJ.log("\\Clear");
		final Path model = dir.resolve("cells.json");
		Gui.inThread("train", () -> IJ.run("Train", "input=[" + cells + "] columns=Area,Mean,X,Y model=[" + model + "] hidden=256,256 couplings=8 marginal=none epochs=20"));
		final String log = IJ.getLog();
		assertTrue(log.contains("kept the initial weights; model written to"), log);
		assertTrue(log.contains("Train: warning: the model kept its initial weights: no epoch fitted the validation rows better than the untrained flow"), log);
		assertTrue(log.contains("Try: leave out columns that are positions or indices (X, Y, Slice, ...)"), log);

		final FigureWindow w = FigureWindow.find("training curve of cells.csv (cells.json)");
		assertNotNull(w, "the training curve window");
		final TrainingCurve curve = (TrainingCurve) w.figure();
		assertTrue(curve.warning().startsWith("Warning: the model kept its initial weights"), curve.warning());
		assertTrue(curve.ending().endsWith("kept the initial weights"), curve.ending());
		final Collection<?> markers = curve.createChart().getXYPlot().getDomainMarkers(Layer.BACKGROUND);
		final ValueMarker best = (ValueMarker) markers.iterator().next();
		assertEquals(0, best.getValue(), 0);
		assertEquals("best validation: epoch 0 (initial weights)", best.getLabel());
		EventQueue.invokeAndWait(() -> {});
		assertEquals("Done", w.stopLabel());
		assertTrue(w.statusText().startsWith("Training ended: stopped early") || w.statusText().startsWith("Training ended: completed"), w.statusText());
		// for a person to look at
		FigureExport.writePng(curve, Paths.get("target", "fiji-initial-weights-curve.png"), 720, 460);
	}

	/**
	 * Encoding the same table with the same model again fills the same windows; every window
	 * opens inside the screen without covering the ImageJ bar; File › Close All closes them.
	 */
	@Test
	void windowsAreReusedPlacedAndClosedByCloseAll() throws Exception {
		final Path model = dir.resolve("moons.json");
		Gui.inThread("moons", () -> {
			IJ.run("Sample Data", "dataset=moons samples=300 output=moons300");
			IJ.run("Train", "input=moons300 model=[" + model + "] hidden=16,16 couplings=2 epochs=3");
			IJ.run("Encode/Decode", "model=[" + model + "] input=moons300 output=enc1 outliers=3");
		});
		final FigureWindow first = FigureWindow.find("data to latent of moons300 (moons.json)");
		assertNotNull(first);
		Gui.inThread("again", () -> IJ.run("Encode/Decode", "model=[" + model + "] input=moons300 output=enc1 outliers=4"));
		assertSame(first, FigureWindow.find("data to latent of moons300 (moons.json)"), "the same window");
		int named = 0;
		for (final FigureWindow w : FigureWindow.all()) {
			if (w.getTitle().equals(first.getTitle())) named++;
			final Rectangle screen = ij.gui.GUI.getMaxWindowBounds(w);
			assertTrue(screen.contains(w.getBounds()), w.getTitle() + " " + w.getBounds() + " on " + screen);
		}
		assertEquals(1, named);

		Gui.inThread("close all", () -> IJ.run("Close All"));
		EventQueue.invokeAndWait(() -> {});
		assertTrue(FigureWindow.all().isEmpty(), "Close All closes the figure windows");
	}

	/** Encode with a blank input encodes the frontmost table and names it in the Log. */
	@Test
	void aBlankInputIsNamedInTheLog() throws Exception {
		final Path model = dir.resolve("front.json");
		IJ.log("\\Clear");
		Gui.inThread("front", () -> {
			IJ.run("Sample Data", "dataset=gmm8 samples=200 output=front200");
			IJ.run("Train", "input=front200 model=[" + model + "] hidden=8 couplings=2 epochs=2");
		});
		EventQueue.invokeAndWait(() -> {});
		Thread.sleep(300);
		EventQueue.invokeAndWait(() -> ij.WindowManager.setWindow(ij.WindowManager.getWindow("front200")));
		Gui.inThread("encode", () -> IJ.run("Encode/Decode", "model=[" + model + "] input=[] output=frontEncoded outliers=2"));
		assertTrue(IJ.getLog().contains("Encode/Decode: input is the frontmost table, front200"), IJ.getLog());
	}

	/** Placement on a 1366×768 screen with the ImageJ bar at its top: below the bar, inside the screen. */
	@Test
	void placementOnASmallScreen() {
		final Rectangle screen = new Rectangle(0, 0, 1366, 768 - 40); // a task bar of 40 pixels
		final Rectangle bar = new Rectangle(0, 0, 1366, 100);
		final Rectangle area = FigureWindow.usableArea(screen, bar);
		assertEquals(new Rectangle(0, 104, 1366, 624), area);
		for (final Dimension d : new Dimension[] { new Dimension(1200, 600), new Dimension(760, 680), new Dimension(720, 500) }) {
			for (int k = 0; k < 12; k++) {
				final Rectangle r = FigureWindow.place(d, area, k);
				assertTrue(area.contains(r), d + " #" + k + ": " + r);
				assertTrue(!r.intersects(bar), d + " #" + k + ": " + r);
			}
		}
		// a bar in the middle of the left edge leaves the larger band to its right
		assertEquals(new Rectangle(404, 0, 962, 728), FigureWindow.usableArea(screen, new Rectangle(0, 300, 400, 100)));
		assertEquals(screen, FigureWindow.usableArea(screen, null));

		// a figure beside an image: to its right when there is room, smaller when needed, never over it
		final Dimension figure = new Dimension(720, 540);
		assertEquals(new Rectangle(650, 110, 716, 537), FigureWindow.beside(figure, new Rectangle(0, 110, 650, 500), area));
		final Rectangle image = new Rectangle(0, 104, 810, 630);
		final Rectangle r = FigureWindow.beside(figure, image, area);
		assertTrue(area.contains(r) && !r.intersects(image) && r.width >= 360, r.toString());
	}

}
