package sc.fiji.flowmodels.commands;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

import sc.fiji.flowmodels.InputException;
import sc.fiji.flowmodels.data.DataTable;
import sc.fiji.flowmodels.io.CsvReader;
import sc.fiji.flowmodels.io.CsvWriter;
import sc.fiji.flowmodels.plot.Figure;
import sc.fiji.flowmodels.train.EpochRecord;
import sc.fiji.flowmodels.train.TrainingListener;

/**
 * The host of the command line: every table is a CSV file; a blank output goes to standard
 * output; messages go to standard error. Figures are not drawn.
 */
public class FileHost implements Host {

	private static volatile File lastModel;

	private final PrintStream out;
	private final PrintStream err;

	public FileHost() {
		this(System.out, System.err);
	}

	public FileHost(final PrintStream out, final PrintStream err) {
		this.out = out;
		this.err = err;
	}

	protected PrintStream err() {
		return err;
	}

	@Override
	public boolean isFile(final String ref) {
		return true;
	}

	/** The path a non-blank reference names. */
	public static Path path(final String ref) {
		try {
			return Paths.get(ref.trim());
		}
		catch (final java.nio.file.InvalidPathException e) {
			throw new InputException("'" + ref + "' is not a valid file path");
		}
	}

	@Override
	public DataTable readTable(final String ref) {
		if (ref == null || ref.trim().isEmpty()) throw new InputException("input: a CSV file is needed (input=points.csv)");
		return CsvReader.read(path(ref));
	}

	@Override
	public void writeTable(final String ref, final String defaultName, final DataTable table) {
		writeCsv(ref, csv -> csv.table(table));
	}

	@Override
	public void writeCsv(final String ref, final CsvWriter.Body body) {
		if (ref == null || ref.trim().isEmpty()) {
			final CsvWriter csv = new CsvWriter(out);
			try {
				body.writeTo(csv);
				csv.flush();
			}
			catch (final IOException e) {
				throw new InputException("cannot write to standard output: " + e.getMessage());
			}
			return;
		}
		CsvWriter.write(path(ref), body);
	}

	@Override
	public void checkOutput(final String ref) {
		if (ref != null && !ref.trim().isEmpty()) CsvWriter.checkTarget(path(ref));
	}

	@Override
	public void checkDensityOutput(final String ref) {
		densityTarget(ref);
	}

	/** The file a density image goes to: a .tif (and a .png next to it) or a .png, in a folder that exists. */
	private static Path densityTarget(final String ref) {
		if (ref == null || ref.trim().isEmpty()) throw new InputException("output: a .tif file for the density image is needed (output=density.tif)");
		return densityFile(ref, "");
	}

	/**
	 * {@code ref} as the file of a density image: it must end in .tif, .tiff or .png and its
	 * folder must exist. {@code otherwise} ends the message about a wrong ending (what else the
	 * host accepts).
	 */
	public static Path densityFile(final String ref, final String otherwise) {
		final Path path = path(ref);
		final String lower = path.getFileName().toString().toLowerCase(Locale.ROOT);
		if (!lower.endsWith(".tif") && !lower.endsWith(".tiff") && !lower.endsWith(".png")) {
			throw new InputException("output: " + ref + " must end in .tif (image and PNG picture) or .png (picture only)" + otherwise);
		}
		final Path dir = path.toAbsolutePath().getParent();
		if (dir != null && !java.nio.file.Files.isDirectory(dir)) throw new InputException("output: the folder " + dir + " does not exist");
		return path;
	}

	@Override
	public void writeDensity(final String ref, final DensityResult d) {
		final Path path = densityTarget(ref);
		final String name = path.getFileName().toString();
		final String lower = name.toLowerCase(Locale.ROOT);
		try {
			if (lower.endsWith(".tif") || lower.endsWith(".tiff")) {
				sc.fiji.flowmodels.io.DensityTiff.write(path, d.image, d.grid, d.title, d.log);
				final Path png = path.resolveSibling(name.substring(0, name.lastIndexOf('.')) + ".png");
				sc.fiji.flowmodels.plot.FigureExport.writePng(d.picture, png, d.picture.preferredSize().width, d.picture.preferredSize().height);
			}
			else sc.fiji.flowmodels.plot.FigureExport.writePng(d.picture, path, d.picture.preferredSize().width, d.picture.preferredSize().height);
		}
		catch (final IOException e) {
			throw new InputException("output: cannot write " + ref + ": " + e.getMessage());
		}
	}

	@Override
	public void log(final String message) {
		err.println(message);
	}

	@Override
	public void report(final String text) {
		out.print(text);
		out.flush();
	}

	@Override
	public void progress(final String task, final long done, final long total) {}

	@Override
	public boolean isCanceled() {
		return false;
	}

	@Override
	public boolean showsFigures() {
		return false;
	}

	@Override
	public void show(final String name, final Figure figure) {}

	@Override
	public TrainingListener trainingMonitor(final String title) {
		return new TrainingListener() {

			private int total;

			@Override
			public void started(final int stepsPerEpoch, final int totalSteps) {
				total = totalSteps / Math.max(1, stepsPerEpoch);
			}

			@Override
			public void epoch(final EpochRecord r) {
				err.println(String.format(Locale.ROOT, "epoch %d/%d  train NLL %s%s  (%.2f s)", r.epoch, total, nll(r.trainNll), r.hasValidation() ? "  validation NLL " + nll(r.validationNll) : "", r.seconds));
			}
		};
	}

	/**
	 * An NLL for a progress line: 4 decimals, or 4 significant digits for the huge values of a
	 * diverging training (not 160 digits).
	 */
	public static String nll(final double v) {
		return String.format(Locale.ROOT, Math.abs(v) < 1e6 || !Double.isFinite(v) ? "%.4f" : "%.4g", v);
	}

	@Override
	public void outlierRois(final String table, final double[] x, final double[] y, final int[] rows) {}

	@Override
	public File lastModel() {
		return lastModel;
	}

	@Override
	public void rememberModel(final File model) {
		lastModel = model;
	}

	@Override
	public void fail(final String message) {
		err.println("error: " + message);
	}
}
