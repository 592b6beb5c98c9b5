package sc.fiji.flowmodels.spark;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import org.apache.hadoop.fs.Path;
import org.ejml.data.DMatrixRMaj;

import sc.fiji.flowmodels.data.ColumnSelection;
import sc.fiji.flowmodels.data.DataTable;
import sc.fiji.flowmodels.io.CsvChunk;
import sc.fiji.flowmodels.io.CsvChunkReader;
import sc.fiji.flowmodels.io.CsvReader;
import sc.fiji.flowmodels.io.CsvWriter;

/** A CSV file read by the command line's streaming reader, {@link CsvChunkReader}. */
final class CsvInput extends InputTable {

	private final CsvChunkReader reader;
	private CsvChunk chunk;

	CsvInput(final HadoopConf conf, final Path file, final String source, final String[] columns) {
		reader = CsvChunkReader.open(TableFormat.read(conf, file, source), source, columns, CHUNK_ROWS);
	}

	@Override
	int next() {
		chunk = reader.next();
		return chunk == null ? 0 : chunk.rows();
	}

	@Override
	DMatrixRMaj values() {
		return chunk.values();
	}

	@Override
	long firstRow() {
		return chunk.firstRow();
	}

	@Override
	List<String> header() {
		return reader.header();
	}

	/** The rows of the current chunk, for {@link CsvOutput}. */
	CsvChunk chunk() {
		return chunk;
	}

	CsvChunkReader reader() {
		return reader;
	}

	@Override
	OutputTable copyTo(final HadoopConf conf, final Path target, final String[] appended, final boolean[] integer) {
		return CsvOutput.copyOf(this, conf, target, appended, integer);
	}

	@Override
	public void close() {
		reader.close();
	}

	/**
	 * The numeric columns of the file's first chunk of rows, chosen by the command line's rules
	 * ({@link ColumnSelection}) on a table of those rows.
	 */
	static String[] numericColumns(final HadoopConf conf, final Path file, final String source) {
		try (CsvInput in = new CsvInput(conf, file, source, new String[0])) {
			final int rows = in.next();
			final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			final CsvWriter csv = new CsvWriter(bytes);
			csv.row(in.header().toArray(new String[0]));
			csv.flush();
			for (int i = 0; i < rows; i++) {
				final byte[] line = in.chunk.rawLine(i).getBytes(StandardCharsets.UTF_8);
				bytes.write(line, 0, line.length);
				bytes.write('\n');
			}
			final String head = String.format(Locale.ROOT, "%s (its first %,d rows)", source, rows);
			final DataTable table = CsvReader.read(new ByteArrayInputStream(bytes.toByteArray()), head, false);
			return ColumnSelection.select(table, "").names();
		}
		catch (final IOException e) {
			throw new IllegalStateException(e);
		}
	}
}
