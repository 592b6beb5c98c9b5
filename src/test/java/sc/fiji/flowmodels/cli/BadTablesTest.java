package sc.fiji.flowmodels.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every class of bad table, through the command line: one clear line naming file, row and
 * column (exit 2), and nothing created or overwritten.
 */
class BadTablesTest {

	@TempDir
	static Path dir;

	static Path model;

	@BeforeAll
	static void model() {
		final Path data = dir.resolve("good.csv");
		model = dir.resolve("good.json");
		assertEquals(0, CliTest.flow("sample", "dataset=mvn", "samples=300", "output=" + data).status);
		assertEquals(0, CliTest.flow("train", "input=" + data, "model=" + model, "hidden=8", "couplings=2", "epochs=2").status);
	}

	static Stream<Arguments> tables() {
		return Stream.of(
			Arguments.of("missing file", null, "train", "does-not-exist.csv: file not found"),
			Arguments.of("empty file", "", "train", "the file is empty"),
			Arguments.of("header only", "x,y\n", "encode", "no data rows below the header"),
			Arguments.of("one row", "x,y\n1,2\n", "train", "training needs at least 2 rows, the table has 1"),
			Arguments.of("text in a numeric cell", "x,y\n1,2\n3,abc\n", "encode", "row 2 (line 3), column \"y\": \"abc\" is not a number"),
			Arguments.of("NaN cell", "x,y\n1,2\nNaN,4\n", "encode", "row 2 (line 3), column \"x\": \"NaN\" is not a finite number"),
			Arguments.of("infinite cell", "x,y\n1,2\n3,-Infinity\n", "train", "row 2 (line 3), column \"y\": \"-Infinity\" is not a finite number"),
			Arguments.of("empty cell", "x,y\n1,2\n3,\n", "encode", "row 2 (line 3), column \"y\": empty cell"),
			Arguments.of("ragged row", "x,y\n1,2\n3,4,5\n", "encode", "row 2 (line 3): 3 cells, but the header has 2 columns"),
			Arguments.of("constant columns", "x,y\n5,1\n5,1\n5,1\n", "train", "column \"x\": every value is 5"),
			Arguments.of("duplicate column names", "x,y,x\n1,2,3\n", "encode", "column \"x\" appears twice in the header"),
			Arguments.of("missing column name", "x,,y\n1,2,3\n", "encode", "column 2 has no name in the header"),
			Arguments.of("columns the model does not know", "a,b\n1,2\n", "encode", "missing columns x, y"),
			Arguments.of("already encoded", "x,y,z1\n1,2,3\n", "encode", "the table already has a column \"z1\""),
			Arguments.of("text column chosen for training", "x,label\n1,a\n2,b\n", "train-columns", "column \"label\": \"a\" is not a number (the column holds text"),
			Arguments.of("values too large for a flow", "x,y\n1,2\n2e160,3\n3,1\n", "train", "row 2, column \"x\": 2.0E160 is too large for a flow (values must lie within ±1e100; rescale the column"),
			Arguments.of("a spread too small for a flow", "x,y\n1e-120,2\n2e-120,3\n3e-120,1\n", "train", "column \"x\": the values differ by at most 2.0000000000000003E-120; a flow needs a spread of at least 1e-90"),
			Arguments.of("a column named like an encode result", "x,y,log_px\n1,2,3\n2,1,4\n3,5,2\n", "train", "column \"log_px\": encode, decode and sample write a column of this name"),
			Arguments.of("validation leaving one training row", "x,y\n1,2\n2,1\n3,5\n4,4\n5,7\n6,1\n7,3\n8,8\n", "train-validation", "validation=0.85 holds out 7 of the 8 rows and leaves 1 to train on; training needs at least 2"),
			Arguments.of("separated by semicolons", "x;y\n1,5;2\n2,5;3\n", "encode", "line 1: the header \"x;y\" is one column, and the rows hold semicolons too: the table seems to be separated by semicolons"),
			Arguments.of("separated by tabs", "x\ty\n1\t2\n2\t1\n", "train", "the table seems to be separated by tabs"),
			Arguments.of("decimal commas", "x,y\n\"1,5\",\"2,5\"\n\"2,5\",\"1,0\"\n", "train", "no numeric columns (the columns are: x, y); \"1,5\" in column \"x\" is a number with a decimal comma (write decimals with a point: 1.5)"),
			Arguments.of("a decimal comma in a chosen column", "x,y\n1.5,2\n\"2,5\",1\n", "encode", "row 2 (line 3), column \"x\": \"2,5\" is not a number (write decimals with a point: 2.5)"),
			Arguments.of("compressed", gzip("x,y\n1,2\n2,1\n"), "encode", "the file is compressed (gzip); decompress it first"),
			Arguments.of("UTF-16", "\uFEFFx,y\n1,2\n2,1\n".getBytes(StandardCharsets.UTF_16BE), "train", "the file holds UTF-16 text; save it as UTF-8"),
			Arguments.of("UTF-16 without a byte order mark", "x,y\n1,2\n2,1\n".getBytes(StandardCharsets.UTF_16LE), "encode", "the file holds UTF-16 text; save it as UTF-8 (e.g. iconv -f UTF-16LE"),
			Arguments.of("a spreadsheet", zip("x,y\n1,2\n"), "train", "the file is a ZIP archive (an Excel .xlsx workbook is one)"),
			Arguments.of("no line breaks", noLineBreaks(), "train", "line 1: a row (record) of more than 64 MB without a line break; is this a CSV table?"));
	}

	private static byte[] gzip(final String text) {
		final java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
		try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(b)) {
			z.write(text.getBytes(StandardCharsets.UTF_8));
		}
		catch (final IOException e) {
			throw new IllegalStateException(e);
		}
		return b.toByteArray();
	}

	private static byte[] zip(final String text) {
		final java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
		try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(b)) {
			z.putNextEntry(new java.util.zip.ZipEntry("sheet.csv"));
			z.write(text.getBytes(StandardCharsets.UTF_8));
		}
		catch (final IOException e) {
			throw new IllegalStateException(e);
		}
		return b.toByteArray();
	}

	/** 65 MB of digits without a line break (a 2 GB one ended in NegativeArraySizeException). */
	private static byte[] noLineBreaks() {
		final byte[] b = new byte[65 << 20];
		java.util.Arrays.fill(b, (byte) '7');
		return b;
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("tables")
	void rejectedWithOneLineAndNothingWritten(final String name, final Object content, final String command,
		final String phrase) throws IOException
	{
		final Path table = dir.resolve(content == null ? "does-not-exist.csv" : name.replace(' ', '-') + ".csv");
		if (content != null) Files.write(table, content instanceof byte[] ? (byte[]) content : ((String) content).getBytes(StandardCharsets.UTF_8));
		final Path out = dir.resolve(name.replace(' ', '-') + "-out.csv");
		final byte[] precious = "precious\n".getBytes(StandardCharsets.UTF_8);
		Files.write(out, precious);
		final Path newModel = dir.resolve(name.replace(' ', '-') + ".json");
		final CliTest.Run r;
		switch (command) {
			case "train":
				r = CliTest.flow("train", "input=" + table, "model=" + newModel);
				break;
			case "train-columns":
				r = CliTest.flow("train", "input=" + table, "model=" + newModel, "columns=x,label");
				break;
			case "train-validation":
				r = CliTest.flow("train", "input=" + table, "model=" + newModel, "validation=0.85");
				break;
			default:
				r = CliTest.flow("encode", "model=" + model, "input=" + table, "output=" + out);
		}
		CliTest.assertBad(r, phrase);
		if (content != null) CliTest.assertBad(r, table.getFileName().toString());
		assertArrayEquals(precious, Files.readAllBytes(out), "existing output untouched");
		assertFalse(Files.exists(newModel), "no model written");
		try (Stream<Path> files = Files.list(dir)) {
			assertEquals(0, files.filter(p -> p.getFileName().toString().endsWith(".part")).count(), "no temporary files left");
		}
	}
}
