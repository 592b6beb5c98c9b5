package sc.fiji.flowmodels.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import sc.fiji.flowmodels.InputException;

/** The generic reading of command inputs: number hints and the advanced attribute. */
class CommandInputsTest {

	private static String error(final String key, final String text) {
		final TrainCommand c = new TrainCommand();
		return assertThrows(InputException.class, () -> CommandInputs.find(CommandInputs.of(TrainCommand.class), key).set(c, text)).getMessage();
	}

	@Test
	void aDecimalCommaGetsAHint() {
		assertEquals("lr: '0,001' is not a number (write decimals with a point: 0.001)", error("lr", "0,001"));
		assertEquals("epochs: '1,000' is not a whole number (write it without commas: 1000)", error("epochs", "1,000"));
		// no hint where a comma is not the likely mistake
		assertEquals("epochs: '1,5' is not a whole number", error("epochs", "1,5"));
		assertEquals("lr: 'abc' is not a number", error("lr", "abc"));
	}

	/** Train's dialog leads with table, columns, model and epochs; the rest is advanced. */
	@Test
	void trainLeadsWithWhatAUserChooses() {
		final List<String> basic = new ArrayList<>(), advanced = new ArrayList<>();
		for (final CommandInputs.Input in : CommandInputs.of(TrainCommand.class)) (in.isAdvanced() ? advanced : basic).add(in.name());
		assertEquals(java.util.Arrays.asList("input", "columns", "model", "epochs"), basic);
		assertTrue(advanced.contains("hidden") && advanced.contains("lr") && advanced.contains("noise"), advanced.toString());
		assertFalse(CommandInputs.find(CommandInputs.of(EncodeDecodeCommand.class), "model").isAdvanced());
	}
}
