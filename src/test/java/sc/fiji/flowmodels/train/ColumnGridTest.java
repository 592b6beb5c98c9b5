package sc.fiji.flowmodels.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** Which columns lie on a grid, and what the Train log says of them. */
class ColumnGridTest {

	private static DMatrixRMaj column(final double... v) {
		return new DMatrixRMaj(v.length, 1, true, v);
	}

	@Test
	void countsAndRoundedValuesLieOnTheirGrid() {
		assertEquals(1, ColumnGrid.step(column(3, 0, 1, 1, 7, 2, 3), 0), 0);
		assertEquals(0.5, ColumnGrid.step(column(0, 2, 0.5, 2, -1.5), 0), 0);
		// the step is the gaps' common divisor, not the smallest gap
		assertEquals(0.5, ColumnGrid.step(column(0, 1, 2.5), 0), 0);
		// tenths as a CSV gives them (iris's lengths): 5.1 − 5.0 is not exactly 0.1 in binary
		final double[] tenths = { 5.1, 4.9, 4.7, 4.6, 5.0, 5.4, 7.9, 6.3, 5.8 };
		assertEquals(0.1, ColumnGrid.step(column(tenths), 0), 1e-12);
		// a Fiji table saved with 3 decimals
		assertEquals(0.001, ColumnGrid.step(column(0.853, 0.9, 0.712, 0.853, 1.0), 0), 1e-12);
	}

	@Test
	void continuousAndConstantColumnsHaveNoGrid() {
		final Random r = new Random(4);
		final double[] v = new double[200];
		for (int i = 0; i < v.length; i++) v[i] = r.nextGaussian();
		assertEquals(0, ColumnGrid.step(column(v), 0), 0);
		// gaps without a common divisor
		assertEquals(0, ColumnGrid.step(column(0, 1, Math.PI), 0), 0);
		assertEquals(0, ColumnGrid.step(column(2, 2, 2), 0), 0);
		assertEquals(0, ColumnGrid.step(column(5), 0), 0);
	}

	@Test
	void theLogNamesTheGridColumnsAndTheirSteps() {
		final String[] names = { "Area", "Mean", "Circ.", "a", "b", "c", "d", "e", "f" };
		assertEquals("", ColumnGrid.describe(names, new double[9]));
		assertEquals("Area (step 1), Circ. (step 0.001)", ColumnGrid.describe(names, new double[] { 1, 0, 0.0010000000000000009, 0, 0, 0, 0, 0, 0 }));
		assertEquals("Area (step 0.1), Circ. (step 2), a (step 1), b (step 1), c (step 1), d (step 1) and 2 more",
			ColumnGrid.describe(names, new double[] { 0.09999999999999964, 0, 2, 1, 1, 1, 1, 1, 1 }));
	}
}
