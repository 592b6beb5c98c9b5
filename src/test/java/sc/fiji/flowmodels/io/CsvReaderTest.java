package sc.fiji.flowmodels.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sc.fiji.flowmodels.io.CsvTestSupport.assertFails;
import static sc.fiji.flowmodels.io.CsvTestSupport.write;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.flowmodels.InputException;
import sc.fiji.flowmodels.data.DataTable;

class CsvReaderTest {

	@TempDir
	Path dir;

	private DataTable read(final String content) throws IOException {
		return CsvReader.read(write(dir, "points.csv", content));
	}

	private static DataTable parse(final byte[] content) {
		return CsvReader.read(new ByteArrayInputStream(content), "bytes", true);
	}

	@Test
	void readsNumbersByColumn() throws IOException {
		final DataTable t = read("x,y\n1,2\n3.5,-4e-3\n");
		assertEquals(Arrays.asList("x", "y"), t.names());
		assertEquals(2, t.rowCount());
		assertEquals(2, t.columnCount());
		assertTrue(t.isNumeric(0) && t.isNumeric(1));
		assertArrayEquals(new double[] { 1, 3.5 }, t.numeric(0));
		assertArrayEquals(new double[] { 2, -4e-3 }, t.numeric(1));
		assertEquals(1, t.indexOf("y"));
		assertEquals(-1, t.indexOf("z"));
		assertEquals(2, t.line(0));
		assertEquals(3, t.line(1));
		assertEquals(t.source(), dir.resolve("points.csv").toString());
	}

	@Test
	void lineEndsByteOrderMarkTrailingBlankLinesAndSpaces() {
		final String[] variants = { "x,y\n1,2\n3,4", "x,y\r\n1,2\r\n3,4\r\n", "x,y\r1,2\r3,4\r", "\uFEFFx,y\n1,2\n3,4\n",
			"x,y\n1,2\n3,4\n\n\n  \n\t\n", " x , y \n 1 ,\t2\n3 , 4 \n", "\n\nx,y\n1,2\n3,4\n" };
		for (final String v : variants) {
			final DataTable t = parse(v.getBytes(StandardCharsets.UTF_8));
			assertEquals(Arrays.asList("x", "y"), t.names(), v);
			assertArrayEquals(new double[] { 1, 3 }, t.numeric(0), v);
			assertArrayEquals(new double[] { 2, 4 }, t.numeric(1), v);
		}
	}

	@Test
	void quotedCells() {
		final DataTable t = parse(("name,x\n" + "\"a,b\",1\n" + "\"say \"\"hi\"\"\",2\n" + "\"two\nlines\",\"3.5\"\n" +
			"  \" padded \" ,4\n" + "\"\",5\n").getBytes(StandardCharsets.UTF_8));
		assertFalse(t.isNumeric(0));
		assertArrayEquals(new String[] { "a,b", "say \"hi\"", "two\nlines", " padded ", "" }, t.text(0));
		assertArrayEquals(new double[] { 1, 2, 3.5, 4, 5 }, t.numeric(1));
		// the row with a line break inside quotes starts at line 4 and ends at line 5
		assertEquals(4, t.line(2));
		assertEquals(6, t.line(3));
	}

	@Test
	void utf8NamesAndText() {
		final DataTable t = parse("Länge µm,Ort\n1,Zürich\n".getBytes(StandardCharsets.UTF_8));
		assertEquals("Länge µm", t.name(0));
		assertEquals("Zürich", t.text(1)[0]);
	}

	@Test
	void imageJRowNumberColumn() {
		final DataTable t = parse(" ,Area,Mean\n1,10,0.5\n2,12,0.7\n3,9,0.1\n".getBytes(StandardCharsets.UTF_8));
		assertEquals(0, t.rowLabelColumn());
		assertTrue(t.isRowLabel(0));
		assertEquals("", t.name(0));
		assertEquals(Arrays.asList("Area", "Mean"), t.dataColumnNames());
		assertEquals("2", t.cellText(0, 1));
		// pandas writes its index the same way, from 0 and with an empty name
		final DataTable p = parse(",x\n0,1\n1,2\n".getBytes(StandardCharsets.UTF_8));
		assertEquals(0, p.rowLabelColumn());
		assertEquals(Arrays.asList("x"), p.dataColumnNames());
	}

	@Test
	void columnTypeComesFromTheFirstNonEmptyCell() {
		final DataTable t = parse("a,b,c,d\n,x,1,\n2,3,oops,\n3,,,\n".getBytes(StandardCharsets.UTF_8));
		// a: empty, then numbers: numeric with one bad (empty) cell
		assertTrue(t.isNumeric(0));
		assertEquals(1, t.badCellCount(0));
		assertEquals(0, t.badCellRow(0, 0));
		assertEquals("", t.badCellText(0, 0));
		assertTrue(Double.isNaN(t.numeric(0)[0]));
		// b: text from its first cell on; numbers in it are text
		assertFalse(t.isNumeric(1));
		assertArrayEquals(new String[] { "x", "3", "" }, t.text(1));
		// c: numeric with a text and an empty cell
		assertTrue(t.isNumeric(2));
		assertEquals(2, t.badCellCount(2));
		assertEquals(1, t.badCellRow(2, 0));
		assertEquals("oops", t.badCellText(2, 0));
		assertEquals("oops", t.cellText(2, 1));
		assertTrue(t.isBad(2, 2));
		assertFalse(t.isBad(2, 0));
		// d: every cell empty: numeric, all bad
		assertTrue(t.isNumeric(3));
		assertEquals(3, t.badCellCount(3));
	}

	@Test
	void specialValuesAndOriginalText() {
		final DataTable t = parse("x\nNaN\ninf\n-Infinity\n1.50\n1e3\n".getBytes(StandardCharsets.UTF_8));
		final double[] x = t.numeric(0);
		assertTrue(Double.isNaN(x[0]));
		assertEquals(Double.POSITIVE_INFINITY, x[1]);
		assertEquals(Double.NEGATIVE_INFINITY, x[2]);
		assertEquals(1.5, x[3]);
		// NaN and infinities are recorded as bad cells (unusable as data) with their text
		assertEquals(3, t.badCellCount(0));
		assertEquals("-Infinity", t.badCellText(0, 2));
		assertEquals("1.50", t.cellText(0, 3));
		assertEquals("1e3", t.cellText(0, 4));
		final DataTable lean = CsvReader.read(new ByteArrayInputStream("x\n1.50\n1e3\n".getBytes(
			StandardCharsets.UTF_8)), "lean", false);
		assertEquals("1.5", lean.cellText(0, 0));
		assertEquals("1000.0", lean.cellText(0, 1));
	}

	@Test
	void javaOnlyNumberSyntaxIsText() {
		final DataTable t = parse("a,b,c\n1d,0x1p3,1,000\n".replace("1,000", "\"1,000\"").getBytes(
			StandardCharsets.UTF_8));
		assertFalse(t.isNumeric(0));
		assertFalse(t.isNumeric(1));
		assertFalse(t.isNumeric(2));
	}

	// ---- errors: each names the file, and where it applies the row, line and column ----

	@Test
	void missingFile() throws IOException {
		final Path file = dir.resolve("nothing.csv");
		assertFails(dir, file + ": file not found", () -> CsvReader.read(file));
	}

	@Test
	void folder() throws IOException {
		final Path sub = Files.createDirectory(dir.resolve("sub.csv"));
		assertFails(dir, sub + ": is a folder, not a file", () -> CsvReader.read(sub));
	}

	@Test
	void unreadableFile() throws IOException {
		final Path file = write(dir, "secret.csv", "x\n1\n");
		try {
			Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
		}
		catch (final UnsupportedOperationException e) {
			Assumptions.assumeTrue(false, "no POSIX permissions here");
		}
		Assumptions.assumeFalse(Files.isReadable(file), "running with rights to read anything");
		try {
			assertFails(dir, file + ": cannot read the file (permission denied)", () -> CsvReader.read(file));
		}
		finally {
			Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
		}
	}

	@Test
	void failingStream() {
		final InputStream failing = new InputStream() {

			private int left = 20;

			@Override
			public int read() throws IOException {
				if (left-- > 0) return left % 2 == 0 ? '\n' : '1';
				throw new IOException("device not ready");
			}
		};
		final InputException e = assertThrows(InputException.class, () -> CsvReader.read(failing, "stick.csv", true));
		assertEquals("stick.csv: cannot read the file (device not ready)", e.getMessage());
	}

	@Test
	void emptyFile() throws IOException {
		for (final String content : new String[] { "", "\n\n", "\uFEFF", "  \r\n\t\n" }) {
			final Path file = write(dir, "empty.csv", content);
			assertFails(dir, file + ": the file is empty", () -> CsvReader.read(file));
		}
	}

	@Test
	void headerOnly() throws IOException {
		for (final String content : new String[] { "x,y", "x,y\n", "x,y\r\n\r\n" }) {
			final Path file = write(dir, "header.csv", content);
			assertFails(dir, file + ": no data rows below the header (line 1)", () -> CsvReader.read(file));
		}
	}

	@Test
	void raggedRows() throws IOException {
		Path file = write(dir, "short.csv", "x,y,z\n1,2,3\n4,5\n");
		assertFails(dir, file + ", row 2 (line 3): 2 cells, but the header has 3 columns", () -> CsvReader.read(file));
		final Path wide = write(dir, "wide.csv", "x,y\n1,2\n3,4\n5,6,7\n");
		assertFails(dir, wide + ", row 3 (line 4): 3 cells, but the header has 2 columns" +
			" (a cell that contains a comma must be in double quotes)", () -> CsvReader.read(wide));
	}

	@Test
	void blankLineInsideTheTable() throws IOException {
		final Path file = write(dir, "gap.csv", "x,y\n1,2\n\n3,4\n");
		assertFails(dir, file + ", line 3: blank line inside the table (blank lines are allowed only at the end of the file)",
			() -> CsvReader.read(file));
	}

	@Test
	void duplicateColumnNames() throws IOException {
		final Path file = write(dir, "dup.csv", "x,y, x\n1,2,3\n");
		assertFails(dir, file + ", line 1: column \"x\" appears twice in the header (columns 1 and 3)", () -> CsvReader
			.read(file));
	}

	@Test
	void blankColumnName() throws IOException {
		final Path file = write(dir, "blank.csv", "x, ,z\n1,2,3\n");
		assertFails(dir, file + ", line 1: column 2 has no name in the header", () -> CsvReader.read(file));
		final Path last = write(dir, "trailing.csv", "x,y,\n1,2,3\n");
		assertFails(dir, last + ", line 1: column 3 has no name in the header", () -> CsvReader.read(last));
	}

	@Test
	void unclosedQuote() throws IOException {
		final Path file = write(dir, "quote.csv", "x,label\n1,a\n2,\"b\n3,c\n");
		assertFails(dir, file + ", row 2 (line 3), column \"label\": a quoted cell starts here but its closing quote is missing",
			() -> CsvReader.read(file));
	}

	@Test
	void textAfterClosingQuote() throws IOException {
		final Path file = write(dir, "after.csv", "x,label\n1,\"a\"b\n");
		assertFails(dir, file + ", row 1 (line 2), column \"label\": unexpected character 'b' after a closing quote" +
			" (a quote inside a quoted cell is written \"\")", () -> CsvReader.read(file));
		final Path header = write(dir, "afterHeader.csv", "\"x\"y,z\n1,2\n");
		assertFails(dir, header + ", line 1 (cell 1): unexpected character 'y' after a closing quote" +
			" (a quote inside a quoted cell is written \"\")", () -> CsvReader.read(header));
	}
}
