package sc.fiji.flowmodels.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

import sc.fiji.flowmodels.InputException;

/**
 * Where a file output may go, decided in one place for every output (CSV, model, TIFF, PNG)
 * of every host. The path is followed through its symbolic links (the link stays, what it
 * points to is written), then:
 * <ul>
 * <li>a regular file or a new name in an existing, writable folder is <b>replaced</b>
 * atomically ({@link AtomicFile}): a temporary file beside it, renamed over it when
 * complete;</li>
 * <li>a character device ({@code /dev/null}, a terminal), a FIFO (named pipe), or the
 * process's own streams ({@code /dev/stdout}, {@code /dev/fd/N}, {@code /proc/self/fd/N}) are
 * <b>written through</b>, as a shell's {@code >} would: replacing them would turn a device
 * into a file or cut a pipe. A stream that leads to a regular file (standard output
 * redirected to a file) is appended to, so the shell's file keeps what was written before;</li>
 * <li>anything else is refused: a folder, a block device (a disk), a socket, a read-only file, a folder Java cannot write in.</li>
 * </ul>
 * The separate rule that an output must not be a file the same command reads lives with the
 * commands ({@link #sameFile}).
 */
public final class WriteTarget {

	/** A target that cannot be written; the message says why, without the path. */
	public static final class Refused extends IOException {

		private static final long serialVersionUID = 1L;

		Refused(final String why) {
			super(why);
		}
	}

	/** Symbolic links followed at most, as the system does (ELOOP). */
	private static final int MAX_LINKS = 40;

	private final Path path;
	private final boolean through;

	private WriteTarget(final Path path, final boolean through) {
		this.path = path;
		this.through = through;
	}

	/** The file that is written: the target with its symbolic links followed, absolute. */
	public Path path() {
		return path;
	}

	/** Whether the content is written through to a device, a pipe or a stream, not replaced. */
	public boolean writesThrough() {
		return through;
	}

	/**
	 * Resolves a target and decides how it is written.
	 *
	 * @throws Refused when nothing may be written there
	 */
	public static WriteTarget of(final Path target) throws Refused {
		Path p = target.toAbsolutePath();
		for (int links = 0; Files.isSymbolicLink(p); links++) {
			// the process's own streams are not files: write to what the link leads to
			if (isProcessStream(p)) return new WriteTarget(target.toAbsolutePath(), true);
			if (links == MAX_LINKS) throw new Refused("has too many levels of symbolic links");
			final Path link;
			try {
				link = Files.readSymbolicLink(p);
			}
			catch (final IOException e) {
				throw new Refused("cannot read the symbolic link " + p + " (" + IoMessages.describe(e) + ")");
			}
			p = p.resolveSibling(link);
		}
		if (isProcessStream(p)) return new WriteTarget(p, true);
		final BasicFileAttributes a;
		try {
			a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
		}
		catch (final NoSuchFileException e) {
			final Path folder = p.getParent();
			if (folder != null && !Files.isDirectory(folder)) throw new Refused("cannot write the file, the folder " + folder + " does not exist");
			return new WriteTarget(p, false);
		}
		catch (final IOException e) {
			throw new Refused("cannot look at it (" + IoMessages.describe(e) + ")");
		}
		if (a.isDirectory()) throw new Refused("is a folder, not a file");
		if (a.isRegularFile()) {
			if (!Files.isWritable(p)) throw new Refused("is read-only; it is not replaced (make it writable or choose another name)");
			return new WriteTarget(p, false);
		}
		final String kind = kind(p);
		if (kind != null) throw new Refused("is " + kind + ", not a file");
		if (!Files.isWritable(p)) throw new Refused("cannot be written (permission denied)");
		return new WriteTarget(p, true);
	}

	/**
	 * Checks, before any work, that a file can be written at {@code target}; for a file that
	 * is replaced, by creating and removing a temporary file in its folder (the only test
	 * that also holds for root, read-only file systems and network folders).
	 *
	 * @return the target as {@link #of} resolves it
	 * @throws InputException naming the target when nothing may be written there
	 */
	public static WriteTarget check(final Path target) {
		try {
			final WriteTarget t = of(target);
			if (!t.through) AtomicFile.probe(t.path);
			return t;
		}
		catch (final Refused e) {
			throw new InputException(target + ": " + e.getMessage());
		}
		catch (final AccessDeniedException e) {
			throw new InputException(target + ": cannot write in the folder " + target.toAbsolutePath().getParent() + " (permission denied)");
		}
		catch (final IOException e) {
			throw new InputException(target + ": cannot write in the folder " + target.toAbsolutePath().getParent() + " (" + IoMessages.describe(e) + ")");
		}
	}

	/** Writes the content through to the device, pipe or stream; nothing is renamed. */
	void writeThrough(final AtomicFile.Content content) throws IOException {
		// APPEND: a stream redirected to a file (>> log) keeps what is already there
		try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path, StandardOpenOption.WRITE, StandardOpenOption.APPEND), 1 << 16)) {
			content.writeTo(out);
		}
	}

	/**
	 * Whether two paths name the same file (through symbolic and hard links); false when
	 * either does not exist.
	 */
	public static boolean sameFile(final Path a, final Path b) {
		try {
			return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
		}
		catch (final IOException | SecurityException e) {
			return false;
		}
	}

	/**
	 * {@code /dev/stdout}, {@code /dev/fd/1}, {@code /proc/self/fd/1}: links to the process's
	 * open files, whose targets are not paths (a pipe shows as {@code pipe:[1234]}).
	 */
	private static boolean isProcessStream(final Path p) {
		final String s = p.toString();
		return s.startsWith("/proc/") && s.contains("/fd/") || s.startsWith("/dev/fd/") || s.equals("/dev/stdout") || s.equals("/dev/stderr");
	}

	/**
	 * What a special file is, when it must not be written: "a block device (a disk)" or "a
	 * socket"; null for character devices and FIFOs, and where the system does not say.
	 */
	private static String kind(final Path p) {
		final int mode;
		try {
			mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
		}
		catch (final IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
			return null; // no POSIX modes (Windows): devices such as NUL are written through
		}
		switch (mode & 0170000) {
			case 0060000:
				return "a block device (a disk)";
			case 0140000:
				return "a socket";
			case 0020000:
			case 0010000:
				return null;
			default:
				return "a special file";
		}
	}
}
