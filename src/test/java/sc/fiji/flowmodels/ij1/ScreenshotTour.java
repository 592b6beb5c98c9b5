package sc.fiji.flowmodels.ij1;

import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.Window;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import javax.imageio.ImageIO;

import ij.Executer;
import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.plugin.frame.RoiManager;

/**
 * Takes the screenshots of docs/fiji.md in a real ImageJ (run it under a display, e.g. Xvfb):
 * a command dialog, the live training curve, the data ↔ latent pair, the density image with
 * the outliers as ROIs, and the Particle Demo's cells with their outliers outlined. Not a test:
 * {@code java … ScreenshotTour docs}, on a screen of 1900 × 1100 (the cells, the figure and the
 * ROI Manager side by side).
 */
public final class ScreenshotTour {

	private ScreenshotTour() {}

	public static void main(final String[] args) throws Exception {
		final Path out = Paths.get(args.length > 0 ? args[0] : "docs");
		final Path work = Files.createTempDirectory("flow-tour");
		System.setProperty("plugins.dir", ImageJFixture.pluginsDir().toString());
		final ImageJ ij = new ImageJ(ImageJ.EMBEDDED);
		ij.setLocation(10, 10);
		final Robot robot = new Robot();
		final String model = work.resolve("moons.json").toString();

		IJ.run("Sample Data", "dataset=moons samples=1000 seed=1 output=moons");
		place("moons", 900, 500);

		// the Train dialog as a user sees it (input: the frontmost table)
		final Thread dialog = new Thread(() -> new Executer("Train").run(), "Train");
		dialog.start();
		GenericDialog gd = null;
		while (gd == null || !gd.isShowing()) {
			Thread.sleep(50);
			gd = GenericDialog.getInstance();
		}
		gd.setLocation(30, 120);
		Thread.sleep(800);
		capture(robot, out.resolve("fiji-dialog-train.png"), gd);
		final GenericDialog train = gd;
		java.awt.EventQueue.invokeAndWait(() -> train.actionPerformed(new java.awt.event.ActionEvent(train.getButtons()[1], 0, "Cancel")));
		dialog.join();

		// training with the live curve, captured while it runs
		final Thread training = new Thread(() -> IJ.run("Train", "input=moons model=[" + model + "] epochs=60 seed=1"), "training");
		training.start();
		Window curve = null;
		while (curve == null) {
			Thread.sleep(50);
			curve = WindowManager.getWindow("training curve of moons (moons.json)");
		}
		curve.setLocation(30, 120);
		while (((FigureWindow) curve).figure() instanceof sc.fiji.flowmodels.plot.TrainingCurve && ((sc.fiji.flowmodels.plot.TrainingCurve) ((FigureWindow) curve).figure()).size() < 25) Thread.sleep(50);
		Thread.sleep(300);
		capture(robot, out.resolve("fiji-training-curve.png"), curve);
		training.join();

		// the density image first, so that the encode can place outlier ROIs on it: the table
		// gets the points' pixel coordinates in that image as columns u and v
		IJ.run("Density Image", "model=[" + model + "] width=400 height=300 log input=moons outliers=10 output=[moons density]");
		IJ.runMacro("selectImage('moons density'); n = Table.size('moons');\n" + "for (i = 0; i < n; i++) { x = Table.get('x', i, 'moons'); y = Table.get('y', i, 'moons'); toUnscaled(x, y); Table.set('u', i, x, 'moons'); Table.set('v', i, y, 'moons'); }\n" + "Table.update('moons');");
		IJ.run("Encode/Decode", "model=[" + model + "] direction=encode input=moons outliers=10 output=[moons encoded] x=u y=v");
		final Window pair = WindowManager.getWindow("data to latent of moons (moons.json)");
		pair.setLocation(30, 60);
		pair.toFront();
		Thread.sleep(800);
		capture(robot, out.resolve("fiji-data-latent.png"), pair);

		final ImagePlus density = WindowManager.getImage("moons density");
		final RoiManager rm = RoiManager.getInstance();
		IJ.selectWindow("moons density");
		rm.runCommand(density, "Show All with labels");
		density.getWindow().setLocation(30, 60);
		pair.setLocation(600, 500); // out of the way
		rm.setBounds(density.getWindow().getX() + density.getWindow().getWidth() + 4, 60, 300, density.getWindow().getHeight());
		rm.validate();
		density.getWindow().toFront();
		rm.toFront();
		Thread.sleep(800);
		final Rectangle both = density.getWindow().getBounds().union(rm.getBounds());
		capture(robot, out.resolve("fiji-density-outliers.png"), both);

		// Particle Demo: cells outlined, the outliers on their own outlines, the figure beside
		IJ.run("Close All");
		rm.reset();
		IJ.run("Particle Demo", "cells=120 outliers=5 folder=[" + work.resolve("particles") + "]");
		final ImagePlus cells = WindowManager.getImage("cells");
		cells.getWindow().setLocation(10, 110);
		FigureWindow.placeBeside("outliers stay outliers of Results (cells.json)", "cells");
		final Window figure = FigureWindow.find("outliers stay outliers of Results (cells.json)");
		// the ROI Manager right of the figure (the tour's screen is wide enough), the first
		// outlier selected as a user would click it
		rm.setBounds(figure.getX() + figure.getWidth() + 4, cells.getWindow().getY(), 300, cells.getWindow().getHeight());
		rm.validate();
		for (int i = 0; i < rm.getCount(); i++) {
			if (rm.getName(i).startsWith("outlier 1 ")) rm.selectAndMakeVisible(cells, i);
		}
		cells.getWindow().toFront();
		figure.toFront();
		rm.toFront();
		Thread.sleep(800);
		capture(robot, out.resolve("fiji-particles.png"), cells.getWindow().getBounds().union(figure.getBounds()).union(rm.getBounds()));
		System.out.println("screenshots in " + out.toAbsolutePath());
		System.exit(0);
	}

	private static void place(final String title, final int x, final int y) {
		final Window w = WindowManager.getWindow(title);
		if (w != null) w.setLocation(x, y);
	}

	private static void capture(final Robot robot, final Path file, final Window w) throws Exception {
		w.toFront();
		Thread.sleep(300);
		capture(robot, file, w.getBounds());
	}

	private static void capture(final Robot robot, final Path file, final Rectangle r) throws Exception {
		final BufferedImage image = robot.createScreenCapture(r);
		ImageIO.write(image, "png", new File(file.toString()));
		System.out.println("wrote " + file);
	}
}
