package sc.fiji.flowmodels.commands;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Supplier;

/**
 * The host a command uses when its front end did not set one (Fiji's menus and scripts run the
 * commands through SciJava, which knows no host): an installed factory if any; else the first
 * registered {@link HostProvider} that is active (the ImageJ one when ImageJ 1.x is in use: its
 * window is open, a macro runs, or Fiji's legacy layer is loaded, headless included); else CSV
 * files like the command line, which sets its own host.
 */
public final class Hosts {

	private static volatile Supplier<Host> factory;

	/** The registered front ends, looked up once with this jar's class loader. */
	private static final List<HostProvider> PROVIDERS = new ArrayList<>();
	static {
		for (final HostProvider p : ServiceLoader.load(HostProvider.class, HostProvider.class.getClassLoader())) PROVIDERS.add(p);
	}

	private Hosts() {}

	/** Makes {@code f} supply the host of commands that have none. */
	public static void install(final Supplier<Host> f) {
		factory = f;
	}

	public static Host current() {
		final Supplier<Host> f = factory;
		if (f != null) return f.get();
		for (final HostProvider p : PROVIDERS) {
			if (p.isActive()) return p.create();
		}
		return new FileHost();
	}
}
