package sc.fiji.flowmodels.ij1;

import java.awt.BorderLayout;
import java.awt.Button;
import java.awt.Dimension;
import java.awt.EventQueue;
import java.awt.Frame;
import java.awt.Label;
import java.awt.Panel;
import java.awt.Rectangle;
import java.awt.event.KeyAdapter;
import java.awt.event.KeyEvent;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import javax.swing.JComponent;

import ij.Executer;
import ij.IJ;
import ij.ImageJ;
import ij.WindowManager;
import ij.gui.GUI;
import ij.plugin.frame.PlugInFrame;

import sc.fiji.flowmodels.plot.Figure;

/**
 * A figure in an ImageJ window: listed in the Window menu, closed by File › Close All, found by
 * {@code selectWindow(title)}. The figure's panel has JFreeChart's tooltips, zoom and "Save as"
 * menu (right click). A live training curve also gets a "Stop training" button (Esc in the
 * window does the same), which says "Done" and how training ended once it has.
 * <p>
 * One window per title: showing a figure under the title of an open window puts it into that
 * window (same place, same size), so running a command again on the same model and table does
 * not pile up windows. New windows open fully on the screen, beside the ImageJ bar rather than
 * over it, cascading.
 */
public final class FigureWindow extends PlugInFrame {

	private static final long serialVersionUID = 1L;

	/** Offset between cascading windows, in pixels. */
	private static final int CASCADE = 24;
	/** Gap kept between a new window and the ImageJ bar or the screen edge. */
	private static final int GAP = 4;

	/** Windows opened so far, to cascade new ones. */
	private static int opened;
	private static boolean closeAllHooked;

	private transient Figure figure;
	private Label status;
	private Button stopButton;

	private FigureWindow(final String title) {
		super(title);
		setLayout(new BorderLayout());
	}

	/** The figure shown. */
	public Figure figure() {
		return figure;
	}

	/**
	 * Shows {@code figure} in the window titled {@code title}: the open one, or a new one placed
	 * on screen. Builds the panel on the event thread.
	 *
	 * @param stop what the "Stop training" button does, or null for no button
	 */
	public static FigureWindow show(final String title, final Figure figure, final Runnable stop) {
		final AtomicReference<FigureWindow> window = new AtomicReference<>();
		onEventThread(() -> {
			hookCloseAll();
			FigureWindow w = find(title);
			if (w != null) {
				w.setContent(figure, stop);
				w.toFront();
			}
			else {
				w = new FigureWindow(title);
				w.setContent(figure, stop);
				w.pack();
				w.setBounds(place(w.getSize(), usableArea(), opened++));
				WindowManager.addWindow(w);
				w.setVisible(true);
			}
			window.set(w);
		});
		return window.get();
	}

	/** The open figure window with this title, or null. */
	static FigureWindow find(final String title) {
		for (final FigureWindow w : all()) {
			if (w.getTitle().equals(title)) return w;
		}
		return null;
	}

	/** The open figure windows. */
	static List<FigureWindow> all() {
		final List<FigureWindow> list = new ArrayList<>();
		for (final Frame f : Frame.getFrames()) {
			if (f instanceof FigureWindow && f.isDisplayable()) list.add((FigureWindow) f);
		}
		return list;
	}

	/** Replaces what the window shows, keeping its place and size. On the EDT. */
	private void setContent(final Figure f, final Runnable stop) {
		figure = f;
		removeAll();
		stopButton = null;
		status = null;
		final JComponent panel = f.createPanel();
		add(panel, BorderLayout.CENTER);
		if (stop != null) {
			final Panel south = new Panel(new BorderLayout(8, 0));
			status = new Label("Stop: training ends now and keeps the best weights so far");
			final Button button = new Button("Stop training");
			button.addActionListener(e -> {
				button.setEnabled(false);
				button.setLabel("Stopping...");
				stop.run();
			});
			stopButton = button;
			south.add(status, BorderLayout.CENTER);
			south.add(button, BorderLayout.EAST);
			add(south, BorderLayout.SOUTH);
			final KeyAdapter esc = new KeyAdapter() {

				@Override
				public void keyPressed(final KeyEvent e) {
					if (e.getKeyCode() == KeyEvent.VK_ESCAPE) stop.run();
				}
			};
			addKeyListener(esc);
			panel.addKeyListener(esc);
			button.addKeyListener(esc);
		}
		validate();
		repaint();
	}

	/**
	 * Training has ended: the Stop button becomes a disabled "Done" and the line beside it says
	 * how training ended (shown as is, e.g. "completed 40 epochs; kept the weights of epoch 27").
	 */
	public void ended(final String how) {
		onEventThread(() -> {
			if (stopButton == null) return;
			stopButton.setEnabled(false);
			stopButton.setLabel("Done");
			status.setText("Training ended: " + how);
			validate();
		});
	}

	/** Training has ended: the window shows the finished figure {@code f}, and {@link #ended} {@code how}. */
	public void finish(final Figure f, final String how) {
		onEventThread(() -> {
			final BorderLayout layout = (BorderLayout) getLayout();
			final java.awt.Component old = layout.getLayoutComponent(BorderLayout.CENTER);
			if (old != null) remove(old);
			figure = f;
			add(f.createPanel(), BorderLayout.CENTER);
			validate();
			repaint();
		});
		ended(how == null ? "" : how);
	}

	/** Whether the window still offers to stop training. */
	boolean isStoppable() {
		return stopButton != null && stopButton.isEnabled();
	}

	/** The label of the stop button, or null without one (for tests). */
	String stopLabel() {
		return stopButton == null ? null : stopButton.getLabel();
	}

	/** The line beside the stop button, or null without one (for tests). */
	String statusText() {
		return status == null ? null : status.getText();
	}

	// -- placement ----------------------------------------------------------------------------

	/**
	 * The part of the screen (without task bars) where figures go: the largest free band above,
	 * below, left or right of the ImageJ bar, or the whole screen when the bar is not shown.
	 */
	static Rectangle usableArea() {
		final ImageJ ij = IJ.getInstance();
		final boolean bar = ij != null && ij.isShowing();
		return usableArea(GUI.getMaxWindowBounds(bar ? ij : null), bar ? ij.getBounds() : null);
	}

	static Rectangle usableArea(final Rectangle screen, final Rectangle bar) {
		if (bar == null || !bar.intersects(screen)) return screen;
		final Rectangle b = bar.intersection(screen);
		final Rectangle[] bands = {
			new Rectangle(screen.x, b.y + b.height + GAP, screen.width, screen.y + screen.height - b.y - b.height - GAP),
			new Rectangle(screen.x, screen.y, screen.width, b.y - screen.y - GAP),
			new Rectangle(b.x + b.width + GAP, screen.y, screen.x + screen.width - b.x - b.width - GAP, screen.height),
			new Rectangle(screen.x, screen.y, b.x - screen.x - GAP, screen.height) };
		Rectangle best = bands[0];
		for (final Rectangle r : bands) {
			if (area(r) > area(best)) best = r;
		}
		return area(best) > 0 ? best : screen;
	}

	private static long area(final Rectangle r) {
		return r.width <= 0 || r.height <= 0 ? 0 : (long) r.width * r.height;
	}

	/**
	 * Bounds for the {@code k}-th window of {@code size}: inside {@code area} (smaller than asked
	 * when the area is smaller; the chart scales), from its top left corner, cascading by
	 * {@value #CASCADE} pixels while there is room.
	 */
	static Rectangle place(final Dimension size, final Rectangle area, final int k) {
		final int w = Math.min(size.width, area.width), h = Math.min(size.height, area.height);
		final int slackX = area.width - w, slackY = area.height - h;
		final int steps = Math.max(1, Math.min(8, Math.min(slackX, slackY) / CASCADE + 1));
		final int step = CASCADE * (k % steps);
		return new Rectangle(area.x + Math.min(step, slackX), area.y + Math.min(step, slackY), w, h);
	}

	/**
	 * Puts the figure window {@code figure} beside the image window {@code image}: to its right,
	 * else below it, else to its left, inside the screen and off the ImageJ bar. For macros:
	 * {@code call("sc.fiji.flowmodels.ij1.FigureWindow.placeBeside", figure, image)}.
	 *
	 * @return "" when placed, else what is missing
	 */
	public static String placeBeside(final String figure, final String image) {
		final FigureWindow w = find(figure);
		final ij.ImagePlus imp = ij.WindowManager.getImage(image);
		if (w == null || imp == null || imp.getWindow() == null) return "no figure window '" + figure + "' or image window '" + image + "'";
		onEventThread(() -> w.setBounds(beside(w.getSize(), imp.getWindow().getBounds(), usableArea())));
		return "";
	}

	/** The smallest a figure is made to fit beside an image; below that it overlaps the image. */
	private static final Dimension SMALLEST = new Dimension(360, 270);

	/**
	 * Bounds for a window of {@code size} next to {@code other} within {@code area}: in the
	 * largest free band to its right, below, left or above, made smaller (same shape) when the
	 * band is smaller, but not below {@link #SMALLEST}; over it, from the area's corner, when no
	 * band is that large.
	 */
	static Rectangle beside(final Dimension size, final Rectangle other, final Rectangle area) {
		final int right = other.x + other.width, below = other.y + other.height;
		final Rectangle[] bands = {
			new Rectangle(right, area.y, area.x + area.width - right, area.height),
			new Rectangle(area.x, below, area.width, area.y + area.height - below),
			new Rectangle(area.x, area.y, other.x - area.x, area.height),
			new Rectangle(area.x, area.y, area.width, other.y - area.y) };
		int best = -1;
		double bestScale = 0;
		for (int i = 0; i < bands.length; i++) {
			final double scale = Math.min(1, Math.min((double) bands[i].width / size.width, (double) bands[i].height / size.height));
			if (scale > bestScale) {
				bestScale = scale;
				best = i;
			}
		}
		final int w = (int) (size.width * bestScale), h = (int) (size.height * bestScale);
		if (best < 0 || w < SMALLEST.width || h < SMALLEST.height) return place(size, area, 0);
		final Rectangle band = bands[best];
		// beside the image: level with it where the band allows, against it
		final int levelY = Math.max(band.y, Math.min(other.y, band.y + band.height - h));
		final int levelX = Math.max(band.x, Math.min(other.x, band.x + band.width - w));
		switch (best) {
			case 0:
				return new Rectangle(band.x, levelY, w, h);
			case 1:
				return new Rectangle(levelX, band.y, w, h);
			case 2:
				return new Rectangle(band.x + band.width - w, levelY, w, h);
			default:
				return new Rectangle(levelX, band.y + band.height - h, w, h);
		}
	}

	// -- Close All -----------------------------------------------------------------------------

	/**
	 * File › Close All closes the images; a command listener makes it close the figure windows
	 * too (as a user expects of every window a command opened).
	 */
	private static synchronized void hookCloseAll() {
		if (closeAllHooked) return;
		closeAllHooked = true;
		Executer.addCommandListener(command -> {
			if ("Close All".equals(command)) closeAll();
			return command;
		});
	}

	/** Closes every figure window. */
	static void closeAll() {
		onEventThread(() -> {
			for (final FigureWindow w : all()) w.close();
		});
	}

	/** Runs {@code r} on the event dispatch thread and waits for it (at once when called there). */
	static void onEventThread(final Runnable r) {
		if (EventQueue.isDispatchThread()) {
			r.run();
			return;
		}
		try {
			EventQueue.invokeAndWait(r);
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		catch (final InvocationTargetException e) {
			final Throwable cause = e.getCause();
			if (cause instanceof RuntimeException) throw (RuntimeException) cause;
			if (cause instanceof Error) throw (Error) cause;
			throw new IllegalStateException(cause);
		}
	}
}
