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
import sc.fiji.flowmodels.io.IoMessages;
import sc.fiji.flowmodels.io.WriteTarget;
import sc.fiji.flowmodels.io.CsvWriter;
import sc.fiji.flowmodels.plot.Figure;
import sc.fiji.flowmodels.plot.DensityTiff;
import sc.fiji.flowmodels.plot.FigureExport;
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

	/**
	 * The path a non-blank reference names. A reference that ends in a folder separator names
	 * a folder, never a table file (and Java would drop the separator: {@code output=newdir/}
	 * would write a file named {@code newdir}).
	 */
	public static Path path(final String ref) {
		final String r = ref.trim();
		if (r.length() > 1 && (r.endsWith("/") || r.endsWith(java.io.File.separator))) {
			throw new InputException("'" + r + "' ends in a folder separator; a file name is needed (e.g. " + r + "points.csv)");
		}
		try {
			return Paths.get(r);
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
			final CsvWriter csv = new CsvWriter(new CheckedStream(out));
			try {
				body.writeTo(csv);
				csv.flush();
			}
			catch (final IOException e) {
				throw stdoutFailed();
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
	 * {@code ref} as the file of a density image: it must end in .tif, .tiff or .png, its
	 * folder must exist and both files (the TIFF and the PNG next to it) must be writable
	 * ({@link WriteTarget#check}). {@code otherwise} ends the message about a wrong ending (what else the
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
		try {
			WriteTarget.check(path);
			if (!lower.endsWith(".png")) WriteTarget.check(DensityTiff.picturePath(path));
		}
		catch (final InputException e) {
			throw new InputException("output: " + e.getMessage());
		}
		return path;
	}

	@Override
	public void writeDensity(final String ref, final DensityResult d) {
		final Path path = densityTarget(ref);
		try {
			DensityTiff.writeFiles(path, DensityTiff.toImagePlus(d.image, d.grid, d.title, d.log), FigureExport.png(d.picture, d.picture.preferredSize().width, d.picture.preferredSize().height, 1));
		}
		catch (final IOException e) {
			throw new InputException("output: cannot write " + ref + ": " + IoMessages.describe(e));
		}
	}

	@Override
	public void log(final String message) {
		err.println(message);
	}

	@Override
	public void report(final String text) {
		out.print(text);
		if (out.checkError()) throw stdoutFailed();
	}

	/**
	 * A PrintStream keeps its errors to itself (a full disk, a closed pipe): this stream asks
	 * after every write, so that a failed output stops the work and the exit status says so.
	 */
	private static final class CheckedStream extends java.io.OutputStream {

		private final PrintStream out;

		CheckedStream(final PrintStream out) {
			this.out = out;
		}

		@Override
		public void write(final int b) throws IOException {
			out.write(b);
			check();
		}

		@Override
		public void write(final byte[] b, final int off, final int len) throws IOException {
			out.write(b, off, len);
			check();
		}

		@Override
		public void flush() throws IOException {
			check();
		}

		private void check() throws IOException {
			// checkError flushes; CsvWriter writes in blocks of 64 KB, so this is rare
			if (out.checkError()) throw new IOException("standard output failed");
		}
	}

	private static InputException stdoutFailed() {
		return new InputException("cannot write to standard output (disk full, or the reading end of the pipe closed); the output is incomplete");
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
	public void outlierRois(final String table, final int rows, final double[] x, final double[] y, final int[] top) {}

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
