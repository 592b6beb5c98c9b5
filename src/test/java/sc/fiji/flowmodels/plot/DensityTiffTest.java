package sc.fiji.flowmodels.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import ij.ImagePlus;
import ij.io.Opener;
import ij.measure.Calibration;
import ij.process.ImageProcessor;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.flowmodels.analysis.DensityGrid;
import sc.fiji.flowmodels.analysis.GaussianMixture2D;
import sc.fiji.flowmodels.analysis.GridCalibration;

class DensityTiffTest {

	static {
		System.setProperty("java.awt.headless", "true");
	}

	private static final GaussianMixture2D MIXTURE = new GaussianMixture2D( //
		new double[] { 0.6, 1.0, 2.0, 0.8, 0.5, 0.6 }, new double[] { 0.4, -2.0, -1.0, 0.4, 1.0, -0.3 });

	/** ImageJ's calibration must put every pixel centre at its data point, y increasing upwards. */
	private static void assertCentresMapToData(final Calibration cal, final GridCalibration grid,
		final double tolerancePixels)
	{
		final int w = grid.width();
		final int h = grid.height();
		for (final int i : new int[] { 0, 1, w / 2, w - 1 }) {
			assertEquals(grid.x(i), cal.getX(i + 0.5), tolerancePixels * grid.pixelWidth(), "x of column " + i);
		}
		for (final int j : new int[] { 0, 1, h / 2, h - 1 }) {
			assertEquals(grid.y(j), cal.getY(j + 0.5, h), tolerancePixels * grid.pixelHeight(), "y of row " + j);
		}
		assertTrue(cal.getY(0.5, h) > cal.getY(h - 0.5, h), "y grows upwards");
		assertEquals(grid.xmin(), cal.getX(0), tolerancePixels * grid.pixelWidth(), "left edge");
		assertEquals(grid.ymax(), cal.getY(0, h), tolerancePixels * grid.pixelHeight(), "top edge");
		assertEquals(grid.ymin(), cal.getY(h, h), tolerancePixels * grid.pixelHeight(), "bottom edge");
	}

	@Test
	void calibrationInMemoryIsExact() {
		final GridCalibration grid = new GridCalibration(200, 150, -4.5, 3.25, -2, 5, "length", "width");
		assertCentresMapToData(DensityTiff.calibration(grid, true), grid, 1e-9);
	}

	@Test
	void writtenTiffReadsBackWithDataCoordinates(@TempDir final Path dir) throws Exception {
		final GridCalibration grid = new GridCalibration(160, 120, -4.5, 3.25, -3, 4.5, "length", "width");
		final ArrayImg<FloatType, FloatArray> log = new DensityGrid(MIXTURE, grid).evaluate(true, 2, null);
		final Path file = dir.resolve("density.tif");
		DensityTiff.write(file, log, grid, "density", true);

		final ImagePlus imp = new Opener().openImage(file.toString());
		assertNotNull(imp);
		assertEquals(ImagePlus.GRAY32, imp.getType());
		assertEquals(160, imp.getWidth());
		assertEquals(120, imp.getHeight());
		final Calibration cal = imp.getCalibration();
		assertTrue(cal.getInvertY());
		assertEquals("length", cal.getXUnit());
		assertEquals("width", cal.getYUnit());
		assertEquals("log p_X", cal.getValueUnit());
		assertCentresMapToData(cal, grid, 1e-4);

		// the pixel values are the log density at the calibrated pixel centres
		final ImageProcessor ip = imp.getProcessor();
		for (final int[] ij : new int[][] { { 0, 0 }, { 159, 119 }, { 80, 30 }, { 17, 101 } }) {
			final double x = cal.getX(ij[0] + 0.5);
			final double y = cal.getY(ij[1] + 0.5, 120);
			assertEquals(MIXTURE.logDensity(x, y), ip.getf(ij[0], ij[1]), 1e-4);
		}
		assertTrue(((String) imp.getProperty("Info")).contains("row 0 is the top row"));
	}

	@Test
	void aGridWithItsTopAtZeroStillMapsCorrectly(@TempDir final Path dir) throws Exception {
		// yOrigin would be 0, which ImageJ treats as "unset"
		final GridCalibration grid = new GridCalibration(50, 40, 0, 5, -4, 0, "a", "b");
		final ArrayImg<FloatType, FloatArray> p = new DensityGrid(MIXTURE, grid).evaluate(false, 1, null);
		assertCentresMapToData(DensityTiff.calibration(grid, false), grid, 1e-9);
		final Path file = dir.resolve("top-at-zero.tif");
		DensityTiff.write(file, p, grid, "p", false);
		final ImagePlus imp = new Opener().openImage(file.toString());
		assertCentresMapToData(imp.getCalibration(), grid, 1e-4);
		assertEquals("p_X", imp.getCalibration().getValueUnit());
	}
}
