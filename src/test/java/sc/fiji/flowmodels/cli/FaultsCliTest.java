package sc.fiji.flowmodels.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import sc.fiji.flowmodels.io.ModelFile;

/**
 * Faults of model files and of training, as a user of {@code ./flow} meets them: damaged model
 * files are refused with exit 2 and nothing written; a diverging training says so and leaves a
 * usable model; two trainings at once give what each gives alone.
 */
class FaultsCliTest {

	@TempDir
	static Path dir;

	static Path data, model;
	static String good;

	@BeforeAll
	static void trainSmallModel() throws IOException {
		data = dir.resolve("moons.csv");
		model = dir.resolve("moons.json");
		assertEquals(0, CliTest.flow("sample", "dataset=moons", "samples=400", "seed=2", "output=" + data).status);
		final CliTest.Run t = CliTest.flow("train", "input=" + data, "model=" + model, "hidden=8,8", "couplings=2", "epochs=3");
		assertEquals(0, t.status, t.toString());
		good = new String(Files.readAllBytes(model), StandardCharsets.UTF_8);
	}

	static Stream<Arguments> damagedModels() {
		final byte[] junk = new byte[3000];
		new Random(7).nextBytes(junk);
		return Stream.of(
			Arguments.of("truncated", cut(0.6), "ends too early"),
			Arguments.of("empty", new byte[0], "bad.json"),
			Arguments.of("binary garbage", junk, "bad.json"),
			Arguments.of("another format", utf8("{\"format\": \"keras\", \"layers\": []}"), "format 'keras'"),
			Arguments.of("a newer version", replace("\"version\": 2", "\"version\": 4"), "version 4"),
			Arguments.of("mismatched shapes", replace("\"couplings\": 2", "\"couplings\": 3"), "3 couplings"),
			Arguments.of("an infinite weight", weight("1e999"), "infinities"),
			Arguments.of("a NaN weight", weight("NaN"), "not valid JSON"),
			Arguments.of("a weight of 1e308", weight("1e308"), "out of range (between -1.0E10 and 1.0E10) (at $.couplings[0].layers[0].weights[0][0])"),
			Arguments.of("a std of 1e-320", first("\"std\"", "1e-320"), "out of range (between 1.0E-100 and 1.0E100) (at $.standardization.std[0])"),
			Arguments.of("a mean of 1e308", first("\"mean\"", "1e308"), "out of range (between -1.0E100 and 1.0E100) (at $.standardization.mean[0])"),
			Arguments.of("a huge claimed layer", good.replaceFirst("\"hidden\": \\[\\s*8", "\"hidden\": [2000000000").getBytes(StandardCharsets.UTF_8), "hidden"));
	}

	private static byte[] utf8(final String s) {
		return s.getBytes(StandardCharsets.UTF_8);
	}

	/** The file cut after the last whole line before {@code fraction} of its length. */
	private static byte[] cut(final double fraction) {
		return utf8(good.substring(0, good.lastIndexOf('\n', (int) (good.length() * fraction)) + 1));
	}

	private static byte[] replace(final String from, final String to) {
		assertTrue(good.contains(from), from);
		return utf8(good.replace(from, to));
	}

	/** The first number of the list {@code key} replaced by {@code text}. */
	private static byte[] first(final String key, final String text) {
		final int start = good.indexOf('[', good.indexOf(key)) + 1;
		int end = start;
		while (",]".indexOf(good.charAt(end)) < 0) end++;
		return utf8(good.substring(0, start) + text + good.substring(end));
	}

	/** The first weight of the first coupling replaced by {@code text}. */
	private static byte[] weight(final String text) {
		final int at = good.indexOf("\"weights\"", good.indexOf("\"couplings\": ["));
		final int start = good.indexOf('[', good.indexOf('[', at) + 1) + 1;
		int end = start;
		while (",]".indexOf(good.charAt(end)) < 0) end++;
		return utf8(good.substring(0, start) + text + good.substring(end));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("damagedModels")
	void damagedModelFilesAreRefusedAndNothingIsWritten(final String name, final byte[] content, final String phrase) throws IOException {
		final Path bad = dir.resolve("bad.json");
		Files.write(bad, content);
		final Path out = dir.resolve("never.csv");
		for (final String[] args : new String[][] { { "encode", "input=" + data }, { "decode", "input=" + data }, { "check", "samples=10" }, { "sample", "samples=10" } }) {
			final CliTest.Run r = CliTest.flow(args[0], "model=" + bad, args[1], "output=" + out);
			CliTest.assertBad(r, phrase);
			CliTest.assertBad(r, "model file " + bad);
			assertFalse(r.err.contains("setLenient"), "no advice meant for programmers: " + r.err);
			assertFalse(Files.exists(out), "no output for " + args[0]);
		}
		final CliTest.Run density = CliTest.flow("density", "model=" + bad, "output=" + dir.resolve("never.tif"));
		CliTest.assertBad(density, phrase);
		assertFalse(Files.exists(dir.resolve("never.tif")));
		assertArrayEquals(content, Files.readAllBytes(bad), "the model file is left as it was");
	}

	@Test
	void aDivergingTrainingSaysSoAndLeavesAUsableModel() {
		final Path m = dir.resolve("diverged.json");
		final CliTest.Run r = CliTest.flow("train", "input=" + data, "model=" + m, "hidden=32,32", "couplings=4", "epochs=20", "lr=1e8");
		assertEquals(0, r.status, r.toString());
		assertTrue(r.err.contains("Train: the loss became NaN or infinite in epoch "), r.err);
		assertTrue(r.err.contains("(try a smaller lr or clamp); kept the initial weights; model written to " + m), r.err);
		for (final String line : r.err.split("\n")) assertTrue(line.length() < 200, "a readable line: " + line);
		final CliTest.Run check = CliTest.flow("check", "model=" + m, "samples=200");
		assertEquals(0, check.status, check.toString());
		assertTrue(check.out.contains("PASS"), check.out);
	}

	@Test
	void twoTrainingsAtOnceGiveWhatEachGivesAlone() throws Exception {
		final Path other = dir.resolve("gmm8.csv");
		assertEquals(0, CliTest.flow("sample", "dataset=gmm8", "samples=500", "output=" + other).status);
		final String[] a = { "train", "input=" + data, "model=" + dir.resolve("a.json"), "hidden=16,16", "couplings=3", "epochs=6", "seed=4" };
		final String[] b = { "train", "input=" + other, "model=" + dir.resolve("b.json"), "hidden=24", "couplings=4", "epochs=5", "batch=64", "seed=9" };
		assertEquals(0, CliTest.flow(a).status);
		assertEquals(0, CliTest.flow(b).status);
		final double[] aloneA = weights(dir.resolve("a.json")), aloneB = weights(dir.resolve("b.json"));
		final ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			a[2] = "model=" + dir.resolve("a2.json");
			b[2] = "model=" + dir.resolve("b2.json");
			final Future<CliTest.Run> fa = pool.submit(() -> CliTest.flow(a)), fb = pool.submit(() -> CliTest.flow(b));
			assertEquals(0, fa.get().status, fa.get().toString());
			assertEquals(0, fb.get().status, fb.get().toString());
		}
		finally {
			pool.shutdown();
		}
		assertArrayEquals(aloneA, weights(dir.resolve("a2.json")), 0);
		assertArrayEquals(aloneB, weights(dir.resolve("b2.json")), 0);
	}

	private static double[] weights(final Path file) {
		final List<double[]> p = ModelFile.read(file).flow().transform().parameters();
		return p.stream().flatMapToDouble(java.util.Arrays::stream).toArray();
	}
}
