package sc.fiji.flowmodels.ij1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Collections;

import org.junit.jupiter.api.Test;

import ij.measure.ResultsTable;

import sc.fiji.flowmodels.InputException;
import sc.fiji.flowmodels.commands.CommandInputs;
import sc.fiji.flowmodels.commands.TrainCommand;
import sc.fiji.flowmodels.data.ColumnSelection;
import sc.fiji.flowmodels.data.DataTable;

/** ImageJ results tables as data tables and back; macro options; no display needed. */
class ResultsTablesTest {

	private static ResultsTable measurements() {
		final ResultsTable rt = new ResultsTable();
		final String[] labels = { "cell 1", "cell 2", "cell 3" };
		final double[] x = { 10.5, 20.25, 30 }, area = { 3, 4, 5 };
		for (int i = 0; i < 3; i++) {
			rt.incrementCounter();
			rt.setLabel(labels[i], i);
			rt.addValue("X", x[i]);
			rt.addValue("Area", area[i]);
			rt.addValue("Kind", i == 1 ? "round" : "long");
		}
		rt.setValue("Y", 0, 0.1);
		rt.setValue("Y", 1, Double.NaN);
		rt.setValue("Y", 2, "n/a");
		return rt;
	}

	@Test
	void columnsKeepTheirKindsAndExactValues() {
		final DataTable t = ResultsTables.toDataTable(measurements(), "Results");
		assertEquals(Arrays.asList("Label", "X", "Area", "Kind", "Y"), t.names());
		assertTrue(t.isRowLabel(0));
		assertArrayEquals(new String[] { "cell 1", "cell 2", "cell 3" }, t.text(0));
		assertArrayEquals(new double[] { 10.5, 20.25, 30 }, t.numeric(1), 0);
		assertTrue(t.isInteger(2));
		assertArrayEquals(new String[] { "long", "round", "long" }, t.text(3));
		assertTrue(t.isNumeric(4));
		assertEquals(2, t.badCellCount(4));
		assertEquals("n/a", t.badCellText(4, 1));
		assertArrayEquals(new double[] { 10.5, 3, 20.25, 4, 30, 5 }, ColumnSelection.select(t, "X,Area").values().data, 0);
		// blank columns: the numeric columns but the row labels and the positions X and Y
		assertArrayEquals(new String[] { "Area" }, ColumnSelection.select(t, "").names());
		// Y has a NaN and a text cell
		final InputException e = assertThrows(InputException.class, () -> ColumnSelection.select(t, "Area,Y"));
		assertEquals("Results, row 2, column \"Y\": empty cell (a number is needed)", e.getMessage());
	}

	@Test
	void roundTripThroughAResultsTable() {
		final DataTable t = ResultsTables.toDataTable(measurements(), "t");
		final ResultsTable back = new ResultsTable();
		ResultsTables.fill(back, t);
		assertEquals(dump(measurements()), dump(back));
	}

	@Test
	void pathsAndTitles() {
		final ImageJHost host = new ImageJHost("test");
		assertTrue(host.isFile("/data/points.csv"));
		assertTrue(host.isFile("points.csv"));
		assertTrue(host.isFile("C:\\data\\points"));
		assertTrue(host.isFile("points.TSV"));
		assertFalse(host.isFile("Results"));
		assertFalse(host.isFile("points"));
		assertFalse(host.isFile(""));
		assertFalse(host.isFile(null));
	}

	@Test
	void macroOptionKeys() {
		assertEquals(Arrays.asList("input", "model", "log", "columns", "output", "x"), CommandDialog.keys("input=points model=[/my files/m.json] log columns=[] output='a b' x=X"));
		assertEquals(Collections.emptyList(), CommandDialog.keys("  "));
		final java.util.List<CommandInputs.Input> inputs = CommandInputs.of(TrainCommand.class);
		CommandDialog.checkKeys("Train", "input=a epochs=3 l2=0", inputs);
		final InputException e = assertThrows(InputException.class, () -> CommandDialog.checkKeys("Train", "input=a epoch=3", inputs));
		assertTrue(e.getMessage().startsWith("unknown key 'epoch' (did you mean 'epochs'?); the keys of Train are: input, columns, model, epochs, hidden,"), e.getMessage());
	}

	@Test
	void checkboxesInMacros() {
		final CommandInputs.Input log = CommandInputs.find(CommandInputs.of(sc.fiji.flowmodels.commands.DensityImageCommand.class), "log");
		assertTrue(CommandDialog.macroBoolean("model=m.json log width=4 ", log));
		assertFalse(CommandDialog.macroBoolean("model=m.json width=4 ", log));
		assertFalse(CommandDialog.macroBoolean("model=[my log.json] width=4 ", log));
		assertTrue(CommandDialog.macroBoolean("log=true width=4 ", log));
		assertFalse(CommandDialog.macroBoolean("log=false ", log));
		assertThrows(InputException.class, () -> CommandDialog.macroBoolean("log=maybe ", log));
	}

	private static String dump(final ResultsTable rt) {
		final StringBuilder b = new StringBuilder(String.join("|", rt.getHeadings())).append('\n');
		for (int i = 0; i < rt.size(); i++) {
			b.append(rt.getLabel(i));
			for (int c = 0; c <= rt.getLastColumn(); c++) {
				if (rt.columnExists(c)) b.append('|').append(Double.isNaN(rt.getValueAsDouble(c, i)) ? rt.getStringValue(c, i) : Double.toString(rt.getValueAsDouble(c, i)));
			}
			b.append('\n');
		}
		return b.toString();
	}

	/** Dialog messages speak words, not the key=value syntax of macros and the command line. */
	@Test
	void dialogMessagesLeaveOutMacroSyntax() {
		assertEquals("model: a file to write the model to is needed", CommandDialog.inWords("model: a file to write the model to is needed (model=model.json)"));
		assertEquals("model: a model file is needed (train one with Train)", CommandDialog.inWords("model: a model file is needed (train one with Train, then model=path.json)"));
		assertEquals("input: no table is open; give a table title or a CSV file", CommandDialog.inWords("input: no table is open; give a table title or a CSV file (input=Results, input=/path/points.csv)"));
		assertEquals("hidden: 'x' is not a whole number", CommandDialog.inWords("hidden: 'x' is not a whole number (expected e.g. hidden=256,256)"));
		assertEquals("dims: two different column numbers between 1 and 3 are needed", CommandDialog.inWords("dims: two different column numbers between 1 and 3 are needed, e.g. dims=1,2"));
		assertEquals("validation 0.99 leaves no training rows out of 50", CommandDialog.inWords("validation=0.99 leaves no training rows out of 50"));
		assertEquals("lr: '0,001' is not a number (write decimals with a point: 0.001)", CommandDialog.inWords("lr: '0,001' is not a number (write decimals with a point: 0.001)"));
	}

	/** Decimals shown per column: whole numbers, fixed decimals by magnitude, scientific for tiny differences. */
	@Test
	void decimalsSuitTheColumn() {
		assertEquals(0, ResultsTables.decimals(new double[] { 1, 250, 4096 }));
		// z ~ N(0, 1) with one value near 0: fixed, 4 decimals (was scientific for the whole column)
		assertEquals(4, ResultsTables.decimals(new double[] { 0.2914266, -1.7, 0.0002, 2.9 }));
		assertEquals(3, ResultsTables.decimals(new double[] { 82.5, 119.25, 97 }));
		assertEquals(5, ResultsTables.decimals(new double[] { 0.05, 0.5 }));
		assertEquals(6, ResultsTables.decimals(new double[] { 0.002, 0.004 }));
		// the consistency check: log p_X and differences of 1e-15 in one column
		assertEquals(-6, ResultsTables.decimals(new double[] { -2.9, -2.9, 1e-15, 2e-16, Double.NaN }));
	}
}
