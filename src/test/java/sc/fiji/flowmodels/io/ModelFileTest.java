package sc.fiji.flowmodels.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.flowmodels.InputException;
import sc.fiji.flowmodels.flow.AffineMap;
import sc.fiji.flowmodels.flow.Architecture;
import sc.fiji.flowmodels.flow.FlowResult;
import sc.fiji.flowmodels.flow.SplineMap;
import sc.fiji.flowmodels.train.FlowModel;
import sc.fiji.flowmodels.train.Trainer;
import sc.fiji.flowmodels.train.TrainingOptions;

class ModelFileTest {

	static FlowModel model;
	static DMatrixRMaj data;

	@TempDir
	Path dir;

	@BeforeAll
	static void train() {
		final Random r = new Random(1);
		data = new DMatrixRMaj(300, 3);
		for (int i = 0; i < data.numRows; i++) {
			final double a = r.nextGaussian();
			data.set(i, 0, a);
			data.set(i, 1, a * a + 0.3 * r.nextGaussian());
			data.set(i, 2, 5 + r.nextDouble());
		}
		model = Trainer.train(data, Arrays.asList("x", "y", "w"), new Architecture(3, new int[] { 16, 8 }, 3, 2.0, Architecture.PermutationKind.RANDOM), new TrainingOptions().epochs(5).batch(50).seed(4), null);
	}

	private Path save() throws IOException {
		final Path p = dir.resolve("m.json");
		ModelFile.write(model, p);
		return p;
	}

	@Test
	void roundTripIsBitIdentical() throws IOException {
		final FlowModel back = ModelFile.read(save());
		assertEquals(model.flow().columns(), back.flow().columns());
		final FlowResult a = model.flow().encode(data), b = back.flow().encode(data);
		assertArrayEquals(a.points.data, b.points.data, 0);
		assertArrayEquals(a.logPx, b.logPx, 0);
		assertEquals(model.history().epochs().size(), back.history().epochs().size());
		assertEquals(model.history().stopReason(), back.history().stopReason());
		assertEquals(model.history().epochs().get(2).trainNll, back.history().epochs().get(2).trainNll, 0);
		assertEquals(model.options().seed(), back.options().seed());
		for (int k = 0; k < model.flow().permutations().size(); k++) {
			assertArrayEquals(model.flow().permutations().get(k).order(), back.flow().permutations().get(k).order());
		}
	}

	@Test
	void fileIsReadableJsonWithTheDocumentedSections() throws IOException {
		final String text = new String(Files.readAllBytes(save()), StandardCharsets.UTF_8);
		for (final String key : new String[] { "\"format\": \"flow-models-realnvp\"", "\"version\": 2", "\"coupling\": \"affine\"", "\"columns\"", "\"standardization\"", "\"architecture\"", "\"permutations\"", "\"couplings\"", "\"training\"", "\"history\"" }) {
			assertTrue(text.contains(key), key);
		}
	}

	private String text() throws IOException {
		return new String(Files.readAllBytes(save()), StandardCharsets.UTF_8);
	}

	private InputException rejected(final String content) throws IOException {
		final Path p = dir.resolve("bad.json");
		Files.write(p, content.getBytes(StandardCharsets.UTF_8));
		return assertThrows(InputException.class, () -> ModelFile.read(p));
	}

	private void assertRejected(final String content, final String... phrases) throws IOException {
		final InputException e = rejected(content);
		assertTrue(e.getMessage().contains("bad.json"), e.getMessage());
		for (final String s : phrases) assertTrue(e.getMessage().contains(s), "'" + s + "' not in: " + e.getMessage());
	}

	@Test
	void rejectsMissingFileAndFolders() {
		assertTrue(assertThrows(InputException.class, () -> ModelFile.read(dir.resolve("nope.json"))).getMessage().contains("does not exist"));
		assertThrows(InputException.class, () -> ModelFile.read(dir));
	}

	@Test
	void rejectsTruncatedFiles() throws IOException {
		final String t = text();
		for (final int cut : new int[] { 0, 1, 10, t.length() / 3, t.length() / 2, t.length() - 2 }) {
			rejected(t.substring(0, cut));
		}
	}

	@Test
	void rejectsGarbageAndForeignJson() throws IOException {
		final byte[] junk = new byte[5000];
		new Random(3).nextBytes(junk);
		final Path p = dir.resolve("bad.json");
		Files.write(p, junk);
		assertThrows(InputException.class, () -> ModelFile.read(p));
		assertRejected("{\"name\": \"something else\", \"layers\": [1,2,3]}", "not a Flow Models model");
		assertRejected("[1, 2, 3]", "not a Flow Models model");
		assertRejected("{\"format\": \"keras\"}", "format 'keras'");
		assertRejected(text().replace("\"version\": 2", "\"version\": 7"), "version 7");
		assertRejected(text().replace("\"version\": 2", "\"version\": 0"), "version 0");
	}

	@Test
	void rejectsShapesThatDoNotMatch() throws IOException {
		final String t = text();
		assertRejected(t.replace("\"dimension\": 3", "\"dimension\": 4"), "column names for dimension 4");
		assertRejected(t.replace("\"couplings\": 3", "\"couplings\": 4"), "4 couplings");
		assertRejected(t.replaceFirst("\"hidden\": \\[\\s*16", "\"hidden\": [17"), "coupling 1, layer 1");
		assertRejected(t.replaceFirst("\"columns\": \\[\\s*\"x\",", "\"columns\": ["), "column names");
		assertRejected(t.replaceFirst("\"bias\": \\[", "\"bias\": [0.5, "), "bias has");
		assertRejected(t.replaceFirst("\"std\": \\[", "\"std\": [-1, "), "standardization");
	}

	@Test
	void rejectsNonFiniteNumbers() throws IOException {
		final String t = text();
		// the first weight's number, whatever its sign and form
		final java.util.regex.Matcher first = java.util.regex.Pattern.compile("-?[0-9][0-9.eE+-]*").matcher(t);
		assertTrue(first.find(t.indexOf("\"weights\"")));
		final String head = t.substring(0, first.start()), tail = t.substring(first.end());
		assertRejected(head + "NaN" + tail, "not valid JSON");
		assertRejected(head + "1e999" + tail, "infinities", "weights[0][0]");
		assertRejected(head + "\"0.1\"" + tail, "number expected");
	}

	@Test
	void rejectsHostileSizesWithoutRunningOutOfMemory() throws IOException {
		// claims of huge layers are refused before anything is allocated for them
		assertRejected(text().replaceFirst("\"hidden\": \\[\\s*16", "\"hidden\": [2000000000"), "hidden");
		assertRejected(text().replace("\"couplings\": 3", "\"couplings\": 100000000"), "couplings");
		assertRejected(text().replace("\"dimension\": 3", "\"dimension\": 1000000000"), "dimension");
		// deep nesting in an unknown field
		final StringBuilder deep = new StringBuilder("{\"format\": \"flow-models-realnvp\", \"extra\": ");
		for (int i = 0; i < 100000; i++) deep.append('[');
		assertRejected(deep.toString(), "nested too deeply");
	}

	/**
	 * A version 1 file (affine couplings, random permutations, D = 3) and what it computed: both
	 * written by the code of commit de74f8b, before couplings had kinds. Loading it today must give
	 * the same z, log p_X, log p_Z, log|det J| and decoded points, bit for bit.
	 */
	@Test
	void versionOneFileComputesAsBefore() throws Exception {
		final FlowModel v1 = ModelFile.read(resource("model-v1.json"));
		assertEquals(Arrays.asList("length", "area", "angle"), v1.flow().columns());
		assertEquals(1.5, ((sc.fiji.flowmodels.flow.AffineMap) v1.flow().architecture().map()).clamp());
		assertFalse(v1.options().dequantize(), "written before dequantization existed, so trained without it");
		final java.util.List<String> lines = Files.readAllLines(resource("model-v1-expected.csv"));
		final int n = lines.size() - 1;
		final double[][] expected = new double[n][];
		final DMatrixRMaj x = new DMatrixRMaj(n, 3);
		for (int i = 0; i < n; i++) {
			expected[i] = Arrays.stream(lines.get(i + 1).split(",")).mapToDouble(Double::parseDouble).toArray();
			for (int j = 0; j < 3; j++) x.set(i, j, expected[i][j]);
		}
		final FlowResult enc = v1.flow().encode(x);
		final FlowResult dec = v1.flow().decode(enc.points);
		for (int i = 0; i < n; i++) {
			final double[] e = expected[i];
			for (int j = 0; j < 3; j++) {
				assertEquals(e[3 + j], enc.points.get(i, j), 0, "z" + (j + 1) + " of row " + i);
				assertEquals(e[9 + j], dec.points.get(i, j), 0, "decoded column " + (j + 1) + " of row " + i);
			}
			assertEquals(e[6], enc.logPx[i], 0, "log_px of row " + i);
			assertEquals(e[7], enc.logPz[i], 0, "log_pz of row " + i);
			assertEquals(e[8], enc.logDetJ[i], 0, "log_det_j of row " + i);
		}
	}

	private static Path resource(final String name) throws Exception {
		return java.nio.file.Paths.get(ModelFileTest.class.getResource(name).toURI());
	}

	@Test
	void everyTrainingOptionRoundTrips() throws IOException {
		final TrainingOptions o = new TrainingOptions().epochs(17).batch(33).lr(0.0123).schedule(TrainingOptions.Schedule.CONSTANT).validation(0.25).patience(4).l2(1e-5).gradientClip(3.5).noise(0.07).averaging(0.9).dataInit(false).marginalRate(7.5).seed(-12345678901L);
		for (final boolean dequantize : new boolean[] { false, true }) {
			final Path q = dir.resolve("d.json");
			ModelFile.write(new FlowModel(model.flow(), o.dequantize(dequantize), model.history(), null, null), q);
			assertEquals(dequantize, ModelFile.read(q).options().dequantize());
		}
		final Path p = dir.resolve("o.json");
		ModelFile.write(new FlowModel(model.flow(), o, model.history(), null, null), p);
		final TrainingOptions b = ModelFile.read(p).options();
		assertEquals(o.epochs(), b.epochs());
		assertEquals(o.batch(), b.batch());
		assertEquals(o.lr(), b.lr(), 0);
		assertEquals(o.schedule(), b.schedule());
		assertEquals(o.validation(), b.validation(), 0);
		assertEquals(o.patience(), b.patience());
		assertEquals(o.l2(), b.l2(), 0);
		assertEquals(o.gradientClip(), b.gradientClip(), 0);
		assertEquals(o.noise(), b.noise(), 0);
		assertEquals(o.averaging(), b.averaging(), 0);
		assertEquals(o.dataInit(), b.dataInit());
		assertEquals(o.marginalRate(), b.marginalRate(), 0);
		assertEquals(o.seed(), b.seed());
		assertRejected(new String(Files.readAllBytes(p), StandardCharsets.UTF_8).replace("\"patience\": 4", "\"patience\": -4"), "training option", "$.training.options.patience");
	}

	/** Numbers that parse but would overflow the arithmetic are refused where they stand. */
	@Test
	void rejectsWeightsAndStandardDeviationsOutOfRange() throws IOException {
		final String t = text();
		final java.util.regex.Matcher first = java.util.regex.Pattern.compile("-?[0-9][0-9.eE+-]*").matcher(t);
		assertTrue(first.find(t.indexOf("\"bias\"")));
		assertRejected(t.substring(0, first.start()) + "1e308" + t.substring(first.end()), "out of range", "$.couplings[0].layers[0].bias[0]");
		assertRejected(t.replaceFirst("\"std\": \\[\\s*[0-9.eE+-]+,", "\"std\": [1, 1e-320,"), "out of range", "$.standardization.std[1]");
		assertRejected(t.replaceFirst("\"std\": \\[", "\"std\": [0, "), "$.standardization.std[0]");
		// within double's range but not the flow's (Standardize): (x - mean)/std overflowed
		assertRejected(t.replaceFirst("\"mean\": \\[", "\"mean\": [1e308, "), "out of range (between -1.0E100 and 1.0E100)", "$.standardization.mean[0]");
		assertRejected(t.replaceFirst("\"std\": \\[", "\"std\": [1e-150, "), "out of range", "$.standardization.std[0]");
		assertRejected(t.replaceFirst("\"max\": \\[", "\"max\": [1e200, "), "out of range", "$.data_range.max[0]");
	}

	@Test
	void splineModelRoundTripsBitIdenticalAndIsChecked() throws IOException {
		final FlowModel spline = Trainer.train(data, Arrays.asList("x", "y", "w"), new Architecture(3, new int[] { 16, 8 }, 3, new SplineMap(5, 2.5), Architecture.PermutationKind.RANDOM), new TrainingOptions().epochs(5).batch(50).seed(4), null);
		final Path p = dir.resolve("s.json");
		ModelFile.write(spline, p);
		final FlowModel back = ModelFile.read(p);
		assertEquals(spline.flow().architecture().map(), back.flow().architecture().map());
		final FlowResult a = spline.flow().encode(data), b = back.flow().encode(data);
		assertArrayEquals(a.points.data, b.points.data, 0);
		assertArrayEquals(a.logPx, b.logPx, 0);
		final String t = new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
		assertTrue(t.contains("\"coupling\": \"spline\",\n  \"bins\": 5,\n  \"tail\": 2.5,\n  \"min_bin\": 0.001,\n  \"min_derivative\": 0.001"), t.substring(0, 900));
		assertRejected(t.replace("\"coupling\": \"spline\",", ""), "\"architecture.coupling\" (the coupling kind) is missing");
		assertRejected(t.replace("\"coupling\": \"spline\"", "\"coupling\": \"quadratic\""), "unknown coupling 'quadratic' (affine, spline)", "$.architecture");
		assertRejected(t.replace("\"bins\": 5", "\"bins\": 1"), "bins must be a whole number between 2 and 256, got 1 (at $.architecture)");
		assertRejected(t.replace("\"tail\": 2.5,", ""), "tail missing");
		assertRejected(t.replace("\"min_derivative\": 0.001", "\"min_derivative\": 0.01"), "unsupported min_derivative");
		// 4 bins need 11 outputs per column, the file's output layers have 14
		assertRejected(t.replace("\"bins\": 5", "\"bins\": 4"), "coupling 1, layer 3");
		// a version 1 file is affine whatever it says
		assertRejected(t.replace("\"version\": 2", "\"version\": 1"), "clamp missing");
	}

	@Test
	void columnShapesRoundTripBitIdenticalAndAreChecked() throws IOException {
		final Architecture arch = new Architecture(3, new int[] { 16, 8 }, 3, new AffineMap(2.0), Architecture.PermutationKind.RANDOM, new SplineMap(6, 3));
		final FlowModel shaped = Trainer.train(data, Arrays.asList("x", "y", "w"), arch, new TrainingOptions().epochs(5).batch(50).seed(4), null);
		final Path p = dir.resolve("shapes.json");
		ModelFile.write(shaped, p);
		final FlowModel back = ModelFile.read(p);
		assertEquals(new SplineMap(6, 3), back.flow().architecture().marginal());
		final FlowResult a = shaped.flow().encode(data), b = back.flow().encode(data);
		assertArrayEquals(a.points.data, b.points.data, 0);
		assertArrayEquals(a.logPx, b.logPx, 0);
		// the trained shapes are not the identity: they change what the flow computes
		assertTrue(Arrays.stream(shaped.flow().marginal().mlp().bias(0)).anyMatch(v -> v != 0));
		final String t = new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
		assertTrue(t.contains("\"marginal\": {\n   \"kind\": \"spline\",\n   \"bins\": 6,\n   \"tail\": 3.0"), t.substring(0, 900));
		// only a model with column shapes is written as version 3; a version 2 file cannot have them
		assertTrue(t.contains("\"version\": 3,"), t.substring(0, 100));
		assertRejected(t.replace("\"version\": 3", "\"version\": 2"), "column shapes need format version 3, the file says 2", "$.architecture.marginal");
		// the layer without its architecture, and the architecture without its layer
		assertRejected(t.replaceFirst("\"marginal\": \\{[^}]*\\},", ""), "has a \"marginal\" layer but the architecture has no column shapes");
		assertRejected(t.replaceFirst("(?s)\"marginal\": \\{\\s*\"layers\".*?(?=\"couplings\")", ""), "the architecture has column shapes");
		assertRejected(t.replaceFirst("\"kind\": \"spline\"", "\"kind\": \"quadratic\""), "unknown coupling 'quadratic'", "$.architecture.marginal");
		// 5 bins need 14 outputs per column, the file's layer has 17
		assertRejected(t.replaceFirst("\"bins\": 6", "\"bins\": 5"), "marginal, layer 1");
	}

	@Test
	void failedWriteLeavesTheOldFileAlone() throws IOException {
		final Path p = save();
		final byte[] before = Files.readAllBytes(p);
		assertThrows(IOException.class, () -> AtomicFile.write(p, out -> {
			out.write("{\"partial".getBytes(StandardCharsets.UTF_8));
			throw new IOException("disk full");
		}));
		assertArrayEquals(before, Files.readAllBytes(p));
		try (java.util.stream.Stream<Path> files = Files.list(dir)) {
			assertEquals(1, files.count(), "no temporary file left behind");
		}
	}
}
