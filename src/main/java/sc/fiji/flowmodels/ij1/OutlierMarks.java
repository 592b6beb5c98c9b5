package sc.fiji.flowmodels.ij1;

import java.awt.Color;
import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.PointRoi;
import ij.gui.Roi;
import ij.measure.ResultsTable;
import ij.plugin.frame.RoiManager;

import sc.fiji.flowmodels.plot.PlotColors;

/**
 * The outliers of an encoded table in the ROI Manager, the way a Fiji user measures objects:
 * <ul>
 * <li><b>On the objects' own outlines.</b> Analyze Particles with "Add to Manager" leaves one ROI
 * per row of its table, in row order. When the manager holds exactly as many ROIs as the table
 * has rows, the outliers' ROIs are renamed {@code outlier k (row r)} and drawn in the outlier
 * colour, thicker; every other ROI keeps its name and look, and none is added or removed. They
 * are then shown on their image (the one the table's labels name, else the current one when the
 * ROIs fit it).</li>
 * <li><b>As points</b>, with image coordinates from two columns: a point ROI per outlier, named
 * {@code outlier k (row r of table)} so that the outliers of two tables stay apart.</li>
 * </ul>
 * Marking a table again first undoes its previous marks: renamed ROIs get their name and look
 * back (kept in ROI properties), its points are removed.
 */
final class OutlierMarks {

	/** ROI properties: the table a mark belongs to, and what a renamed ROI was before. */
	static final String TABLE = "flow.table", NAME = "flow.name", STROKE = "flow.stroke", WIDTH = "flow.width";
	/** The width of an outline marked as an outlier, in pixels: thick enough to stand out beside ImageJ's yellow outlines. */
	static final float MARK_WIDTH = 3f;

	private OutlierMarks() {}

	/**
	 * Marks the rows {@code top} (rank order) of {@code table}, which has {@code rows} rows: at
	 * ({@code x}, {@code y}) when given, else on the manager's ROIs when there is one per row.
	 *
	 * @return a line for the Log when nothing could be marked although the user may expect it, or null
	 */
	static String mark(final RoiManager rm, final String table, final int rows, final double[] x, final double[] y, final int[] top) {
		unmark(rm, table);
		if (x != null) {
			for (int k = 0; k < top.length; k++) {
				final Roi roi = new PointRoi(x[k], y[k]);
				roi.setName("outlier " + (k + 1) + " (row " + (top[k] + 1) + " of " + table + ")");
				roi.setProperty(TABLE, table);
				rm.add((ImagePlus) null, roi, -1);
			}
			return null;
		}
		final int n = rm.getCount();
		if (n == 0 || top.length == 0) return null;
		if (n != rows) {
			return "the ROI Manager holds " + n + " ROIs for the " + rows + " rows of " + table
				+ ", so the outliers are not marked on them (Analyze Particles with \"Add to Manager\" gives one per row; or give x and y for points)";
		}
		final Color colour = PlotColors.ENCODE_HIGHLIGHT;
		for (int k = 0; k < top.length; k++) {
			final Roi roi = rm.getRoi(top[k]);
			roi.setProperty(TABLE, table);
			roi.setProperty(NAME, roi.getName() == null ? "" : roi.getName());
			roi.setProperty(STROKE, roi.getStrokeColor() == null ? "none" : Integer.toHexString(roi.getStrokeColor().getRGB()));
			roi.setProperty(WIDTH, Float.toString(roi.getStrokeWidth()));
			rm.rename(top[k], ImageJHost.outlierName(k, top[k]));
			roi.setStrokeColor(colour);
			roi.setStrokeWidth(MARK_WIDTH);
		}
		show(rm, table, top);
		return null;
	}

	/** Undoes the marks of {@code table}: renamed ROIs as they were, its points removed. */
	static void unmark(final RoiManager rm, final String table) {
		final List<Integer> points = new ArrayList<>();
		for (int i = 0; i < rm.getCount(); i++) {
			final Roi roi = rm.getRoi(i);
			if (!table.equals(roi.getProperty(TABLE))) continue;
			final String name = roi.getProperty(NAME);
			if (name == null) {
				points.add(i);
				continue;
			}
			rm.rename(i, name);
			final String stroke = roi.getProperty(STROKE);
			roi.setStrokeColor("none".equals(stroke) ? null : new Color((int) Long.parseLong(stroke, 16), true));
			roi.setStrokeWidth(Float.parseFloat(roi.getProperty(WIDTH)));
			for (final String key : new String[] { TABLE, NAME, STROKE, WIDTH }) roi.setProperty(key, null);
		}
		if (points.isEmpty()) return;
		final int[] indexes = new int[points.size()];
		for (int k = 0; k < indexes.length; k++) indexes[k] = points.get(k);
		rm.setSelectedIndexes(indexes);
		// "Delete" with nothing selected deletes every ROI: only with exactly these selected
		if (Arrays.equals(indexes, rm.getSelectedIndexes())) rm.runCommand("Delete");
		rm.deselect();
	}

	/**
	 * The ROIs on their image: the image the table's row labels name (Analyze Particles with
	 * "Display label"), else the current image when the marked ROIs lie inside it. In batch mode
	 * there is nothing to show; a macro calls {@code roiManager("Show All")} itself.
	 */
	private static void show(final RoiManager rm, final String table, final int[] top) {
		if (ImageJHost.isBatch()) return;
		final ImagePlus imp = imageOf(rm, table, top);
		if (imp == null) return;
		WindowManager.setTempCurrentImage(imp);
		try {
			rm.runCommand("Show All");
		}
		finally {
			WindowManager.setTempCurrentImage(null);
		}
		if (imp.getWindow() != null) imp.getWindow().toFront();
	}

	private static ImagePlus imageOf(final RoiManager rm, final String table, final int[] top) {
		final ResultsTable rt = ResultsTables.find(table);
		final String label = rt != null && rt.size() > 0 ? rt.getLabel(0) : null;
		if (label != null) {
			final ImagePlus named = WindowManager.getImage(label.contains(":") ? label.substring(0, label.indexOf(':')) : label);
			if (named != null) return named;
		}
		final ImagePlus current = WindowManager.getCurrentImage();
		if (current == null) return null;
		final Rectangle image = new Rectangle(0, 0, current.getWidth(), current.getHeight());
		for (final int row : top) {
			if (!image.contains(rm.getRoi(row).getBounds())) return null;
		}
		return current;
	}

	/** For names and messages: a table's title, or a file's name. */
	static String tableName(final String ref) {
		final String r = ref.trim();
		return ImageJHost.looksLikePath(r, ".csv", ".txt", ".tsv") ? new java.io.File(r).getName() : r;
	}
}
