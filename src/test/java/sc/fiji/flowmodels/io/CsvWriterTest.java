package sc.fiji.flowmodels.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sc.fiji.flowmodels.io.CsvTestSupport.assertFails;
import static sc.fiji.flowmodels.io.CsvTestSupport.snapshot;
import static sc.fiji.flowmodels.io.CsvTestSupport.write;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.flowmodels.data.DataTable;

class CsvWriterTest {

	@TempDir
	Path dir;

	private static String content(final Path file) throws IOException {
		return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
	}

	private static final double[] EXTREMES = { 0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE,
		-Double.MAX_VALUE, Double.MIN_NORMAL, Math.nextDown(Double.MIN_NORMAL), Math.nextUp(Double.MIN_NORMAL), 1e-300,
		1e300, 0.1, 1.0 / 3, 2.0 / 3, 1e23, 9007199254740993.0, 123456789.0, Double.NaN, Double.POSITIVE_INFINITY,
		Double.NEGATIVE_INFINITY, Math.PI, -Math.E, 1e7, 9999999.999999998, 0.001, 0.0009999999999999998 };

	@Test
	void roundTripIsBitIdentical() throws IOException {
		final SplittableRandom random = new SplittableRandom(3);
		final int rows = 20_000;
		final DMatrixRMaj m = new DMatrixRMaj(rows, 3);
		for (int i = 0; i < m.data.length; i++) {
			double v;
			switch (i % 3) {
				case 0: // any bit pattern
					v = Double.longBitsToDouble(random.nextLong());
					if (Double.isNaN(v)) v = Double.NaN; // NaN payloads are not kept, only NaN
					break;
				case 1: // ordinary magnitudes
					v = (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(40) - 20);
					break;
				default:
					v = EXTREMES[(i / 3) % EXTREMES.length];
			}
			m.data[i] = v;
		}
		final Path file = dir.resolve("out.csv");
		CsvWriter.write(file, new String[] { "a", "b", "c" }, m, null);
		final DataTable t = CsvReader.read(file);
		assertEquals(rows, t.rowCount());
		for (int j = 0; j < 3; j++) {
			final double[] col = t.numeric(j);
			int nonFinite = 0;
			for (int r = 0; r < rows; r++)
				if (Double.isNaN(m.get(r, j)) || Double.isInfinite(m.get(r, j))) nonFinite++;
			assertEquals(nonFinite, t.badCellCount(j), "NaN and infinities, and nothing else, are bad cells");
			for (int r = 0; r < rows; r++) {
				final double expected = m.get(r, j);
				assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(col[r]), "row " + r +
					" column " + j + ": " + expected);
			}
		}
	}

	@Test
	void integerColumnsHaveNoDecimalPoint() throws IOException {
		final Path file = dir.resolve("ranks.csv");
		final DMatrixRMaj m = new DMatrixRMaj(new double[][] { { 0.5, 1, 1 }, { 2.0, 0, 0 } });
		CsvWriter.write(file, new String[] { "z_radius", "outlier_rank", "outlier" }, m, new boolean[] { false, true,
			true });
		assertEquals("z_radius,outlier_rank,outlier\n0.5,1,1\n2.0,0,0\n", content(file));
	}

	@Test
	void quoting() throws IOException {
		assertEquals("plain", CsvWriter.quote("plain"));
		assertEquals("", CsvWriter.quote(""));
		assertEquals("\"a,b\"", CsvWriter.quote("a,b"));
		assertEquals("\"say \"\"hi\"\"\"", CsvWriter.quote("say \"hi\""));
		assertEquals("\"two\nlines\"", CsvWriter.quote("two\nlines"));
		assertEquals("\" padded\"", CsvWriter.quote(" padded"));
		assertEquals("\"tab\t\"", CsvWriter.quote("tab\t"));
		assertEquals("inner space", CsvWriter.quote("inner space"));

		final String[] cells = { "a,b", "say \"hi\"", "two\r\nlines", " padded ", "", "µm" };
		final DataTable t = DataTable.builder("t", cells.length).addText("name, with comma", cells).addNumeric("x",
			new double[] { 1, 2, 3, 4, 5, 6 }).build();
		final Path file = dir.resolve("quoted.csv");
		CsvWriter.write(file, t);
		final DataTable back = CsvReader.read(file);
		assertEquals("name, with comma", back.name(0));
		assertArrayEquals(cells, back.text(0));
		assertArrayEquals(t.numeric(1), back.numeric(1));
	}

	@Test
	void tablePassthroughKeepsCellsAsWritten() throws IOException {
		final String input = " ,label,x,y\n1,\"a,b\",1.50,7\n2,c,1e3,\n3,d,-0,oops\n";
		final DataTable t = CsvReader.read(write(dir, "in.csv", input));
		final DataTable out = t.withNumericColumns(new String[] { "z1", "outlier_rank" }, new double[][] { { 0.25,
			-1.5, 3 }, { 1, 0, 2 } }, new boolean[] { false, true });
		final Path file = dir.resolve("out.csv");
		CsvWriter.write(file, out);
		assertEquals(",label,x,y,z1,outlier_rank\n1,\"a,b\",1.50,7,0.25,1\n2,c,1e3,,-1.5,0\n3,d,-0,oops,3.0,2\n",
			content(file));
		final DataTable back = CsvReader.read(file);
		assertEquals(0, back.rowLabelColumn());
		assertEquals(2, back.badCellCount(3));
		assertEquals("oops", back.badCellText(3, 1));
		assertEquals(0, back.badCellCount(1));
	}

	@Test
	void failureOrCancelLeavesTheTargetUntouched() throws IOException {
		final Path file = write(dir, "out.csv", "old content\n");
		final DMatrixRMaj m = new DMatrixRMaj(100_000, 2);
		final List<String> before = snapshot(dir);
		assertThrows(CancellationException.class, () -> CsvWriter.write(file, csv -> {
			csv.header("a", "b");
			csv.rows(m, null); // more than the buffer: the temporary file has content
			throw new CancellationException("cancelled");
		}));
		assertArrayEquals(before.toArray(), snapshot(dir).toArray());
		assertEquals("old content\n", content(file));
	}

	@Test
	void unwritableTargets() throws IOException {
		final Path missing = dir.resolve("no/such/folder/out.csv");
		assertFails(dir, missing + ": cannot write the file, the folder " + missing.getParent() + " does not exist",
			() -> CsvWriter.write(missing, new String[] { "x" }, new DMatrixRMaj(1, 1), null));
		final Path folder = Files.createDirectory(dir.resolve("folder.csv"));
		assertFails(dir, folder + ": is a folder, not a file", () -> CsvWriter.write(folder, new String[] { "x" },
			new DMatrixRMaj(1, 1), null));
		assertFalse(Files.exists(dir.resolve("no")));
		assertTrue(Files.isDirectory(folder));
	}

	@Test
	void streamingPassthroughAppendsValues() throws IOException {
		final String input = "\uFEFFid, x ,y\r\n\"a,1\",1.50,2\r\n b ,3,4e0\r\n\"c\nd\",5,6";
		final Path in = write(dir, "in.csv", input);
		final Path out = dir.resolve("out.csv");
		try (CsvChunkReader reader = CsvChunkReader.open(in, new String[] { "y", "x" }, 2)) {
			CsvWriter.write(out, csv -> {
				csv.header(reader, "sum", "rank");
				final DMatrixRMaj appended = new DMatrixRMaj(2, 2);
				for (CsvChunk chunk = reader.next(); chunk != null; chunk = reader.next()) {
					for (int r = 0; r < chunk.rows(); r++) {
						appended.set(r, 0, chunk.values().get(r, 0) + chunk.values().get(r, 1));
						appended.set(r, 1, chunk.firstRow() + r);
					}
					csv.rows(chunk, appended, new boolean[] { false, true });
				}
			});
		}
		assertEquals("id, x ,y,sum,rank\n\"a,1\",1.50,2,3.5,1\n b ,3,4e0,7.0,2\n\"c\nd\",5,6,11.0,3\n", content(out));
	}

	/** Rows formatted in parts on several threads are the bytes of the one-thread writer. */
	@Test
	void streamingInPartsWritesTheSameBytes() throws IOException {
		final SplittableRandom random = new SplittableRandom(5);
		final StringBuilder sb = new StringBuilder("name,x\n");
		for (int i = 0; i < 1001; i++)
			sb.append(i % 7 == 0 ? "\"q,\"\"" + i + "\"" : " r" + i).append(',').append(random.nextDouble() - 0.5).append('\n');
		final Path in = write(dir, "parts.csv", sb.toString());
		final String[] written = new String[4];
		for (final int threads : new int[] { 1, 2, 3 }) {
			final Path out = dir.resolve("parts-" + threads + ".csv");
			try (CsvChunkReader reader = CsvChunkReader.open(in, new String[] { "x" }, 97)) {
				CsvWriter.write(out, csv -> {
					csv.header(reader, "x2", "row");
					final DMatrixRMaj appended = new DMatrixRMaj(97, 2);
					for (CsvChunk chunk = reader.next(); chunk != null; chunk = reader.next()) {
						for (int r = 0; r < chunk.rows(); r++) {
							appended.set(r, 0, chunk.values().get(r, 0) / 3);
							appended.set(r, 1, chunk.firstRow() + r);
						}
						csv.rows(chunk, appended, new boolean[] { false, true }, threads);
					}
				});
			}
			written[threads] = content(out);
		}
		assertTrue(written[1].endsWith(",1001\n"), written[1].substring(written[1].length() - 40));
		assertEquals(written[1], written[2]);
		assertEquals(written[1], written[3]);
	}

	@Test
	void aBadRowLateInAStreamLeavesNoOutput() throws IOException {
		final StringBuilder sb = new StringBuilder("x,y\n");
		for (int i = 1; i <= 50_000; i++)
			sb.append(i).append(',').append(i == 40_000 ? "n/a" : "0.5").append('\n');
		final Path in = write(dir, "big.csv", sb.toString());
		final Path out = dir.resolve("out.csv");
		try (CsvChunkReader reader = CsvChunkReader.open(in, new String[] { "x", "y" }, 1000)) {
			assertFails(dir, in + ", row 40000 (line 40001), column \"y\": \"n/a\" is not a number", () -> CsvWriter.write(
				out, csv -> {
					csv.header(reader, "s1", "s2");
					for (CsvChunk c = reader.next(); c != null; c = reader.next())
						csv.rows(c, c.values(), null);
				}));
		}
		assertFalse(Files.exists(out));
	}

	@Test
	void streamingRefusesToRepeatAColumnName() throws IOException {
		final Path in = write(dir, "encoded.csv", "x,y,z1\n1,2,3\n");
		final Path out = write(dir, "out.csv", "old\n");
		try (CsvChunkReader reader = CsvChunkReader.open(in, new String[] { "x", "y" }, 10)) {
			assertFails(dir, in + ": the table already has a column \"z1\"; rename or remove it first",
				() -> CsvWriter.write(out, csv -> csv.header(reader, "z1", "z2")));
		}
	}
}
