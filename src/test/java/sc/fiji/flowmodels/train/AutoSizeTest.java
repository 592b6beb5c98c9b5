package sc.fiji.flowmodels.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The sizes of hidden=auto couplings=auto: the rule of 100 rows per column. */
class AutoSizeTest {

	@Test
	void fewerThanAHundredRowsPerColumnGetTheSmallSize() {
		assertFalse(AutoSize.large(199, 2));
		assertEquals(2, AutoSize.couplings(199, 2));
		assertArrayEquals(new int[] { 2 }, AutoSize.hidden(199, 2));
		// the real tables of the outlier bench: iris, wine, breast cancer, digits
		for (final int[] t : new int[][] { { 108, 4 }, { 129, 13 }, { 386, 30 }, { 1744, 50 } }) assertFalse(AutoSize.large(t[0], t[1]));
		assertEquals("auto: 27 rows per column, small", AutoSize.reason(108, 4));
	}

	@Test
	void aHundredRowsPerColumnOrMoreGetTheLargeSize() {
		assertTrue(AutoSize.large(200, 2));
		assertEquals(16, AutoSize.couplings(1000, 2));
		assertArrayEquals(new int[] { 256, 256 }, AutoSize.hidden(1000, 2));
		assertEquals("auto: 500 rows per column, large", AutoSize.reason(1000, 2));
		// no overflow for the largest tables
		assertTrue(AutoSize.large(Long.MAX_VALUE / 2, 100_000));
	}

	@Test
	void oneColumnIsAlwaysSmall() {
		assertFalse(AutoSize.large(1_000_000, 1));
		assertEquals("auto: 1000000 rows per column (one column), small", AutoSize.reason(1_000_000, 1));
	}
}
