package sc.fiji.flowmodels.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes a file so that readers see either the old content or the complete new content,
 * never a half-written file: the content goes to a temporary file in the same folder, which
 * replaces the target only after it has been written and closed without error. When anything
 * fails (an exception, a cancel, Java exiting on a signal), the temporary file is removed and
 * the target is untouched.
 * <p>
 * What may be written where is decided by {@link WriteTarget}: symbolic links are followed,
 * devices, pipes and the process's own streams are written through (there is nothing to
 * replace atomically), folders, disks and read-only files are refused.
 */
public final class AtomicFile {

	/** Writes the content of a file. */
	public interface Content {

		void writeTo(OutputStream out) throws IOException;
	}

	private static final SecureRandom RANDOM = new SecureRandom();

	private AtomicFile() {}

	public static void write(final Path target, final Content content) throws IOException {
		writeAll(Arrays.asList(target), Arrays.asList(content));
	}

	/**
	 * Writes several files as one: every content goes to its temporary file first, and only
	 * when all are complete are they renamed over their targets, so that a failure (a full
	 * disk, say) leaves all targets as they were, not a new one beside an old one.
	 */
	public static void writeAll(final List<Path> targets, final List<Content> contents) throws IOException {
		if (targets.size() != contents.size()) throw new IllegalArgumentException(targets.size() + " targets for " + contents.size() + " contents");
		final List<WriteTarget> resolved = new ArrayList<>();
		for (final Path t : targets) resolved.add(WriteTarget.of(t));
		final List<Path> parts = new ArrayList<>();
		boolean done = false;
		try {
			for (int i = 0; i < resolved.size(); i++) {
				final WriteTarget t = resolved.get(i);
				if (t.writesThrough()) {
					parts.add(null);
					continue;
				}
				final Path part = newPart(t.path());
				parts.add(part);
				try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(part, StandardOpenOption.WRITE), 1 << 16)) {
					contents.get(i).writeTo(out);
				}
			}
			// devices and pipes next: they cannot be undone, but a failure among them still
			// leaves every replaced target as it was
			for (int i = 0; i < resolved.size(); i++) {
				if (resolved.get(i).writesThrough()) resolved.get(i).writeThrough(contents.get(i));
			}
			// a signal (TERM, Ctrl-C) during the work: the targets stay as they were
			if (TempFiles.exiting()) throw new IOException("Java is exiting; nothing was replaced");
			for (int i = 0; i < resolved.size(); i++) {
				if (!resolved.get(i).writesThrough()) replace(parts.get(i), resolved.get(i).path());
			}
			done = true;
		}
		finally {
			for (final Path part : parts) {
				if (part == null) continue;
				if (done) TempFiles.kept(part);
				else TempFiles.delete(part);
			}
		}
	}

	/**
	 * Creates and removes a temporary file beside {@code target}, as {@link #write} would:
	 * proves, before any work, that the folder takes new files.
	 */
	static void probe(final Path target) throws IOException {
		TempFiles.delete(newPart(target));
	}

	/** A new, empty temporary file beside the target, registered for deletion at exit. */
	private static Path newPart(final Path target) throws IOException {
		final Path dir = target.getParent();
		if (dir != null && !Files.isDirectory(dir)) throw new IOException("folder does not exist: " + dir);
		// not Files.createTempFile: its owner-only permissions would survive the rename
		while (true) {
			final Path part = target.resolveSibling("." + target.getFileName() + "." + Long.toHexString(RANDOM.nextLong() >>> 1) + ".part");
			try {
				Files.newOutputStream(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
				TempFiles.register(part);
				return part;
			}
			catch (final FileAlreadyExistsException e) {
				// another writer's temporary file: pick another name
			}
		}
	}

	/** Renames a complete temporary file over its target, keeping the target's permissions. */
	private static void replace(final Path part, final Path target) throws IOException {
		if (Files.exists(target)) {
			try {
				Files.setPosixFilePermissions(part, Files.getPosixFilePermissions(target));
			}
			catch (final UnsupportedOperationException | IOException e) {
				// not a POSIX file system: the new file gets the default permissions
			}
		}
		try {
			Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (final AtomicMoveNotSupportedException e) {
			Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
		}
	}
}
