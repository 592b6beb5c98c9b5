package sc.fiji.flowmodels.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.function.Executable;

import sc.fiji.flowmodels.InputException;

/** Helpers for the CSV tests: files in a folder, and checks that a failure changed nothing. */
final class CsvTestSupport {

	private CsvTestSupport() {}

	static Path write(final Path dir, final String name, final String content) throws IOException {
		final Path file = dir.resolve(name);
		Files.write(file, content.getBytes(StandardCharsets.UTF_8));
		return file;
	}

	/** Names, sizes and contents of the files of a folder. */
	static List<String> snapshot(final Path dir) throws IOException {
		final List<String> list = new ArrayList<>();
		try (Stream<Path> files = Files.list(dir)) {
			files.forEach(f -> {
				try {
					list.add(f.getFileName() + ":" + (Files.isDirectory(f) ? "dir" : new String(Files.readAllBytes(f),
						StandardCharsets.ISO_8859_1)));
				}
				catch (final IOException e) {
					list.add(f.getFileName() + ":unreadable");
				}
			});
		}
		Collections.sort(list);
		return list;
	}

	/**
	 * Runs something that must fail with an InputException with exactly this message, and
	 * checks that the folder is as it was.
	 */
	static InputException assertFails(final Path dir, final String message, final Executable action)
		throws IOException
	{
		final List<String> before = snapshot(dir);
		final InputException e = assertThrows(InputException.class, action);
		assertEquals(message, e.getMessage());
		assertEquals(1, message.split("\n").length, "one line");
		assertArrayEquals(before.toArray(), snapshot(dir).toArray(), "the folder must be unchanged");
		return e;
	}
}
