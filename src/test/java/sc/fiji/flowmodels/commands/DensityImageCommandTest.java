package sc.fiji.flowmodels.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;
import ij.measure.Calibration;
import sc.fiji.flowmodels.data.Datasets;
import sc.fiji.flowmodels.flow.Architecture;
import sc.fiji.flowmodels.io.ModelFile;
import sc.fiji.flowmodels.train.FlowModel;
import sc.fiji.flowmodels.train.Trainer;
import sc.fiji.flowmodels.train.TrainingOptions;

/** The density image of a trained flow, end to end through the command. */
class DensityImageCommandTest {

	@TempDir
	Path dir;

	private Path trainedModel() throws IOException {
		final FlowModel m = Trainer.train(Datasets.moons(1000, 0.1, 1), Arrays.asList("x", "y"), new Architecture(2, new int[] { 32, 32 }, 4, 2.0, Architecture.PermutationKind.REVERSE), new TrainingOptions().epochs(20).seed(2), null);
		final Path p = dir.resolve("moons.json");
		ModelFile.write(m, p);
		return p;
	}

	private DensityImageCommand command(final Path model) {
		final DensityImageCommand c = new DensityImageCommand();
		final PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
		c.host(new FileHost(quiet, quiet));
		c.model = model.toFile();
		return c;
	}

	/** Pixels are square only where the range is automatic: given ranges are kept. */
	@Test
	void onlyAutomaticRangesAreWidened() {
		final double[] x = { 0, 4 }, y = { 0, 1 };
		assertEquals(Arrays.asList(0.0, 4.0, -1.5, 2.5), flat(DensityImageCommand.squarePixels(x, y, 100, 100, true, true)));
		assertEquals(Arrays.asList(0.0, 4.0, 0.0, 1.0), flat(DensityImageCommand.squarePixels(x, y, 100, 100, true, false)));
		assertEquals(Arrays.asList(0.0, 4.0, 0.0, 1.0), flat(DensityImageCommand.squarePixels(x, y, 400, 100, true, true)));
		assertEquals(Arrays.asList(-2.0, 6.0, 0.0, 1.0), flat(DensityImageCommand.squarePixels(x, y, 800, 100, true, true)));
	}

	private static java.util.List<Double> flat(final double[][] r) {
		return Arrays.asList(r[0][0], r[0][1], r[1][0], r[1][1]);
	}

	/** p_X of a trained flow, summed over a wide, fine grid times the pixel area, is 1. */
	@Test
	void densityOfATrainedModelIntegratesToOne() throws IOException {
		final DensityImageCommand c = command(trainedModel());
		c.log = false;
		c.width = 800;
		c.height = 800;
		c.xmin = "-3.5";
		c.xmax = "4.5";
		c.ymin = "-3.5";
		c.ymax = "4";
		c.output = dir.resolve("p.tif").toString();
		c.execute();
		double sum = 0;
		for (final FloatType v : c.result().image) sum += v.getRealDouble();
		final double integral = sum * c.result().grid.pixelArea();
		assertEquals(1.0, integral, 1e-3, "∫ p_X over the grid");
		assertTrue(Files.exists(dir.resolve("p.png")), "a picture is written next to the TIFF");
	}

	/** The TIFF opens in ImageJ with data coordinates at the pixel centres, y upwards. */
	@Test
	void theTiffIsCalibratedInDataCoordinates() throws IOException {
		final DensityImageCommand c = command(trainedModel());
		c.width = 100;
		c.height = 50;
		c.output = dir.resolve("log.tif").toString();
		c.execute();
		final ImagePlus imp = IJ.openImage(dir.resolve("log.tif").toString());
		assertEquals(100, imp.getWidth());
		assertEquals(50, imp.getHeight());
		final Calibration cal = imp.getCalibration();
		final double x0 = c.result().grid.xmin(), y1 = c.result().grid.ymax();
		final double pw = c.result().grid.pixelWidth(), ph = c.result().grid.pixelHeight();
		// centre of the top-left pixel; the TIFF keeps the pixel size to about 1e-6 of a pixel
		// (a rational with denominator at most 10^6: 1.2e-6 here)
		final double px = 2e-6;
		assertEquals(x0 + pw / 2, cal.getX(0.5), px * pw);
		assertEquals(y1 - ph / 2, cal.getY(0.5, 50), px * ph);
		// centre of the bottom-right pixel
		assertEquals(c.result().grid.xmax() - pw / 2, cal.getX(99.5), px * pw);
		assertEquals(c.result().grid.ymin() + ph / 2, cal.getY(49.5, 50), px * ph);
		assertEquals("x", cal.getXUnit());
		assertEquals("y", cal.getYUnit());
		// the default range is the training range plus 10 % on each side, one axis widened so
		// that pixels are square (here x: 100 × 50 pixels for moons' 4.1 × 2.3)
		final FlowModel m = ModelFile.read(dir.resolve("moons.json"));
		final double span = m.max()[1] - m.min()[1];
		assertEquals(m.max()[1] + 0.1 * span, y1, 1e-12);
		assertEquals(pw, ph, 1e-12 * pw, "square pixels");
		final double xSpan = m.max()[0] - m.min()[0];
		assertEquals(0.5 * (m.min()[0] + m.max()[0]), 0.5 * (x0 + c.result().grid.xmax()), 1e-12, "x widened about its centre");
		assertTrue(c.result().grid.xmax() - x0 > 1.2 * xSpan, "x wider than its training range plus margins");
		// the pixel values are the model's log density at the centres
		final double v = imp.getProcessor().getPixelValue(37, 21);
		final double[] logp = m.flow().logProb(new org.ejml.data.DMatrixRMaj(new double[][] { { c.result().grid.x(37), c.result().grid.y(21) } }));
		assertEquals(logp[0], v, 1e-5 * Math.max(1, Math.abs(logp[0])));
	}
}
