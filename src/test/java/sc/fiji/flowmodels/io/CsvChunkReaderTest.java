package sc.fiji.flowmodels.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static sc.fiji.flowmodels.io.CsvTestSupport.assertFails;
import static sc.fiji.flowmodels.io.CsvTestSupport.write;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.flowmodels.InputException;
import sc.fiji.flowmodels.data.ColumnSelection;
import sc.fiji.flowmodels.data.DataTable;

class CsvChunkReaderTest {

	@TempDir
	Path dir;

	/** A file with a row-label column, text, quotes, multi-line cells, spaces and CRLF. */
	private static String messyFile(final int rows, final long seed) {
		final SplittableRandom r = new SplittableRandom(seed);
		final StringBuilder sb = new StringBuilder(" ,label,x,y,note\r\n");
		for (int i = 1; i <= rows; i++) {
			sb.append(i).append(',');
			sb.append(r.nextInt(10) == 0 ? "\"multi\nline, " + i + "\"" : "p" + i).append(',');
			sb.append(r.nextBoolean() ? " " : "").append(Double.toString(r.nextDouble() * 100 - 50)).append(',');
			sb.append(r.nextBoolean() ? "\"" + (r.nextInt(2000) - 1000) / 8.0 + "\"" : String.format(
				java.util.Locale.ROOT, "%.3e", r.nextDouble())).append(',');
			sb.append(r.nextInt(5) == 0 ? "" : "n").append(r.nextBoolean() ? "\r\n" : "\n");
		}
		return sb.toString();
	}

	@Test
	void chunksEqualTheWholeTable() throws IOException {
		final int rows = 1000;
		final Path file = write(dir, "messy.csv", messyFile(rows, 11));
		final DataTable whole = CsvReader.read(file);
		final String[] columns = { "y", "x" };
		final DMatrixRMaj expected = ColumnSelection.select(whole, columns).values();
		for (final int size : new int[] { 1, 2, 7, 100, 999, 1000, 5000 }) {
			try (CsvChunkReader reader = CsvChunkReader.open(file, columns, size)) {
				assertEquals(Arrays.asList("", "label", "x", "y", "note"), reader.header());
				long row = 1;
				CsvChunk first = null;
				for (CsvChunk chunk = reader.next(); chunk != null; chunk = reader.next()) {
					if (first == null) first = chunk;
					assertSame(first, chunk, "the chunk is reused");
					assertEquals(row, chunk.firstRow());
					assertEquals(Math.min(size, rows - row + 1), chunk.rows());
					final DMatrixRMaj v = chunk.values();
					assertEquals(chunk.rows(), v.numRows);
					assertEquals(2, v.numCols);
					for (int i = 0; i < chunk.rows(); i++) {
						final int r = (int) (row - 1 + i);
						assertEquals(expected.get(r, 0), v.get(i, 0));
						assertEquals(expected.get(r, 1), v.get(i, 1));
						assertEquals(whole.line(r), chunk.line(i));
						assertEquals(whole.cellText(1, r), CsvReader.read(new ByteArrayInputStream((" ,label,x,y,note\n" +
							chunk.rawLine(i)).getBytes(StandardCharsets.UTF_8)), "raw", true).cellText(1, 0));
					}
					row += chunk.rows();
				}
				assertEquals(rows + 1, row);
				assertEquals(rows, reader.rowsRead());
				assertNull(reader.next());
			}
		}
	}

	@Test
	void rawLinesAreTheFileText() {
		final String text = "a,b\n 1 ,\"x,\"\"y\"\"\"\r\n2,\"p\nq\"\n";
		try (CsvChunkReader reader = CsvChunkReader.open(new ByteArrayInputStream(text.getBytes(
			StandardCharsets.UTF_8)), "t.csv", new String[] { "a" }, 10))
		{
			final CsvChunk chunk = reader.next();
			assertEquals(" 1 ,\"x,\"\"y\"\"\"", chunk.rawLine(0));
			assertEquals("2,\"p\nq\"", chunk.rawLine(1));
			assertEquals(2, chunk.line(0));
			assertEquals(3, chunk.line(1));
			assertArrayEquals(new double[] { 1, 2 }, Arrays.copyOf(chunk.values().data, 2));
			assertThrows(IndexOutOfBoundsException.class, () -> chunk.rawLine(2));
		}
	}

	/** The streaming reader reports the same problem as reading the whole file and selecting. */
	@Test
	void sameMessagesAsTheWholeReader() throws IOException {
		final String[] files = { "x,y\n1,2\n3,\n", "x,y\n1,2\n3,abc\n", "x,y\n1,2\n3,4\nnan,1\n", "x,y\n1,-Infinity\n",
			"x,y\n,2\n1,2\n", "x,y\nabc,2\n1,2\n", "x,y\n\"\",2\n", "x,y\n\" \",2\nq,3\n", "x,y\n1,2\n3,4,5\n",
			"x,y\n1,2\n\n3,4\n", "y,x\n1,\"2\n" };
		for (final String content : files) {
			final Path file = write(dir, "bad.csv", content);
			final InputException whole = assertThrows(InputException.class, () -> ColumnSelection.select(CsvReader.read(
				file), new String[] { "x", "y" }), content);
			for (final int size : new int[] { 1, 2, 100 }) {
				final InputException streamed = assertThrows(InputException.class, () -> {
					try (CsvChunkReader reader = CsvChunkReader.open(file, new String[] { "x", "y" }, size)) {
						while (reader.next() != null) {
							// read everything
						}
					}
				}, content);
				assertEquals(whole.getMessage(), streamed.getMessage(), content);
			}
		}
	}

	@Test
	void openingErrors() throws IOException {
		final Path file = write(dir, "p.csv", " ,x,y\n1,1,2\n");
		assertFails(dir, file + ": no column \"z\"; the columns are: x, y", () -> CsvChunkReader.open(file,
			new String[] { "x", "z" }, 10));
		assertFails(dir, file + ": column \"x\" is asked for twice", () -> CsvChunkReader.open(file, new String[] { "x",
			"x" }, 10));
		final Path header = write(dir, "h.csv", "x,y\n");
		assertFails(dir, header + ": no data rows below the header (line 1)", () -> CsvChunkReader.open(header,
			new String[] { "x" }, 10));
		final Path empty = write(dir, "e.csv", "");
		assertFails(dir, empty + ": the file is empty", () -> CsvChunkReader.open(empty, new String[] { "x" }, 10));
		final Path missing = dir.resolve("missing.csv");
		assertFails(dir, missing + ": file not found", () -> CsvChunkReader.open(missing, new String[] { "x" }, 10));
	}
}
