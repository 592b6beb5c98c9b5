package sc.fiji.flowmodels.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.EventQueue;
import java.awt.Rectangle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.Roi;
import ij.measure.ResultsTable;
import ij.plugin.filter.Analyzer;
import ij.plugin.frame.RoiManager;

import sc.fiji.flowmodels.plot.PlotColors;

/**
 * Issue 14 in a real ImageJ: Plugins › Flow › Particle Demo end to end (an image of cells,
 * Analyze Particles with "Add to Manager", Train, Encode), the outliers marked on the cells' own
 * ROIs (names, colour, count unchanged, marks replaced on a re-run), a count mismatch falling
 * back to points, and the macro in a fresh ImageJ with -batch.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ParticlesTest {

	@TempDir
	static Path dir;

	private static final Pattern OUTLIER = Pattern.compile("outlier (\\d+) \\(row (\\d+)\\)");
	private static String model;

	@BeforeAll
	static void start() throws Exception {
		ImageJFixture.start();
		final RoiManager rm = RoiManager.getRawInstance();
		if (rm != null) EventQueue.invokeAndWait(rm::reset);
	}

	@AfterAll
	static void close() throws Exception {
		final RoiManager rm = RoiManager.getRawInstance();
		// emptied first: closing a manager whose ROIs are shown asks whether to keep them as an overlay
		if (rm != null) EventQueue.invokeAndWait(() -> {
			rm.reset();
			rm.close();
		});
		final ImagePlus cells = WindowManager.getImage("cells");
		if (cells != null) {
			cells.changes = false; // a drawn image: no "save changes?" question
			cells.close();
		}
	}

	/** The menu item runs macros/flow_particles.ijm: the odd cells end up outlined as outliers. */
	@Test
	@Order(1)
	void particleDemoOutlinesTheOddCells() throws Exception {
		IJ.log("\\Clear");
		Gui.inThread("Particle Demo", () -> IJ.run("Particle Demo", "cells=80 outliers=4 epochs=40 folder=[" + dir + "]"));
		model = dir.resolve("cells.json").toString();
		final String log = IJ.getLog();
		assertTrue(log.contains("Flow particles: done; 4 outlier cells marked in the ROI Manager"), log);
		assertTrue(log.contains("(left out: X, Y, BX, BY, FeretX, FeretY (positions); Angle, FeretAngle (orientations); Slice (indices))"), log);

		final RoiManager rm = RoiManager.getInstance();
		final ResultsTable results = Analyzer.getResultsTable();
		assertEquals(results.size(), rm.getCount(), "one ROI per row, none added or removed");
		final List<Integer> rows = marked(rm, 4);
		// the four odd cells are the four outliers: the two giants (largest Area), the long one
		// (largest aspect ratio) and the small bright one (largest Mean); with Train's auto size, not
		// with the 2 couplings of [64,64] the demo asked for before, which ranked the bright one 10th
		final java.util.Set<Integer> odd = new java.util.HashSet<>(java.util.Arrays.asList(largest(results, "Area", 0), largest(results, "Area", 1), largest(results, "AR", 0), largest(results, "Mean", 0)));
		assertEquals(4, odd.size(), "four different odd cells " + odd);
		assertEquals(odd, new java.util.HashSet<>(rows), log);
		final ResultsTable encoded = ResultsTable.getResultsTable("cell outliers");
		for (int k = 0; k < 4; k++) assertEquals(k + 1, encoded.getValue("outlier_rank", rows.get(k)), 0);

		// the figure beside the image
		final FigureWindow figure = FigureWindow.find("outliers stay outliers of Results (cells.json)");
		assertNotNull(figure);
		final Rectangle image = WindowManager.getImage("cells").getWindow().getBounds();
		assertFalse(figure.getBounds().intersects(image), figure.getBounds() + " over the image " + image);

		// for a person to look at: the image with its outlines, as ImageJ draws them
		final ImagePlus flat = WindowManager.getImage("cells").flatten();
		IJ.saveAs(flat, "PNG", Paths.get("target", "fiji-particles-outlined.png").toString());
	}

	/** Encoding again replaces the marks: the earlier outliers get their name and look back. */
	@Test
	@Order(2)
	void encodingAgainReplacesTheMarks() throws Exception {
		final RoiManager rm = RoiManager.getInstance();
		final int count = rm.getCount();
		final List<String> names = names(rm);
		Gui.inThread("again", () -> IJ.run("Encode/Decode", "model=[" + model + "] input=Results outliers=2 output=[cell outliers]"));
		assertEquals(count, rm.getCount());
		final List<Integer> rows = marked(rm, 2);
		for (int i = 0; i < count; i++) {
			if (rows.contains(i)) continue;
			final Roi roi = rm.getRoi(i);
			assertFalse(roi.getName().startsWith("outlier"), roi.getName());
			assertNull(roi.getStrokeColor(), "row " + (i + 1) + " keeps its look");
			assertEquals(1, roi.getStrokeWidth(), 1, "row " + (i + 1));
		}
		// the same twice: the same marks
		Gui.inThread("again", () -> IJ.run("Encode/Decode", "model=[" + model + "] input=Results outliers=2 output=[cell outliers]"));
		assertEquals(rows, marked(rm, 2));
		assertEquals(count, rm.getCount());
		assertEquals(names.size(), names(rm).size());
	}

	/**
	 * One ROI more than rows: one Log line, nothing renamed; with x and y, points instead (once,
	 * named after the table), and the particle marks of that table removed.
	 */
	@Test
	@Order(3)
	void aCountMismatchSaysSoAndFallsBackToPoints() throws Exception {
		final RoiManager rm = RoiManager.getInstance();
		final int rows = Analyzer.getResultsTable().size();
		EventQueue.invokeAndWait(() -> rm.add((ImagePlus) null, new Roi(1, 1, 5, 5), -1));
		IJ.log("\\Clear");
		Gui.inThread("mismatch", () -> IJ.run("Encode/Decode", "model=[" + model + "] input=Results outliers=3 output=[cell outliers]"));
		assertTrue(IJ.getLog().contains("Encode/Decode: the ROI Manager holds " + (rows + 1) + " ROIs for the " + rows + " rows of Results, so the outliers are not marked on them"), IJ.getLog());
		assertEquals(0, marked(rm, 0).size());

		Gui.inThread("points", () -> IJ.run("Encode/Decode", "model=[" + model + "] input=Results outliers=3 x=X y=Y output=[cell outliers]"));
		Gui.inThread("points again", () -> IJ.run("Encode/Decode", "model=[" + model + "] input=Results outliers=3 x=X y=Y output=[cell outliers]"));
		assertEquals(rows + 1 + 3, rm.getCount(), "three points, once");
		final ResultsTable encoded = ResultsTable.getResultsTable("cell outliers");
		for (int k = 0; k < 3; k++) {
			final Roi p = rm.getRoi(rows + 1 + k);
			final Matcher m = Pattern.compile("outlier (\\d+) \\(row (\\d+) of Results\\)").matcher(p.getName());
			assertTrue(m.matches(), p.getName());
			final int row = Integer.parseInt(m.group(2)) - 1;
			assertEquals(k + 1, encoded.getValue("outlier_rank", row), 0);
			assertEquals(Analyzer.getResultsTable().getValue("X", row), p.getFloatPolygon().xpoints[0], 1e-4);
		}
	}

	/** The macro in a fresh ImageJ with -batch: the outlined image and the figure as PNG files. */
	@Test
	@Order(4)
	void theMacroRunsUnattended() throws Exception {
		final Path folder = dir.resolve("batch");
		final Path macro = Paths.get(System.getProperty("basedir", "."), "macros", "flow_particles.ijm");
		final String out = ImageJFixture.runBatch(macro, 180, "cells=60 outliers=3 epochs=20 folder=[" + folder + "]");
		assertTrue(out.contains("Flow particles: done; 3 outlier cells marked in the ROI Manager"), out);
		assertTrue(Files.size(folder.resolve("cells-outliers.png")) > 10_000, out);
		assertTrue(Files.size(folder.resolve("outliers-stay-outliers.png")) > 10_000, out);
		assertFalse(out.contains("Exception"), out);
	}

	/**
	 * The rows whose ROIs are marked, in rank order, checking that there are {@code k}, named
	 * "outlier k (row r)" for their own row r, in the outlier colour.
	 */
	private static List<Integer> marked(final RoiManager rm, final int k) {
		final List<Integer> rows = new ArrayList<>();
		for (int i = 0; i < rm.getCount(); i++) {
			final Roi roi = rm.getRoi(i);
			final Matcher m = OUTLIER.matcher(roi.getName());
			if (!m.matches()) continue;
			final int rank = Integer.parseInt(m.group(1)), row = Integer.parseInt(m.group(2)) - 1;
			assertEquals(i, row, "the ROI of row " + (row + 1) + " is that row's own");
			assertEquals(PlotColors.ENCODE_HIGHLIGHT, roi.getStrokeColor(), roi.getName());
			assertEquals(OutlierMarks.MARK_WIDTH, roi.getStrokeWidth(), 0);
			while (rows.size() < rank) rows.add(-1);
			rows.set(rank - 1, row);
		}
		assertEquals(k, rows.size(), "marked: " + rows);
		assertFalse(rows.contains(-1), rows.toString());
		return rows;
	}

	private static List<String> names(final RoiManager rm) {
		final List<String> n = new ArrayList<>();
		for (int i = 0; i < rm.getCount(); i++) n.add(rm.getRoi(i).getName());
		return n;
	}

	/** The row of the {@code place}-th largest value of a column (0: the largest). */
	private static int largest(final ResultsTable rt, final String column, final int place) {
		final double[] v = rt.getColumn(column);
		final Integer[] order = new Integer[v.length];
		for (int i = 0; i < v.length; i++) order[i] = i;
		java.util.Arrays.sort(order, (a, b) -> Double.compare(v[b], v[a]));
		return order[place];
	}
}
