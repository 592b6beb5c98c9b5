package sc.fiji.flowmodels.ij1;

import java.awt.Frame;
import java.awt.Rectangle;
import java.awt.Robot;
import java.io.File;
import java.nio.file.Path;
import java.nio.file.Paths;

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
		for (final Frame f : Frame.getFrames()) {
			if (f.isShowing() && f != ij) print((f instanceof FigureWindow ? "figure " : "window ") + f.getTitle(), f.getBounds());
		}
		final Rectangle all = GUI.getScreenBounds(ij);
		ImageIO.write(new Robot().createScreenCapture(all), "png", new File(out.resolve("screen.png").toString()));
		System.out.println("images " + WindowManager.getImageCount());
		System.exit(0);
	}

	private static void print(final String name, final Rectangle r) {
		System.out.println(name + "\t" + r.x + " " + r.y + " " + r.width + " " + r.height);
	}
}
