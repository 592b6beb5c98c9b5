package sc.fiji.flowmodels.commands;

import java.io.File;

import sc.fiji.flowmodels.data.DataTable;
import sc.fiji.flowmodels.io.CsvWriter;
import sc.fiji.flowmodels.io.WriteTarget;
import sc.fiji.flowmodels.plot.Figure;
import sc.fiji.flowmodels.train.TrainingListener;

/**
 * Where a command runs: how it finds its tables, where its results go, and how it talks to
 * the user. The commands hold the features; a host only moves things in and out. Hosts: the
 * command line (CSV files, stderr), the demo (also writes figures as PNG), ImageJ (results
 * tables by title, windows, dialogs, the ROI Manager).
 */
public interface Host {

	/**
	 * Whether {@code ref} (an {@code input} or {@code output} value) names a CSV file rather
	 * than a table of the application. Only for files can a command stream rows.
	 */
	boolean isFile(String ref);

	/** Reads a table: a CSV file or an application table. Throws InputException if it can't. */
	DataTable readTable(String ref);

	/**
	 * Stores a result table under {@code ref}; a blank {@code ref} means the host's default
	 * place for it ({@code defaultName} names it where a name is needed). Files are written
	 * atomically.
	 */
	void writeTable(String ref, String defaultName, DataTable table);

	/**
	 * Streams a CSV to the file {@code ref} (atomically: nothing is written if {@code body}
	 * fails), or, for a blank {@code ref}, to the host's default output.
	 */
	void writeCsv(String ref, CsvWriter.Body body);

	/**
	 * Checks, before any work, that a table can be stored under {@code ref} by
	 * {@link #writeTable} or {@link #writeCsv} (for a file: its folder exists and it is not a
	 * folder); throws an InputException if not.
	 */
	default void checkOutput(final String ref) {}

	/**
	 * Whether two non-blank references name the same table: the same file (through symbolic
	 * and hard links) or the same application table (title).
	 */
	default boolean sameTable(final String a, final String b) {
		if (a == null || b == null || a.trim().isEmpty() || b.trim().isEmpty()) return false;
		if (isFile(a) != isFile(b)) return false;
		return isFile(a) ? WriteTarget.sameFile(FileHost.path(a), FileHost.path(b)) : a.trim().equals(b.trim());
	}

	/**
	 * Stores a density image: a calibrated image (Fiji) or a TIFF file with a PNG picture next
	 * to it (files).
	 */
	void writeDensity(String ref, DensityResult density);

	/**
	 * Checks, before any work, that {@link #writeDensity} can store a density under {@code ref}
	 * (a file name it accepts, in a folder that exists); throws an InputException if not.
	 */
	default void checkDensityOutput(final String ref) {}

	/** A line for the user's log (the CLI: stderr; Fiji: the Log window). */
	void log(String message);

	/**
	 * Something the user must not miss although the command succeeded (a model that learned
	 * nothing): a log line, and where there is a user interface, a message they see.
	 */
	default void warn(final String message) {
		log(message);
	}

	/** A text result meant to be read (the CLI: stdout; Fiji: the Log window). */
	void report(String text);

	/** Progress of long work: {@code done} of {@code total}. */
	void progress(String task, long done, long total);

	/** Whether the user asked to stop the current work. */
	boolean isCanceled();

	/** Whether {@link #show} does anything; commands skip drawing otherwise. */
	boolean showsFigures();

	/** Shows a figure (a window, an image in batch mode, a PNG file for the demo). */
	void show(String name, Figure figure);

	/** Follows a training run of the model file {@code model} (its name): progress, the live loss curve, cancel. */
	TrainingListener trainingMonitor(String model);

	/**
	 * Marks the outlier rows {@code top} (rank order) of {@code table} (the input, {@code rows}
	 * rows) on the image they come from, first undoing the table's previous marks: point ROIs at
	 * ({@code x[k]}, {@code y[k]}) when {@code x} and {@code y} are given; without them, the
	 * objects' own ROIs when the host holds one per row (Analyze Particles' "Add to Manager").
	 * Hosts without images ignore it.
	 */
	void outlierRois(String table, int rows, double[] x, double[] y, int[] top);

	/** The most recently trained or used model, or null. */
	File lastModel();

	void rememberModel(File model);

	/** Tells the user a command failed because of their input (dialog, log line, exit 2). */
	void fail(String message);
}
