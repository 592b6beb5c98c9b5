package sc.fiji.flowmodels.commands;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import sc.fiji.flowmodels.analysis.GridCalibration;
import sc.fiji.flowmodels.plot.Figure;
import sc.fiji.flowmodels.plot.Points2D;

/**
 * A rendered density: the float image with its grid, its picture with axes and points, and the
 * points drawn (so that ImageJ can overlay them on the image).
 */
public final class DensityResult {

	public final ArrayImg<FloatType, FloatArray> image;
	public final GridCalibration grid;
	public final boolean log;
	public final String title;
	public final Figure picture;
	/** The points drawn over the picture, in the image's two columns, or null. */
	public final Points2D points;
	/** Indices into {@link #points} of the highlighted outliers, rank 1 first (empty if none). */
	public final int[] outliers;

	DensityResult(final ArrayImg<FloatType, FloatArray> image, final GridCalibration grid,
		final boolean log, final String title, final Figure picture, final Points2D points,
		final int[] outliers)
	{
		this.image = image;
		this.grid = grid;
		this.log = log;
		this.title = title;
		this.picture = picture;
		this.points = points;
		this.outliers = outliers == null ? new int[0] : outliers;
	}
}
