package sc.fiji.flowmodels.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class OutliersTest {

	/** Reference: a stable sort of all rows by descending radius. */
	private static int[] bySorting(final double[] r, final int k) {
		return IntStream.range(0, r.length).boxed().sorted(Comparator.comparingDouble((Integer i) -> -r[i])).limit(k).mapToInt(Integer::intValue).toArray();
	}

	@Test
	void topKMatchesAFullSortIncludingTies() {
		final Random rnd = new Random(5);
		for (int trial = 0; trial < 500; trial++) {
			final int n = rnd.nextInt(60);
			final double[] r = new double[n];
			// few distinct values so that ties are common
			for (int i = 0; i < n; i++) r[i] = rnd.nextInt(8);
			final int k = rnd.nextInt(15);
			assertArrayEquals(bySorting(r, k), Outliers.top(r, n, k), "trial " + trial + " " + Arrays.toString(r) + " k=" + k);
		}
	}

	@Test
	void ranksNumberTheTopRowsFromOne() {
		final double[] r = { 0.5, 3, 1, 2.5, 0.1 };
		final int[] top = Outliers.top(r, 5, 2);
		assertArrayEquals(new int[] { 1, 3 }, top);
		assertArrayEquals(new int[] { 0, 1, 0, 2, 0 }, Outliers.ranks(top, 5));
		assertEquals(0, Outliers.top(r, 5, 0).length);
		assertEquals(5, Outliers.top(r, 5, 10).length);
	}
}
