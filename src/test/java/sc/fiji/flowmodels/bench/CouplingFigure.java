package sc.fiji.flowmodels.bench;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

import javax.imageio.ImageIO;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import org.ejml.data.DMatrixRMaj;

import sc.fiji.flowmodels.analysis.DensityGrid;
import sc.fiji.flowmodels.analysis.GridCalibration;
import sc.fiji.flowmodels.data.Datasets;
import sc.fiji.flowmodels.flow.BatchDensity;
import sc.fiji.flowmodels.flow.Precision;
import sc.fiji.flowmodels.io.ModelFile;
import sc.fiji.flowmodels.plot.DensityChart;
import sc.fiji.flowmodels.plot.FigureExport;
import sc.fiji.flowmodels.train.FlowModel;

/**
 * The README's side-by-side picture: log p of the exact 8-bump mixture and of flows trained on
 * 4,000 of its samples (models written by {@code Gmm8Quality save=DIR}), on one grid with one
 * colour range, each panel titled with its KL(p‖q) on 100,000 held-out samples.
 * <p>
 * {@code bench/java.sh CouplingFigure models=DIR/gmm8-affine-seed1.json,DIR/gmm8-spline-seed1.json
 * seed=1 out=docs/gmm8-affine-vs-spline.png}
 */
public final class CouplingFigure {

	private CouplingFigure() {}

	public static void main(final String[] args) throws Exception {
		final Gmm8Quality.Args a = new Gmm8Quality.Args(args);
		final String[] models = a.text("models", "").split(",");
		final long seed = a.integer("seed", 1);
		final int size = a.integer("size", 420);
		final GridCalibration grid = new GridCalibration(size, size, -2.1, 2.1, -2.1, 2.1, "x", "y");
		final DMatrixRMaj test = Datasets.gmm8(100000, 1_000_003L + seed);
		final double[] logP = new double[test.numRows];
		for (int i = 0; i < logP.length; i++) logP[i] = Datasets.gmm8LogDensity(test.get(i, 0), test.get(i, 1));
		final BufferedImage[] panels = new BufferedImage[models.length + 1];
		panels[0] = panel(new BatchDensity() {

			@Override
			public int dimension() {
				return 2;
			}

			@Override
			public void logDensity(final DMatrixRMaj points, final double[] out) {
				for (int i = 0; i < points.numRows; i++) out[i] = Datasets.gmm8LogDensity(points.get(i, 0), points.get(i, 1));
			}
		}, grid, "the 8-bump mixture", "exact", size);
		for (int k = 0; k < models.length; k++) {
			final FlowModel m = ModelFile.read(Paths.get(models[k].trim()));
			final double[] logQ = m.flow().logProb(test);
			double kl = 0;
			for (int i = 0; i < logQ.length; i++) kl += logP[i] - logQ[i];
			kl /= logQ.length;
			final String kind = m.flow().architecture().map().kind().key();
			panels[k + 1] = panel(m.flow().density(Precision.DOUBLE), grid, kind + " couplings", String.format(Locale.ROOT, "KL(p‖q) %.3f nats", kl), size);
			System.out.println(String.format(Locale.ROOT, "%s: KL %.4f nats", models[k], kl));
		}
		final int w = panels[0].getWidth(), h = panels[0].getHeight();
		final BufferedImage all = new BufferedImage(w * panels.length, h, BufferedImage.TYPE_INT_RGB);
		final Graphics2D g = all.createGraphics();
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, all.getWidth(), h);
		for (int k = 0; k < panels.length; k++) g.drawImage(panels[k], k * w, 0, null);
		g.dispose();
		final Path out = Paths.get(a.text("out", "gmm8-affine-vs-spline.png"));
		ImageIO.write(all, "png", out.toFile());
		System.out.println("wrote " + out);
	}

	/** One panel: log density on the grid, colours from −10 to just above the mixture's peak (0.69). */
	private static BufferedImage panel(final BatchDensity density, final GridCalibration grid, final String title,
		final String subtitle, final int size)
	{
		final ArrayImg<FloatType, FloatArray> img = new DensityGrid(density, grid).evaluate(true, 2, null);
		final DensityChart chart = DensityChart.builder(img, grid, true).title(title).subtitle(subtitle).colourRange(-10, 1.6).build();
		return FigureExport.toImage(chart, size, size + 40);
	}
}
