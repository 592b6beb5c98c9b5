package sc.fiji.flowmodels.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import sc.fiji.flowmodels.InputException;
import sc.fiji.flowmodels.io.CsvReader;

class ColumnSelectionTest {

	private static DataTable csv(final String content) {
		return CsvReader.read(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), "p.csv", true);
	}

	private static void fails(final String message, final Executable action) {
		assertEquals(message, assertThrows(InputException.class, action).getMessage());
	}

	@Test
	void selectsInSpecOrderRowMajor() {
		final DataTable t = csv(" ,label,x,y,z\n1,a,1,2,3\n2,b,4,5,6\n");
		final ColumnSelection s = ColumnSelection.select(t, " z , x");
		assertArrayEquals(new String[] { "z", "x" }, s.names());
		assertArrayEquals(new int[] { 4, 2 }, s.columns());
		final DMatrixRMaj m = s.values();
		assertEquals(2, m.numRows);
		assertEquals(2, m.numCols);
		assertArrayEquals(new double[] { 3, 1, 6, 4 }, m.data);
		assertEquals("p.csv", s.source());
	}

	@Test
	void blankSpecMeansAllNumericColumnsButTheRowLabels() {
		final DataTable t = csv(" ,label,x,y\n1,a,1,2\n2,b,4,5\n");
		for (final String spec : new String[] { "", "  ", null }) {
			assertArrayEquals(new String[] { "x", "y" }, ColumnSelection.select(t, spec).names());
		}
		fails("p.csv: no numeric columns (the columns are: label)", () -> ColumnSelection.select(csv(
			" ,label\n1,a\n"), ""));
	}

	@Test
	void specErrors() {
		final DataTable t = csv("x,y,label\n1,2,a\n");
		fails("p.csv: no column \"q\"; the columns are: x, y, label", () -> ColumnSelection.select(t, "x,q"));
		fails("p.csv: missing columns q, r; the columns are: x, y, label", () -> ColumnSelection.select(t, "r,x,q"
			.replace("r,x,q", "q,x,r")));
		fails("columns \"x, y,x\": column \"x\" is named twice", () -> ColumnSelection.select(t, "x, y,x"));
		fails("columns \"x,,y\": empty column name at position 2", () -> ColumnSelection.select(t, "x,,y"));
		fails("p.csv: column \"x\" is asked for twice", () -> ColumnSelection.select(t, new String[] { "x", "x" }));
	}

	@Test
	void cellErrorsNameRowLineAndColumn() {
		fails("p.csv, row 1 (line 2), column \"label\": \"a\" is not a number (the column holds text, not numbers)",
			() -> ColumnSelection.select(csv("x,label\n1,a\n2,b\n"), "x,label"));
		fails("p.csv, row 3 (line 4), column \"y\": \"abc\" is not a number", () -> ColumnSelection.select(csv(
			"x,y\n1,2\n3,4\n5,abc\n"), ""));
		fails("p.csv, row 2 (line 3), column \"y\": empty cell (a number is needed)", () -> ColumnSelection.select(csv(
			"x,y\n1,2\n3,\n5,6\n"), ""));
		fails("p.csv, row 1 (line 2), column \"y\": empty cell (a number is needed)", () -> ColumnSelection.select(csv(
			"x,y\n1,\n3,4\n"), ""));
		fails("p.csv, row 2 (line 3), column \"x\": \"nan\" is not a finite number (NaN and infinite values cannot be used)",
			() -> ColumnSelection.select(csv("x,y\n1,2\nnan,4\n"), ""));
		fails("p.csv, row 1 (line 2), column \"y\": \"-inf\" is not a finite number (NaN and infinite values cannot be used)",
			() -> ColumnSelection.select(csv("x,y\n1,-inf\n"), ""));
		fails("p.csv, row 1 (line 2), column \"x\": \"Infinity\" is not a finite number (NaN and infinite values cannot be used)",
			() -> ColumnSelection.select(csv("x,y\nInfinity,1\n"), ""));
		// a bad cell in a column that is not selected is no problem
		assertArrayEquals(new double[] { 1, 3 }, ColumnSelection.select(csv("x,y\n1,oops\n3,\n"), "x").values().data);
	}

	@Test
	void firstProblemInReadingOrder() {
		final DataTable t = csv("a,b,c\n1,2,3\n4,,x\n,8,9\n");
		// row 2 has problems in b and c: b comes first in the spec order b,c, c first in c,b
		fails("p.csv, row 2 (line 3), column \"b\": empty cell (a number is needed)", () -> ColumnSelection.select(t,
			"a,b,c"));
		fails("p.csv, row 2 (line 3), column \"c\": \"x\" is not a number", () -> ColumnSelection.select(t, "c,b"));
		fails("p.csv, row 3 (line 4), column \"a\": empty cell (a number is needed)", () -> ColumnSelection.select(t,
			"a"));
	}

	@Test
	void tablesWithoutLinesSayRowOnly() {
		final DataTable t = DataTable.builder("Results", 3).addNumeric("x", new double[] { 1, 2, Double.NaN })
			.addNumeric("y", new double[] { 1, 2, 3 }).build();
		fails("Results, row 3, column \"x\": \"NaN\" is not a finite number (NaN and infinite values cannot be used)",
			() -> ColumnSelection.select(t, ""));
		final DataTable empty = DataTable.builder("Results", 0).addNumeric("x", new double[0]).build();
		fails("Results: the table has no data rows", () -> ColumnSelection.select(empty, ""));
	}

	@Test
	void trainability() {
		final ColumnSelection ok = ColumnSelection.select(csv("x,y\n1,2\n3,4\n"), "");
		ok.requireTrainable();
		fails("p.csv: training needs at least 2 rows, the table has 1", () -> ColumnSelection.select(csv("x,y\n1,2\n"), "")
			.requireTrainable());
		fails("p.csv, column \"y\": every value is 3.5; a flow cannot standardize a constant column (leave it out of columns)",
			() -> ColumnSelection.select(csv("x,y\n1,3.5\n2,3.5\n3,3.50\n"), "x,y").requireTrainable());
	}

	@Test
	void modelColumns() {
		final DataTable t = csv(" ,x,y,label\n1,1,2,a\n");
		ColumnSelection.requireColumns(t, new String[] { "y", "x" });
		fails("p.csv: no column \"z\"; the columns are: x, y, label", () -> ColumnSelection.requireColumns(t,
			new String[] { "x", "y", "z" }));
		fails("p.csv: missing columns z1, z2; the columns are: x, y, label", () -> ColumnSelection.requireColumns(t,
			new String[] { "z1", "z2" }));
	}

	/** A name that differs from a column only in case points to it; names are still matched exactly. */
	@Test
	void aNameInTheWrongCaseSuggestsTheColumn() {
		final DataTable t = csv("Area,Mean,X\n1,2,3\n4,5,7\n");
		fails("p.csv: no column \"area\" (did you mean \"Area\"?); the columns are: Area, Mean, X", () -> ColumnSelection.select(t, "area,Mean"));
		fails("p.csv: missing columns area, mean (did you mean \"Area\", \"Mean\"?); the columns are: Area, Mean, X", () -> ColumnSelection.select(t, "area, mean"));
		fails("p.csv: no column \"Perim.\"; the columns are: Area, Mean, X", () -> ColumnSelection.select(t, "Perim."));
	}

	/**
	 * A blank columns on an Analyze Particles table: the measured features, without positions,
	 * orientations, plane indices, threshold settings and constant columns, and says so.
	 */
	@Test
	void blankColumnsLeaveOutWhatFijiWritesBesideTheFeatures() {
		final DataTable t = csv(" ,Area,Mean,X,Y,XM,YM,Perim.,BX,BY,Width,Height,Angle,Circ.,%Area,Slice,MinThr,FeretX\n"
			+ "1,120,80.5,10,12,10.1,12.2,40.1,4,6,12,13,33,0.91,100,1,128,4\n"
			+ "2,480,95.2,50,70,50.3,70.1,90.7,38,58,25,24,120,0.75,100,1,128,39\n"
			+ "3,260,88.0,90,20,89.8,20.4,61.0,81,11,18,19,75,0.88,100,1,128,82\n");
		final ColumnSelection s = ColumnSelection.select(t, "");
		assertArrayEquals(new String[] { "Area", "Mean", "Perim.", "Width", "Height", "Circ." }, s.names());
		assertEquals("X, Y, XM, YM, BX, BY, FeretX (positions); Angle (orientations); %Area (constant); Slice (indices); MinThr (threshold settings)", s.leftOut());
		// named columns are taken as they are, positions included
		assertArrayEquals(new String[] { "Area", "X" }, ColumnSelection.select(t, "Area,X").names());
		assertEquals("", ColumnSelection.select(t, "Area,X").leftOut());
		// the sample data's lower-case x and y are features
		assertArrayEquals(new String[] { "x", "y" }, ColumnSelection.select(csv("x,y\n1,2\n3,5\n"), "").names());
	}

	/** A table of nothing but positions (spots) trains on the positions that vary. */
	@Test
	void onlyPositionsAreUsedWhenThereIsNothingElse() {
		final ColumnSelection s = ColumnSelection.select(csv("X,Y,Slice\n1,2,1\n3,5,1\n4,4,1\n"), "");
		assertArrayEquals(new String[] { "X", "Y" }, s.names());
		assertEquals("no measured features, so every column that varies", s.leftOut());
		fails("p.csv, column \"x\": every value is 5.0; a flow cannot standardize a constant column (leave it out of columns)",
			() -> ColumnSelection.select(csv("x,y\n5,1\n5,1\n5,1\n"), "").requireTrainable());
	}
}
