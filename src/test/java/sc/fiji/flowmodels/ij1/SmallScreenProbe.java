package sc.fiji.flowmodels.ij1;

import java.awt.Frame;
import java.awt.Rectangle;
import java.awt.Robot;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import ij.IJ;
import ij.ImageJ;
import ij.WindowManager;
import ij.gui.GUI;

/**
 * A user's session on a small screen, for {@link SmallScreenTest}: ImageJ with its bar shown,
 * then Sample Data, Train, Encode/Decode and Density Image; prints the screen, the bar and
 * every window as {@code name x y w h} lines and saves a screenshot. Run in its own JVM on a
 * display of the size to test.
 */
public final class SmallScreenProbe {

	private SmallScreenProbe() {}

	public static void main(final String[] args) throws Exception {
		final Path out = Paths.get(args[0]);
		System.setProperty("plugins.dir", ImageJFixture.pluginsDir().toString());
		final ImageJ ij = new ImageJ();
		while (!ij.isShowing()) Thread.sleep(50);
		final String model = out.resolve("m.json").toString();
		IJ.run("Sample Data", "dataset=moons samples=300 output=cells");
		IJ.run("Train", "input=cells model=[" + model + "] hidden=16,16 couplings=2 epochs=3");
		IJ.run("Encode/Decode", "model=[" + model + "] input=cells output=encoded outliers=5");
		IJ.run("Density Image", "model=[" + model + "] input=cells output=density");
		Thread.sleep(1000);
		print("screen", GUI.getMaxWindowBounds(ij));
		print("bar", ij.getBounds());
		final Map<String, Rectangle> x = xServerWindows();
		for (final Frame f : Frame.getFrames()) {
			if (!f.isShowing() || f == ij) continue;
			final Rectangle r = x.get(f.getTitle());
			if (r == null) throw new IllegalStateException("the X server has no window '" + f.getTitle() + "': " + x.keySet());
			print((f instanceof FigureWindow ? "figure " : "window ") + f.getTitle(), r);
		}
		final Rectangle all = GUI.getScreenBounds(ij);
		ImageIO.write(new Robot().createScreenCapture(all), "png", new File(out.resolve("screen.png").toString()));
		System.out.println("images " + WindowManager.getImageCount());
		System.exit(0);
	}

	/** A top-level window line of {@code xwininfo -root -tree}: name, size, absolute position. */
	private static final Pattern XWININFO = Pattern.compile("^\\s*0x\\p{XDigit}+ \"(.*)\": \\(.*\\)\\s+(\\d+)x(\\d+)[+-]-?\\d+[+-]-?\\d+\\s+\\+(-?\\d+)\\+(-?\\d+)\\s*$");

	/**
	 * Where the X server shows each named window, by name (AWT names a frame's X window after
	 * its title). Asked of the server rather than of AWT: without a window manager, AWT's own
	 * record of a just-shown frame was sometimes (0, 0) while the screen showed it where it had
	 * been placed (CI once, here 3 runs in 16, a different window each time, still so 3 s later).
	 */
	private static Map<String, Rectangle> xServerWindows() throws Exception {
		final Process p = new ProcessBuilder("xwininfo", "-root", "-tree").redirectErrorStream(true).start();
		final Map<String, Rectangle> windows = new HashMap<>();
		try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line; (line = in.readLine()) != null;) {
				final Matcher m = XWININFO.matcher(line);
				if (!m.matches()) continue;
				final Rectangle r = new Rectangle(Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
				// AWT may give inner windows the frame's name too: the frame is the largest
				final Rectangle old = windows.get(m.group(1));
				if (old == null || (long) r.width * r.height > (long) old.width * old.height) windows.put(m.group(1), r);
			}
		}
		if (p.waitFor() != 0) throw new IllegalStateException("xwininfo failed: exit " + p.exitValue());
		return windows;
	}

	private static void print(final String name, final Rectangle r) {
		System.out.println(name + "\t" + r.x + " " + r.y + " " + r.width + " " + r.height);
	}
}
