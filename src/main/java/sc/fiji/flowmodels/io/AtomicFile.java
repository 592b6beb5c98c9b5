package sc.fiji.flowmodels.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

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

	private AtomicFile() {}

	public static void write(final Path target, final Content content) throws IOException {
		final Path absolute = target.toAbsolutePath();
		final Path dir = absolute.getParent();
		if (dir != null && !Files.isDirectory(dir)) {
			throw new IOException("folder does not exist: " + dir);
		}
		final Path tmp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".part");
		boolean done = false;
		try {
			try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
				content.writeTo(out);
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
