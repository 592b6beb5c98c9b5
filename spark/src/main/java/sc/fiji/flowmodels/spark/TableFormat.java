package sc.fiji.flowmodels.spark;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;

import org.apache.hadoop.fs.Path;
import org.apache.hadoop.security.AccessControlException;

import sc.fiji.flowmodels.InputException;

/** The kinds of input file, told by their names: Parquet files end in {@code .parquet}. */
enum TableFormat {

	/** Comma-separated text with a header row, as the command line reads and writes it. */
	CSV(".csv") {

		@Override
		InputTable open(final HadoopConf conf, final Path file, final String source, final String[] columns,
			final boolean wholeRows)
		{
			return new CsvInput(conf, file, source, columns);
		}

		@Override
		OutputTable create(final HadoopConf conf, final Path target, final String[] names) {
			return CsvOutput.newTable(conf, target, names);
		}

		@Override
		String[] numericColumns(final HadoopConf conf, final Path file, final String source) {
			return CsvInput.numericColumns(conf, file, source);
		}
	},
	/** Apache Parquet: results are written as Parquet too, the new columns as doubles and longs. */
	PARQUET(".parquet") {

		@Override
		InputTable open(final HadoopConf conf, final Path file, final String source, final String[] columns,
			final boolean wholeRows)
		{
			return new ParquetInput(conf, file, source, columns, wholeRows);
		}

		@Override
		OutputTable create(final HadoopConf conf, final Path target, final String[] names) {
			return ParquetOutput.newTable(conf, target, names);
		}

		@Override
		String[] numericColumns(final HadoopConf conf, final Path file, final String source) {
			return ParquetInput.numericColumns(conf, file, source);
		}
	};

	private final String extension;

	TableFormat(final String extension) {
		this.extension = extension;
	}

	/**
	 * Opens a file for reading the named columns chunk by chunk.
	 *
	 * @param wholeRows whether the rows will be {@link InputTable#copyTo copied}; otherwise a
	 *          format may read the named columns only
	 */
	abstract InputTable open(HadoopConf conf, Path file, String source, String[] columns, boolean wholeRows);

	/** A new file of numbers with the given column names. */
	abstract OutputTable create(HadoopConf conf, Path target, String[] names);

	/**
	 * The columns {@code columns=} (blank) means for training: the numeric columns, as the
	 * command line would choose them (for CSV, judged by the first chunk of rows).
	 */
	abstract String[] numericColumns(HadoopConf conf, Path file, String source);

	/** Whether a file name is one of this kind. */
	boolean matches(final String name) {
		return name.toLowerCase(Locale.ROOT).endsWith(extension);
	}

	/** The kind of a file given by itself: Parquet by its name, else CSV (as the command line). */
	static TableFormat of(final String name) {
		return PARQUET.matches(name) ? PARQUET : CSV;
	}

	/** Opens a file; every failure becomes a message naming it. */
	static InputStream read(final HadoopConf conf, final Path file, final String source) {
		try {
			return conf.fileSystem(file).open(file);
		}
		catch (final FileNotFoundException e) {
			throw new InputException(source + ": file not found");
		}
		catch (final AccessControlException e) {
			throw new InputException(source + ": cannot read the file (permission denied)");
		}
		catch (final IOException e) {
			throw new InputException(source + ": cannot read the file (" + e.getMessage() + ")", e);
		}
	}

	/** Creates a new file in a job's temporary folder (never overwriting one). */
	static OutputStream write(final HadoopConf conf, final Path target) {
		try {
			return conf.fileSystem(target).create(target, false);
		}
		catch (final IOException e) {
			throw new InputException(target + ": cannot write the file (" + e.getMessage() + ")", e);
		}
	}
}
