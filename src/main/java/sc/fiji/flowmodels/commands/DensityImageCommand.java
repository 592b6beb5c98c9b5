package sc.fiji.flowmodels.commands;

import java.io.File;
import java.util.Locale;
import java.util.concurrent.CancellationException;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import org.ejml.data.DMatrixRMaj;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import sc.fiji.flowmodels.CanceledException;
import sc.fiji.flowmodels.InputException;
import sc.fiji.flowmodels.analysis.DensityGrid;
import sc.fiji.flowmodels.analysis.GridCalibration;
import sc.fiji.flowmodels.analysis.OutlierScore;
import sc.fiji.flowmodels.analysis.Outliers;
import sc.fiji.flowmodels.data.ColumnSelection;
import sc.fiji.flowmodels.flow.Compute;
import sc.fiji.flowmodels.flow.Flow;
import sc.fiji.flowmodels.flow.FlowResult;
import sc.fiji.flowmodels.flow.Precision;
import sc.fiji.flowmodels.plot.DensityChart;
import sc.fiji.flowmodels.plot.Points2D;
import sc.fiji.flowmodels.train.FlowModel;

/**
 * {@code Plugins › Flow › Density Image}: log p_X (or p_X) of the model on a grid, as a
 * calibrated 32-bit image (pixel centres at data coordinates, y up). For D > 2 it is a slice
 * through {@code dims} with the other columns at their training mean.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Flow>Density Image", label = "Density Image", description = "Draws a model's density over two of its columns as a calibrated image, with the table's points and outliers if given.")
public class DensityImageCommand extends FlowCommand {

	/** Margin added on each side of the training range, as a fraction of the range. */
	static final double MARGIN = 0.1;

	@Parameter(label = "Model file", style = FileWidget.OPEN_STYLE, required = false, description = "blank: the model trained or used last")
	public File model;

	@Parameter(label = "Width", min = "2", description = "pixels along x")
	public int width = 512;

	@Parameter(label = "Height", min = "2", description = "pixels along y")
	public int height = 512;

	@Parameter(label = "x min", required = false, description = "blank: training range plus a margin")
	public String xmin = "";

	@Parameter(label = "x max", required = false, description = "blank: training range plus a margin")
	public String xmax = "";

	@Parameter(label = "y min", required = false, description = "blank: training range plus a margin")
	public String ymin = "";

	@Parameter(label = "y max", required = false, description = "blank: training range plus a margin")
	public String ymax = "";

	@Parameter(label = "Dims", description = "the two columns (1-based) along x and y; the others at their training mean")
	public String dims = "1,2";

	@Parameter(label = "Log density", description = "log p_X instead of p_X")
	public boolean log = true;

	@Parameter(label = "Output", required = false, description = "image title, or a .tif file (a .png picture is written next to it)")
	public String output = "";

	@Parameter(label = "Points table", required = false, description = "optional: points (the model's columns) drawn over the picture, outliers highlighted")
	public String input = "";

	@Parameter(label = "Outliers", min = "0", description = "how many of the points' outliers to highlight")
	public int outliers = 10;

	@Parameter(label = "Outlier score", choices = { "density", "radius" }, description = "what makes a point an outlier: density = least likely (largest −log p_X); radius = farthest from the latent origin (largest ‖z‖)")
	public String score = "density";

	private DensityResult result;

	public DensityResult result() {
		return result;
	}

	@Override
	public void execute() {
		atLeast("width", width, 2);
		atLeast("height", height, 2);
		atLeast("outliers", outliers, 0);
		final OutlierScore by = OutlierScore.parse(score);
		if ((long) width * height > 100_000_000L) throw new InputException("width × height must be at most 100 million pixels, got " + (long) width * height);
		final double[] given = { number("xmin", xmin), number("xmax", xmax), number("ymin", ymin), number("ymax", ymax) };
		host().checkDensityOutput(output);
		final FlowModel m = loadModel(model);
		final Flow flow = m.flow();
		final int d = flow.dimension();
		if (d < 2) throw new InputException("a density image needs a model of at least 2 columns; this one has " + d);
		final int[] dim = Figures.dims(dims, d);
		final double[] xr = range(m, dim[0]), yr = range(m, dim[1]);
		final double[][] r = squarePixels(new double[] { Double.isNaN(given[0]) ? xr[0] : given[0], Double.isNaN(given[1]) ? xr[1] : given[1] },
			new double[] { Double.isNaN(given[2]) ? yr[0] : given[2], Double.isNaN(given[3]) ? yr[1] : given[3] },
			width, height, Double.isNaN(given[0]) && Double.isNaN(given[1]), Double.isNaN(given[2]) && Double.isNaN(given[3]));
		final double x0 = r[0][0], x1 = r[0][1], y0 = r[1][0], y1 = r[1][1];
		final String xName = flow.columns().get(dim[0]), yName = flow.columns().get(dim[1]);
		final GridCalibration grid = new GridCalibration(width, height, x0, x1, y0, y1, xName, yName);
		Budget.require("Density Image", "the image", 4L * width * height + 64L * 1024 * 1024);

		DMatrixRMaj points = null;
		if (input != null && !input.trim().isEmpty()) {
			points = ColumnSelection.select(host().readTable(input), flow.columns().toArray(new String[0])).values();
		}
		final ArrayImg<FloatType, FloatArray> img;
		try {
			// the image is float32, so the networks may compute in float32 too (twice as fast)
			final Compute compute = Compute.of(Precision.FLOAT);
			img = new DensityGrid(flow.density(compute.precision()), grid, dim[0], dim[1], flow.standardization().mean()).evaluate(log, compute.threads(), new DensityGrid.Progress() {

				@Override
				public void rowsDone(final int done, final int total) {
					host().progress("density", done, total);
				}

				@Override
				public boolean isCanceled() {
					return host().isCanceled();
				}
			});
		}
		catch (final CancellationException e) {
			throw new CanceledException("density image cancelled; nothing written");
		}
		final String what = log ? "log p_X" : "p_X";
		final String title = String.format(Locale.ROOT, "%s of %s", what, model == null ? "the model" : model.getName());
		final DensityChart.Builder chart = DensityChart.builder(img, grid, log).title(title);
		if (d > 2) chart.subtitle("slice through " + xName + ", " + yName + "; other columns at their training mean");
		Points2D drawn = null;
		int[] top = null;
		if (points != null) {
			drawn = Points2D.columns(points, dim[0], dim[1], xName, yName);
			chart.points(drawn);
			final FlowResult enc = flow.encode(points);
			final double[] value = new double[points.numRows];
			for (int i = 0; i < value.length; i++) value[i] = by.of(enc.logPx[i], Outliers.radius(enc.points.data, i, d));
			top = Outliers.top(value, value.length, outliers);
			chart.outliers(top).outliersBy(by);
		}
		result = new DensityResult(img, grid, log, title, chart.build(), drawn, top);
		host().writeDensity(output, result);
		host().log(String.format(Locale.ROOT, "Density Image: %d×%d pixels, %s in [%.4g, %.4g], %s in [%.4g, %.4g]", width, height, xName, x0, x1, yName, y0, y1));
	}

	/**
	 * The x and y ranges with pixels of equal width and height in data units: the automatic
	 * range of one axis ({@code xFree}, {@code yFree}: both its ends blank) is widened about its
	 * centre. ImageJ shows every pixel square, so unequal sizes squash the picture (moons,
	 * 4.1 × 2.3 on 512 × 512 pixels, looked half as high as its plot). Ranges the user gave are
	 * kept as they are.
	 */
	static double[][] squarePixels(final double[] xr, final double[] yr, final int width, final int height,
		final boolean xFree, final boolean yFree)
	{
		final double pw = (xr[1] - xr[0]) / width, ph = (yr[1] - yr[0]) / height;
		if (pw > ph && yFree) return new double[][] { xr, widened(yr, pw * height) };
		if (ph > pw && xFree) return new double[][] { widened(xr, ph * width), yr };
		return new double[][] { xr, yr };
	}

	private static double[] widened(final double[] r, final double span) {
		final double c = 0.5 * (r[0] + r[1]);
		return new double[] { c - 0.5 * span, c + 0.5 * span };
	}

	/** A number from a text field; blank gives NaN (automatic). */
	private static double number(final String key, final String text) {
		if (text == null || text.trim().isEmpty()) return Double.NaN;
		try {
			final double v = Double.parseDouble(text.trim());
			if (!Double.isFinite(v)) throw new NumberFormatException();
			return v;
		}
		catch (final NumberFormatException e) {
			throw new InputException(key + ": '" + text.trim() + "' is not a number (leave it blank for the training range)");
		}
	}

	/** The training range of column j plus a margin; mean ± 4 sd when the model has no range. */
	private static double[] range(final FlowModel m, final int j) {
		final double[] min = m.min(), max = m.max();
		if (min != null && max != null && max[j] > min[j]) return GridCalibration.paddedRange(min[j], max[j], MARGIN);
		final double mu = m.flow().standardization().mean()[j], sd = m.flow().standardization().std()[j];
		return new double[] { mu - 4 * sd, mu + 4 * sd };
	}
}
