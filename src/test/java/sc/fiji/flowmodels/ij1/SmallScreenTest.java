package sc.fiji.flowmodels.ij1;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Rectangle;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18 on a 1366×768 screen: a real ImageJ with its bar on a virtual display of that size
 * (its own Xvfb), the commands run, and every figure window must lie inside the screen without
 * covering the ImageJ bar (before, they opened 84 px up-left of centre: title bars above the
 * screen, the bar covered).
 */
class SmallScreenTest {

	@TempDir
	Path dir;

	@Test
	void figuresStayOnA1366x768Screen() throws Exception {
		ImageJFixture.requireDisplay();
		Assumptions.assumeTrue(new File("/usr/bin/Xvfb").canExecute() || onPath("Xvfb"), "Xvfb is needed for a screen of another size");
		Assumptions.assumeTrue(onPath("xwininfo"), "xwininfo (x11-utils) is needed to ask the X server where the windows are");
		final Process xvfb = new ProcessBuilder("Xvfb", "-displayfd", "1", "-screen", "0", "1366x768x24", "-nolisten", "tcp")
			// Xvfb's warnings to a file: an unread pipe fills up, the server then stalls and
			// AWT, timing out on its events, reported freshly placed windows at (0, 0) (CI)
			.redirectError(dir.resolve("xvfb.log").toFile()).start();
		try {
			final String display = new BufferedReader(new InputStreamReader(xvfb.getInputStream(), StandardCharsets.UTF_8)).readLine();
			assertTrue(display != null && display.trim().matches("\\d+"), "Xvfb display: " + display);
			final List<String> cmd = new ArrayList<>();
			cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
			cmd.add("-Xmx512m");
			cmd.add("-cp");
			cmd.add(System.getProperty("java.class.path"));
			cmd.add(SmallScreenProbe.class.getName());
			cmd.add(dir.toString());
			final ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
			pb.environment().put("DISPLAY", ":" + display.trim());
			final Path log = dir.resolve("probe.log");
			final Process probe = pb.redirectOutput(log.toFile()).start();
			assertTrue(probe.waitFor(120, TimeUnit.SECONDS), "the probe finished");
			final String out = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
			if (Files.exists(dir.resolve("screen.png"))) Files.copy(dir.resolve("screen.png"), Paths.get("target", "fiji-1366x768.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
			Rectangle screen = null, bar = null;
			final List<String> figures = new ArrayList<>();
			for (final String line : out.split("\n")) {
				final String[] p = line.split("\t");
				if (p.length != 2) continue;
				final String[] n = p[1].trim().split(" ");
				final Rectangle r = new Rectangle(Integer.parseInt(n[0]), Integer.parseInt(n[1]), Integer.parseInt(n[2]), Integer.parseInt(n[3]));
				if (p[0].equals("screen")) screen = r;
				else if (p[0].equals("bar")) bar = r;
				else if (p[0].startsWith("figure ")) {
					figures.add(p[0]);
					assertTrue(screen.contains(r), p[0] + " " + r + " outside the screen " + screen + "\n" + out);
					assertTrue(!r.intersects(bar), p[0] + " " + r + " covers the ImageJ bar " + bar + "\n" + out);
				}
			}
			assertTrue(screen != null && screen.width == 1366 && screen.height == 768, out);
			// training curve, data to latent, latent radius, outliers stay outliers, density picture
			assertTrue(figures.size() >= 5, figures + "\n" + out);
		}
		finally {
			xvfb.destroy();
			xvfb.waitFor(10, TimeUnit.SECONDS);
		}
	}

	private static boolean onPath(final String exe) {
		for (final String d : System.getenv("PATH").split(File.pathSeparator)) {
			if (new File(d, exe).canExecute()) return true;
		}
		return false;
	}
}
