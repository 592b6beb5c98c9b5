package sc.fiji.flowmodels.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.ejml.data.DMatrixRMaj;

import sc.fiji.flowmodels.InputException;
import sc.fiji.flowmodels.data.ColumnSelection;
import sc.fiji.flowmodels.data.NumberText;
import sc.fiji.flowmodels.data.TableMessages;

/**
 * A Parquet file, read record by record with parquet-mr's example object model (one small object
 * per row and value: far cheaper than the flow, and it copies any schema). The selected columns
 * must be plain numeric columns (32- or 64-bit integers or floating point); a missing value
 * is an empty cell, and the checks and messages are the command line's, without line numbers.
 */
final class ParquetInput extends InputTable {

	private final String source;
	private final String[] columns;
	private final MessageType schema;
	private final ParquetReader<Group> reader;
	private final int[] fields;
	private final PrimitiveTypeName[] types;
	private final DMatrixRMaj values;
	/** The current chunk's records, kept for copies. */
	private final Group[] records;
	private long rowsRead;
	private long firstRow;

	ParquetInput(final HadoopConf conf, final Path file, final String source, final String[] columns,
		final boolean wholeRows)
	{
		this.source = source;
		this.columns = columns.clone();
		final MessageType fileSchema = schema(conf, file, source);
		ColumnSelection.requireColumns(source, names(fileSchema), columns);
		final List<Type> selected = new ArrayList<>();
		for (final String name : columns) selected.add(numeric(fileSchema, name, source));
		schema = wholeRows ? fileSchema : new MessageType(fileSchema.getName(), selected);
		fields = new int[columns.length];
		types = new PrimitiveTypeName[columns.length];
		for (int j = 0; j < columns.length; j++) {
			fields[j] = schema.getFieldIndex(columns[j]);
			types[j] = selected.get(j).asPrimitiveType().getPrimitiveTypeName();
		}
		final Configuration c = new Configuration(conf.get());
		c.set(ReadSupport.PARQUET_READ_SCHEMA, schema.toString());
		try {
			reader = ParquetReader.builder(new GroupReadSupport(), file).withConf(c).build();
		}
		catch (final IOException e) {
			throw new InputException(source + ": cannot read the file (" + e.getMessage() + ")", e);
		}
		values = new DMatrixRMaj(CHUNK_ROWS, columns.length);
		records = wholeRows ? new Group[CHUNK_ROWS] : null;
	}

	@Override
	int next() {
		final int d = columns.length;
		firstRow = rowsRead + 1;
		values.reshape(CHUNK_ROWS, d);
		int n = 0;
		try {
			for (Group g; n < CHUNK_ROWS && (g = reader.read()) != null; n++) {
				rowsRead++;
				for (int j = 0; j < d; j++) values.data[n * d + j] = number(g, j);
				if (records != null) records[n] = g;
			}
		}
		catch (final IOException | RuntimeException e) {
			if (e instanceof InputException) throw (InputException) e;
			throw new InputException(TableMessages.where(source, rowsRead, 0, null) + ": cannot read the file (" + e.getMessage() + ")", e);
		}
		if (rowsRead == 0) throw new InputException(TableMessages.noRows(source));
		values.reshape(n, d);
		return n;
	}

	private double number(final Group g, final int j) {
		final int f = fields[j];
		if (g.getFieldRepetitionCount(f) == 0) throw new InputException(TableMessages.emptyCell(source, rowsRead, 0, columns[j]));
		final double v;
		switch (types[j]) {
			case INT32:
				v = g.getInteger(f, 0);
				break;
			case INT64:
				v = g.getLong(f, 0);
				break;
			case FLOAT:
				v = g.getFloat(f, 0);
				break;
			default:
				v = g.getDouble(f, 0);
		}
		// v - v is 0 for finite v, NaN for NaN and infinities
		if (v - v != 0) throw new InputException(TableMessages.notFinite(source, rowsRead, 0, columns[j], NumberText.format(v)));
		return v;
	}

	@Override
	DMatrixRMaj values() {
		return values;
	}

	@Override
	long firstRow() {
		return firstRow;
	}

	@Override
	List<String> header() {
		return names(schema);
	}

	MessageType schema() {
		return schema;
	}

	/** Record {@code i} of the current chunk (for copies). */
	Group record(final int i) {
		return records[i];
	}

	/** Rows in the current chunk. */
	int rows() {
		return values.numRows;
	}

	@Override
	OutputTable copyTo(final HadoopConf conf, final Path target, final String[] appended, final boolean[] integer) {
		if (records == null) throw new IllegalStateException("opened without whole rows");
		return ParquetOutput.copyOf(this, conf, target, appended, integer);
	}

	@Override
	public void close() {
		try {
			reader.close();
		}
		catch (final IOException e) {
			// nothing was written; a failing close of an input cannot lose data
		}
	}

	/** The numeric columns of the file's schema, in order. */
	static String[] numericColumns(final HadoopConf conf, final Path file, final String source) {
		final List<String> numeric = new ArrayList<>();
		final MessageType schema = schema(conf, file, source);
		for (final Type t : schema.getFields()) {
			if (isNumeric(t)) numeric.add(t.getName());
		}
		if (numeric.isEmpty()) throw new InputException(source + ": no numeric columns (the columns are: " + TableMessages.list(names(schema)) + ")");
		return numeric.toArray(new String[0]);
	}

	private static MessageType schema(final HadoopConf conf, final Path file, final String source) {
		try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(file, conf.get()))) {
			return r.getFooter().getFileMetaData().getSchema();
		}
		catch (final java.io.FileNotFoundException e) {
			throw new InputException(source + ": file not found");
		}
		catch (final IOException | RuntimeException e) {
			throw new InputException(source + ": not a readable Parquet file (" + e.getMessage() + ")", e);
		}
	}

	private static List<String> names(final MessageType schema) {
		final List<String> names = new ArrayList<>();
		for (final Type t : schema.getFields()) names.add(t.getName());
		return Collections.unmodifiableList(names);
	}

	/** A plain number: not repeated, not nested, and not a date, time or decimal stored as one. */
	private static boolean isNumeric(final Type t) {
		if (!t.isPrimitive() || t.isRepetition(Type.Repetition.REPEATED)) return false;
		final LogicalTypeAnnotation logical = t.getLogicalTypeAnnotation();
		if (logical != null && !(logical instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation)) return false;
		switch (t.asPrimitiveType().getPrimitiveTypeName()) {
			case INT32:
			case INT64:
			case FLOAT:
			case DOUBLE:
				return true;
			default:
				return false;
		}
	}

	private static Type numeric(final MessageType schema, final String name, final String source) {
		final Type t = schema.getType(name);
		if (!isNumeric(t)) {
			throw new InputException(TableMessages.where(source, 0, 0, name) + ": holds " + (t.isPrimitive() ? t.asPrimitiveType().getPrimitiveTypeName() : "nested") + " values, not numbers");
		}
		return t;
	}
}
