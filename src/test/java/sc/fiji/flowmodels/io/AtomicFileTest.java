package sc.fiji.flowmodels.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

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
	void aMissingFolderIsAnErrorAndNothingIsWritten() {
		assertThrows(IOException.class, () -> AtomicFile.write(dir.resolve("no/such/c.csv"), out -> out.write(1)));
	}
}
