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
		// centre of the top-left pixel
		assertEquals(x0 + pw / 2, cal.getX(0.5), 1e-6 * pw);
		assertEquals(y1 - ph / 2, cal.getY(0.5, 50), 1e-6 * ph);
		// centre of the bottom-right pixel
		assertEquals(c.result().grid.xmax() - pw / 2, cal.getX(99.5), 1e-6 * pw);
		assertEquals(c.result().grid.ymin() + ph / 2, cal.getY(49.5, 50), 1e-6 * ph);
		assertEquals("x", cal.getXUnit());
		assertEquals("y", cal.getYUnit());
		// the default range is the training range plus 10 % on each side
		final FlowModel m = ModelFile.read(dir.resolve("moons.json"));
		final double span = m.max()[0] - m.min()[0];
		assertEquals(m.min()[0] - 0.1 * span, x0, 1e-12);
		// the pixel values are the model's log density at the centres
		final double v = imp.getProcessor().getPixelValue(37, 21);
		final double[] logp = m.flow().logProb(new org.ejml.data.DMatrixRMaj(new double[][] { { c.result().grid.x(37), c.result().grid.y(21) } }));
		assertEquals(logp[0], v, 1e-5 * Math.max(1, Math.abs(logp[0])));
	}
}
