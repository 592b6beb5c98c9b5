package sc.fiji.flowmodels.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {

	@TempDir
	Path dir;

	@Test
	void newFilesAreReadableByOthersAsUsual() throws IOException {
		final Path p = dir.resolve("a.csv");
		AtomicFile.write(p, out -> out.write(new byte[] { 1, 2, 3 }));
		assertArrayEquals(new byte[] { 1, 2, 3 }, Files.readAllBytes(p));
		final Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
		assertTrue(perms.contains(PosixFilePermission.OTHERS_READ) || perms.contains(PosixFilePermission.GROUP_READ), "not private: " + perms);
	}

	@Test
	void replacingKeepsTheOldPermissions() throws IOException {
		final Path p = dir.resolve("b.csv");
		Files.write(p, new byte[] { 9 });
		Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-rw-r--"));
		AtomicFile.write(p, out -> out.write(7));
		assertEquals(PosixFilePermissions.fromString("rw-rw-r--"), Files.getPosixFilePermissions(p));
	}

	@Test
	void theTargetChangesOnlyByRenamingACompleteTemporaryFile() throws IOException {
		final Path p = dir.resolve("m.json");
		Files.write(p, "old".getBytes(StandardCharsets.UTF_8));
		final Object key = Files.readAttributes(p, BasicFileAttributes.class).fileKey();
		AtomicFile.write(p, out -> {
			out.write("new, half written".getBytes(StandardCharsets.UTF_8));
			out.flush();
			// while the content is written, the target is the old file and a temporary file is beside it
			assertEquals("old", new String(Files.readAllBytes(p), StandardCharsets.UTF_8));
			try (Stream<Path> files = Files.list(dir)) {
				final List<Path> parts = files.filter(f -> f.getFileName().toString().endsWith(".part")).collect(Collectors.toList());
				assertEquals(1, parts.size(), "one temporary file");
				assertTrue(parts.get(0).getFileName().toString().startsWith(".m.json."), parts.toString());
				assertEquals("new, half written", new String(Files.readAllBytes(parts.get(0)), StandardCharsets.UTF_8));
			}
		});
		assertEquals("new, half written", new String(Files.readAllBytes(p), StandardCharsets.UTF_8));
		assertNotEquals(key, Files.readAttributes(p, BasicFileAttributes.class).fileKey(), "a new file was renamed over the old one");
		try (Stream<Path> files = Files.list(dir)) {
			assertEquals(1, files.count(), "no temporary file left");
		}
	}

	@Test
	void filesWrittenTogetherAreReplacedOnlyWhenAllAreComplete() throws IOException {
		final Path tif = dir.resolve("d.tif"), png = dir.resolve("d.png");
		Files.write(tif, "old tif".getBytes(StandardCharsets.UTF_8));
		Files.write(png, "old png".getBytes(StandardCharsets.UTF_8));
		final List<AtomicFile.Content> contents = java.util.Arrays.asList(out -> out.write("new tif".getBytes(StandardCharsets.UTF_8)), out -> {
			out.write("half a png".getBytes(StandardCharsets.UTF_8));
			throw new IOException("No space left on device");
		});
		final IOException e = assertThrows(IOException.class, () -> AtomicFile.writeAll(java.util.Arrays.asList(tif, png), contents));
		assertEquals("No space left on device", e.getMessage());
		assertEquals("old tif", new String(Files.readAllBytes(tif), StandardCharsets.UTF_8), "the first file was not replaced alone");
		assertEquals("old png", new String(Files.readAllBytes(png), StandardCharsets.UTF_8));
		try (Stream<Path> files = Files.list(dir)) {
			assertEquals(2, files.count(), "no temporary file left");
		}
		AtomicFile.writeAll(java.util.Arrays.asList(tif, png), java.util.Arrays.asList(out -> out.write(1), out -> out.write(2)));
		assertArrayEquals(new byte[] { 1 }, Files.readAllBytes(tif));
		assertArrayEquals(new byte[] { 2 }, Files.readAllBytes(png));
	}

	@Test
	void aMissingFolderIsAnErrorAndNothingIsWritten() {
		assertThrows(IOException.class, () -> AtomicFile.write(dir.resolve("no/such/c.csv"), out -> out.write(1)));
	}
}
