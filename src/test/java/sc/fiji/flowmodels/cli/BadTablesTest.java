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
			Arguments.of("constant column", "x,y\n1,5\n2,5\n3,5\n", "train", "column \"y\": every value is 5"),
			Arguments.of("duplicate column names", "x,y,x\n1,2,3\n", "encode", "column \"x\" appears twice in the header"),
			Arguments.of("missing column name", "x,,y\n1,2,3\n", "encode", "column 2 has no name in the header"),
			Arguments.of("columns the model does not know", "a,b\n1,2\n", "encode", "missing columns x, y"),
			Arguments.of("already encoded", "x,y,z1\n1,2,3\n", "encode", "the table already has a column \"z1\""),
			Arguments.of("text column chosen for training", "x,label\n1,a\n2,b\n", "train-columns", "column \"label\": \"a\" is not a number (the column holds text"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("tables")
	void rejectedWithOneLineAndNothingWritten(final String name, final String content, final String command,
		final String phrase) throws IOException
	{
		final Path table = dir.resolve(content == null ? "does-not-exist.csv" : name.replace(' ', '-') + ".csv");
		if (content != null) Files.write(table, content.getBytes(StandardCharsets.UTF_8));
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
