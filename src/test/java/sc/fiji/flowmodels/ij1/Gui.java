package sc.fiji.flowmodels.ij1;

import java.awt.Button;
import java.awt.Component;
import java.awt.Container;
import java.awt.Dialog;
import java.awt.Window;

import ij.IJ;
import ij.gui.GenericDialog;
import ij.gui.MultiLineLabel;

/** What the ImageJ tests do as a user would: run things off the event thread, find dialogs and buttons. */
final class Gui {

	private Gui() {}

	/**
	 * Runs {@code work} in its own thread; a modal dialog left open (an unexpected error)
	 * fails the test with the dialog's text instead of hanging it.
	 */
	static void inThread(final String name, final Runnable work) throws InterruptedException {
		final Thread t = new Thread(work, name);
		t.start();
		t.join(90_000);
		if (!t.isAlive()) return;
		final StringBuilder texts = new StringBuilder();
		for (final Window w : Window.getWindows()) {
			if (w instanceof Dialog && w.isShowing()) {
				texts.append(((Dialog) w).getTitle()).append(": ").append(text(w)).append('\n');
				w.dispose();
			}
		}
		t.join(10_000);
		throw new AssertionError(name + " did not finish; open dialogs:\n" + texts);
	}

	static void runMacro(final String macro) throws InterruptedException {
		inThread("test_Macro$", () -> IJ.runMacro(macro));
	}

	/** The labels' text in a container, for messages. */
	static String text(final Container c) {
		final StringBuilder b = new StringBuilder();
		for (final Component k : c.getComponents()) {
			if (k instanceof java.awt.Label) b.append(((java.awt.Label) k).getText()).append(' ');
			else if (k instanceof MultiLineLabel) b.append(lines((MultiLineLabel) k)).append(' ');
			else if (k instanceof Container) b.append(text((Container) k));
		}
		return b.toString();
	}

	/** A MultiLineLabel's lines, joined by spaces (it has no getter for them). */
	private static String lines(final MultiLineLabel label) {
		try {
			final java.lang.reflect.Field f = MultiLineLabel.class.getDeclaredField("lines");
			f.setAccessible(true);
			return String.join(" ", (String[]) f.get(label));
		}
		catch (final ReflectiveOperationException e) {
			throw new IllegalStateException(e);
		}
	}

	static Button button(final Container c, final String label) {
		for (final Component k : c.getComponents()) {
			if (k instanceof Button && label.equals(((Button) k).getLabel())) return (Button) k;
			if (k instanceof Container) {
				final Button b = button((Container) k, label);
				if (b != null) return b;
			}
		}
		return null;
	}

	/** The generic dialog titled {@code title} once it shows (20 s at most). */
	static GenericDialog waitForDialog(final String title) throws InterruptedException {
		final long end = System.currentTimeMillis() + 20_000;
		while (System.currentTimeMillis() < end) {
			final GenericDialog gd = GenericDialog.getInstance();
			if (gd != null && gd.isShowing() && title.equals(gd.getTitle())) return settled(gd);
			Thread.sleep(20);
		}
		throw new AssertionError("no dialog '" + title + "'; windows: " + windows());
	}

	/** Any dialog titled {@code title} once it shows (20 s at most). */
	static Dialog waitForAnyDialog(final String title) throws InterruptedException {
		final long end = System.currentTimeMillis() + 20_000;
		while (System.currentTimeMillis() < end) {
			for (final Window w : Window.getWindows()) {
				if (w instanceof Dialog && w.isShowing() && title.equals(((Dialog) w).getTitle())) return settled((Dialog) w);
			}
			Thread.sleep(20);
		}
		throw new AssertionError("no dialog '" + title + "'; windows: " + windows());
	}

	/**
	 * The dialog once it is active (3 s at most) and the events before it are handled. A modal
	 * dialog answered as soon as it shows, before its show() has finished, was shown again by
	 * that show() and blocked the command for good (seen under load in DialogTest and
	 * ImageJMenuTest); no user can click that early.
	 */
	static <D extends Dialog> D settled(final D d) throws InterruptedException {
		final long end = System.currentTimeMillis() + 3_000;
		while (!d.isActive() && System.currentTimeMillis() < end) Thread.sleep(20);
		try {
			java.awt.EventQueue.invokeAndWait(() -> {});
		}
		catch (final java.lang.reflect.InvocationTargetException e) {
			throw new IllegalStateException(e);
		}
		return d;
	}

	/** The titles or names of the windows showing, for failure messages. */
	static String showing() {
		return windows();
	}

	private static String windows() {
		final StringBuilder b = new StringBuilder();
		for (final Window w : Window.getWindows()) {
			if (w.isShowing()) b.append(w instanceof Dialog ? ((Dialog) w).getTitle() : w.getName()).append("; ");
		}
		return b.toString();
	}

	/** A new, empty Recorder (another test class may have left one with its lines). */
	static void freshRecorder() throws Exception {
		closeRecorder();
		java.awt.EventQueue.invokeAndWait(() -> new ij.plugin.frame.Recorder(false));
	}

	static void closeRecorder() throws Exception {
		final ij.plugin.frame.Recorder r = ij.plugin.frame.Recorder.getInstance();
		if (r != null) java.awt.EventQueue.invokeAndWait(r::close);
	}

	static int count(final String text, final String part) {
		int n = 0;
		for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) n++;
		return n;
	}
}
