package sc.fiji.flowmodels.commands;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import sc.fiji.flowmodels.analysis.GridCalibration;
import sc.fiji.flowmodels.plot.Figure;

/** A rendered density: the float image with its grid, and its picture with axes and points. */
public final class DensityResult {

	public final ArrayImg<FloatType, FloatArray> image;
	public final GridCalibration grid;
	public final boolean log;
	public final String title;
	public final Figure picture;

	DensityResult(final ArrayImg<FloatType, FloatArray> image, final GridCalibration grid,
		final boolean log, final String title, final Figure picture)
	{
		this.image = image;
		this.grid = grid;
		this.log = log;
		this.title = title;
		this.picture = picture;
	}
}
