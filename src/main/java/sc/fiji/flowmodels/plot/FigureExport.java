package sc.fiji.flowmodels.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

import javax.imageio.ImageIO;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import org.jfree.graphics2d.svg.SVGGraphics2D;

import sc.fiji.flowmodels.InputException;
import sc.fiji.flowmodels.io.AtomicFile;

/**
 * Figures to pictures: a {@link BufferedImage} (for an ImageJ ImagePlus), a PNG file or an
 * SVG file. Works headless. Files are written atomically: on any error the target is left as
 * it was.
 */
public final class FigureExport {

	private FigureExport() {}

	/** The figure drawn on a white width × height RGB image. */
	public static BufferedImage toImage(final Figure figure, final int width, final int height) {
		return toImage(figure, width, height, 1);
	}

	/**
	 * The figure laid out for width × height and drawn at {@code scale} pixels per unit (2 gives a
	 * sharp picture for print: an image of 2·width × 2·height with the same layout).
	 */
	public static BufferedImage toImage(final Figure figure, final int width, final int height, final double scale) {
		checkSize(width, height);
		if (!(scale > 0) || Double.isInfinite(scale)) throw new IllegalArgumentException("scale must be > 0, got " +
			scale);
		final int w = (int) Math.round(width * scale);
		final int h = (int) Math.round(height * scale);
		final BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
		final Graphics2D g2 = image.createGraphics();
		try {
			g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
			g2.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
			g2.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
			g2.setPaint(Color.WHITE);
			g2.fillRect(0, 0, w, h);
			g2.scale(scale, scale);
			figure.draw(g2, new Rectangle2D.Double(0, 0, width, height));
		}
		finally {
			g2.dispose();
		}
		return image;
	}

	/** The figure as an SVG document of width × height pixels. */
	public static String toSvg(final Figure figure, final int width, final int height) {
		checkSize(width, height);
		final SVGGraphics2D g2 = new SVGGraphics2D(width, height);
		g2.setPaint(Color.WHITE);
		g2.fillRect(0, 0, width, height);
		figure.draw(g2, new Rectangle2D.Double(0, 0, width, height));
		return g2.getSVGDocument();
	}

	public static void writePng(final Figure figure, final Path path, final int width, final int height)
		throws IOException
	{
		writePng(figure, path, width, height, 1);
	}

	/** Writes {@link #toImage(Figure, int, int, double)} as a PNG file. */
	public static void writePng(final Figure figure, final Path path, final int width, final int height,
		final double scale) throws IOException
	{
		AtomicFile.write(path, png(figure, width, height, scale));
	}

	/**
	 * The figure as the content of a PNG file, drawn now, encoded when written. ImageIO is
	 * given a stream that buffers in memory: its default caches in a file of the temporary
	 * folder, which on a full disk ended in a NullPointerException of its closing thread.
	 */
	public static AtomicFile.Content png(final Figure figure, final int width, final int height, final double scale) {
		final BufferedImage image = toImage(figure, width, height, scale);
		return out -> {
			final MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out);
			try {
				if (!ImageIO.write(image, "png", stream)) throw new IOException("no PNG writer available");
			}
			finally {
				stream.close();
			}
		};
	}

	public static void writeSvg(final Figure figure, final Path path, final int width, final int height)
		throws IOException
	{
		final byte[] svg = toSvg(figure, width, height).getBytes(StandardCharsets.UTF_8);
		AtomicFile.write(path, out -> out.write(svg));
	}

	/**
	 * Writes PNG or SVG, chosen by the file name's extension.
	 *
	 * @throws InputException when the extension is neither .png nor .svg
	 */
	public static void write(final Figure figure, final Path path, final int width, final int height)
		throws IOException
	{
		final String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
		if (name.endsWith(".png")) writePng(figure, path, width, height);
		else if (name.endsWith(".svg")) writeSvg(figure, path, width, height);
		else throw new InputException("cannot tell the picture format of " + path + ": use a .png or .svg name");
	}

	private static void checkSize(final int width, final int height) {
		if (width < 1 || height < 1) {
			throw new IllegalArgumentException("picture size must be positive, got " + width + " x " + height);
		}
	}
}
