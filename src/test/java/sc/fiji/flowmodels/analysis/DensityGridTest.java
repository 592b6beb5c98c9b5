package sc.fiji.flowmodels.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;

import net.imglib2.RandomAccess;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import sc.fiji.flowmodels.InputException;
import sc.fiji.flowmodels.flow.BatchDensity;

class DensityGridTest {

	/** Asymmetric, so a flipped or transposed image would be caught. */
	private static final GaussianMixture2D MIXTURE = new GaussianMixture2D( //
		new double[] { 0.7, 1.0, 2.0, 0.8, 0.5, 0.6 }, //
		new double[] { 0.3, -2.0, -1.0, 0.4, 1.0, -0.3 });

	@Test
	void probabilityImageIntegratesToOne() {
		final GridCalibration grid = new GridCalibration(300, 260, -6, 5, -6, 6.5, "a", "b");
		final ArrayImg<FloatType, FloatArray> p = new DensityGrid(MIXTURE, grid).evaluate(false, 2, null);
		double sum = 0;
		for (final float v : p.update(null).getCurrentStorageArray()) sum += v;
		assertEquals(1.0, sum * grid.pixelArea(), 1e-3);
	}

	@Test
	void pixelsHoldTheDensityAtTheirCentresWithRowZeroAtTheTop() {
		final GridCalibration grid = new GridCalibration(40, 30, -4, 4, -3, 5, "a", "b");
		final ArrayImg<FloatType, FloatArray> log = new DensityGrid(MIXTURE, grid).evaluate(true, 3, null);
		final RandomAccess<FloatType> access = log.randomAccess();
		for (int j = 0; j < 30; j++) {
			for (int i = 0; i < 40; i++) {
				access.setPosition(new int[] { i, j });
				final double x = -4 + (i + 0.5) * 8 / 40.0;
				final double y = 5 - (j + 0.5) * 8 / 30.0;
				assertEquals(MIXTURE.logDensity(x, y), access.get().get(), 1e-5, "pixel " + i + "," + j);
			}
		}
		// the heavier component at (1, 2) must be in the upper half of the picture
		int best = 0;
		final float[] v = log.update(null).getCurrentStorageArray();
		for (int k = 1; k < v.length; k++) if (v[k] > v[best]) best = k;
		final int bi = best % 40;
		final int bj = best / 40;
		assertEquals(1.0, grid.x(bi), grid.pixelWidth());
		assertEquals(2.0, grid.y(bj), grid.pixelHeight());
		assertTrue(bj < 15);
	}

	@Test
	void calibrationMapsPixelCentresAndCornersToDataCoordinates() {
		final GridCalibration grid = new GridCalibration(4, 2, -1, 3, 10, 11, "length", "width");
		assertEquals(1.0, grid.pixelWidth(), 1e-15);
		assertEquals(0.5, grid.pixelHeight(), 1e-15);
		assertEquals(0.5, grid.pixelArea(), 1e-15);
		assertEquals(-0.5, grid.x(0), 1e-15); // top-left pixel centre
		assertEquals(10.75, grid.y(0), 1e-15);
		assertEquals(2.5, grid.x(3), 1e-15); // bottom-right pixel centre
		assertEquals(10.25, grid.y(1), 1e-15);
		assertEquals(0.5, grid.pixelX(-0.5), 1e-15);
		assertEquals(1.5, grid.pixelY(10.25), 1e-15);
		assertEquals(0.0, grid.pixelX(-1), 1e-15); // left edge
		assertEquals(0.0, grid.pixelY(11), 1e-15); // top edge is ymax
		assertEquals(2.0, grid.pixelY(10), 1e-15); // bottom edge is ymin
		// ImageJ: x = (u - xOrigin) * pw, y = (yOrigin - v) * ph with invertY
		for (int i = 0; i < 4; i++) {
			assertEquals(grid.x(i), (i + 0.5 - grid.xOrigin()) * grid.pixelWidth(), 1e-12);
		}
		for (int j = 0; j < 2; j++) {
			assertEquals(grid.y(j), (grid.yOrigin() - (j + 0.5)) * grid.pixelHeight(), 1e-12);
		}
		assertEquals("length", grid.xUnit());
		assertEquals("width", grid.yUnit());
	}

	@Test
	void resultDoesNotDependOnTheNumberOfThreads() {
		final GridCalibration grid = new GridCalibration(64, 57, -5, 5, -4, 6, "a", "b");
		final float[] one = new DensityGrid(MIXTURE, grid).evaluate(true, 1, null).update(null)
			.getCurrentStorageArray();
		final float[] four = new DensityGrid(MIXTURE, grid).evaluate(true, 4, null).update(null)
			.getCurrentStorageArray();
		assertArrayEquals(one, four);
	}

	@Test
	void sliceHoldsTheOtherCoordinatesFixed() {
		// independent N(m_k, s_k^2) in 4 dimensions; slice through dims 2 (x) and 0 (y)
		final double[] m = { 1, -2, 0.5, 3 };
		final double[] s = { 0.5, 2, 1.5, 1 };
		final BatchDensity gauss = new BatchDensity() {

			@Override
			public int dimension() {
				return 4;
			}

			@Override
			public void logDensity(final DMatrixRMaj points, final double[] out) {
				for (int r = 0; r < points.numRows; r++) {
					double sum = 0;
					for (int k = 0; k < 4; k++) {
						final double u = (points.get(r, k) - m[k]) / s[k];
						sum += -0.5 * u * u - Math.log(s[k] * Math.sqrt(2 * Math.PI));
					}
					out[r] = sum;
				}
			}
		};
		final double[] at = { 99, -1, 99, 2.5 };
		final GridCalibration grid = new GridCalibration(200, 160, -6, 7, -3, 5, "c", "a");
		final DensityGrid slice = new DensityGrid(gauss, grid, 2, 0, at);
		final ArrayImg<FloatType, FloatArray> p = slice.evaluate(false, null);
		// the slice integrates to the density of the fixed coordinates
		final double other = Math.exp(-0.5 * Math.pow((-1 + 2) / 2.0, 2) - Math.log(2 * Math.sqrt(2 * Math.PI)) -
			0.5 * Math.pow(2.5 - 3, 2) - Math.log(Math.sqrt(2 * Math.PI)));
		double sum = 0;
		for (final float v : p.update(null).getCurrentStorageArray()) sum += v;
		assertEquals(1.0, sum * grid.pixelArea() / other, 1e-3);
		// the peak sits at x = m[2], y = m[0]
		final float[] v = p.update(null).getCurrentStorageArray();
		int best = 0;
		for (int k = 1; k < v.length; k++) if (v[k] > v[best]) best = k;
		assertEquals(m[2], grid.x(best % 200), grid.pixelWidth());
		assertEquals(m[0], grid.y(best / 200), grid.pixelHeight());
	}

	@Test
	void reportsProgressAndStopsWhenCanceled() {
		final GridCalibration grid = new GridCalibration(10, 50, 0, 1, 0, 1, "a", "b");
		final List<Integer> seen = new ArrayList<>();
		new DensityGrid(MIXTURE, grid).evaluate(true, 2, new DensityGrid.Progress() {

			@Override
			public void rowsDone(final int done, final int total) {
				assertEquals(50, total);
				seen.add(done);
			}

			@Override
			public boolean isCanceled() {
				return false;
			}
		});
		assertEquals(50, seen.size());
		assertEquals(50, (int) seen.get(49));

		final AtomicInteger rows = new AtomicInteger();
		final BatchDensity counting = new BatchDensity() {

			@Override
			public int dimension() {
				return 2;
			}

			@Override
			public void logDensity(final DMatrixRMaj points, final double[] out) {
				rows.incrementAndGet();
				MIXTURE.logDensity(points, out);
			}
		};
		final GridCalibration tall = new GridCalibration(10, 5000, 0, 1, 0, 1, "a", "b");
		assertThrows(CancellationException.class, () -> new DensityGrid(counting, tall).evaluate(true, 1,
			new DensityGrid.Progress() {

				@Override
				public void rowsDone(final int done, final int total) {}

				@Override
				public boolean isCanceled() {
					return rows.get() >= 10;
				}
			}));
		assertTrue(rows.get() < 5000, "rows evaluated after cancel: " + rows.get());
	}

	@Test
	void rejectsBadInput() {
		final GridCalibration grid = new GridCalibration(10, 10, 0, 1, 0, 1, "a", "b");
		assertThrows(InputException.class, () -> new GridCalibration(0, 10, 0, 1, 0, 1, "a", "b"));
		assertThrows(InputException.class, () -> new GridCalibration(10, 10, 1, 1, 0, 1, "a", "b"));
		assertThrows(InputException.class, () -> new GridCalibration(10, 10, 0, 1, 0, Double.NaN, "a", "b"));
		assertThrows(InputException.class, () -> new DensityGrid(MIXTURE, grid, 0, 0, null));
		assertThrows(InputException.class, () -> new DensityGrid(MIXTURE, grid, 0, 2, null));
		assertThrows(InputException.class, () -> new DensityGrid(MIXTURE, grid, 0, 1, new double[3]));
	}

	@Test
	void paddedRangeAddsTheMarginOnBothSides() {
		assertArrayEquals(new double[] { -1.5, 3.5 }, GridCalibration.paddedRange(new double[] { 0, 2, Double.NaN,
			1 }, 0.75), 1e-15);
		assertArrayEquals(new double[] { 4.5, 5.5 }, GridCalibration.paddedRange(new double[] { 5, 5 }, 0.1), 1e-15);
		assertThrows(InputException.class, () -> GridCalibration.paddedRange(new double[] { Double.NaN }, 0.1));
	}
}
