package sc.fiji.flowmodels.ij1;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;

import ij.ImagePlus;
import ij.WindowManager;
import ij.measure.ResultsTable;
import ij.plugin.filter.Analyzer;
import ij.process.ImageProcessor;

/**
 * Writes an ImageJ table or image exactly (every double as {@link Double#toString}), so that two
 * ImageJ sessions can be compared. Uses ImageJ classes only: a replayed macro calls it with
 * {@code call("sc.fiji.flowmodels.ij1.TableDump.table", title, path)} from the system class
 * path, where the plugin's own classes are not visible.
 */
public final class TableDump {

	private TableDump() {}

	/** The table {@code title} as text; "missing" when there is no such table. */
	public static String table(final String title) {
		final ResultsTable rt = "Results".equals(title) ? Analyzer.getResultsTable() : ResultsTable.getResultsTable(title);
		if (rt == null) return "missing table " + title + "\n";
		final StringBuilder b = new StringBuilder(String.join("\t", rt.getHeadings())).append('\n');
		for (int i = 0; i < rt.size(); i++) {
			if (rt.getLabel(i) != null) b.append(rt.getLabel(i)).append('\t');
			for (int c = 0; c <= rt.getLastColumn(); c++) {
				if (!rt.columnExists(c)) continue;
				final double v = rt.getValueAsDouble(c, i);
				b.append(Double.isNaN(v) ? rt.getStringValue(c, i) : Double.toString(v)).append('\t');
			}
			b.append('\n');
		}
		return b.toString();
	}

	/** The pixels, calibration and overlay size of the image {@code title}. */
	public static String image(final String title) {
		final ImagePlus imp = WindowManager.getImage(title);
		if (imp == null) return "missing image " + title + "\n";
		final ImageProcessor ip = imp.getProcessor();
		final StringBuilder b = new StringBuilder();
		b.append(imp.getWidth()).append('x').append(imp.getHeight()).append(' ').append(imp.getBitDepth()).append("-bit\n");
		b.append(imp.getCalibration().pixelWidth).append(' ').append(imp.getCalibration().pixelHeight).append(' ').append(imp.getCalibration().xOrigin).append(' ').append(imp.getCalibration().yOrigin).append('\n');
		b.append("overlay ").append(imp.getOverlay() == null ? 0 : imp.getOverlay().size()).append('\n');
		for (int y = 0; y < imp.getHeight(); y++) {
			for (int x = 0; x < imp.getWidth(); x++) b.append(Float.floatToIntBits(ip.getf(x, y))).append(' ');
			b.append('\n');
		}
		return b.toString();
	}

	/** Macro entry: writes {@link #table} to {@code path}. */
	public static String saveTable(final String title, final String path) throws IOException {
		Files.write(Paths.get(path), table(title).getBytes(StandardCharsets.UTF_8));
		return path;
	}

	/** Macro entry: writes {@link #image} to {@code path}. */
	public static String saveImage(final String title, final String path) throws IOException {
		Files.write(Paths.get(path), image(title).getBytes(StandardCharsets.UTF_8));
		return path;
	}
}
