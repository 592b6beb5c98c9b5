package sc.fiji.flowmodels.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Button;
import java.awt.Component;
import java.awt.Container;
import java.awt.Dialog;
import java.awt.EventQueue;
import java.awt.Frame;
import java.awt.TextField;
import java.awt.Window;
import java.awt.event.ActionEvent;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import javax.swing.JDialog;
import javax.swing.JFileChooser;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import ij.Executer;
import ij.IJ;
import ij.Prefs;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.gui.YesNoCancelDialog;
import ij.measure.ResultsTable;
import ij.plugin.frame.Recorder;

import sc.fiji.flowmodels.commands.CommandInputs;
import sc.fiji.flowmodels.commands.EncodeDecodeCommand;
import sc.fiji.flowmodels.commands.TrainCommand;

/**
 * The command dialogs of issue 18 in a real ImageJ, driven as a user drives them: current table
 * and model before remembered ones (and the dialog says what changed), the advanced part, errors
 * corrected in the dialog (in words, with the decimal-point hint), asking before replacing a
 * model, Browse opening a Save dialog, and the recorder writing the model actually used.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DialogTest {

	@TempDir
	static Path dir;

	/** Keys and values that keep every training here to a fraction of a second. */
	private static final String SMALL = "hidden=8 couplings=2 epochs=2";

	@BeforeAll
	static void start() throws Exception {
		ImageJFixture.start();
		Gui.freshRecorder();
		Gui.inThread("tables", () -> {
			IJ.run("Sample Data", "dataset=moons samples=200 output=tabA");
			IJ.run("Sample Data", "dataset=gmm8 samples=200 output=tabB");
		});
	}

	@AfterAll
	static void stop() throws Exception {
		Gui.closeRecorder();
	}

	/** Train's dialog leads with table, columns, model file and epochs; the rest opens on request. */
	@Test
	@Order(1)
	void trainLeadsWithWhatABiologistChooses() throws Exception {
		final Thread menu = open("Train");
		final GenericDialog gd = Gui.waitForDialog("Train");
		final TextField hidden = field(gd, TrainCommand.class, "hidden");
		assertTrue(field(gd, TrainCommand.class, "epochs").isVisible());
		assertFalse(hidden.isVisible(), "hidden layers are behind More settings");
		final Button more = Gui.button(gd, CommandDialog.MORE);
		assertNotNull(more);
		EventQueue.invokeAndWait(() -> more.dispatchEvent(new ActionEvent(more, ActionEvent.ACTION_PERFORMED, "")));
		assertTrue(hidden.isVisible());
		assertEquals(CommandDialog.FEWER, more.getLabel());
		// every setting shown, the dialog still fits a laptop's screen beside the table
		assertTrue(gd.getWidth() <= 1000, "the expanded Train dialog is " + gd.getWidth() + " pixels wide");
		assertTrue(Gui.text(gd).contains("Learns how the rows of a table are distributed"), Gui.text(gd));
		press(gd, 1); // Cancel
		menu.join(10_000);
	}

	/**
	 * A value the command refuses keeps the dialog: the message on top in words, the values as
	 * entered; corrected, the command runs and is recorded once, with the corrected values.
	 */
	@Test
	@Order(2)
	void errorsAreCorrectedInTheDialog() throws Exception {
		final Path model = dir.resolve("a.json");
		final int before = Gui.count(recorder(), "run(\"Train\"");
		final Thread menu = open("Train");
		GenericDialog gd = Gui.waitForDialog("Train");
		set(gd, TrainCommand.class, "input", "tabA");
		set(gd, TrainCommand.class, "model", "");
		set(gd, TrainCommand.class, "hidden", "8");
		set(gd, TrainCommand.class, "couplings", "2");
		set(gd, TrainCommand.class, "epochs", "2");
		set(gd, TrainCommand.class, "lr", "0,001");
		press(gd, 0);

		gd = next(gd);
		String text = Gui.text(gd);
		assertTrue(text.contains("Please correct: lr: '0,001' is not a number (write decimals with a point: 0.001)"), text);
		assertEquals("0,001", field(gd, TrainCommand.class, "lr").getText(), "the value as entered");
		assertTrue(field(gd, TrainCommand.class, "lr").isVisible(), "the advanced part is open: the error is there");
		set(gd, TrainCommand.class, "lr", "0.001");
		press(gd, 0);

		gd = next(gd);
		text = Gui.text(gd);
		assertTrue(text.contains("Please correct: model: a file to write the model to is needed"), text);
		assertFalse(text.contains("model=model.json"), "no macro syntax in a dialog: " + text);
		set(gd, TrainCommand.class, "model", model.toString());
		press(gd, 0);
		menu.join(60_000);
		assertFalse(menu.isAlive());
		assertTrue(Files.isRegularFile(model));
		final String rec = recorder();
		assertEquals(before + 1, Gui.count(rec, "run(\"Train\""), rec);
		assertTrue(rec.contains("run(\"Train\", \"input=tabA columns=x,y model=" + model + " epochs=2 hidden=8 couplings=2 coupling=affine bins=8 tail=3 batch=128 lr=0.001 "), rec);
	}

	/** After a training and with another table in front, the dialogs offer those, and say so. */
	@Test
	@Order(3)
	void theCurrentTableAndModelBeatRememberedOnes() throws Exception {
		final Path b = dir.resolve("b.json");
		Gui.inThread("train b", () -> IJ.run("Train", "input=tabB model=[" + b + "] " + SMALL));
		clickOn("tabB");

		withDialog("Train", gd -> {
			assertEquals("tabB", field(gd, TrainCommand.class, "input").getText());
			final String text = Gui.text(gd);
			assertTrue(text.contains("Since last time: input is the frontmost table, tabB (last time: tabA)"), text);
		});
		withDialog("Encode/Decode", gd -> {
			assertEquals(b.toString(), field(gd, EncodeDecodeCommand.class, "model").getText(), "the model trained last");
			assertEquals("tabB", field(gd, EncodeDecodeCommand.class, "input").getText());
		});

		// a model used through a macro becomes the one the dialog offers
		final Path a = dir.resolve("a.json");
		Gui.inThread("use a", () -> IJ.run("Check Consistency", "model=[" + a + "] samples=50 output=chk"));
		withDialog("Encode/Decode", gd -> assertEquals(a.toString(), field(gd, EncodeDecodeCommand.class, "model").getText()));
	}

	/**
	 * What a click on a table window does: makes it ImageJ's front table. Focus changes still
	 * under way (a closed dialog gives the focus back to a window) are waited for first, so
	 * that none of them makes another table the front one afterwards.
	 */
	private static void clickOn(final String table) throws Exception {
		final Frame w = (Frame) WindowManager.getWindow(table);
		EventQueue.invokeAndWait(() -> {});
		Thread.sleep(500);
		// a click raises the window and activates it, which makes it ImageJ's front table (the
		// Frame overload of setWindow; the Window one leaves the front table as it is); then it
		// must stay the front table for half a second: twice in two days of suites a late
		// activation of the other table's window (the focus coming back from a closed dialog) made
		// that one the front table again
		int stable = 0;
		for (int tries = 0; stable < 10 && tries < 200; tries++) {
			if (WindowManager.getActiveTable() == w) stable++;
			else {
				stable = 0;
				EventQueue.invokeAndWait(() -> {
					w.toFront();
					WindowManager.setWindow(w);
				});
			}
			Thread.sleep(50);
		}
		assertEquals(w, WindowManager.getActiveTable(), table + " is the front table");
	}

	/** Opens the command's dialog, checks it, and cancels it whatever the checks found. */
	private static void withDialog(final String command, final Checks checks) throws Exception {
		final Thread menu = open(command);
		final GenericDialog gd = Gui.waitForDialog(command);
		try {
			checks.on(gd);
		}
		finally {
			press(gd, 1);
			menu.join(10_000);
		}
	}

	private interface Checks {

		void on(GenericDialog gd) throws Exception;
	}

	/** A blank model is recorded as the model that was used, so the line replays with it. */
	@Test
	@Order(4)
	void aBlankModelIsRecordedAsTheModelUsed() throws Exception {
		final Path a = dir.resolve("a.json");
		final Thread menu = open("Encode/Decode");
		final GenericDialog gd = Gui.waitForDialog("Encode/Decode");
		set(gd, EncodeDecodeCommand.class, "model", "");
		set(gd, EncodeDecodeCommand.class, "input", "tabA");
		set(gd, EncodeDecodeCommand.class, "output", "encA");
		press(gd, 0);
		menu.join(60_000);
		assertFalse(menu.isAlive());
		final String rec = recorder();
		assertTrue(rec.contains("run(\"Encode/Decode\", \"model=" + a + " direction=encode input=tabA "), rec);
		assertFalse(rec.contains("model=[] "), rec);
	}

	/** Train asks before writing over an existing model: Back returns to the dialog, Replace writes. */
	@Test
	@Order(5)
	void replacingAModelAsksFirst() throws Exception {
		final Path a = dir.resolve("a.json");
		final long written = Files.getLastModifiedTime(a).toMillis();
		final Thread menu = open("Train");
		GenericDialog gd = Gui.waitForDialog("Train");
		set(gd, TrainCommand.class, "input", "tabA");
		set(gd, TrainCommand.class, "model", a.toString());
		press(gd, 0);
		YesNoCancelDialog ask = (YesNoCancelDialog) Gui.waitForAnyDialog("Train");
		assertTrue(Gui.text(ask).contains("a.json exists in " + dir + "."), Gui.text(ask));
		click(ask, "Back");
		gd = next(gd);
		assertEquals(a.toString(), field(gd, TrainCommand.class, "model").getText());
		Thread.sleep(20);
		press(gd, 0);
		ask = (YesNoCancelDialog) Gui.waitForAnyDialog("Train");
		click(ask, "Replace");
		menu.join(60_000);
		assertFalse(menu.isAlive());
		assertTrue(Files.getLastModifiedTime(a).toMillis() >= written);
		assertTrue(IJ.getLog().contains("model written to " + a), IJ.getLog());
		// recorded once, although the dialog was shown twice
		final String rec = recorder();
		final String line = rec.substring(rec.lastIndexOf("run(\"Train\""));
		assertEquals(1, Gui.count(line.substring(0, line.indexOf('\n')), "input="), line);
	}

	/** Browse for the model Train writes opens a Save dialog; the path chosen adds no key to the recording. */
	@Test
	@Order(6)
	void browseForTheModelToWriteSaves() throws Exception {
		final boolean swing = Prefs.useJFileChooser;
		Prefs.useJFileChooser = true;
		try {
			final Thread menu = open("Train");
			final GenericDialog gd = Gui.waitForDialog("Train");
			final TextField model = field(gd, TrainCommand.class, "model");
			final Button browse = Gui.button(model.getParent(), "Browse");
			EventQueue.invokeLater(() -> browse.dispatchEvent(new ActionEvent(browse, ActionEvent.ACTION_PERFORMED, "Browse")));
			final JFileChooser chooser = chooser("Write the model to");
			assertEquals(JFileChooser.SAVE_DIALOG, chooser.getDialogType());
			final File chosen = dir.resolve("chosen.json").toFile();
			// the chooser's UI may still set its default file while it loads the folder: choose
			// until the choice stays
			for (int i = 0; i < 50; i++) {
				EventQueue.invokeAndWait(() -> chooser.setSelectedFile(chosen));
				Thread.sleep(200);
				final AtomicReference<File> now = new AtomicReference<>();
				EventQueue.invokeAndWait(() -> now.set(chooser.getSelectedFile()));
				if (chosen.equals(now.get())) break;
			}
			EventQueue.invokeAndWait(chooser::approveSelection);
			final long end = System.currentTimeMillis() + 10_000;
			while (!model.getText().equals(chosen.getPath()) && System.currentTimeMillis() < end) Thread.sleep(20);
			assertEquals(chosen.getPath(), model.getText());
			press(gd, 1);
			menu.join(10_000);
		}
		finally {
			Prefs.useJFileChooser = swing;
		}
	}

	/** The Demo's dialog names the article it reproduces and has Help. */
	@Test
	@Order(7)
	void theDemoNamesItsArticleAndHasHelp() throws Exception {
		final Thread menu = open("Demo");
		final GenericDialog gd = Gui.waitForDialog("Flow Models demo");
		final String text = Gui.text(gd);
		assertTrue(text.contains("Density estimation using Real NVP"), text);
		assertNotNull(gd.getButtons()[3], "a Help button");
		press(gd, 1);
		menu.join(10_000);
	}

	/**
	 * Train on an Analyze Particles table with blank columns: the measured features are used,
	 * the Log says what was left out, and the recorder writes the columns used.
	 */
	@Test
	@Order(8)
	void blankColumnsAreRecordedAsTheColumnsUsed() throws Exception {
		EventQueue.invokeAndWait(() -> {
			final ResultsTable rt = new ResultsTable();
			final java.util.Random r = new java.util.Random(4);
			for (int i = 0; i < 60; i++) {
				rt.incrementCounter();
				rt.addValue("Area", 100 + 50 * r.nextDouble());
				rt.addValue("Mean", 80 + 10 * r.nextGaussian());
				rt.addValue("X", 500 * r.nextDouble());
				rt.addValue("Y", 500 * r.nextDouble());
				rt.addValue("Slice", 1);
			}
			rt.show("particles");
		});
		IJ.log("\\Clear");
		final Path model = dir.resolve("particles.json");
		final Thread menu = open("Train");
		final GenericDialog gd = Gui.waitForDialog("Train");
		set(gd, TrainCommand.class, "input", "particles");
		set(gd, TrainCommand.class, "columns", "");
		set(gd, TrainCommand.class, "model", model.toString());
		set(gd, TrainCommand.class, "epochs", "2");
		set(gd, TrainCommand.class, "hidden", "8");
		press(gd, 0);
		// a flat Area and a Gaussian Mean: with column shapes (auto for 30 rows per column) two
		// epochs fit the 6 validation rows no better than the untrained flow, and a dialog run
		// ends with the warning box
		click(Gui.waitForAnyDialog("Train: warning"), "  OK  ");
		menu.join(60_000);
		assertFalse(menu.isAlive());
		assertTrue(recorder().contains("run(\"Train\", \"input=particles columns=Area,Mean model=" + model + " epochs=2 "), recorder());
		assertTrue(IJ.getLog().contains("Train: 60 rows of particles, columns Area, Mean; "), IJ.getLog());
	}

	// -- helpers ----------------------------------------------------------------------------------

	private static Thread open(final String command) {
		final Thread t = new Thread(() -> new Executer(command).run(), command);
		t.setDaemon(true);
		t.start();
		return t;
	}

	/** The dialog shown after {@code previous} closed. */
	private static GenericDialog next(final GenericDialog previous) throws InterruptedException {
		final long end = System.currentTimeMillis() + 30_000;
		while (System.currentTimeMillis() < end) {
			final GenericDialog gd = GenericDialog.getInstance();
			if (gd != null && gd != previous && gd.isShowing()) return Gui.settled(gd);
			Thread.sleep(20);
		}
		throw new AssertionError("the dialog did not come back; showing: " + Gui.showing());
	}

	/** The text field of {@code key}: string fields come in the order of the command's text inputs. */
	private static TextField field(final GenericDialog gd, final Class<?> type, final String key) {
		int i = 0;
		final List<CommandInputs.Input> inputs = CommandInputs.of(type);
		for (final CommandInputs.Input in : inputs) {
			if (!in.choices().isEmpty() || in.isBoolean()) continue;
			if (in.name().equals(key)) return (TextField) gd.getStringFields().get(i);
			i++;
		}
		throw new AssertionError("no text input " + key);
	}

	private static void set(final GenericDialog gd, final Class<?> type, final String key, final String value) throws Exception {
		final TextField tf = field(gd, type, key);
		EventQueue.invokeAndWait(() -> tf.setText(value));
	}

	/** Presses button {@code i}: 0 OK, 1 Cancel. */
	private static void press(final GenericDialog gd, final int i) throws Exception {
		EventQueue.invokeAndWait(() -> gd.actionPerformed(new ActionEvent(gd.getButtons()[i], ActionEvent.ACTION_PERFORMED, "")));
	}

	private static void click(final Dialog d, final String label) throws Exception {
		final Button b = Gui.button(d, label);
		assertNotNull(b, label);
		Gui.settled(d);
		EventQueue.invokeAndWait(() -> ((java.awt.event.ActionListener) d).actionPerformed(new ActionEvent(b, ActionEvent.ACTION_PERFORMED, label)));
	}

	private static JFileChooser chooser(final String title) throws InterruptedException {
		final long end = System.currentTimeMillis() + 20_000;
		while (System.currentTimeMillis() < end) {
			for (final Window w : Window.getWindows()) {
				if (w instanceof JDialog && w.isShowing() && title.equals(((JDialog) w).getTitle())) {
					final AtomicReference<JFileChooser> c = new AtomicReference<>();
					find(((JDialog) w).getContentPane(), c);
					if (c.get() != null) return c.get();
				}
			}
			Thread.sleep(20);
		}
		throw new AssertionError("no file chooser '" + title + "'");
	}

	private static void find(final Container c, final AtomicReference<JFileChooser> found) {
		for (final Component k : c.getComponents()) {
			if (k instanceof JFileChooser) found.set((JFileChooser) k);
			else if (k instanceof Container) find((Container) k, found);
		}
	}

	private static String recorder() {
		return Recorder.getInstance().getText();
	}
}
