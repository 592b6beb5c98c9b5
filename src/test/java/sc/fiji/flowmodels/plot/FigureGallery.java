package sc.fiji.flowmodels.plot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;

import sc.fiji.flowmodels.analysis.DensityGrid;
import sc.fiji.flowmodels.analysis.GaussianMixture2D;
import sc.fiji.flowmodels.analysis.GridCalibration;

/**
 * Writes example PNGs of every figure from synthetic data, for a person to look at:
 * {@code mvn -q test -Dtest=FigureGalleryTest -Dflow.gallery=/tmp/flow-plot-gallery}.
 */
final class FigureGallery {

	private FigureGallery() {}

	static void writeAll(final Path dir) throws Exception {
		Files.createDirectories(dir);
		final Synthetic s = new Synthetic(2000, 2, 7);
		final ScatterPairFigure encode = ScatterPairFigure.builder(s.data(), s.latent()).outliers(s.topK(10)).build();
		FigureExport.writePng(encode, dir.resolve("pair-encode.png"), 1200, 560);
		FigureExport.writeSvg(encode, dir.resolve("pair-encode.svg"), 1200, 560);

		final Synthetic big = new Synthetic(100_000, 5, 8);
		final ScatterPairFigure sample = ScatterPairFigure.builder(big.data(), big.latent()).outliers(big.topK(10))
			.direction(ScatterPairFigure.Direction.LATENT_TO_DATA).latentDimension(5).build();
		FigureExport.writePng(sample, dir.resolve("pair-sample-100k-D5.png"), 1200, 560);

		final Random random = new Random(3);
		final double[] train = new double[60];
		final double[] val = new double[60];
		for (int e = 0; e < 60; e++) {
			train[e] = 1.2 + 2.5 * Math.exp(-e / 8.0) + 0.03 * random.nextGaussian();
			val[e] = 1.3 + 2.4 * Math.exp(-e / 8.0) + 0.002 * Math.max(0, e - 35) * (e - 35) / 10.0 + 0.04 * random
				.nextGaussian();
		}
		final TrainingCurve curve = TrainingCurve.of(train, val);
		FigureExport.writePng(curve, dir.resolve("training-curve.png"), 720, 460);
		final TrainingCurve running = new TrainingCurve("Training curve (still improving)");
		for (int e = 1; e <= 20; e++) running.addEpoch(e, 1 + 3 * Math.exp(-e / 6.0), 1.1 + 3 * Math.exp(-e / 6.0));
		FigureExport.writePng(running, dir.resolve("training-curve-best-last.png"), 720, 460);

		FigureExport.writePng(new LatentRadiusChart(s.radius(), 2), dir.resolve("radius-D2.png"), 720, 460);
		final double[] heavy = big.radius();
		for (int i = 0; i < heavy.length; i += 20) heavy[i] *= 2.5; // a flow with too heavy a tail
		heavy[7] = Double.NaN;
		FigureExport.writePng(new LatentRadiusChart(heavy, 5), dir.resolve("radius-D5-heavy-tail.png"), 720, 460);

		final GaussianMixture2D gmm = GaussianMixture2D.eightOnACircle();
		final double[][] xy = gmm.sample(1000, 11);
		final Points2D points = new Points2D(xy[0], xy[1], "x", "y");
		final double[] logp = new double[xy[0].length];
		for (int i = 0; i < logp.length; i++) logp[i] = gmm.logDensity(xy[0][i], xy[1][i]);
		final int[] lowest = IntStream.range(0, logp.length).boxed().sorted(Comparator.comparingDouble(
			(Integer i) -> logp[i])).limit(10).mapToInt(Integer::intValue).toArray();
		final double[] rx = GridCalibration.paddedRange(xy[0], 0.1);
		final double[] ry = GridCalibration.paddedRange(xy[1], 0.1);
		final GridCalibration grid = new GridCalibration(512, 512, rx[0], rx[1], ry[0], ry[1], "x", "y");
		final DensityGrid density = new DensityGrid(gmm, grid);
		final DensityChart logChart = DensityChart.builder(density.evaluate(true, null), grid, true).points(points)
			.outliers(lowest).subtitle("gmm8 test mixture; outliers: lowest log p_X").build();
		FigureExport.writePng(logChart, dir.resolve("density-log.png"), 760, 640);
		FigureExport.writeSvg(logChart, dir.resolve("density-log.svg"), 760, 640);
		final DensityChart pChart = DensityChart.builder(density.evaluate(false, null), grid, false).build();
		FigureExport.writePng(pChart, dir.resolve("density-p-no-points.png"), 760, 640);
		final GridCalibration wide = new GridCalibration(400, 200, -8, 8, -4, 4, "x", "y");
		final DensityChart square = DensityChart.builder(new DensityGrid(gmm, wide).evaluate(true, null), wide, true)
			.points(points).equalAspect(true).subtitle("equal aspect").build();
		FigureExport.writePng(square, dir.resolve("density-equal-aspect.png"), 760, 640);
	}

	public static void main(final String[] args) throws Exception {
		System.setProperty("java.awt.headless", "true");
		writeAll(Paths.get(args.length > 0 ? args[0] : "/tmp/flow-plot-gallery"));
	}
}
