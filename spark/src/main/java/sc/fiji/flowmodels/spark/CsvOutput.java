package sc.fiji.flowmodels.spark;

import java.io.IOException;
import java.io.OutputStream;

import org.apache.hadoop.fs.Path;
import org.ejml.data.DMatrixRMaj;

import sc.fiji.flowmodels.InputException;
import sc.fiji.flowmodels.io.CsvWriter;

/** A CSV file written by the command line's writer, {@link CsvWriter}: the same bytes for the same rows. */
final class CsvOutput implements OutputTable {

	private final Path target;
	private final OutputStream stream;
	private final CsvWriter csv;
	/** The input whose rows are copied, or null for a new table. */
	private final CsvInput input;
	private final boolean[] integer;

	private CsvOutput(final HadoopConf conf, final Path target, final CsvInput input, final boolean[] integer) {
		this.target = target;
		this.stream = TableFormat.write(conf, target);
		this.csv = new CsvWriter(stream);
		this.input = input;
		this.integer = integer;
	}

	/** A copy of {@code input}'s rows with columns appended, header first. */
	static CsvOutput copyOf(final CsvInput input, final HadoopConf conf, final Path target, final String[] appended,
		final boolean[] integer)
	{
		final CsvOutput out = new CsvOutput(conf, target, input, integer);
		try {
			out.csv.header(input.reader(), appended);
		}
		catch (final IOException e) {
			throw out.failed(e);
		}
		return out;
	}

	/** A new table of numbers (none of them whole-number columns), header first. */
	static CsvOutput newTable(final HadoopConf conf, final Path target, final String[] names) {
		final CsvOutput out = new CsvOutput(conf, target, null, null);
		try {
			out.csv.header(names);
		}
		catch (final IOException e) {
			throw out.failed(e);
		}
		return out;
	}

	@Override
	public void write(final DMatrixRMaj values) {
		try {
			if (input != null) csv.rows(input.chunk(), values, integer);
			else csv.rows(values, null);
		}
		catch (final IOException e) {
			throw failed(e);
		}
	}

	@Override
	public void close() {
		try {
			csv.flush();
			stream.close();
		}
		catch (final IOException e) {
			throw failed(e);
		}
	}

	private InputException failed(final IOException e) {
		return new InputException(target + ": cannot write the file (" + e.getMessage() + ")", e);
	}
}
