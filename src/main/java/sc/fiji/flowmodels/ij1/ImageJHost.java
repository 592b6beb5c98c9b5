package sc.fiji.flowmodels.ij1;

import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import ij.IJ;
import ij.ImagePlus;
import ij.Prefs;
import ij.WindowManager;
import ij.gui.Overlay;
import ij.gui.PointRoi;
import ij.macro.Interpreter;
import ij.plugin.frame.RoiManager;

import sc.fiji.flowmodels.InputException;
import sc.fiji.flowmodels.analysis.GridCalibration;
import sc.fiji.flowmodels.commands.DensityResult;
import sc.fiji.flowmodels.commands.FileHost;
import sc.fiji.flowmodels.commands.Host;
import sc.fiji.flowmodels.data.DataTable;
import sc.fiji.flowmodels.io.CsvReader;
import sc.fiji.flowmodels.io.CsvWriter;
import sc.fiji.flowmodels.io.IoMessages;
import sc.fiji.flowmodels.plot.Figure;
import sc.fiji.flowmodels.plot.DensityTiff;
import sc.fiji.flowmodels.plot.FigureExport;
import sc.fiji.flowmodels.plot.PlotColors;
import sc.fiji.flowmodels.plot.Points2D;
import sc.fiji.flowmodels.plot.TrainingCurve;
import sc.fiji.flowmodels.train.EpochRecord;
import sc.fiji.flowmodels.train.TrainingListener;

/**
 * The commands inside ImageJ 1.x or Fiji: tables are results tables by title (or CSV files when
 * the value looks like a path), figures open as windows, errors show a dialog, long work shows
 * progress and stops on Esc, outliers go to the ROI Manager.
 * <p>
 * In <em>batch mode</em> (a macro after {@code setBatchMode(true)}, ImageJ started with
 * {@code -batch}, or a headless JVM) nothing opens a window: figures become images that a macro
 * can {@code saveAs}, and a failing command writes one line to the Log and aborts the macro.
 */
public class ImageJHost implements Host {

	/** The ImageJ preference that holds the last trained or used model. */
	static final String LAST_MODEL = "flowmodels.lastModel";

	private final String title;
	private volatile boolean stopRequested;
	/** The live training curve on screen, if any: the finished curve replaces it. */
	private volatile FigureWindow liveCurve;
	/** What this run works on, for the titles of its figures: the table read and the model's file name. */
	private volatile String tableName, modelName;

	/** A host for a command run from Fiji's SciJava layer or a script. */
	public ImageJHost() {
		this("Flow Models");
	}

	/** @param title names the command in dialogs and log lines, e.g. "Flow › Train" */
	public ImageJHost(final String title) {
		this.title = title;
		IJ.resetEscape();
	}

	/**
	 * Whether ImageJ 1.x runs this JVM's user interface or the current macro: its main window
	 * is open, a macro or script runs in it, or Fiji's legacy layer is loaded (also headless).
	 */
	public static boolean isActive() {
		if (IJ.getInstance() != null || Interpreter.getInstance() != null || IJ.isMacro()) return true;
		try {
			Class.forName("net.imagej.legacy.LegacyService", false, ImageJHost.class.getClassLoader());
			return true;
		}
		catch (final ClassNotFoundException | LinkageError e) {
			return false;
		}
	}

	/**
	 * Whether windows are out: a headless JVM, a batch-mode macro, or no ImageJ window (ImageJ
	 * started with {@code -batch}, or a script without the user interface).
	 */
	public static boolean isBatch() {
		return GraphicsEnvironment.isHeadless() || Interpreter.isBatchMode() || IJ.getInstance() == null;
	}

	// -- tables ------------------------------------------------------------------------------

	/**
	 * A value names a file when it looks like a path: it holds a folder separator or ends in
	 * .csv, .txt or .tsv — unless a table of exactly that title is open (ImageJ titles a table
	 * opened from {@code points.csv} "points.csv").
	 */
	@Override
	public boolean isFile(final String ref) {
		if (ref == null || ref.trim().isEmpty()) return false;
		final String r = ref.trim();
		return looksLikePath(r, ".csv", ".txt", ".tsv") && !ResultsTables.exists(r);
	}

	static boolean looksLikePath(final String ref, final String... extensions) {
		if (ref.indexOf('/') >= 0 || ref.indexOf('\\') >= 0 || ref.indexOf(File.separatorChar) >= 0) return true;
		final String lower = ref.toLowerCase(Locale.ROOT);
		for (final String e : extensions) if (lower.endsWith(e)) return true;
		return false;
	}

	@Override
	public DataTable readTable(final String ref) {
		final String r = ref == null ? "" : ref.trim();
		if (r.isEmpty()) {
			final String front = ResultsTables.frontmost();
			if (front == null) throw new InputException("input: no table is open; give a table title or a CSV file (input=Results, input=/path/points.csv)");
			final DataTable t = ResultsTables.toDataTable(ResultsTables.find(front), front);
			log(title + ": input is the frontmost table, " + front);
			tableName = front;
			return t;
		}
		if (isFile(r)) {
			final DataTable t = CsvReader.read(FileHost.path(r));
			tableName = FileHost.path(r).getFileName().toString();
			return t;
		}
		final ij.measure.ResultsTable rt = ResultsTables.find(r);
		if (rt == null || ResultsTables.RESULTS.equals(r) && !ResultsTables.exists(r)) {
			final List<String> open = ResultsTables.titles();
			throw new InputException("input: no table '" + r + "' is open (" + (open.isEmpty() ? "no tables are open" : "open tables: " + String.join(", ", open)) + "); give a table title or a CSV file path");
		}
		final DataTable t = ResultsTables.toDataTable(rt, r);
		tableName = r;
		return t;
	}

	@Override
	public void writeTable(final String ref, final String defaultName, final DataTable table) {
		final String r = ref == null || ref.trim().isEmpty() ? defaultName : ref.trim();
		if (isFile(r)) CsvWriter.write(FileHost.path(r), table);
		else ResultsTables.publish(r, table);
	}

	@Override
	public void checkOutput(final String ref) {
		if (isFile(ref)) CsvWriter.checkTarget(FileHost.path(ref));
	}

	/** A CSV file; a table title gets the rows as a table (through a temporary file). */
	@Override
	public void writeCsv(final String ref, final CsvWriter.Body body) {
		if (isFile(ref)) {
			CsvWriter.write(FileHost.path(ref), body);
			return;
		}
		Path tmp = null;
		try {
			tmp = Files.createTempFile("flow-table-", ".csv");
			CsvWriter.write(tmp, body);
			ResultsTables.publish(ref == null || ref.trim().isEmpty() ? ResultsTables.RESULTS : ref.trim(), CsvReader.read(tmp));
		}
		catch (final IOException e) {
			throw new InputException("output: temporary file: " + e.getMessage());
		}
		finally {
			if (tmp != null) tmp.toFile().delete();
		}
	}

	// -- images --------------------------------------------------------------------------------

	/**
	 * A calibrated 32-bit image titled {@code ref} (blank: the density's own title), with the
	 * points and outliers the command drew as an overlay; or, when {@code ref} looks like a
	 * path, a TIFF file (overlay included) with a PNG picture next to it, or just the PNG.
	 */
	@Override
	public void writeDensity(final String ref, final DensityResult d) {
		final String r = ref == null ? "" : ref.trim();
		final ImagePlus imp = DensityTiff.toImagePlus(d.image, d.grid, r.isEmpty() ? d.title : r, d.log);
		imp.setOverlay(overlay(d));
		if (!r.isEmpty() && looksLikePath(r, ".tif", ".tiff", ".png")) {
			final Path path = densityFile(r);
			imp.setTitle(path.getFileName().toString());
			try {
				DensityTiff.writeFiles(path, imp, FigureExport.png(d.picture, d.picture.preferredSize().width, d.picture.preferredSize().height, 1));
			}
			catch (final IOException e) {
				throw new InputException("output: cannot write " + r + ": " + IoMessages.describe(e));
			}
			return;
		}
		// a shown image gets readable units; a TIFF file keeps the column names, as the CLI writes them
		readableUnits(imp);
		if (isBatch()) {
			if (Interpreter.isBatchMode() || IJ.isMacro()) showImage(imp);
			return;
		}
		showImage(imp);
		// the picture with axes and colour bar, named after the image (which names its model)
		FigureWindow.show(imp.getTitle() + " picture", d.picture, null);
	}

	/**
	 * The x and y units, which are column names, in brackets ("the unit of x"): ImageJ's header
	 * writes "width xunit x height yunit", which for the columns x and y read "4.04 x x 2.29 y"
	 * and now reads "4.04 [x] x 2.29 [y]".
	 */
	static void readableUnits(final ImagePlus imp) {
		final ij.measure.Calibration cal = imp.getCalibration();
		if (!cal.getXUnit().startsWith("[")) cal.setXUnit("[" + cal.getXUnit() + "]");
		if (!cal.getYUnit().startsWith("[")) cal.setYUnit("[" + cal.getYUnit() + "]");
	}

	/** A path-like output must be a .tif/.tiff or .png file in a folder that exists; a title is always fine. */
	@Override
	public void checkDensityOutput(final String ref) {
		final String r = ref == null ? "" : ref.trim();
		if (!r.isEmpty() && looksLikePath(r, ".tif", ".tiff", ".png")) densityFile(r);
	}

	private static Path densityFile(final String ref) {
		return FileHost.densityFile(ref, ", or be an image title");
	}

	/** The points (small dots) and ranked outliers (labelled circles) in pixel coordinates. */
	static Overlay overlay(final DensityResult d) {
		final Points2D p = d.points;
		if (p == null) return null;
		final GridCalibration g = d.grid;
		final Overlay overlay = new Overlay();
		final float[] xs = new float[p.size()], ys = new float[p.size()];
		for (int i = 0; i < p.size(); i++) {
			xs[i] = (float) g.pixelX(p.x(i));
			ys[i] = (float) g.pixelY(p.y(i));
		}
		final PointRoi dots = new PointRoi(xs, ys, xs.length);
		dots.setPointType(PointRoi.DOT);
		dots.setSize(0);
		dots.setStrokeColor(new java.awt.Color(255, 255, 255, 150));
		dots.setName("points");
		overlay.add(dots);
		final int[] top = d.outliers == null ? new int[0] : d.outliers;
		for (int k = 0; k < top.length; k++) {
			final PointRoi o = new PointRoi(xs[top[k]], ys[top[k]]);
			o.setPointType(PointRoi.CIRCLE);
			o.setSize(2);
			o.setStrokeColor(PlotColors.ENCODE_HIGHLIGHT);
			o.setName(outlierName(k, top[k]));
			overlay.add(o);
		}
		overlay.drawLabels(false);
		return overlay;
	}

	/** "outlier 1 (row 37)": rank and row, both counted from 1. */
	static String outlierName(final int k, final int row) {
		return "outlier " + (k + 1) + " (row " + (row + 1) + ")";
	}

	// -- messages, progress ----------------------------------------------------------------

	@Override
	public void log(final String message) {
		IJ.log(message);
	}

	@Override
	public void report(final String text) {
		IJ.log(text.endsWith("\n") ? text.substring(0, text.length() - 1) : text);
	}

	@Override
	public void progress(final String task, final long done, final long total) {
		if (total > 0) IJ.showProgress((double) done / total);
		else IJ.showStatus(task + ": " + done + " rows");
	}

	@Override
	public boolean isCanceled() {
		return stopRequested || IJ.escapePressed();
	}

	// -- figures ----------------------------------------------------------------------------

	@Override
	public boolean showsFigures() {
		return !GraphicsEnvironment.isHeadless() || Interpreter.isBatchMode();
	}

	/**
	 * A window titled after the figure and what it shows ({@link #figureTitle}); in batch mode
	 * an RGB image of that title instead, which a macro can save with {@code saveAs("PNG", …)}.
	 * A window or image of that title is reused. The finished training curve goes into the live
	 * curve's window, whose Stop button then says how training ended.
	 */
	@Override
	public void show(final String name, final Figure figure) {
		final String t = figureTitle(name);
		if (isBatch()) {
			if (!Interpreter.isBatchMode() && !IJ.isMacro()) return;
			final int w = figure.preferredSize().width, h = figure.preferredSize().height;
			final BufferedImage picture = FigureExport.toImage(figure, w, h);
			showImage(new ImagePlus(t, picture));
			return;
		}
		final FigureWindow live = liveCurve;
		if (figure instanceof TrainingCurve && live != null && live.isShowing()) {
			live.finish(figure, ((TrainingCurve) figure).ending());
			return;
		}
		FigureWindow.show(t, figure, null);
	}

	/**
	 * "data to latent of cells (m3.json)": the figure's name, the table this run read and the
	 * model it used, as far as known; what the Window menu lists and a macro selects.
	 */
	String figureTitle(final String name) {
		final String table = tableName, model = modelName;
		if (table == null && model == null) return name;
		if (table == null) return name + " of " + model;
		return name + " of " + table + (model == null ? "" : " (" + model + ")");
	}

	/** Shows an image, in place of the open image with its title if there is one (same window, new contents). */
	static void showImage(final ImagePlus imp) {
		final ImagePlus old = WindowManager.getImage(imp.getTitle());
		if (old != null && old.getBitDepth() == imp.getBitDepth()) {
			old.setImage(imp);
			old.updateAndRepaintWindow();
			if (old.getWindow() != null) old.getWindow().toFront();
			WindowManager.setTempCurrentImage(old);
			return;
		}
		if (old != null) old.close();
		imp.show();
	}

	/**
	 * Progress bar and status line, Esc to stop, and outside batch mode a live curve of the
	 * training and validation NLL with a "Stop training" button.
	 */
	@Override
	public TrainingListener trainingMonitor(final String model) {
		modelName = model;
		final String what = "Training " + model;
		return new TrainingListener() {

			private int total = 1, epochs = 1, shown;
			private TrainingCurve curve;

			@Override
			public void started(final int stepsPerEpoch, final int totalSteps) {
				total = Math.max(1, totalSteps);
				epochs = Math.max(1, totalSteps / Math.max(1, stepsPerEpoch));
				IJ.showStatus(what + ": starting (Esc stops)");
				if (!isBatch()) {
					curve = new TrainingCurve(what);
					liveCurve = FigureWindow.show(figureTitle("training curve"), curve, () -> stopRequested = true);
				}
			}

			@Override
			public void initialValidation(final double nll) {
				if (curve != null) curve.addInitial(nll);
			}

			@Override
			public void step(final int step, final double loss) {
				// the progress bar has a few hundred pixels: more updates only cost time
				final int now = (int) (200L * step / total);
				if (now != shown) {
					shown = now;
					IJ.showProgress(step, total);
				}
			}

			@Override
			public void epoch(final EpochRecord r) {
				if (curve != null) curve.addEpoch(r.epoch, r.trainNll, r.validationNll);
				IJ.showStatus(String.format(Locale.ROOT, "%s: epoch %d/%d, NLL %s%s (Esc stops)", what, r.epoch, epochs, FileHost.nll(r.trainNll), r.hasValidation() ? ", validation " + FileHost.nll(r.validationNll) : ""));
			}

			@Override
			public boolean isCanceled() {
				return ImageJHost.this.isCanceled();
			}
		};
	}

	// -- ROIs, models, errors ---------------------------------------------------------------

	/**
	 * The outliers in the ROI Manager (the hidden one of a batch-mode macro): on the table's own
	 * ROIs when the manager holds one per row, or as points at ({@code x}, {@code y}); see
	 * {@link OutlierMarks}.
	 */
	@Override
	public void outlierRois(final String table, final int rows, final double[] x, final double[] y, final int[] top) {
		RoiManager rm = RoiManager.getInstance();
		if (rm == null) {
			if (x == null || isBatch()) return; // no ROIs to mark, or no macro to hand a hidden ROI Manager to
			rm = RoiManager.getRoiManager();
		}
		// on the event thread, as Swing wants the manager's list changed: from the command's
		// thread, a fresh clone's suite once found an outlier renamed but without its colour after
		// encoding again, the Particle Demo's own events still arriving
		final RoiManager manager = rm;
		final String[] problem = new String[1];
		FigureWindow.onEventThread(() -> problem[0] = OutlierMarks.mark(manager, OutlierMarks.tableName(table), rows, x, y, top));
		if (problem[0] != null) log(title + ": " + problem[0]);
	}

	@Override
	public File lastModel() {
		final String path = Prefs.get(LAST_MODEL, "");
		return path.isEmpty() ? null : new File(path);
	}

	@Override
	public void rememberModel(final File model) {
		Prefs.set(LAST_MODEL, model.getAbsolutePath());
		modelName = model.getName();
	}

	/**
	 * A line in the Log; when a user runs the command from its dialog (no macro, no batch mode)
	 * also a message box, since a warning is easily missed among the Log's lines.
	 */
	@Override
	public void warn(final String message) {
		IJ.log(message);
		if (isBatch() || IJ.isMacro()) return;
		final String prefix = title + ": warning: ";
		IJ.showMessage(title + ": warning", message.startsWith(prefix) ? message.substring(prefix.length()) : message);
	}

	/** A live training window still offering Stop says {@code how} training ended instead. */
	void endTraining(final String how) {
		final FigureWindow live = liveCurve;
		if (live != null && live.isStoppable()) live.ended(how);
	}

	/**
	 * An error dialog; in batch mode a line in the Log (standard output with {@code -batch})
	 * and the macro aborted, without a dialog that would stop an unattended run.
	 */
	@Override
	public void fail(final String message) {
		IJ.showProgress(1.0);
		IJ.showStatus("");
		endTraining("failed: " + message);
		if (!isBatch()) {
			IJ.error(title, message);
			return;
		}
		IJ.log(title + ": " + message);
		final Interpreter macro = Interpreter.getInstance();
		if (macro != null) {
			// ends the macro after the current run(...) without the "Macro Error" dialog
			macro.setIgnoreErrors(true);
			macro.abort(message);
		}
	}
}
