package sc.fiji.flowmodels.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import sc.fiji.flowmodels.InputException;

class DataTableTest {

	private static DataTable table() {
		return DataTable.builder("Results", 3).addText("label", new String[] { "a", "b", "c" }).addNumeric("x",
			new double[] { 1, 2.5, 3 }).build();
	}

	@Test
	void accessors() {
		final DataTable t = table();
		assertEquals("Results", t.source());
		assertEquals(3, t.rowCount());
		assertEquals(2, t.columnCount());
		assertEquals("x", t.name(1));
		assertEquals(1, t.indexOf("x"));
		assertTrue(!t.isNumeric(0) && t.isNumeric(1));
		assertEquals("2.5", t.cellText(1, 1));
		assertEquals("b", t.cellText(0, 1));
		assertEquals(-1, t.line(0));
		assertEquals(-1, t.rowLabelColumn());
		assertEquals("Results, row 2, column \"x\"", t.where(1, 1));
		assertThrows(IllegalStateException.class, () -> t.numeric(0));
		assertThrows(IllegalStateException.class, () -> t.text(1));
	}

	@Test
	void appendingNumericColumnsSharesTheOldOnes() {
		final DataTable t = table();
		final DMatrixRMaj z = new DMatrixRMaj(new double[][] { { 0.1, 1 }, { 0.2, 0 }, { 0.3, 2 } });
		final DataTable u = t.withNumericColumns(new String[] { "z1", "outlier_rank" }, z, new boolean[] { false,
			true });
		assertEquals(Arrays.asList("label", "x", "z1", "outlier_rank"), u.names());
		assertSame(t.numeric(1), u.numeric(1));
		assertArrayEquals(new double[] { 0.1, 0.2, 0.3 }, u.numeric(2));
		assertTrue(u.isInteger(3));
		assertEquals("2", u.cellText(3, 2));
		assertEquals("0.3", u.cellText(2, 2));
		// the original is unchanged
		assertEquals(2, t.columnCount());
		assertEquals("Results: the table already has a column \"x\"; rename or remove it first", assertThrows(
			InputException.class, () -> t.withNumericColumns(new String[] { "x" }, new double[][] { { 1, 2, 3 } },
				null)).getMessage());
	}

	@Test
	void duplicateNamesAreRejected() {
		assertEquals("Results: column \"x\" appears twice", assertThrows(InputException.class, () -> DataTable.builder(
			"Results", 1).addNumeric("x", new double[1]).addText("x", new String[1])).getMessage());
	}

	@Test
	void messagesStayOnOneLine() {
		assertEquals("\"a\\nb\\t\\\"\"", TableMessages.quote("a\nb\t\""));
		final String longCell = new String(new char[200]).replace('\0', 'w');
		assertEquals(62, TableMessages.quote(longCell).length());
	}

	@Test
	void cellTextStore() {
		final CellTextStore s = new CellTextStore();
		for (int i = 0; i < 5000; i++)
			s.add(i % 7 == 0 ? "" : "µ" + i);
		s.trimToSize();
		assertEquals(5000, s.size());
		assertEquals("", s.get(0));
		assertEquals("µ4999", s.get(4999));
		assertThrows(IndexOutOfBoundsException.class, () -> s.get(5000));
	}

	@Test
	void integerFormat() {
		assertEquals("3", NumberText.format(3.0, true));
		assertEquals("-12", NumberText.format(-12.0, true));
		assertEquals("0.5", NumberText.format(0.5, true));
		assertEquals("NaN", NumberText.format(Double.NaN, true));
		assertEquals("3.0", NumberText.format(3.0, false));
		assertEquals("1.0E20", NumberText.format(1e20, true));
	}
}
