package sc.fiji.flowmodels.spark;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

import sc.fiji.flowmodels.InputException;

/**
 * The files an {@code input} names: one file, or the CSV or the Parquet files of a folder in the
 * order of their names. That order is the order of their concatenation: global row numbers, and
 * so the ranks of tied rows, count through the files in it. Names starting with {@code .} or
 * {@code _} (Spark's and Hadoop's bookkeeping, such as {@code _SUCCESS}) and files of other kinds
 * are left out.
 */
final class InputFiles implements Serializable {

	private static final long serialVersionUID = 1L;

	private final String[] paths;
	private final String[] sources;
	private final TableFormat format;

	private InputFiles(final String[] paths, final String[] sources, final TableFormat format) {
		this.paths = paths;
		this.sources = sources;
		this.format = format;
	}

	static InputFiles list(final String input, final HadoopConf conf) {
		final String in = input == null ? "" : input.trim();
		if (in.isEmpty()) throw new InputException("input: a CSV or Parquet file, or a folder of them, is needed (input=tables/)");
		final Path path = new Path(in);
		final FileStatus status;
		final FileStatus[] children;
		try {
			status = conf.fileSystem(path).getFileStatus(path);
			if (!status.isDirectory()) {
				return new InputFiles(new String[] { status.getPath().toString() }, new String[] { in }, TableFormat.of(path.getName()));
			}
			children = conf.fileSystem(path).listStatus(path);
		}
		catch (final FileNotFoundException e) {
			throw new InputException("input: " + in + " does not exist");
		}
		catch (final IOException e) {
			throw new InputException("input: " + in + " cannot be read (" + e.getMessage() + ")", e);
		}
		final List<FileStatus> csv = new ArrayList<>(), parquet = new ArrayList<>();
		for (final FileStatus s : children) {
			final String name = s.getPath().getName();
			if (s.isDirectory() || name.startsWith(".") || name.startsWith("_")) continue;
			if (TableFormat.CSV.matches(name)) csv.add(s);
			else if (TableFormat.PARQUET.matches(name)) parquet.add(s);
		}
		if (csv.isEmpty() && parquet.isEmpty()) throw new InputException("input: the folder " + in + " has no CSV (.csv) or Parquet (.parquet) files");
		if (!csv.isEmpty() && !parquet.isEmpty()) {
			throw new InputException("input: the folder " + in + " has both CSV and Parquet files (" + csv.size() + " and " + parquet.size() + "); give a folder of one kind");
		}
		final List<FileStatus> files = csv.isEmpty() ? parquet : csv;
		files.sort(Comparator.comparing(s -> s.getPath().getName()));
		final String[] paths = new String[files.size()], sources = new String[files.size()];
		final String prefix = in.endsWith("/") ? in : in + "/";
		for (int i = 0; i < paths.length; i++) {
			paths[i] = files.get(i).getPath().toString();
			sources[i] = prefix + files.get(i).getPath().getName();
		}
		return new InputFiles(paths, sources, csv.isEmpty() ? TableFormat.PARQUET : TableFormat.CSV);
	}

	int count() {
		return paths.length;
	}

	Path path(final int file) {
		return new Path(paths[file]);
	}

	/** The file's name, which its output file gets too. */
	String name(final int file) {
		return path(file).getName();
	}

	/** The file as messages name it: the input as given, with the file's name for a folder. */
	String source(final int file) {
		return sources[file];
	}

	TableFormat format() {
		return format;
	}

	/** Opens file {@code file} for the named columns (see {@link TableFormat#open}). */
	InputTable open(final int file, final HadoopConf conf, final String[] columns, final boolean wholeRows) {
		return format.open(conf, path(file), source(file), columns, wholeRows);
	}
}
