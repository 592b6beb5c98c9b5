package sc.fiji.flowmodels.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroup;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.ejml.data.DMatrixRMaj;

import sc.fiji.flowmodels.InputException;

/**
 * A Parquet file of results: a copy of an input file's records with the new columns after its
 * own (doubles, and 64-bit integers for whole-number columns), or a new table of doubles. Numbers
 * are stored exactly, as the CSV writer writes them so that they read back to the same doubles.
 */
final class ParquetOutput implements OutputTable {

	private final Path target;
	private final MessageType schema;
	private final ParquetWriter<Group> writer;
	/** The input whose records are copied, or null for a new table. */
	private final ParquetInput input;
	private final boolean[] integer;
	/** Index in {@link #schema} of the first written value of each row. */
	private final int first;

	private ParquetOutput(final HadoopConf conf, final Path target, final MessageType schema, final ParquetInput input,
		final boolean[] integer)
	{
		this.target = target;
		this.schema = schema;
		this.input = input;
		this.integer = integer;
		this.first = input == null ? 0 : input.schema().getFieldCount();
		try {
			writer = ExampleParquetWriter.builder(target).withConf(conf.get()).withType(schema)
				.withWriteMode(ParquetFileWriter.Mode.CREATE).withCompressionCodec(CompressionCodecName.SNAPPY).build();
		}
		catch (final IOException e) {
			throw failed(e);
		}
	}

	static ParquetOutput copyOf(final ParquetInput input, final HadoopConf conf, final Path target, final String[] appended,
		final boolean[] integer)
	{
		final MessageType in = input.schema();
		final List<Type> fields = new ArrayList<>(in.getFields());
		for (int j = 0; j < appended.length; j++) fields.add(Types.required(integer[j] ? PrimitiveTypeName.INT64 : PrimitiveTypeName.DOUBLE).named(appended[j]));
		return new ParquetOutput(conf, target, new MessageType(in.getName(), fields), input, integer);
	}

	static ParquetOutput newTable(final HadoopConf conf, final Path target, final String[] names) {
		final List<Type> fields = new ArrayList<>();
		for (final String name : names) fields.add(Types.required(PrimitiveTypeName.DOUBLE).named(name));
		return new ParquetOutput(conf, target, new MessageType("flow", fields), null, null);
	}

	@Override
	public void write(final DMatrixRMaj values) {
		final int rows = input != null ? input.rows() : values.numRows, c = values.numCols;
		try {
			for (int i = 0; i < rows; i++) {
				final Group g = new SimpleGroup(schema);
				if (input != null) copy(input.record(i), g, input.schema());
				for (int j = 0; j < c; j++) {
					final double v = values.data[i * c + j];
					if (integer != null && integer[j]) g.add(first + j, (long) v);
					else g.add(first + j, v);
				}
				writer.write(g);
			}
		}
		catch (final IOException e) {
			throw failed(e);
		}
	}

	/** Copies every field of a record, nested ones included, value by value. */
	private static void copy(final Group from, final Group to, final GroupType type) {
		for (int f = 0; f < type.getFieldCount(); f++) {
			final Type t = type.getType(f);
			final int n = from.getFieldRepetitionCount(f);
			for (int r = 0; r < n; r++) {
				if (!t.isPrimitive()) {
					copy(from.getGroup(f, r), to.addGroup(f), t.asGroupType());
					continue;
				}
				switch (t.asPrimitiveType().getPrimitiveTypeName()) {
					case INT32:
						to.add(f, from.getInteger(f, r));
						break;
					case INT64:
						to.add(f, from.getLong(f, r));
						break;
					case BOOLEAN:
						to.add(f, from.getBoolean(f, r));
						break;
					case FLOAT:
						to.add(f, from.getFloat(f, r));
						break;
					case DOUBLE:
						to.add(f, from.getDouble(f, r));
						break;
					case INT96:
						to.add(f, from.getInt96(f, r));
						break;
					default:
						to.add(f, from.getBinary(f, r));
				}
			}
		}
	}

	@Override
	public void close() {
		try {
			writer.close();
		}
		catch (final IOException e) {
			throw failed(e);
		}
	}

	private InputException failed(final IOException e) {
		return new InputException(target + ": cannot write the file (" + e.getMessage() + ")", e);
	}
}
