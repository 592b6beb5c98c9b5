package sc.fiji.flowmodels.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import sc.fiji.flowmodels.InputException;
import sc.fiji.flowmodels.data.ColumnSelection;
import sc.fiji.flowmodels.data.DataTable;

/**
 * Mutated CSV files, from a fixed seed: reading them may fail only with an InputException,
 * never with another exception and never hang; the whole and the streaming readers agree; and
 * whatever reads can be written and read back to the same table.
 */
class CsvFuzzTest {

	private static final String[] SEEDS = { "x,y\n1,2\n3,4\n5,6\n", " ,Area,Mean\r\n1,10,0.5\r\n2,12,0.7\r\n",
		"\uFEFFname,x,y\n\"a,b\",1.5,-2e-3\n\"say \"\"hi\"\"\",NaN,inf\n\"two\nlines\",3,4\n",
		"a\n1\n\n\n", "x,y,z\n 1 , 2 ,3\n4,,6\n7,8,oops\n", "id,value\n1,0x1p3\n2,1d\n3,1e400\n" };

	private static final byte[] INTERESTING = ",\"\r\n \t0123456789.eE-+naifNI\u00ef\u00bb\u00bfx".getBytes(
		StandardCharsets.ISO_8859_1);

	private static byte[] mutate(final byte[] seed, final SplittableRandom r) {
		byte[] b = seed.clone();
		final int mutations = 1 + r.nextInt(5);
		for (int m = 0; m < mutations; m++) {
			final int n = b.length;
			final int at = n == 0 ? 0 : r.nextInt(n + 1);
			switch (r.nextInt(6)) {
				case 0: { // insert a byte
					final byte[] c = new byte[n + 1];
					System.arraycopy(b, 0, c, 0, at);
					c[at] = r.nextInt(4) == 0 ? (byte) r.nextInt(256) : INTERESTING[r.nextInt(INTERESTING.length)];
					System.arraycopy(b, at, c, at + 1, n - at);
					b = c;
					break;
				}
				case 1: // delete a byte
					if (at < n) {
						final byte[] c = new byte[n - 1];
						System.arraycopy(b, 0, c, 0, at);
						System.arraycopy(b, at + 1, c, at, n - at - 1);
						b = c;
					}
					break;
				case 2: // overwrite a byte
					if (at < n) b[at] = INTERESTING[r.nextInt(INTERESTING.length)];
					break;
				case 3: // truncate
					b = Arrays.copyOf(b, at);
					break;
				case 4: { // repeat a slice
					final int from = n == 0 ? 0 : r.nextInt(n);
					final int len = Math.min(n - from, r.nextInt(12));
					final byte[] c = new byte[n + len];
					System.arraycopy(b, 0, c, 0, at);
					System.arraycopy(b, from, c, at, len);
					System.arraycopy(b, at, c, at + len, n - at);
					b = c;
					break;
				}
				default: // swap two bytes
					if (n > 1) {
						final int other = r.nextInt(n);
						if (at < n) {
							final byte t = b[at];
							b[at] = b[other];
							b[other] = t;
						}
					}
			}
		}
		return b;
	}

	@Test
	void mutatedInputsFailOnlyWithInputException() {
		assertTimeoutPreemptively(Duration.ofSeconds(Long.getLong("csv.fuzz.timeout", 60)), () -> {
			// -Dcsv.fuzz.seed=... -Dcsv.fuzz.count=... explore further
			final SplittableRandom r = new SplittableRandom(Long.getLong("csv.fuzz.seed", 20260101));
			final int count = Integer.getInteger("csv.fuzz.count", 4000);
			int read = 0;
			int rejected = 0;
			for (int i = 0; i < count; i++) {
				final byte[] seed = SEEDS[r.nextInt(SEEDS.length)].getBytes(StandardCharsets.UTF_8);
				final byte[] input = mutate(seed, r);
				try {
					if (check(input, r)) read++;
					else rejected++;
				}
				catch (final Throwable e) {
					fail("input " + i + " " + TableMessagesEscape.show(input) + " threw " + e, e);
				}
			}
			assertTrue(read > count / 8 && rejected > count / 8, read + " read, " + rejected + " rejected");
		});
	}

	/** @return whether the input was read as a table */
	private static boolean check(final byte[] input, final SplittableRandom r) throws IOException {
		final DataTable table;
		try {
			table = CsvReader.read(new ByteArrayInputStream(input), "fuzz.csv", r.nextBoolean());
		}
		catch (final InputException e) {
			assertOneLine(e);
			return false;
		}
		writtenAndReadBack(table);
		final String[] names = table.dataColumnNames().toArray(new String[0]);
		String wholeMessage = null;
		DMatrixRMaj whole = null;
		try {
			whole = ColumnSelection.select(table, names).values();
		}
		catch (final InputException e) {
			assertOneLine(e);
			wholeMessage = e.getMessage();
		}
		if (names.length == 0) return true;
		final int chunkRows = 1 + r.nextInt(4);
		String streamMessage = null;
		try (CsvChunkReader reader = CsvChunkReader.open(new ByteArrayInputStream(input), "fuzz.csv", names,
			chunkRows))
		{
			int row = 0;
			for (CsvChunk c = reader.next(); c != null; c = reader.next()) {
				for (int k = 0; k < c.rows() * names.length; k++) {
					if (whole != null) {
						assertEquals(Double.doubleToLongBits(whole.data[row * names.length + k]), Double.doubleToLongBits(
							c.values().data[k]));
					}
				}
				row += c.rows();
			}
		}
		catch (final InputException e) {
			assertOneLine(e);
			streamMessage = e.getMessage();
		}
		assertEquals(wholeMessage, streamMessage, TableMessagesEscape.show(input));
		return true;
	}

	private static void writtenAndReadBack(final DataTable table) throws IOException {
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		final CsvWriter writer = new CsvWriter(out);
		writer.table(table);
		writer.flush();
		final DataTable back = CsvReader.read(new ByteArrayInputStream(out.toByteArray()), "back", false);
		assertEquals(table.names(), back.names());
		assertEquals(table.rowCount(), back.rowCount());
		assertEquals(table.rowLabelColumn(), back.rowLabelColumn());
		for (int j = 0; j < table.columnCount(); j++) {
			assertEquals(table.isNumeric(j), back.isNumeric(j));
			if (table.isNumeric(j)) {
				for (int r = 0; r < table.rowCount(); r++) {
					assertEquals(Double.doubleToLongBits(table.numeric(j)[r]), Double.doubleToLongBits(back.numeric(j)[r]));
				}
				assertEquals(table.badCellCount(j), back.badCellCount(j));
				for (int k = 0; k < table.badCellCount(j); k++)
					assertEquals(table.badCellText(j, k), back.badCellText(j, k));
			}
			else {
				assertArrayEquals(table.text(j), back.text(j));
			}
		}
	}

	private static void assertOneLine(final InputException e) {
		assertTrue(e.getMessage().startsWith("fuzz.csv") || e.getMessage().startsWith("back"), e.getMessage());
		assertTrue(e.getMessage().indexOf('\n') < 0 && e.getMessage().indexOf('\r') < 0, e.getMessage());
	}

	/** Shows bytes readably in a failure message. */
	private static final class TableMessagesEscape {

		static String show(final byte[] b) {
			final StringBuilder sb = new StringBuilder("[");
			for (final byte x : b) {
				final int c = x & 0xFF;
				if (c >= 0x20 && c < 0x7f && c != '\\') sb.append((char) c);
				else sb.append(String.format("\\x%02x", c));
			}
			return sb.append(']').toString();
		}
	}
}
