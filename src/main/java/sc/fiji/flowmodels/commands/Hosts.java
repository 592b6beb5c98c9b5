package sc.fiji.flowmodels.commands;

import java.util.function.Supplier;

import sc.fiji.flowmodels.ij1.ImageJHost;

/**
 * The host a command uses when its front end did not set one (Fiji's menus and scripts run the
 * commands through SciJava, which knows no host): an installed factory if any; else the ImageJ
 * host when ImageJ 1.x is in use (its window is open, a macro runs, or Fiji's legacy layer is
 * loaded, headless included); else CSV files like the command line, which sets its own host.
 */
public final class Hosts {

	private static volatile Supplier<Host> factory;

	private Hosts() {}

	/** Makes {@code f} supply the host of commands that have none. */
	public static void install(final Supplier<Host> f) {
		factory = f;
	}

	public static Host current() {
		final Supplier<Host> f = factory;
		if (f != null) return f.get();
		return ImageJHost.isActive() ? new ImageJHost() : new FileHost();
	}
}
