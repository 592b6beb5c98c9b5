package sc.fiji.flowmodels.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Dimension;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;
import javax.swing.JComponent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.flowmodels.InputException;

class FigureExportTest {

	static {
		System.setProperty("java.awt.headless", "true");
	}

	private final Figure curve = TrainingCurve.of(new double[] { 3, 2, 1.5 }, new double[] { 3.1, 2.2, 1.8 });

	@Test
	void writesByExtension(@TempDir final Path dir) throws IOException {
		FigureExport.write(curve, dir.resolve("a.PNG"), 300, 200);
		FigureExport.write(curve, dir.resolve("b.svg"), 300, 200);
		assertEquals(300, ImageIO.read(dir.resolve("a.PNG").toFile()).getWidth());
		assertTrue(new String(Files.readAllBytes(dir.resolve("b.svg")), "UTF-8").contains("Training curve"));
		assertThrows(InputException.class, () -> FigureExport.write(curve, dir.resolve("c.jpg"), 300, 200));
		assertFalse(Files.exists(dir.resolve("c.jpg")));
	}

	@Test
	void pngsAreEncodedWithoutAFileInTheTemporaryFolder() throws IOException {
		// ImageIO's default cache file there: on a full disk its closing thread threw a NullPointerException
		final Path tmp = java.nio.file.Paths.get(System.getProperty("java.io.tmpdir"));
		final java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
		FigureExport.png(curve, 300, 200, 1).writeTo(new java.io.OutputStream() {

			@Override
			public void write(final int b) {
				png.write(b);
			}

			@Override
			public void write(final byte[] b, final int off, final int len) throws IOException {
				try (java.util.stream.Stream<Path> files = Files.list(tmp)) {
					assertFalse(files.anyMatch(f -> f.getFileName().toString().startsWith("imageio")), "no ImageIO cache file in " + tmp);
				}
				png.write(b, off, len);
			}
		});
		assertEquals(300, ImageIO.read(new java.io.ByteArrayInputStream(png.toByteArray())).getWidth());
	}

	@Test
	void aFailingFigureLeavesTheOldFileAlone(@TempDir final Path dir) throws IOException {
		final Path target = dir.resolve("figure.svg");
		Files.write(target, "old".getBytes("UTF-8"));
		final Figure broken = new Figure() {

			@Override
			public String title() {
				return "broken";
			}

			@Override
			public Dimension preferredSize() {
				return new Dimension(10, 10);
			}

			@Override
			public void draw(final Graphics2D g2, final Rectangle2D area) {
				throw new IllegalStateException("boom");
			}

			@Override
			public JComponent createPanel() {
				throw new UnsupportedOperationException();
			}
		};
		assertThrows(IllegalStateException.class, () -> FigureExport.writeSvg(broken, target, 10, 10));
		assertThrows(IllegalStateException.class, () -> FigureExport.writePng(broken, target, 10, 10));
		assertEquals("old", new String(Files.readAllBytes(target), "UTF-8"));
		try (java.util.stream.Stream<Path> files = Files.list(dir)) {
			assertEquals(1, files.count(), "no temporary files left behind");
		}
	}
}
