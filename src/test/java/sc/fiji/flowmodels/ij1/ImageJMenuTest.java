package sc.fiji.flowmodels.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Button;
import java.awt.Choice;
import java.awt.EventQueue;
import java.awt.Frame;
import java.awt.Menu;
import java.awt.MenuItem;
import java.awt.TextField;
import java.awt.Window;
import java.awt.event.ActionEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Vector;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import ij.Executer;
import ij.IJ;
import ij.ImagePlus;
import ij.Menus;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.gui.Roi;
import ij.measure.ResultsTable;
import ij.plugin.frame.Recorder;
import ij.plugin.frame.RoiManager;

/**
 * The plugin in a real ImageJ 1.x (under a display): installed from a jar in the plugins
 * folder, every menu command run with the recorder on (one through its dialog), the recorded
 * macro replayed by a fresh ImageJ with {@code -batch} giving the same tables and image,
 * outlier ROIs in the ROI Manager, and bad input in batch mode logged and aborting the macro
 * without touching any table.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ImageJMenuTest {

	private static final String[] TABLES = { "points", "Encoded", "Decoded", "Samples", "Consistency" };

	@TempDir
	static Path dir;

	private static String recorded;

	@BeforeAll
	static void startImageJ() throws Exception {
		ImageJFixture.start();
		Gui.freshRecorder();
		// IJ.run calls count as a macro: record them as a user's menu choices are recorded
		Recorder.recordInMacros = true;
	}

	@AfterAll
	static void closeWindows() throws Exception {
		Recorder.record = false;
		Recorder.recordInMacros = false;
		for (final Frame f : WindowManager.getNonImageWindows()) {
			if (f instanceof FigureWindow || f instanceof ij.text.TextWindow && !"Log".equals(f.getTitle())) {
				EventQueue.invokeAndWait(f::dispose);
				WindowManager.removeWindow(f);
			}
		}
		final RoiManager rm = RoiManager.getRawInstance();
		if (rm != null) EventQueue.invokeAndWait(rm::close);
		for (final int id : ids()) WindowManager.getImage(id).close();
	}

	private static int[] ids() {
		final int[] ids = WindowManager.getIDList();
		return ids == null ? new int[0] : ids;
	}

	@Test
	@Order(1)
	void flowMenuHoldsTheCommands() {
		final String adapter = "sc.fiji.flowmodels.ij1.CommandPlugin(\"sc.fiji.flowmodels.commands.";
		assertEquals(adapter + "SampleDataCommand\")", Menus.getCommands().get("Sample Data"));
		assertEquals(adapter + "TrainCommand\")", Menus.getCommands().get("Train"));
		assertEquals(adapter + "EncodeDecodeCommand\")", Menus.getCommands().get("Encode/Decode"));
		assertEquals(adapter + "CheckConsistencyCommand\")", Menus.getCommands().get("Check Consistency"));
		assertEquals(adapter + "DensityImageCommand\")", Menus.getCommands().get("Density Image"));
		assertEquals("ij.plugin.Macro_Runner(\"JAR:sc/fiji/flowmodels/macros/flow_demo.ijm\")", Menus.getCommands().get("Demo"));
		assertEquals("ij.plugin.Macro_Runner(\"JAR:sc/fiji/flowmodels/macros/flow_particles.ijm\")", Menus.getCommands().get("Particle Demo"));
		final Menu flow = Menus.getImageJMenu("Plugins>Flow");
		assertNotNull(flow, "Plugins > Flow menu");
		final List<String> items = new ArrayList<>();
		for (int i = 0; i < flow.getItemCount(); i++) {
			final MenuItem item = flow.getItem(i);
			if (!item.getLabel().equals("-")) items.add(item.getLabel());
		}
		assertEquals(Arrays.asList("Sample Data", "Train", "Encode/Decode", "Check Consistency", "Density Image", "Demo", "Particle Demo"), items);
	}

	/** Sample Data the way a user runs it: the menu item's dialog, filled in and OK'd. */
	@Test
	@Order(2)
	void dialogRunsAndRecords() throws Exception {
		final Thread menu = new Thread(() -> new Executer("Sample Data").run(), "Sample Data");
		menu.start();
		final GenericDialog gd = Gui.waitForDialog("Sample Data");
		EventQueue.invokeAndWait(() -> {
			final Vector<?> strings = gd.getStringFields();
			final Choice dataset = (Choice) gd.getChoices().get(0);
			dataset.select("moons");
			((TextField) strings.get(0)).setText("300"); // samples
			((TextField) strings.get(3)).setText("points"); // output
			final Button ok = gd.getButtons()[0];
			gd.actionPerformed(new ActionEvent(ok, ActionEvent.ACTION_PERFORMED, "OK"));
		});
		menu.join(30_000);
		assertFalse(menu.isAlive());
		final ResultsTable points = ResultsTable.getResultsTable("points");
		assertNotNull(points, "the table 'points'");
		assertEquals(300, points.size());
		assertTrue(Recorder.getInstance().getText().contains("run(\"Sample Data\", \"dataset=moons samples=300 noise=0.1 seed=1 output=points\");"), Recorder.getInstance().getText());
	}

	@Test
	@Order(3)
	void everyCommandRunsAndRecords() throws Exception {
		final String model = dir.resolve("moons model.json").toString();
		Gui.inThread("commands", () -> {
			IJ.run("Train", "input=points model=[" + model + "] hidden=16,16 couplings=4 coupling=spline epochs=6 batch=64");
			IJ.run("Encode/Decode", "model=[" + model + "] direction=encode input=points outliers=5 output=Encoded x=x y=y");
			IJ.run("Encode/Decode", "model=[" + model + "] direction=decode input=Encoded output=Decoded");
			IJ.run("Encode/Decode", "model=[" + model + "] direction=sample samples=200 output=Samples seed=3");
			IJ.run("Density Image", "model=[" + model + "] width=64 height=48 log output=density input=points outliers=5");
			IJ.run("Check Consistency", "model=[" + model + "] samples=200 output=Consistency");
		});
		assertTrue(Files.isRegularFile(dir.resolve("moons model.json")));
		recorded = Recorder.getInstance().getText();

		// every key recorded, in the dialog's order, so that the line replays on its own
		assertTrue(recorded.contains("run(\"Train\", \"input=points columns=[] model=[" + model + "] epochs=6 hidden=16,16 couplings=4 coupling=spline bins=8 tail=3 batch=64 lr=0.001 validation=0.1 patience=10 clamp=2 l2=0 seed=1 noise=0.03 marginal=auto\");"), recorded);
		assertTrue(recorded.contains("run(\"Density Image\", \"model=[" + model + "] width=64 height=48 xmin=[] xmax=[] ymin=[] ymax=[] dims=1,2 log output=density input=points outliers=5 score=density\");"), recorded);
		assertEquals(7, Gui.count(recorded, "run(\""), recorded);

		final ResultsTable encoded = ResultsTable.getResultsTable("Encoded");
		assertEquals(Arrays.asList("x", "y", "z1", "z2", "log_px", "log_pz", "log_det_j", "z_radius", "outlier_rank", "outlier", "radius_rank", "density_rank"), Arrays.asList(encoded.getHeadings()));
		assertEquals(Arrays.asList("x", "y", "log_px"), Arrays.asList(ResultsTable.getResultsTable("Decoded").getHeadings()));
		assertEquals(200, ResultsTable.getResultsTable("Samples").size());
		final ResultsTable consistency = ResultsTable.getResultsTable("Consistency");
		assertEquals("PASS", consistency.getStringValue("quantity", consistency.size() - 1));
		// readable: the verdict row has empty cells where it has no value (not NaN), differences
		// are in scientific notation, z in fixed decimals (not 2.914266E-1)
		assertEquals("", consistency.getStringValue("mean", consistency.size() - 1));
		assertTrue(consistency.getStringValue("max_abs", 2).contains("E-"), consistency.getStringValue("max_abs", 2));
		for (int i = 0; i < 20; i++) {
			final String z = encoded.getStringValue("z1", i);
			assertTrue(z.matches("-?\\d+\\.\\d{4}") || z.contains("E-") && Math.abs(encoded.getValue("z1", i)) < 1e-4, z);
		}

		final ImagePlus density = WindowManager.getImage("density");
		assertNotNull(density);
		assertEquals(32, density.getBitDepth());
		assertEquals(1 + 5, density.getOverlay().size(), "points and the 5 outliers as an overlay");
		assertEquals("[x]", density.getCalibration().getXUnit(), "the column x as a unit");
		// square pixels (blank ranges widen one axis), so ImageJ does not squash the picture, and
		// a header that reads "4.60 [x] x 3.45 [y] (64x48)", not "4.60 x x 3.45 y"
		assertEquals(density.getCalibration().pixelWidth, density.getCalibration().pixelHeight, 1e-12 * density.getCalibration().pixelWidth);
		final String header = density.getWindow().createSubtitle();
		assertTrue(header.matches("\\d+\\.\\d+ \\[x\\] x \\d+\\.\\d+ \\[y\\] \\(64x48\\); 32-bit.*"), header);

		// figures open as windows: the live training curve and the encode and sample pictures
		// named after what they show: the figure, the table and the model
		for (final String figure : new String[] { "training curve of points (moons model.json)", "data to latent of points (moons model.json)", "latent radius of points (moons model.json)", "latent to data of moons model.json", "density picture" }) {
			assertTrue(WindowManager.getWindow(figure) instanceof FigureWindow, figure);
		}
	}

	@Test
	@Order(4)
	void outliersAreRoisAtTheirImageCoordinates() {
		final RoiManager rm = RoiManager.getInstance();
		assertNotNull(rm);
		assertEquals(5, rm.getCount());
		final ResultsTable encoded = ResultsTable.getResultsTable("Encoded");
		// named after the table too, so that the outliers of two tables stay apart
		final Pattern name = Pattern.compile("outlier (\\d+) \\(row (\\d+) of points\\)");
		for (int i = 0; i < 5; i++) {
			final Roi roi = rm.getRoi(i);
			final Matcher m = name.matcher(roi.getName());
			assertTrue(m.matches(), roi.getName());
			final int rank = Integer.parseInt(m.group(1)), row = Integer.parseInt(m.group(2)) - 1;
			assertEquals(i + 1, rank);
			assertEquals(rank, encoded.getValue("outlier_rank", row), 0);
			assertEquals(encoded.getValue("x", row), roi.getFloatPolygon().xpoints[0], 1e-5);
			assertEquals(encoded.getValue("y", row), roi.getFloatPolygon().ypoints[0], 1e-5);
		}
	}

	/** The recorded macro, replayed by a fresh ImageJ with -batch, gives the same results. */
	@Test
	@Order(5)
	void recordedMacroReplaysToTheSameTables() throws Exception {
		assertNotNull(recorded);
		final Path here = Files.createDirectories(dir.resolve("here"));
		final Path there = Files.createDirectories(dir.resolve("there"));
		final StringBuilder macro = new StringBuilder(recorded);
		for (final String t : TABLES) {
			Files.write(here.resolve(t + ".txt"), TableDump.table(t).getBytes(StandardCharsets.UTF_8));
			macro.append("call(\"sc.fiji.flowmodels.ij1.TableDump.saveTable\", \"").append(t).append("\", \"").append(there.resolve(t + ".txt")).append("\");\n");
		}
		Files.write(here.resolve("density.txt"), TableDump.image("density").getBytes(StandardCharsets.UTF_8));
		macro.append("call(\"sc.fiji.flowmodels.ij1.TableDump.saveImage\", \"density\", \"").append(there.resolve("density.txt")).append("\");\n");
		macro.append("print(\"batch mode: \" + is(\"Batch Mode\") + \", rois: \" + roiManager(\"count\") + \", Encoded rows: \" + Table.size(\"Encoded\"));\n");
		macro.append("print(\"figures: \" + nImages);\n");
		// bad input ends the macro with one line in the log (standard output with -batch)
		macro.append("run(\"Train\", \"input=points model=[").append(dir.resolve("m2.json")).append("] epochs=-3\");\n");
		macro.append("print(\"NOT REACHED\");\n");
		final Path file = dir.resolve("replay.ijm");
		ImageJFixture.write(file, macro.toString());

		final String out = ImageJFixture.runBatch(file, 120);
		for (final String t : TABLES) {
			assertEquals(read(here.resolve(t + ".txt")), read(there.resolve(t + ".txt")), t + "\n" + out);
		}
		assertEquals(read(here.resolve("density.txt")), read(there.resolve("density.txt")));
		assertTrue(out.contains("batch mode: 1, rois: 5, Encoded rows: 300"), out);
		// the live curve is an image in batch mode; and data to latent, latent radius, outliers stay outliers, latent to data, density
		assertTrue(out.contains("figures: 6"), out);
		assertTrue(out.contains("Train: epochs must be at least 1, got -3"), out);
		assertFalse(out.contains("NOT REACHED"), out);
		assertFalse(out.contains("Exception"), out);
	}

	/** Bad input in a batch-mode macro: a log line, the macro stops, no table changes. */
	@Test
	@Order(6)
	void badInputInBatchModeAbortsWithoutChangingTables() throws Exception {
		IJ.log("\\Clear");
		final String before = TableDump.table("points");
		final int windows = WindowManager.getNonImageWindows().length;
		final String model = dir.resolve("moons model.json").toString();
		Gui.runMacro("setBatchMode(true);\n" + "run(\"Encode/Decode\", \"model=[" + model + "] input=points output=points x=nope y=y\");\n" + "print(\"NOT REACHED\");\n");
		Gui.runMacro("setBatchMode(true);\n" + "run(\"Train\", \"input=points model=[" + dir.resolve("m3.json") + "] epoch=5\");\n" + "print(\"NOT REACHED\");\n");
		final String log = IJ.getLog();
		assertTrue(log.contains("Encode/Decode: points: no column \"nope\""), log);
		assertTrue(log.contains("Train: unknown key 'epoch' (did you mean 'epochs'?); the keys of Train are: input, columns, model,"), log);
		assertFalse(log.contains("NOT REACHED"), log);
		assertFalse(log.contains("Exception"), log);
		assertEquals(before, TableDump.table("points"));
		assertEquals(windows, WindowManager.getNonImageWindows().length, "no table or window added");
		assertFalse(Files.exists(dir.resolve("m3.json")));
	}

	/** Plugins > Flow > Demo runs macros/flow_demo.ijm from the jar; a macro passes its keys. */
	@Test
	@Order(7)
	void demoRunsTheArticle() throws Exception {
		IJ.log("\\Clear");
		Gui.inThread("Demo", () -> IJ.run("Demo", "dataset=gmm8 samples=300 epochs=3 hidden=16,16 folder=[" + dir.resolve("demo") + "]"));
		final String log = IJ.getLog();
		assertTrue(log.contains("Flow demo: gmm8 done; consistency PASS"), log);
		for (final String t : new String[] { "gmm8", "gmm8 encoded", "gmm8 samples", "gmm8 consistency" }) {
			assertNotNull(ResultsTable.getResultsTable(t), t);
		}
		assertNotNull(WindowManager.getImage("gmm8 density"));
		assertTrue(Files.isRegularFile(dir.resolve("demo").resolve("gmm8").resolve("model.json")));
	}

	/** macros/flow_batch.ijm applies a model to every CSV file of a folder, unattended. */
	@Test
	@Order(8)
	void batchMacroProcessesAFolder() throws Exception {
		final Path tables = Files.createDirectories(dir.resolve("tables"));
		for (final String name : new String[] { "a", "b c" }) {
			sc.fiji.flowmodels.io.CsvWriter.write(tables.resolve(name + ".csv"), sc.fiji.flowmodels.data.Datasets.sampleTable("moons", 120, 0.1, name.length()));
		}
		final Path macro = java.nio.file.Paths.get(System.getProperty("basedir", "."), "macros", "flow_batch.ijm");
		final String out = ImageJFixture.runBatch(macro, 120, "model=[" + dir.resolve("moons model.json") + "] folder=[" + tables + "] outliers=4");
		for (final String name : new String[] { "a", "b c" }) {
			for (final String suffix : new String[] { "-encoded.csv", "-latent.png", "-radius.png", "-density.tif", "-density.png", "-consistency.csv" }) {
				assertTrue(Files.isRegularFile(tables.resolve(name + suffix)), name + suffix + "\n" + out);
			}
			assertTrue(out.contains(name + ".csv: 120 rows, PASS"), out);
		}
		assertTrue(out.contains("Flow batch: 2 tables in"), out);
		final sc.fiji.flowmodels.data.DataTable encoded = sc.fiji.flowmodels.io.CsvReader.read(tables.resolve("a-encoded.csv"));
		assertEquals(4, (int) Arrays.stream(encoded.numeric(encoded.indexOf("outlier"))).sum());
	}

	/**
	 * The live curve's "Stop training" button ends training early; the model is still written,
	 * and the button then says "Done" and how training ended. While that training runs, a
	 * second Train into the same file is refused.
	 */
	@Test
	@Order(9)
	void stopButtonEndsTraining() throws Exception {
		IJ.log("\\Clear");
		final Path model = dir.resolve("stopped.json");
		FigureWindow.closeAll();
		final Thread training = new Thread(() -> IJ.run("Train", "input=points model=[" + model + "] hidden=16,16 couplings=2 epochs=1000000 patience=0"), "training");
		training.setDaemon(true);
		training.start();
		FigureWindow window = null;
		Button stop = null;
		final long end = System.currentTimeMillis() + 20_000;
		while (stop == null && System.currentTimeMillis() < end) {
			Thread.sleep(50);
			final Window w = WindowManager.getWindow("training curve of points (stopped.json)");
			if (w instanceof FigureWindow && w.isShowing()) {
				window = (FigureWindow) w;
				stop = Gui.button(window, "Stop training");
			}
		}
		assertNotNull(stop, "a Stop training button");

		Gui.runMacro("setBatchMode(true);\nrun(\"Train\", \"input=points model=[" + model + "] epochs=2\");\nprint(\"NOT REACHED\");\n");
		assertTrue(IJ.getLog().contains("Train: model: " + model + " is being trained right now; wait until that training ends, or choose another file"), IJ.getLog());
		assertFalse(IJ.getLog().contains("NOT REACHED"), IJ.getLog());
		assertTrue(training.isAlive(), "the first training goes on");

		final Button button = stop;
		EventQueue.invokeAndWait(() -> button.dispatchEvent(new ActionEvent(button, ActionEvent.ACTION_PERFORMED, "Stop training")));
		training.join(30_000);
		assertFalse(training.isAlive());
		assertTrue(IJ.getLog().contains("cancelled in epoch"), IJ.getLog());
		assertTrue(Files.isRegularFile(model));
		EventQueue.invokeAndWait(() -> {});
		assertEquals("Done", window.stopLabel());
		assertFalse(button.isEnabled());
		assertTrue(window.statusText().startsWith("Training ended: cancelled in epoch"), window.statusText());
		assertEquals(1, Gui.count(windowTitles(), "training curve of points (stopped.json)"), "the finished curve in the live window");
	}

	private static String windowTitles() {
		final StringBuilder b = new StringBuilder();
		for (final FigureWindow w : FigureWindow.all()) b.append(w.getTitle()).append('\n');
		return b.toString();
	}

	/** output equal to input: the encode columns are added to the input table itself. */
	@Test
	@Order(10)
	void encodeIntoItsInputTable() throws Exception {
		final ResultsTable points = ResultsTable.getResultsTable("points");
		final String model = dir.resolve("moons model.json").toString();
		Gui.inThread("in place", () -> IJ.run("Encode/Decode", "model=[" + model + "] input=points output=points outliers=0"));
		assertTrue(points == ResultsTable.getResultsTable("points"), "the same table");
		assertEquals(Arrays.asList("x", "y", "z1", "z2", "log_px", "log_pz", "log_det_j", "z_radius", "outlier_rank", "outlier", "radius_rank", "density_rank"), Arrays.asList(points.getHeadings()));
		// outliers=0 here and 5 there: outlier_rank and outlier differ, the two full rank columns do not
		final String fourLast = "(\t[^\t]*){4}\t\n";
		assertEquals(TableDump.table("Encoded").replaceAll(fourLast, "\n"), TableDump.table("points").replaceAll(fourLast, "\n"), "same values but the outlier columns");
		assertEquals(column(ResultsTable.getResultsTable("Encoded"), "density_rank"), column(points, "density_rank"));
	}

	private static List<Double> column(final ResultsTable t, final String heading) {
		final List<Double> v = new ArrayList<>();
		for (int i = 0; i < t.size(); i++) v.add(t.getValue(heading, i));
		return v;
	}

	private static String read(final Path p) throws java.io.IOException {
		return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
	}
}
