package sc.fiji.flowmodels.plot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.measure.Calibration;
import ij.process.FloatProcessor;
import ij.process.LUT;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import sc.fiji.flowmodels.analysis.GridCalibration;
import sc.fiji.flowmodels.io.AtomicFile;

/**
 * A density image as an ImageJ 32-bit image whose spatial calibration is the data space: the
 * status bar, measurements and the TIFF file all speak in the user's columns.
 * <p>
 * ImageJ maps a pixel coordinate (u, v), with pixel i spanning [i, i+1), to
 * x = (u − xOrigin)·pixelWidth and, with invertY, y = (yOrigin − v)·pixelHeight. The origins
 * are chosen so that the centre (i + ½, j + ½) of a pixel maps to the point where the density was
 * evaluated, and y increases upwards. The x and y units are the column names; the value unit is
 * "log p_X" or "p_X".
 * <p>
 * The TIFF stores the pixel size as a rational number with a denominator of at most 10⁶, so a
 * reloaded calibration is exact to about 1e-6 of a pixel for typical sizes; the "Info" property
 * keeps the exact grid in words.
 */
public final class DensityTiff {

	private DensityTiff() {}

	/** ImageJ's calibration for a density grid. */
	public static Calibration calibration(final GridCalibration grid, final boolean log) {
		final Calibration cal = new Calibration();
		cal.pixelWidth = grid.pixelWidth();
		cal.pixelHeight = grid.pixelHeight();
		cal.pixelDepth = 1;
		cal.xOrigin = grid.xOrigin();
		// ImageJ reads yOrigin == 0 as "no origin" and then counts y from the bottom pixel's
		// top edge; the smallest positive double gives the same numbers without that special case
		final double yOrigin = grid.yOrigin();
		cal.yOrigin = yOrigin == 0 ? Double.MIN_VALUE : yOrigin;
		cal.setInvertY(true);
		if (!grid.xUnit().isEmpty()) cal.setXUnit(grid.xUnit());
		if (!grid.yUnit().isEmpty()) cal.setYUnit(grid.yUnit());
		cal.setValueUnit(log ? "log p_X" : "p_X");
		return cal;
	}

	/**
	 * The density image as a calibrated 32-bit ImagePlus with a viridis LUT; for log p the display
	 * range covers the top {@value DensityChart#DEFAULT_LOG_SPAN} nats, as in the density chart.
	 *
	 * @param values a grid.width() × grid.height() image, row 0 at the top
	 */
	public static ImagePlus toImagePlus(final RandomAccessibleInterval<FloatType> values, final GridCalibration grid,
		final String title, final boolean log)
	{
		if (values.numDimensions() != 2 || values.dimension(0) != grid.width() || values.dimension(1) != grid
			.height())
		{
			throw new IllegalArgumentException("image is not " + grid.width() + " x " + grid.height());
		}
		final float[] pixels = new float[grid.width() * grid.height()];
		final Cursor<FloatType> cursor = Views.flatIterable(values).cursor();
		int k = 0;
		float max = Float.NEGATIVE_INFINITY;
		float min = Float.POSITIVE_INFINITY;
		while (cursor.hasNext()) {
			final float v = cursor.next().get();
			pixels[k++] = v;
			if (Float.isFinite(v)) {
				max = Math.max(max, v);
				min = Math.min(min, v);
			}
		}
		final FloatProcessor ip = new FloatProcessor(grid.width(), grid.height(), pixels);
		ip.setLut(viridisLut());
		if (min <= max) {
			final double lower = log ? Math.max(min, max - DensityChart.DEFAULT_LOG_SPAN) : Math.min(0, min);
			ip.setMinAndMax(lower, max > lower ? max : lower + 1);
		}
		final ImagePlus imp = new ImagePlus(title, ip);
		imp.setCalibration(calibration(grid, log));
		imp.setProperty("Info", describe(grid, log));
		return imp;
	}

	/** Writes the density image as a calibrated 32-bit TIFF (ImageJ's FileSaver), atomically. */
	public static void write(final Path path, final RandomAccessibleInterval<FloatType> values,
		final GridCalibration grid, final String title, final boolean log) throws IOException
	{
		write(path, toImagePlus(values, grid, title, log));
	}

	/** Writes an ImagePlus as TIFF through ImageJ's FileSaver, atomically. */
	public static void write(final Path path, final ImagePlus imp) throws IOException {
		AtomicFile.write(path, tiff(imp));
	}

	/**
	 * The files of a density output: for a .tif/.tiff path the TIFF and a PNG picture of the
	 * same name next to it, written as a pair (both are complete in their temporary files
	 * before either replaces its target, so a failure such as a full disk leaves both as they
	 * were); for any other path the picture alone.
	 */
	public static void writeFiles(final Path path, final ImagePlus imp, final AtomicFile.Content picture) throws IOException {
		final String lower = path.getFileName().toString().toLowerCase(Locale.ROOT);
		if (!lower.endsWith(".tif") && !lower.endsWith(".tiff")) {
			AtomicFile.write(path, picture);
			return;
		}
		AtomicFile.writeAll(java.util.Arrays.asList(path, picturePath(path)), java.util.Arrays.asList(tiff(imp), picture));
	}

	/** The PNG picture beside a density TIFF: the same name ending in .png. */
	public static Path picturePath(final Path tiff) {
		final String name = tiff.getFileName().toString();
		return tiff.resolveSibling(name.substring(0, name.lastIndexOf('.')) + ".png");
	}

	private static AtomicFile.Content tiff(final ImagePlus imp) throws IOException {
		final byte[] tiff = new FileSaver(imp).serialize();
		if (tiff == null) throw new IOException("ImageJ could not encode " + imp.getTitle() + " as TIFF");
		return out -> out.write(tiff);
	}

	private static String describe(final GridCalibration grid, final boolean log) {
		return String.format(Locale.ROOT,
			"Flow density %s on a %d x %d grid%n" + "%s from %s to %s, %s from %s to %s%n" +
				"pixel (i, j) holds the value at x = xmin + (i + 0.5) * %s, y = ymax - (j + 0.5) * %s%n" +
				"row 0 is the top row (largest y)%n", log ? "log p_X" : "p_X", grid.width(), grid.height(), grid.xUnit(),
			repr(grid.xmin()), repr(grid.xmax()), grid.yUnit(), repr(grid.ymin()), repr(grid.ymax()), repr(grid
				.pixelWidth()), repr(grid.pixelHeight()));
	}

	private static String repr(final double v) {
		return Double.toString(v);
	}

	private static LUT viridisLut() {
		final byte[] r = new byte[256];
		final byte[] g = new byte[256];
		final byte[] b = new byte[256];
		for (int i = 0; i < 256; i++) {
			final int rgb = Viridis.rgb(i / 255.0);
			r[i] = (byte) (rgb >> 16);
			g[i] = (byte) (rgb >> 8);
			b[i] = (byte) rgb;
		}
		return new LUT(r, g, b);
	}
}
