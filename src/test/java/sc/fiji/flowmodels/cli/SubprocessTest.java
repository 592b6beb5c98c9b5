package sc.fiji.flowmodels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line in its own JVM with a small heap: memory limits are checked up front and
 * streaming keeps memory bounded.
 */
class SubprocessTest {

	@TempDir
	Path dir;

	static final class Result {

		final int status;
		final String err;

		Result(final int status, final String err) {
			this.status = status;
			this.err = err;
		}
	}

	static Result flow(final String heap, final Path dir, final String... args) throws IOException, InterruptedException {
		return flow(heap, dir, dir.resolve("stdout.txt"), args);
	}

	/** Like {@link #flow(String, Path, String...)} with standard output appended to {@code stdout}. */
	static Result flow(final String heap, final Path dir, final Path stdout, final String... args) throws IOException, InterruptedException {
		final Process p = start(heap, dir, stdout, args);
		assertTrue(p.waitFor(120, TimeUnit.SECONDS), "finished in time");
		return new Result(p.exitValue(), new String(Files.readAllBytes(dir.resolve("stderr.txt")), StandardCharsets.UTF_8));
	}

	static Process start(final String heap, final Path dir, final Path stdout, final String... args) throws IOException {
		return start(Arrays.asList("-Xmx" + heap), dir, stdout, args);
	}

	/** Starts {@code ./flow}'s main class in its own JVM with these options; stderr goes to dir/stderr.txt. */
	static Process start(final List<String> jvm, final Path dir, final Path stdout, final String... args) throws IOException {
		final List<String> cmd = new ArrayList<>();
		cmd.add(new File(System.getProperty("java.home"), "bin/java").getPath());
		cmd.addAll(jvm);
		cmd.add("-cp");
		cmd.add(System.getProperty("java.class.path"));
		cmd.add(Main.class.getName());
		cmd.addAll(Arrays.asList(args));
		return new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.appendTo(stdout.toFile())).redirectError(dir.resolve("stderr.txt").toFile()).start();
	}

	@Test
	void aTrainingTooBigForTheHeapIsRefusedUpFront() throws Exception {
		final Path data = dir.resolve("small.csv");
		Files.write(data, "x,y\n1,2\n2,1\n3,5\n4,4\n".getBytes(StandardCharsets.UTF_8));
		// 64 couplings of [2048, 2048]: about 270 million parameters, far beyond a 64 MB heap
		final Result r = flow("64m", dir, "train", "input=" + data, "model=" + dir.resolve("m.json"), "hidden=2048,2048", "couplings=64");
		assertEquals(2, r.status, r.err);
		assertTrue(r.err.contains("needs about") && r.err.contains("MB"), r.err);
		assertFalse(r.err.contains("OutOfMemoryError"), r.err);
		assertFalse(Files.exists(dir.resolve("m.json")));
	}

	/** 600,000 rows of two Gaussian columns: about 10 MB of CSV. */
	private Path bigTable() throws IOException {
		final Path data = dir.resolve("big.csv");
		final Random r = new Random(1);
		try (BufferedWriter w = Files.newBufferedWriter(data)) {
			w.write("x,y\n");
			for (int i = 0; i < 600_000; i++) w.write(String.format(Locale.ROOT, "%.5f,%.5f%n", r.nextGaussian(), r.nextGaussian()));
		}
		return data;
	}

	@Test
	void aTableTooBigForTheHeapIsRefusedBeforeReading() throws Exception {
		// reading the 600,000 rows takes about 45 MB at its peak: more than a 40 MB heap has
		final Path data = bigTable();
		final Path model = dir.resolve("m.json");
		final Result r = flow("40m", dir, "train", "input=" + data, "model=" + model, "hidden=4", "couplings=1", "epochs=1");
		assertEquals(2, r.status, r.err);
		assertTrue(r.err.startsWith("flow train: " + data + ": reading this table needs about "), r.err);
		assertTrue(r.err.contains("MB are free"), r.err);
		assertEquals(1, r.err.trim().split("\n").length, r.err);
		assertFalse(r.err.contains("OutOfMemoryError"), r.err);
		assertFalse(Files.exists(model));
		// the estimate does not refuse what fits
		final Result fits = flow("160m", dir, "train", "input=" + data, "model=" + model, "hidden=4", "couplings=1", "epochs=1");
		assertEquals(0, fits.status, fits.err);
		assertTrue(Files.isRegularFile(model));
	}

	@Test
	void aModelFileTooBigForTheHeapIsRefusedBeforeParsing() throws Exception {
		// 8 MB of numbers in a field the reader would skip: more than a 40 MB heap may parse
		final Path model = dir.resolve("huge.json");
		try (BufferedWriter w = Files.newBufferedWriter(model)) {
			w.write("{\"format\": \"flow-models-realnvp\", \"version\": 1, \"padding\": [0");
			for (int i = 0; i < 4_000_000; i++) w.write(",0");
			w.write("]}\n");
		}
		final Path out = dir.resolve("out.csv");
		final Result r = flow("40m", dir, "sample", "model=" + model, "samples=10", "output=" + out);
		assertEquals(2, r.status, r.err);
		assertTrue(r.err.startsWith("flow sample: model file " + model + " is 8 MB, too large to load in the "), r.err);
		assertFalse(r.err.contains("OutOfMemoryError"), r.err);
		assertFalse(Files.exists(out));
	}

	@Test
	void encodingStreamsInBoundedMemory() throws Exception {
		// 600,000 rows encode with 10 new columns each (48 MB of results as doubles) in a 40 MB heap
		final Path data = bigTable();
		final Path sample = dir.resolve("sample.csv");
		assertEquals(0, Main.run(new String[] { "sample", "dataset=mvn", "samples=500", "output=" + sample }, System.out, System.err));
		final Path model = dir.resolve("m.json");
		assertEquals(0, Main.run(new String[] { "train", "input=" + sample, "model=" + model, "hidden=8", "couplings=2", "epochs=2" }, System.out, System.err));
		final Path out = dir.resolve("encoded.csv");
		final Result res = flow("40m", dir, "encode", "model=" + model, "input=" + data, "output=" + out);
		assertEquals(0, res.status, res.err);
		try (java.util.stream.Stream<String> lines = Files.lines(out)) {
			assertEquals(600_001, lines.count());
		}
	}
}
