package sc.fiji.flowmodels.io;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.FileSystemException;

/** The cause of an input/output error in words a message can end with, never "null". */
public final class IoMessages {

	private IoMessages() {}

	/**
	 * "No space left on device", "Permission denied", …: the system's reason without the path
	 * (messages name the file themselves); for exceptions without a message, what happened.
	 */
	public static String describe(final IOException e) {
		if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) return ((FileSystemException) e).getReason();
		if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
		if (e instanceof java.nio.file.NoSuchFileException) return "no such file or folder";
		final String m = e.getMessage();
		if (m != null && !m.trim().isEmpty()) return m;
		if (e instanceof EOFException) return "the file ended early";
		return e.getClass().getSimpleName();
	}
}
