package sc.fiji.flowmodels.cli;

import java.lang.reflect.Method;
import java.util.Optional;

/**
 * Ends Java when the {@code ./flow} launcher that started it is gone. On Java 16+ the
 * launcher runs Java as a child (to filter the JVM's notice about incubator modules) and
 * forwards INT, TERM and HUP to it; but {@code kill -9} of the launcher (what
 * {@code timeout -s KILL} and batch schedulers send) cannot be forwarded, and Java went on
 * alone: a training wrote its model seconds after the caller had seen exit status 137.
 * <p>
 * The launcher passes its process id as {@code -Dflow.launcher}; a daemon thread checks every
 * {@value #PERIOD_MS} ms that it is still Java's parent (a dead parent's children are given to
 * another process at once) and otherwise exits, which runs the shutdown hooks: temporary
 * files are removed and no output is renamed over its target any more
 * ({@link sc.fiji.flowmodels.io.TempFiles}).
 */
final class LauncherWatch {

	static final String PROPERTY = "flow.launcher";
	static final int PERIOD_MS = 100;
	/** The exit status after the launcher was killed (as if by TERM; nobody waits for it). */
	static final int STATUS = 143;

	private LauncherWatch() {}

	/** Starts watching when the launcher asked for it and is Java's parent. */
	static void start() {
		final String value = System.getProperty(PROPERTY);
		if (value == null) return;
		final long launcher;
		try {
			launcher = Long.parseLong(value.trim());
		}
		catch (final NumberFormatException e) {
			return;
		}
		if (parent() != launcher) return; // started some other way (exec): nothing to watch
		final Thread watch = new Thread(() -> {
			while (parent() == launcher) {
				try {
					Thread.sleep(PERIOD_MS);
				}
				catch (final InterruptedException e) {
					return;
				}
			}
			System.exit(STATUS);
		}, "flow-models launcher watch");
		watch.setDaemon(true);
		watch.start();
	}

	/**
	 * The id of Java's parent process, or −1 when it cannot be known (Java 8 has no
	 * ProcessHandle; the launcher starts Java as a child only on Java 16 and later).
	 */
	static long parent() {
		try {
			final Class<?> handle = Class.forName("java.lang.ProcessHandle");
			final Object current = handle.getMethod("current").invoke(null);
			final Optional<?> parent = (Optional<?>) handle.getMethod("parent").invoke(current);
			if (!parent.isPresent()) return -1;
			final Method pid = handle.getMethod("pid");
			return (Long) pid.invoke(parent.get());
		}
		catch (final ReflectiveOperationException | RuntimeException e) {
			return -1;
		}
	}
}
