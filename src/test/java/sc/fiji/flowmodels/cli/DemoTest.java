package sc.fiji.flowmodels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import sc.fiji.flowmodels.data.DataTable;

/** The demo's check of its outliers against the exact density. */
class DemoTest {

	/**
	 * gmm8 rows: eight on the bump centres, and three off them by 0.5, 0.4 and 0.3 (5, 4 and 3
	 * standard deviations: the three least likely, in that order); the table marks three rows.
	 */
	@Test
	void countsTheMarkedRowsAmongTheTrulyLeastLikely() {
		final double r = 1.4;
		final double[] x = new double[11], y = new double[11];
		for (int k = 0; k < 8; k++) {
			x[k] = r * Math.cos(2 * Math.PI * (k + 1) / 8);
			y[k] = r * Math.sin(2 * Math.PI * (k + 1) / 8);
		}
		final double[] off = { 0.5, 0.4, 0.3 };
		for (int i = 0; i < 3; i++) {
			// outwards from the bump at angle 0 (k = 7), which no other bump is near
			x[8 + i] = r + off[i];
			y[8 + i] = 0;
		}
		assertEquals(3, Demo.leastLikelyFound(table(x, y, 8, 9, 10), "gmm8"));
		assertEquals(2, Demo.leastLikelyFound(table(x, y, 8, 10, 0), "gmm8"));
		assertEquals(0, Demo.leastLikelyFound(table(x, y, 1, 2, 3), "gmm8"));
	}

	private static DataTable table(final double[] x, final double[] y, final int... marked) {
		final double[] outlier = new double[x.length];
		for (final int m : marked) outlier[m] = 1;
		return DataTable.builder("encoded", x.length).addNumeric("x", x).addNumeric("y", y).addInteger("outlier", outlier).build();
	}
}
