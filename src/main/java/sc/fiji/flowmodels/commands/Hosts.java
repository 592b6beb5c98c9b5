package sc.fiji.flowmodels.commands;

import java.util.function.Supplier;

/**
 * The host a command uses when its front end did not set one. ImageJ's plugin entry points
 * install theirs; without any, commands work on CSV files like the command line.
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
		return f != null ? f.get() : new FileHost();
	}
}
