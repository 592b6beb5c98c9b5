package sc.fiji.flowmodels.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Where {@code ./flow} may write (io.WriteTarget, FlowCommand#checkOutput): never over a file
 * the same command reads, through symbolic links to what they name, through devices and pipes
 * instead of replacing them, and never into a folder it cannot write, found before any work.
 */
class OutputTargetsTest {

	@TempDir
	static Path dir;

	static Path data, model, latent;

	@BeforeAll
	static void trainSmallModel() throws IOException {
		final Path[] dm = CliTest.smallModel(dir, 300);
		data = dm[0];
		model = dm[1];
		// a latent table with an id column, as a user would keep one
		final Path encoded = dir.resolve("encoded.csv");
		assertEquals(0, CliTest.flow("encode", "model=" + model, "input=" + data, "output=" + encoded).status);
		final StringBuilder b = new StringBuilder("id,z1,z2\n");
		int id = 0;
		for (final String line : Files.readAllLines(encoded).subList(1, 301)) {
			final String[] cells = line.split(",");
			b.append(++id).append(',').append(cells[2]).append(',').append(cells[3]).append('\n');
		}
		latent = dir.resolve("latent.csv");
		Files.write(latent, b.toString().getBytes(StandardCharsets.UTF_8));
	}

	static Stream<Arguments> outputsTheCommandReads() {
		return Stream.of(
			Arguments.of("encode output=model", new String[] { "encode", "input=DATA", "output=MODEL" }, "is the model file this command reads"),
			Arguments.of("sample output=model", new String[] { "sample", "samples=10", "output=MODEL" }, "is the model file this command reads"),
			Arguments.of("check output=model", new String[] { "check", "samples=10", "output=MODEL" }, "is the model file this command reads"),
			Arguments.of("check output=input", new String[] { "check", "input=DATA", "samples=10", "output=DATA" }, "is the input table"),
			Arguments.of("decode output=input", new String[] { "decode", "input=LATENT", "output=LATENT" }, "is the input table"),
			Arguments.of("sample output=link to model", new String[] { "sample", "samples=10", "output=LINK_MODEL" }, "is the model file this command reads"),
			Arguments.of("decode output=hard link to input", new String[] { "decode", "input=LATENT", "output=HARD_LATENT" }, "is the input table"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("outputsTheCommandReads")
	void anOutputThatTheCommandReadsIsRefused(final String name, final String[] args, final String phrase) throws IOException {
		final Path linkModel = dir.resolve("link-to-model.json"), hardLatent = dir.resolve("hard-latent.csv");
		Files.deleteIfExists(linkModel);
		Files.deleteIfExists(hardLatent);
		Files.createSymbolicLink(linkModel, model);
		Files.createLink(hardLatent, latent);
		final byte[] m = Files.readAllBytes(model), d = Files.readAllBytes(data), l = Files.readAllBytes(latent);
		final String[] full = new String[args.length + 1];
		for (int i = 0; i < args.length; i++) {
			full[i] = args[i].replace("LINK_MODEL", linkModel.toString()).replace("HARD_LATENT", hardLatent.toString()).replace("MODEL", model.toString())
				.replace("DATA", data.toString()).replace("LATENT", latent.toString());
		}
		full[args.length] = "model=" + model;
		final CliTest.Run r = CliTest.flow(full);
		CliTest.assertBad(r, "output: ");
		CliTest.assertBad(r, phrase);
		assertArrayEquals(m, Files.readAllBytes(model), "the model is unchanged");
		assertArrayEquals(d, Files.readAllBytes(data), "the data are unchanged");
		assertArrayEquals(l, Files.readAllBytes(latent), "the latent table is unchanged");
		assertTrue(Files.isSymbolicLink(linkModel));
	}

	@Test
	void encodeAddsItsColumnsToItsInputAlsoThroughALink() throws IOException {
		final Path copy = dir.resolve("in-place.csv"), link = dir.resolve("in-place-link.csv");
		Files.copy(data, copy);
		Files.createSymbolicLink(link, copy);
		final CliTest.Run r = CliTest.flow("encode", "model=" + model, "input=" + link, "output=" + copy);
		assertEquals(0, r.status, r.toString());
		assertTrue(Files.readAllLines(copy).get(0).startsWith("x,y,z1,z2,log_px"), "the columns were added");
		assertTrue(Files.isSymbolicLink(link));
	}

	@Test
	void symbolicLinksAreWrittenThroughAndKept() throws IOException {
		final Path target = dir.resolve("real.csv"), link = dir.resolve("link.csv");
		Files.write(target, "old\n".getBytes(StandardCharsets.UTF_8));
		Files.createSymbolicLink(link, target.getFileName());
		assertEquals(0, CliTest.flow("sample", "dataset=gmm8", "samples=5", "output=" + link).status);
		assertTrue(Files.isSymbolicLink(link), "the link is still a link");
		assertEquals(6, Files.readAllLines(target).size(), "the file it names has the new table");
		// a link to a file that does not exist yet creates that file
		final Path dangling = dir.resolve("dangling.csv"), named = dir.resolve("named-by-link.csv");
		Files.createSymbolicLink(dangling, named);
		assertEquals(0, CliTest.flow("sample", "dataset=gmm8", "samples=5", "output=" + dangling).status);
		assertTrue(Files.isSymbolicLink(dangling));
		assertEquals(6, Files.readAllLines(named).size());
	}

	@Test
	void devicesAreWrittenThroughNotReplaced() throws IOException {
		// through a link in the test folder, so that a build that replaced it would not replace /dev/null
		final Path toNull = dir.resolve("to-null.csv");
		Files.createSymbolicLink(toNull, Paths.get("/dev/null"));
		final CliTest.Run r = CliTest.flow("encode", "model=" + model, "input=" + data, "output=" + toNull);
		assertEquals(0, r.status, r.toString());
		assertTrue(Files.isSymbolicLink(toNull), "the link was not replaced by a file");
		assertFalse(Files.isRegularFile(Paths.get("/dev/null")), "/dev/null is still a device");
		final Path toNullModel = dir.resolve("to-null.json");
		Files.createSymbolicLink(toNullModel, Paths.get("/dev/null"));
		assertEquals(0, CliTest.flow("train", "input=" + data, "model=" + toNullModel, "hidden=4", "couplings=1", "epochs=1").status);
		assertTrue(Files.isSymbolicLink(toNullModel));
		// a device that fails (a full disk) is reported, not ignored
		final Path toFull = dir.resolve("to-full.csv");
		Files.createSymbolicLink(toFull, Paths.get("/dev/full"));
		final CliTest.Run full = CliTest.flow("encode", "model=" + model, "input=" + data, "output=" + toFull);
		CliTest.assertBad(full, "No space left on device");
		assertTrue(Files.isSymbolicLink(toFull));
	}

	@Test
	void theDensityImageAndItsPictureAreReplacedTogether() throws IOException {
		final Path tif = dir.resolve("density.tif"), png = dir.resolve("density.png");
		Files.write(tif, "old".getBytes(StandardCharsets.UTF_8));
		// the picture meets a full disk after the image was written
		Files.createSymbolicLink(png, Paths.get("/dev/full"));
		final CliTest.Run r = CliTest.flow("density", "model=" + model, "output=" + tif, "width=40", "height=30");
		CliTest.assertBad(r, "output: cannot write " + tif + ": No space left on device");
		assertEquals("old", new String(Files.readAllBytes(tif), StandardCharsets.UTF_8), "the image is not replaced without its picture");
		assertTrue(Files.isSymbolicLink(png));
		InterruptedWorkTest.assertNoTemporaryFiles(dir);
	}

	@Test
	void aDiskIsRefused() throws IOException {
		final Path disk = Paths.get("/dev/loop0");
		org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(disk, LinkOption.NOFOLLOW_LINKS));
		final Path toDisk = dir.resolve("to-disk.csv");
		Files.createSymbolicLink(toDisk, disk);
		CliTest.assertBad(CliTest.flow("sample", "dataset=moons", "samples=5", "output=" + toDisk), "is a block device (a disk), not a file");
		assertTrue(Files.isSymbolicLink(toDisk));
	}

	@Test
	void aNamedPipeIsWrittenThrough() throws Exception {
		final Path fifo = mkfifo(dir.resolve("pipe.csv"));
		// the reader waits for the writer; a daemon thread, so that a broken build cannot hang the JVM
		final CompletableFuture<String> read = new CompletableFuture<>();
		final Thread reader = new Thread(() -> {
			try (InputStream in = Files.newInputStream(fifo)) {
				read.complete(new String(readAll(in), StandardCharsets.UTF_8));
			}
			catch (final IOException e) {
				read.completeExceptionally(e);
			}
		});
		reader.setDaemon(true);
		reader.start();
		final CliTest.Run r = CliTest.flow("sample", "dataset=moons", "samples=7", "output=" + fifo);
		assertEquals(0, r.status, r.toString());
		assertEquals(8, read.get(20, TimeUnit.SECONDS).split("\n").length, "the reader got the table");
		assertFalse(Files.isRegularFile(fifo), "the pipe is still a pipe");
	}

	@Test
	void theProcessesOwnStreamIsWrittenThrough() throws Exception {
		// /dev/fd/1 is standard output; here redirected to a file, which keeps what was in it
		final Path out = dir.resolve("stdout.txt");
		Files.write(out, "before\n".getBytes(StandardCharsets.UTF_8));
		final SubprocessTest.Result r = SubprocessTest.flow("200m", dir, out, "sample", "dataset=mvn", "samples=4", "output=/dev/fd/1");
		assertEquals(0, r.status, r.err);
		final java.util.List<String> lines = Files.readAllLines(out);
		assertEquals("before", lines.get(0), "appended, as the shell's >> would");
		assertEquals("x,y", lines.get(1));
		assertEquals(6, lines.size());
	}

	@Test
	void standardOutputThatFailsIsAnError() throws Exception {
		// a full disk under ./flow encode … > out.csv: the CSV is cut short, so the exit status must say so
		final SubprocessTest.Result r = SubprocessTest.flow("200m", dir, Paths.get("/dev/full"), "encode", "model=" + model, "input=" + data);
		assertEquals(2, r.status, r.err);
		assertTrue(r.err.contains("flow encode: cannot write to standard output"), r.err);
		final SubprocessTest.Result check = SubprocessTest.flow("200m", dir, Paths.get("/dev/full"), "check", "model=" + model, "samples=20");
		assertEquals(2, check.status, check.err);
	}

	@Test
	void aFolderThatCannotBeWrittenIsFoundBeforeTheWork() throws IOException {
		final Path folder = unwritableFolder();
		final CliTest.Run train = CliTest.flow("train", "input=" + data, "model=" + folder.resolve("m.json"), "hidden=4", "couplings=1", "epochs=1000");
		CliTest.assertBad(train, "model: " + folder.resolve("m.json") + ": cannot write in the folder " + folder);
		assertFalse(train.err.contains("epoch"), "refused before training: " + train.err);
		CliTest.assertBad(CliTest.flow("encode", "model=" + model, "input=" + data, "output=" + folder.resolve("e.csv")), "cannot write in the folder " + folder);
		CliTest.assertBad(CliTest.flow("density", "model=" + model, "output=" + folder.resolve("d.tif"), "width=2000", "height=2000"), "cannot write in the folder " + folder);
	}

	/** A folder this process cannot create files in: read-only for a user; for root, /sys. */
	static Path unwritableFolder() throws IOException {
		final Path ro = dir.resolve("read-only");
		if (!Files.isDirectory(ro)) Files.createDirectory(ro);
		ro.toFile().setWritable(false, false);
		try {
			Files.delete(Files.createFile(ro.resolve("probe")));
		}
		catch (final IOException e) {
			return ro; // not root: permissions hold
		}
		final Path sys = Paths.get("/sys");
		org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(sys), "root, and no /sys to try");
		return sys;
	}

	@Test
	void aNameEndingInASeparatorIsAFolderNotAFile() {
		final Path newdir = dir.resolve("newdir");
		CliTest.assertBad(CliTest.flow("sample", "dataset=moons", "samples=5", "output=" + newdir + "/"), "ends in a folder separator; a file name is needed");
		CliTest.assertBad(CliTest.flow("train", "input=" + data, "model=" + newdir + "/", "epochs=1"), "model: '" + newdir + "/' ends in a folder separator");
		assertFalse(Files.exists(newdir), "no file named newdir");
	}

	static Path mkfifo(final Path p) throws IOException, InterruptedException {
		final Process mk = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
		assertTrue(mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0, "mkfifo");
		return p;
	}

	static byte[] readAll(final InputStream in) throws IOException {
		final java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
		final byte[] buf = new byte[1 << 16];
		for (int n; (n = in.read(buf)) > 0;) b.write(buf, 0, n);
		return b.toByteArray();
	}
}
