package sc.fiji.flowmodels.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sc.fiji.flowmodels.spark.LocalSpark.cli;
import static sc.fiji.flowmodels.spark.LocalSpark.spark;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.flowmodels.analysis.EncodeColumn;
import sc.fiji.flowmodels.data.DataTable;
import sc.fiji.flowmodels.flow.Architecture;
import sc.fiji.flowmodels.io.CsvReader;
import sc.fiji.flowmodels.io.ModelFile;
import sc.fiji.flowmodels.spark.LocalSpark.Run;
import sc.fiji.flowmodels.train.Trainer;
import sc.fiji.flowmodels.train.TrainingOptions;

/**
 * The Spark commands against the command line on the same rows: a folder of three CSV files (one
 * of more than one chunk, rows repeated across files so that ranks tie) against the three put one
 * after the other, in local mode with two cores.
 */
class SparkCommandsTest {

	@TempDir
	static Path dir;

	static final String HEADER = "id,x,label,y";
	static final int[] SIZES = { 3000, InputTable.CHUNK_ROWS + 800, 1200 };
	static final String[] NAMES = { "a.csv", "b.csv", "c.csv" };

	static Path model, folder, concatenated;
	/** Each file's data lines, and all rows' x and y in order. */
	static List<List<String>> lines = new ArrayList<>();
	static DMatrixRMaj points;

	@BeforeAll
	static void data() throws IOException {
		final Random r = new Random(7);
		int total = 0;
		for (final int n : SIZES) total += n;
		points = new DMatrixRMaj(total, 2);
		folder = Files.createDirectories(dir.resolve("tables"));
		for (int f = 0, id = 0; f < SIZES.length; f++) {
			final List<String> file = new ArrayList<>();
			for (int i = 0; i < SIZES[f]; i++, id++) {
				double x = r.nextGaussian(), y = 0.5 * x * x + 0.3 * r.nextGaussian();
				if (id > 100 && id % 97 == 0) {
					// the same point as an earlier row, often in an earlier file: the ranks tie
					final int earlier = r.nextInt(id);
					x = points.get(earlier, 0);
					y = points.get(earlier, 1);
				}
				if (id % 1500 == 700) y += 12;
				points.set(id, 0, x);
				points.set(id, 1, y);
				file.add(id + "," + x + ",\"cell, " + (id % 5) + "\"," + y);
			}
			lines.add(file);
			write(folder.resolve(NAMES[f]), file);
		}
		Files.write(folder.resolve("notes.txt"), "not a table".getBytes(StandardCharsets.UTF_8));
		Files.write(folder.resolve(".hidden.csv"), "x,y\n1,oops\n".getBytes(StandardCharsets.UTF_8));
		concatenated = dir.resolve("all.csv");
		write(concatenated, lines.stream().flatMap(List::stream).collect(Collectors.toList()));
		final DMatrixRMaj train = new DMatrixRMaj(2000, 2);
		System.arraycopy(points.data, 0, train.data, 0, train.data.length);
		model = dir.resolve("model.json");
		ModelFile.write(Trainer.train(train, Arrays.asList("x", "y"), new Architecture(2, new int[] { 16 }, 2, 2, Architecture.PermutationKind.REVERSE), new TrainingOptions().epochs(2), null), model);
	}

	static void write(final Path file, final List<String> rows) throws IOException {
		final StringBuilder b = new StringBuilder(HEADER).append('\n');
		for (final String row : rows) b.append(row).append('\n');
		Files.write(file, b.toString().getBytes(StandardCharsets.UTF_8));
	}

	/** The files of an output folder put one after the other, the header once. */
	static byte[] concatenation(final Path out, final String... names) throws IOException {
		final ByteArrayOutputStream b = new ByteArrayOutputStream();
		for (int f = 0; f < names.length; f++) {
			final String text = new String(Files.readAllBytes(out.resolve(names[f])), StandardCharsets.UTF_8);
			final String body = f == 0 ? text : text.substring(text.indexOf('\n') + 1);
			b.write(body.getBytes(StandardCharsets.UTF_8));
		}
		return b.toByteArray();
	}

	static List<String> listing(final Path folder) throws IOException {
		try (Stream<Path> s = Files.list(folder)) {
			return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
		}
	}

	@Test
	void encodeOfAFolderIsTheCommandLinesEncodeOfItsFilesPutTogether() throws IOException {
		for (final String[] keys : new String[][] { { "outliers=25" }, { "outliers=7", "score=radius", "precision=float" } }) {
			final Path out = dir.resolve("encoded-" + keys.length), expected = dir.resolve("expected-" + keys.length + ".csv");
			final List<String> args = new ArrayList<>(Arrays.asList("encode", "model=" + model, "input=" + folder, "output=" + out));
			args.addAll(Arrays.asList(keys));
			final Run s = spark(args.toArray(new String[0]));
			assertEquals(0, s.status, s.toString());
			final List<String> cliArgs = new ArrayList<>(Arrays.asList("encode", "model=" + model, "input=" + concatenated, "output=" + expected));
			cliArgs.addAll(Arrays.asList(keys));
			final Run c = cli(cliArgs.toArray(new String[0]));
			assertEquals(0, c.status, c.toString());
			assertEquals(Arrays.asList(NAMES), listing(out), "one output per CSV input, nothing else");
			assertArrayEquals(Files.readAllBytes(expected), concatenation(out, NAMES), "outputs, put together, are the command line's output");
			assertTrue(s.out.startsWith(String.format(Locale.ROOT, "flow spark encode: %,d rows in 3 files", points.numRows)), s.out);
			assertTrue(s.out.contains("  1  " + folder + "/"), "the summary lists the top outliers with their files: " + s.out);
		}
	}

	@Test
	void decodeOfAFolderIsTheCommandLinesDecodeOfItsFilesPutTogether() throws IOException {
		final Path encoded = dir.resolve("to-decode"), out = dir.resolve("decoded"), expectedIn = dir.resolve("all-encoded.csv"), expected = dir.resolve("all-decoded.csv");
		assertEquals(0, spark("encode", "model=" + model, "input=" + folder, "output=" + encoded).status);
		assertEquals(0, cli("encode", "model=" + model, "input=" + concatenated, "output=" + expectedIn).status);
		final Run s = spark("decode", "model=" + model, "input=" + encoded, "output=" + out);
		assertEquals(0, s.status, s.toString());
		assertEquals(0, cli("decode", "model=" + model, "input=" + expectedIn, "output=" + expected).status);
		assertArrayEquals(Files.readAllBytes(expected), concatenation(out, NAMES));
	}

	@Test
	void checkReportsEveryRowAsTheCommandLineDoes() {
		final Path report = dir.resolve("report.csv"), expected = dir.resolve("cli-report.csv");
		final Run s = spark("check", "model=" + model, "input=" + folder, "output=" + report);
		assertEquals(0, s.status, s.toString());
		assertTrue(s.out.contains("PASS"), s.out);
		assertTrue(s.out.contains("data->latent  (" + points.numRows + " input points)"), s.out);
		assertEquals(0, cli("check", "model=" + model, "input=" + concatenated, "output=" + expected).status);
		final DataTable a = CsvReader.read(report), b = CsvReader.read(expected);
		assertEquals(b.rowCount(), a.rowCount());
		for (int i = 0; i < a.rowCount(); i++) {
			assertEquals(b.cellText(1, i), a.cellText(1, i));
			for (final String exact : new String[] { "min", "max", "max_abs" }) {
				final int j = a.indexOf(exact);
				assertEquals(b.numeric(j)[i], a.numeric(j)[i], 0, b.cellText(1, i) + " " + exact);
			}
			for (final String close : new String[] { "mean", "std" }) {
				final int j = a.indexOf(close);
				final double want = b.numeric(j)[i];
				// files summarized apart and added up: the same up to rounding (the verdict row has none)
				if (Double.isNaN(want)) assertTrue(Double.isNaN(a.numeric(j)[i]));
				else assertEquals(want, a.numeric(j)[i], 1e-12 * Math.max(1, Math.abs(want)), b.cellText(1, i) + " " + close);
			}
		}
		final Run fail = spark("check", "model=" + model, "input=" + folder, "tolerance=0");
		assertEquals(3, fail.status, fail.toString());
		assertTrue(fail.out.contains("FAIL"), fail.out);
	}

	@Test
	void parquetFilesGiveParquetFilesWithTheSameValues() throws IOException {
		// the schema Spark writes for such a table: id bigint, x double, label string, y double
		final MessageType schema = Types.buildMessage().required(PrimitiveTypeName.INT64).named("id").required(PrimitiveTypeName.DOUBLE).named("x")
			.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("label").required(PrimitiveTypeName.DOUBLE).named("y").named("spark_schema");
		final Configuration conf = new Configuration();
		conf.set("fs.file.impl", "org.apache.hadoop.fs.RawLocalFileSystem");
		conf.setBoolean("fs.file.impl.disable.cache", true);
		final Path in = Files.createDirectories(dir.resolve("parquet"));
		for (int f = 0, id = 0; f < NAMES.length; f++) {
			try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new org.apache.hadoop.fs.Path(in.resolve("part-" + f + ".parquet").toString()))
				.withConf(conf).withType(schema).build())
			{
				for (int i = 0; i < SIZES[f]; i++, id++) {
					final Group g = new SimpleGroupFactory(schema).newGroup().append("id", (long) id).append("x", points.get(id, 0));
					if (id % 11 != 0) g.append("label", "cell, " + id % 5);
					w.write(g.append("y", points.get(id, 1)));
				}
			}
		}
		final Path out = dir.resolve("parquet-encoded"), expected = dir.resolve("expected-parquet.csv");
		final Run s = spark("encode", "model=" + model, "input=" + in, "output=" + out, "outliers=25");
		assertEquals(0, s.status, s.toString());
		assertEquals(0, cli("encode", "model=" + model, "input=" + concatenated, "output=" + expected, "outliers=25").status);
		final DataTable cli = CsvReader.read(expected);
		final String[] appended = EncodeColumn.names(2);
		final boolean[] integer = EncodeColumn.integers(2);
		int row = 0;
		for (int f = 0; f < NAMES.length; f++) {
			try (ParquetReader<Group> r = ParquetReader.builder(new GroupReadSupport(), new org.apache.hadoop.fs.Path(out.resolve("part-" + f + ".parquet").toString())).withConf(conf).build()) {
				for (Group g; (g = r.read()) != null; row++) {
					assertEquals(row, g.getLong("id", 0));
					assertEquals(row % 11 != 0 ? 1 : 0, g.getFieldRepetitionCount("label"), "a missing text value stays missing");
					if (row % 11 != 0) assertEquals("cell, " + row % 5, g.getString("label", 0));
					for (int j = 0; j < appended.length; j++) {
						final double want = cli.numeric(cli.indexOf(appended[j]))[row];
						final double have = integer[j] ? g.getLong(appended[j], 0) : g.getDouble(appended[j], 0);
						assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(have), appended[j] + " of row " + row);
					}
				}
			}
		}
		assertEquals(points.numRows, row);
	}

	@Test
	void badInputNamesFileRowAndColumnAndLeavesNoOutput() throws IOException {
		final Path bad = Files.createDirectories(dir.resolve("bad"));
		write(bad.resolve("a.csv"), lines.get(0));
		final List<String> b = new ArrayList<>(lines.get(1));
		b.set(4999, "4999,0.5,x,oops");
		write(bad.resolve("b.csv"), b);
		final List<String> c = new ArrayList<>(lines.get(2));
		c.set(9, "9,,x,1");
		write(bad.resolve("c.csv"), c);
		final Path out = dir.resolve("bad-out");
		final Run s = spark("encode", "model=" + model, "input=" + bad, "output=" + out);
		assertEquals(2, s.status, s.toString());
		assertTrue(s.err.startsWith("flow spark encode: " + bad + "/b.csv, row 5000 (line 5001), column \"y\": \"oops\" is not a number"), "the first bad cell in file order: " + s.err);
		assertFalse(Files.exists(out), "no output");
		assertTrue(listing(dir).stream().noneMatch(n -> n.startsWith(".bad-out")), "no temporary folder left: " + listing(dir));
		final Run d = spark("decode", "model=" + model, "input=" + bad, "output=" + out);
		assertEquals(2, d.status, d.toString());
		assertTrue(d.err.contains(bad + "/a.csv: missing columns z1, z2"), "decode wants the latent columns: " + d.err);

		final Path full = Files.createDirectories(dir.resolve("full"));
		Files.write(full.resolve("keep.txt"), "mine".getBytes(StandardCharsets.UTF_8));
		final Run refused = spark("encode", "model=" + model, "input=" + folder, "output=" + full);
		assertEquals(2, refused.status, refused.toString());
		assertTrue(refused.err.contains("exists and is not empty"), refused.err);
		assertEquals(Arrays.asList("keep.txt"), listing(full));

		final Path empty = Files.createDirectories(dir.resolve("empty"));
		assertEquals(0, spark("encode", "model=" + model, "input=" + folder, "output=" + empty).status, "an empty folder is filled");
		assertEquals(Arrays.asList(NAMES), listing(empty));

		final Run key = spark("encode", "model=" + model, "input=" + folder, "output=" + out, "x=id");
		assertEquals(2, key.status);
		assertTrue(key.err.contains("unknown key 'x'"), key.err);
	}

	@Test
	void trainUsesTheUniformSampleWithTheUsualOptions() throws IOException {
		final Path m = dir.resolve("spark-model.json"), cliModel = dir.resolve("cli-model.json"), sample = dir.resolve("sample.csv");
		final String[] keys = { "columns=x,y", "epochs=2", "hidden=16", "couplings=2", "seed=5" };
		final List<String> args = new ArrayList<>(Arrays.asList("train", "input=" + folder, "model=" + m, "rows=700"));
		args.addAll(Arrays.asList(keys));
		final Run s = spark(args.toArray(new String[0]));
		assertEquals(0, s.status, s.toString());
		assertTrue(s.err.contains(String.format(Locale.ROOT, "Train: 700 rows of %s (a uniform sample of 700 of its %,d rows)", folder, points.numRows)), s.err);

		// the same sample drawn in one piece, trained by the command line
		final RowSample one = new RowSample(700, 2);
		for (int f = 0, id = 0; f < SIZES.length; f++) {
			for (int i = 0; i < SIZES[f]; i++, id++) one.offer(RowSample.draw(5, f, i), f, i, points.data, id * 2);
		}
		final DMatrixRMaj p = one.points();
		final List<String> rows = new ArrayList<>();
		for (int i = 0; i < p.numRows; i++) rows.add(p.get(i, 0) + "," + p.get(i, 1));
		Files.write(sample, ("x,y\n" + String.join("\n", rows) + "\n").getBytes(StandardCharsets.UTF_8));
		final List<String> cliArgs = new ArrayList<>(Arrays.asList("train", "input=" + sample, "model=" + cliModel));
		cliArgs.addAll(Arrays.asList(keys));
		assertEquals(0, cli(cliArgs.toArray(new String[0])).status);
		final DMatrixRMaj probe = new DMatrixRMaj(50, 2);
		System.arraycopy(points.data, 0, probe.data, 0, probe.data.length);
		assertArrayEquals(ModelFile.read(cliModel).flow().encode(probe).logPx, ModelFile.read(m).flow().encode(probe).logPx, 0, "the same model");
	}

	@Test
	void blankColumnsAreTheNumericColumnsOfTheFirstRows() {
		final HadoopConf conf = new HadoopConf(LocalSpark.context().hadoopConfiguration());
		assertEquals(Arrays.asList("id", "x", "y"), Arrays.asList(TableFormat.CSV.numericColumns(conf, new org.apache.hadoop.fs.Path(folder.resolve("a.csv").toString()), "a.csv")));
	}
}
