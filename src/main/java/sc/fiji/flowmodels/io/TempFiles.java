package sc.fiji.flowmodels.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The temporary files of running work (the {@code .part} files of {@link AtomicFile}, the
 * spill file of a streaming encode, copies of piped inputs): each is deleted by its owner
 * when the work ends, and those still here when Java exits are deleted then, also when the
 * exit comes from TERM, INT (Ctrl-C) or HUP, by a shutdown hook. Only {@code kill -9} of Java
 * itself leaves them (nothing runs then).
 * <p>
 * Once Java is exiting, {@link AtomicFile} renames nothing over a target any more: work cut
 * short by a signal leaves every target as it was.
 */
public final class TempFiles {

	private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();
	private static volatile boolean exiting;

	static {
		try {
			Runtime.getRuntime().addShutdownHook(new Thread(TempFiles::exit, "flow-models temporary files"));
		}
		catch (final IllegalStateException e) {
			exiting = true; // Java is already exiting
		}
	}

	private TempFiles() {}

	/** A new file in the system's temporary folder, deleted at exit if its owner does not. */
	public static Path create(final String prefix, final String suffix) throws IOException {
		final Path p = Files.createTempFile(prefix, suffix);
		register(p);
		return p;
	}

	/**
	 * Opens a temporary file made by {@link #create} for writing, without creating it again:
	 * once the exit hook has removed it, work that is still running fails instead of leaving
	 * a new copy behind.
	 */
	public static OutputStream output(final Path p) throws IOException {
		return Files.newOutputStream(p, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
	}

	/** Deletes a temporary file (if it is still there) and forgets it. */
	public static void delete(final Path p) {
		if (p == null) return;
		try {
			Files.deleteIfExists(p);
		}
		catch (final IOException e) {
			// left for the system's clean-up of its temporary folder; nothing the user owns
		}
		LIVE.remove(p);
	}

	/** Whether Java is exiting: work must not replace anything any more. */
	public static boolean exiting() {
		return exiting;
	}

	/**
	 * Deletes a new temporary file at exit unless {@link #delete} or {@link #kept} comes first;
	 * if Java is exiting already, deletes it now and refuses.
	 */
	static void register(final Path p) throws IOException {
		LIVE.add(p);
		// the exit hook sets the flag before it deletes: a file added after it looked is found here
		if (exiting) {
			delete(p);
			throw new IOException("Java is exiting");
		}
	}

	/** The file became a user's file (renamed over its target): it is no longer deleted at exit. */
	static void kept(final Path p) {
		LIVE.remove(p);
	}

	private static void exit() {
		exiting = true;
		for (final Path p : LIVE) delete(p);
	}
}
