package sc.fiji.flowmodels.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.EventQueue;
import java.awt.Frame;
import java.awt.Window;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import ij.IJ;
import ij.WindowManager;
import ij.gui.MessageDialog;
import ij.gui.MultiLineLabel;
import ij.measure.ResultsTable;
import ij.text.TextWindow;

import sc.fiji.flowmodels.flow.Architecture;
import sc.fiji.flowmodels.io.ModelFile;
import sc.fiji.flowmodels.train.Trainer;
import sc.fiji.flowmodels.train.TrainingOptions;

/**
 * Every class of bad table in ImageJ/Fiji, through the menu commands: results tables by title
 * and CSV files by path. Run interactively, the message (naming table, row and column) is an
 * error dialog; in a batch-mode macro it is one line in the Log and the macro stops. Either way
 * the table is left exactly as it was (an encode into its own table adds no column) and no
 * model, table or window is created.
 */
class FijiBadTablesTest {

	@TempDir
	static Path dir;

	static String model;

	/** The title of the case's results table, when it has one. */
	private String title;

	@BeforeAll
	static void start() throws Exception {
		ImageJFixture.start();
		final Random r = new Random(3);
		final DMatrixRMaj x = new DMatrixRMaj(200, 2);
		for (int i = 0; i < x.data.length; i++) x.data[i] = r.nextGaussian();
		final Path m = dir.resolve("xy model.json");
		ModelFile.write(Trainer.train(x, Arrays.asList("x", "y"), new Architecture(2, new int[] { 8 }, 2, 2, Architecture.PermutationKind.REVERSE), new TrainingOptions().epochs(2), null), m);
		model = m.toString();
		Files.write(dir.resolve("ragged.csv"), "x,y\n1,2\n3,4,5\n".getBytes(StandardCharsets.UTF_8));
		Files.write(dir.resolve("duplicate.csv"), "x,y,x\n1,2,3\n4,5,6\n".getBytes(StandardCharsets.UTF_8));
		Files.write(dir.resolve("unnamed.csv"), "x,,y\n1,2,3\n4,5,6\n".getBytes(StandardCharsets.UTF_8));
	}

	@AfterEach
	void closeTable() throws Exception {
		if (title == null) return;
		final Window w = WindowManager.getWindow(title);
		if (w instanceof TextWindow) EventQueue.invokeAndWait(() -> ((TextWindow) w).close(false));
	}

	private static final String ENCODE = "Encode/Decode", TRAIN = "Train";

	/**
	 * name, the table as CSV text (null: no table is opened), the command, its options ({@code @}
	 * stands for the test folder, {@code T} for the table's title), what the message says.
	 */
	static Stream<Arguments> cases() {
		final String encodeInPlace = "model=[M] direction=encode input=[T] output=[T]";
		final String train = "input=[T] model=[@/new.json] hidden=8 couplings=2 epochs=2";
		return Stream.of(
			Arguments.of("no such table", null, ENCODE, encodeInPlace, "no table 'bad no such table' is open"),
			Arguments.of("missing file", null, ENCODE, "model=[M] input=[@/missing.csv] output=[@/out.csv]", "missing.csv: file not found"),
			Arguments.of("empty table", "x,y\n", ENCODE, encodeInPlace, "bad empty table: the table has no data rows"),
			Arguments.of("one row", "x,y\n1,2\n", TRAIN, train, "bad one row: training needs at least 2 rows, the table has 1"),
			Arguments.of("text in a numeric cell", "x,y\n1,2\n3,abc\n4,5\n", ENCODE, encodeInPlace, "bad text in a numeric cell, row 2, column \"y\": \"abc\" is not a number"),
			Arguments.of("NaN cell", "x,y\n1,2\nNaN,4\n5,6\n", ENCODE, encodeInPlace, "bad NaN cell, row 2, column \"x\": \"NaN\" is not a finite number"),
			Arguments.of("infinite cell", "x,y\n1,2\n3,Infinity\n5,6\n", TRAIN, train, "bad infinite cell, row 2, column \"y\": \"Infinity\" is not a finite number"),
			Arguments.of("constant columns", "x,y\n5,1\n5,1\n5,1\n", TRAIN, train, "bad constant columns, column \"x\": every value is 5"),
			Arguments.of("text column chosen for training", "x,label\n1,a\n2,b\n", TRAIN, train + " columns=x,label", "column \"label\""),
			Arguments.of("columns the model does not know", "a,b\n1,2\n3,4\n", ENCODE, encodeInPlace, "missing columns x, y"),
			Arguments.of("already encoded", "x,y,z1\n1,2,3\n4,5,6\n", ENCODE, encodeInPlace, "bad already encoded: the table already has a column \"z1\""),
			Arguments.of("ragged CSV file", null, ENCODE, "model=[M] input=[@/ragged.csv] output=[@/out.csv]", "ragged.csv, row 2 (line 3): 3 cells, but the header has 2 columns"),
			Arguments.of("duplicate column names", null, ENCODE, "model=[M] input=[@/duplicate.csv] output=[@/out.csv]", "column \"x\" appears twice in the header"),
			Arguments.of("missing column name", null, TRAIN, "input=[@/unnamed.csv] model=[@/new.json]", "column 2 has no name in the header"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void reportedWithoutChangingAnything(final String name, final String csv, final String command,
		final String options, final String phrase) throws Exception
	{
		title = "bad " + name;
		if (csv != null) open(title, csv);
		final String opts = options.replace("[M]", "[" + model + "]").replace("[T]", "[" + title + "]").replace("@", dir.toString());
		IJ.log("\\Clear");
		final String before = TableDump.table(title);
		final int windows = WindowManager.getNonImageWindows().length, images = WindowManager.getImageCount();

		// interactive: an error dialog titled with the command
		final String shown = dialogOf(command, opts);
		assertTrue(squeeze(shown).contains(squeeze(phrase)), "'" + phrase + "' not in the dialog: " + shown);
		assertFalse(shown.contains("Exception"), shown);

		// batch mode: one line in the Log, and the macro stops there
		runMacro("setBatchMode(true);\nrun(\"" + command + "\", \"" + opts.replace("\\", "\\\\").replace("\"", "\\\"") + "\");\nprint(\"NOT REACHED\");\n");
		final String log = IJ.getLog();
		assertTrue(log.contains(command + ": "), log);
		assertTrue(log.contains(phrase), "'" + phrase + "' not in the log: " + log);
		assertFalse(log.contains("NOT REACHED"), log);
		assertFalse(log.contains("Exception"), log);

		// nothing changed or created
		assertEquals(before, TableDump.table(title), "the table is as it was");
		assertEquals(windows, WindowManager.getNonImageWindows().length, "no table or window added");
		assertEquals(images, WindowManager.getImageCount(), "no image added");
		assertFalse(Files.exists(dir.resolve("new.json")), "no model written");
		assertFalse(Files.exists(dir.resolve("out.csv")), "no table written");
	}

	/** A results table from CSV text: numbers where the cell parses as one, text otherwise. */
	private static void open(final String title, final String csv) throws Exception {
		final String[] lines = csv.split("\n");
		final String[] names = lines[0].split(",", -1);
		final ResultsTable rt = new ResultsTable();
		for (final String n : names) rt.setColumn(n, new ij.macro.Variable[0]);
		for (int i = 1; i < lines.length; i++) {
			rt.incrementCounter();
			final String[] cells = lines[i].split(",", -1);
			for (int j = 0; j < names.length; j++) {
				try {
					rt.setValue(names[j], i - 1, Double.parseDouble(cells[j]));
				}
				catch (final NumberFormatException e) {
					rt.setValue(names[j], i - 1, cells[j]);
				}
			}
		}
		EventQueue.invokeAndWait(() -> rt.show(title));
		assertNotNull(ResultsTable.getResultsTable(title), title);
	}

	/**
	 * Runs the command as a menu click with its options (no batch mode) and returns the text of
	 * the error dialog it shows, then closes the dialog.
	 */
	private static String dialogOf(final String command, final String options) throws Exception {
		final Thread t = new Thread(() -> {
			try {
				IJ.run(command, options);
			}
			catch (final RuntimeException e) {
				// IJ.run with options ends its thread this way after an error, as for a macro
				if (!ij.Macro.MACRO_CANCELED.equals(e.getMessage())) throw e;
			}
		}, "bad table");
		t.start();
		// close the dialog once it has been up a moment (a dispose racing the modal dialog's
		// start-up can be lost, leaving the command waiting), and again until the command ends
		final java.util.Map<MessageDialog, Long> seen = new java.util.IdentityHashMap<>();
		String text = null;
		final long end = System.currentTimeMillis() + 60_000;
		long lastSweep = 0;
		while (t.isAlive() && System.currentTimeMillis() < end) {
			Thread.sleep(20);
			final long now = System.currentTimeMillis();
			for (final Window w : Window.getWindows()) {
				if (w instanceof MessageDialog && w.isShowing() && command.equals(((MessageDialog) w).getTitle()) && !seen.containsKey(w)) {
					seen.put((MessageDialog) w, now);
					text = text == null ? text((MessageDialog) w) : text + "\n--- another dialog:\n" + text((MessageDialog) w);
				}
			}
			if (now - lastSweep >= 500) {
				lastSweep = now;
				for (final java.util.Map.Entry<MessageDialog, Long> e : seen.entrySet()) {
					if (now - e.getValue() >= 300) EventQueue.invokeAndWait(e.getKey()::dispose);
				}
			}
		}
		assertNotNull(text, "an error dialog titled " + command + "; the Log says: " + IJ.getLog());
		assertEquals(1, seen.size(), "one dialog: " + text);
		assertFalse(t.isAlive(), "the command ended after the dialog");
		return text;
	}

	private static String text(final MessageDialog d) throws ReflectiveOperationException {
		final Field label = MessageDialog.class.getDeclaredField("label");
		label.setAccessible(true);
		final Field lines = MultiLineLabel.class.getDeclaredField("lines");
		lines.setAccessible(true);
		return String.join("\n", (String[]) lines.get(label.get(d)));
	}

	/** Without white space: a dialog may break long lines. */
	private static String squeeze(final String s) {
		return s.replaceAll("\\s+", "");
	}

	private static void runMacro(final String macro) throws InterruptedException {
		final Thread t = new Thread(() -> IJ.runMacro(macro), "test_Macro$");
		t.start();
		t.join(60_000);
		if (t.isAlive()) {
			for (final Frame f : Frame.getFrames()) System.err.println("open: " + f.getTitle());
			throw new AssertionError("the macro did not finish: " + IJ.getLog());
		}
	}
}
