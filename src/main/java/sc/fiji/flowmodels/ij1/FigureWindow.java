package sc.fiji.flowmodels.ij1;

import java.awt.BorderLayout;
import java.awt.Button;
import java.awt.EventQueue;
import java.awt.FlowLayout;
import java.awt.Label;
import java.awt.Panel;
import java.awt.Point;
import java.awt.event.KeyAdapter;
import java.awt.event.KeyEvent;
import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.atomic.AtomicReference;

import javax.swing.JComponent;

import ij.WindowManager;
import ij.gui.GUI;
import ij.plugin.frame.PlugInFrame;

import sc.fiji.flowmodels.plot.Figure;

/**
 * A figure in an ImageJ window: listed in the Window menu, closed by "Close All", found by
 * {@code selectWindow(title)}. The figure's panel has JFreeChart's tooltips, zoom and "Save as"
 * menu (right click). A live training curve also gets a "Stop training" button (Esc in the
 * window does the same).
 */
public final class FigureWindow extends PlugInFrame {

	private static final long serialVersionUID = 1L;

	/** Windows opened so far, to cascade new ones. */
	private static int opened;

	private final transient Figure figure;

	private FigureWindow(final String title, final Figure figure, final Runnable stop) {
		super(title);
		this.figure = figure;
		setLayout(new BorderLayout());
		final JComponent panel = figure.createPanel();
		add(panel, BorderLayout.CENTER);
		if (stop != null) {
			final Panel south = new Panel(new FlowLayout(FlowLayout.RIGHT, 8, 4));
			south.add(new Label("Training stops early and keeps the best weights"));
			final Button button = new Button("Stop training");
			button.addActionListener(e -> {
				button.setEnabled(false);
				button.setLabel("Stopping...");
				stop.run();
			});
			south.add(button);
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
		pack();
		GUI.centerOnImageJScreen(this);
		final int k = opened++ % 8;
		final Point p = getLocation();
		setLocation(p.x + 24 * k - 84, p.y + 24 * k - 84);
		WindowManager.addWindow(this);
	}

	/** The figure shown. */
	public Figure figure() {
		return figure;
	}

	/**
	 * Opens a window for {@code figure}, building its panel on the event thread.
	 *
	 * @param stop what the "Stop training" button does, or null for no button
	 */
	public static FigureWindow open(final String title, final Figure figure, final Runnable stop) {
		final AtomicReference<FigureWindow> window = new AtomicReference<>();
		final Runnable create = () -> {
			final FigureWindow w = new FigureWindow(title, figure, stop);
			w.setVisible(true);
			window.set(w);
		};
		if (EventQueue.isDispatchThread()) create.run();
		else {
			try {
				EventQueue.invokeAndWait(create);
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
		return window.get();
	}
}
