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

/**
 * Writes a file so that readers see either the old content or the complete new content,
 * never a half-written file: the content goes to a temporary file in the same folder, which
 * replaces the target only after it has been written and closed without error. When anything
 * fails (an exception, a cancel), the temporary file is removed and the target is untouched.
 */
public final class AtomicFile {

	/** Writes the content of a file. */
	public interface Content {

		void writeTo(OutputStream out) throws IOException;
	}

	private static final SecureRandom RANDOM = new SecureRandom();

	private AtomicFile() {}

	public static void write(final Path target, final Content content) throws IOException {
		final Path absolute = target.toAbsolutePath();
		final Path dir = absolute.getParent();
		if (dir != null && !Files.isDirectory(dir)) {
			throw new IOException("folder does not exist: " + dir);
		}
		// not Files.createTempFile: its owner-only permissions would survive the rename
		Path tmp;
		OutputStream raw;
		while (true) {
			tmp = absolute.resolveSibling("." + absolute.getFileName() + "." + Long.toHexString(RANDOM.nextLong() >>> 1) + ".part");
			try {
				raw = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
				break;
			}
			catch (final FileAlreadyExistsException e) {
				// another writer's temporary file: pick another name
			}
		}
		boolean done = false;
		try {
			try (OutputStream out = new BufferedOutputStream(raw, 1 << 16)) {
				content.writeTo(out);
			}
			if (Files.exists(absolute)) {
				try {
					Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(absolute));
				}
				catch (final UnsupportedOperationException | IOException e) {
					// not a POSIX file system: the new file gets the default permissions
				}
			}
			try {
				Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (final AtomicMoveNotSupportedException e) {
				Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
			}
			done = true;
		}
		finally {
			if (!done) Files.deleteIfExists(tmp);
		}
	}
}
