package sc.fiji.flowmodels.analysis;

import sc.fiji.flowmodels.InputException;

/**
 * Where the pixels of a density image lie in data space: a width × height grid of pixels
 * covering [xmin, xmax] × [ymin, ymax]. Row 0 is the top row, so y decreases with the row index
 * and the picture shows y increasing upwards, as in a plot.
 * <p>
 * Pixel (i, j) covers [xmin + i·pw, xmin + (i+1)·pw] × [ymax − (j+1)·ph, ymax − j·ph] and is
 * sampled at its centre, x_i = xmin + (i + ½)·pw, y_j = ymax − (j + ½)·ph.
 * <p>
 * "Pixel coordinates" below are continuous, with pixel i spanning [i, i+1) as in ImageJ; a
 * pixel centre is at i + ½. ImageJ maps a pixel coordinate u to (u − xOrigin)·pixelWidth, and,
 * with invertY, v to (yOrigin − v)·pixelHeight; {@link #xOrigin()} and {@link #yOrigin()} are
 * the origins that make those maps give data coordinates.
 */
public final class GridCalibration {

	private final int width;
	private final int height;
	private final double xmin;
	private final double xmax;
	private final double ymin;
	private final double ymax;
	private final String xUnit;
	private final String yUnit;

	/**
	 * @param xUnit name of the column on the x axis (used as ImageJ's x unit and the axis label)
	 * @param yUnit name of the column on the y axis
	 * @throws InputException when the size is not positive or a range is empty or not finite
	 */
	public GridCalibration(final int width, final int height, final double xmin, final double xmax,
		final double ymin, final double ymax, final String xUnit, final String yUnit)
	{
		if (width < 1 || height < 1) {
			throw new InputException("image size must be at least 1 x 1, got width=" + width + " height=" + height);
		}
		if ((long) width * height > Integer.MAX_VALUE - 8) {
			throw new InputException("image too large: width=" + width + " height=" + height +
				" (at most 2^31 pixels)");
		}
		checkRange("x", xmin, xmax);
		checkRange("y", ymin, ymax);
		this.width = width;
		this.height = height;
		this.xmin = xmin;
		this.xmax = xmax;
		this.ymin = ymin;
		this.ymax = ymax;
		this.xUnit = xUnit == null ? "" : xUnit;
		this.yUnit = yUnit == null ? "" : yUnit;
	}

	private static void checkRange(final String axis, final double min, final double max) {
		if (!Double.isFinite(min) || !Double.isFinite(max)) {
			throw new InputException(axis + "min and " + axis + "max must be finite numbers, got " + axis + "min=" +
				min + " " + axis + "max=" + max);
		}
		if (!(min < max)) {
			throw new InputException(axis + "min must be less than " + axis + "max, got " + axis + "min=" + min +
				" " + axis + "max=" + max);
		}
		if (!Double.isFinite(max - min)) {
			throw new InputException(axis + " range too wide: " + axis + "min=" + min + " " + axis + "max=" + max);
		}
	}

	/**
	 * The range of the finite values plus {@code margin} times their spread on each side: the
	 * default view of a column. A column with a single value gets ± max(|value|, 1) · margin
	 * (or ± 1 if margin is 0) so the range is never empty.
	 *
	 * @return {min, max}
	 * @throws InputException when no value is finite
	 */
	public static double[] paddedRange(final double[] values, final double margin) {
		double min = Double.POSITIVE_INFINITY;
		double max = Double.NEGATIVE_INFINITY;
		for (final double v : values) {
			if (!Double.isFinite(v)) continue;
			if (v < min) min = v;
			if (v > max) max = v;
		}
		if (min > max) throw new InputException("cannot choose a range: the column has no finite values");
		return paddedRange(min, max, margin);
	}

	/** {min − margin·(max − min), max + margin·(max − min)}, widened if max == min. */
	public static double[] paddedRange(final double min, final double max, final double margin) {
		if (!(margin >= 0)) throw new IllegalArgumentException("margin must be >= 0, got " + margin);
		if (!(min <= max)) throw new IllegalArgumentException("need min <= max, got " + min + ", " + max);
		double spread = max - min;
		if (spread == 0) {
			final double pad = margin > 0 ? Math.max(Math.abs(min), 1) * margin : 1;
			return new double[] { min - pad, max + pad };
		}
		return new double[] { min - margin * spread, max + margin * spread };
	}

	public int width() {
		return width;
	}

	public int height() {
		return height;
	}

	public double xmin() {
		return xmin;
	}

	public double xmax() {
		return xmax;
	}

	public double ymin() {
		return ymin;
	}

	public double ymax() {
		return ymax;
	}

	/** Name of the column along x. */
	public String xUnit() {
		return xUnit;
	}

	/** Name of the column along y. */
	public String yUnit() {
		return yUnit;
	}

	/** Width of one pixel in data units of x. */
	public double pixelWidth() {
		return (xmax - xmin) / width;
	}

	/** Height of one pixel in data units of y. */
	public double pixelHeight() {
		return (ymax - ymin) / height;
	}

	/** Area of one pixel in data units (x unit × y unit): the weight of a pixel in an integral. */
	public double pixelArea() {
		return pixelWidth() * pixelHeight();
	}

	/** Data x of the centre of pixel column i (0 = left). */
	public double x(final int column) {
		return xmin + (column + 0.5) * (xmax - xmin) / width;
	}

	/** Data y of the centre of pixel row j (0 = top). */
	public double y(final int row) {
		return ymax - (row + 0.5) * (ymax - ymin) / height;
	}

	/** Continuous pixel coordinate (from the left edge) of data x. */
	public double pixelX(final double x) {
		return (x - xmin) / pixelWidth();
	}

	/** Continuous pixel coordinate (from the top edge) of data y. */
	public double pixelY(final double y) {
		return (ymax - y) / pixelHeight();
	}

	/** ImageJ's xOrigin, in pixels: the pixel coordinate where x = 0. */
	public double xOrigin() {
		return -xmin / pixelWidth();
	}

	/** ImageJ's yOrigin, in pixels, for a calibration with invertY: the pixel coordinate where y = 0. */
	public double yOrigin() {
		return ymax / pixelHeight();
	}

	@Override
	public String toString() {
		return width + "x" + height + " pixels over " + xUnit + " in [" + xmin + ", " + xmax + "], " + yUnit +
			" in [" + ymin + ", " + ymax + "]";
	}
}
