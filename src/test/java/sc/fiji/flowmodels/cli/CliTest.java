package sc.fiji.flowmodels.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.flowmodels.data.DataTable;
import sc.fiji.flowmodels.flow.Architecture;
import sc.fiji.flowmodels.flow.SplineMap;
import sc.fiji.flowmodels.io.CsvReader;
import sc.fiji.flowmodels.io.ModelFile;

/** The command line as a user runs it: exit codes, files, messages. */
class CliTest {

	@TempDir
	static Path dir;

	static Path data, model;

	/** What a run printed and returned. */
	static final class Run {

		final int status;
		final String out, err;

		Run(final int status, final String out, final String err) {
			this.status = status;
			this.out = out;
			this.err = err;
		}

		@Override
		public String toString() {
			return "exit " + status + "\nstdout: " + out + "\nstderr: " + err;
		}
	}

	static Run flow(final String... args) {
		final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
		final int status = Main.run(args, new PrintStream(out, true), new PrintStream(err, true));
		return new Run(status, new String(out.toByteArray(), StandardCharsets.UTF_8), new String(err.toByteArray(), StandardCharsets.UTF_8));
	}

	/**
	 * {@code samples} points of the moons in {@code dir}/moons.csv and a tiny model of them in
	 * {@code dir}/moons.json (seconds to train): { data, model }.
	 */
	static Path[] smallModel(final Path dir, final int samples) {
		final Path d = dir.resolve("moons.csv"), m = dir.resolve("moons.json");
		assertEquals(0, flow("sample", "dataset=moons", "samples=" + samples, "seed=2", "output=" + d).status);
		final Run t = flow("train", "input=" + d, "model=" + m, "hidden=8", "couplings=2", "epochs=2");
		assertEquals(0, t.status, t.toString());
		return new Path[] { d, m };
	}

	static String p(final String name) {
		return dir.resolve(name).toString();
	}

	@BeforeAll
	static void trainSmallModel() {
		data = dir.resolve("moons.csv");
		model = dir.resolve("moons.json");
		final Run s = flow("sample", "dataset=moons", "samples=600", "seed=3", "output=" + data);
		assertEquals(0, s.status, s.toString());
		final Run t = flow("train", "input=" + data, "model=" + model, "hidden=32,32", "couplings=4", "epochs=15", "seed=2");
		assertEquals(0, t.status, t.toString());
		assertTrue(t.err.contains("epoch 15/15"), t.err);
	}

	@Test
	void sampleWritesTheDatasetAsCsv() {
		final DataTable t = CsvReader.read(data);
		assertEquals(600, t.rowCount());
		assertEquals(Arrays.asList("x", "y"), t.names());
		final Run again = flow("sample", "dataset=moons", "samples=600", "seed=3");
		assertEquals(0, again.status);
		final List<String> lines = Arrays.asList(again.out.split("\n"));
		assertEquals("x,y", lines.get(0));
		assertEquals(601, lines.size(), "blank output: the CSV goes to stdout");
	}

	private static double[] negated(final double[] v) {
		final double[] m = new double[v.length];
		for (int i = 0; i < v.length; i++) m[i] = -v[i];
		return m;
	}

	/**
	 * The table's {@code outlier_rank} marks the K rows with the largest {@code score}, in order,
	 * and equals {@code rankColumn} where that is ≤ K; both rank columns number every row once.
	 */
	private static void assertMarkedAndRanked(final DataTable t, final int k, final String rankColumn, final double[] score) {
		final int n = t.rowCount();
		final double[] rank = t.numeric(t.indexOf("outlier_rank")), flag = t.numeric(t.indexOf("outlier")), full = t.numeric(t.indexOf(rankColumn));
		final Integer[] order = new Integer[n];
		for (int i = 0; i < n; i++) order[i] = i;
		// descending score, ties by row order (a stable sort)
		Arrays.sort(order, (a, b) -> Double.compare(score[b], score[a]));
		for (int p = 0; p < n; p++) {
			final int i = order[p];
			assertEquals(p + 1, full[i], 0, rankColumn + " of row " + (i + 1));
			assertEquals(p < k ? p + 1 : 0, rank[i], 0, "outlier_rank of row " + (i + 1));
			assertEquals(p < k ? 1 : 0, flag[i], 0, "outlier of row " + (i + 1));
		}
		for (final String c : new String[] { "radius_rank", "density_rank" }) {
			final double[] sorted = t.numeric(t.indexOf(c)).clone();
			Arrays.sort(sorted);
			for (int i = 0; i < n; i++) assertEquals(i + 1, sorted[i], 0, c + " is a permutation of 1…n");
		}
	}

	@Test
	void rowsWithNonFiniteResultsRankFirstAndAreReported() throws IOException {
		final List<String> lines = Files.readAllLines(data);
		final StringBuilder csv = new StringBuilder(lines.get(0)).append('\n');
		for (int i = 1; i <= 20; i++) csv.append(lines.get(i)).append('\n');
		// finite cells, but far beyond what the flow's arithmetic can carry
		csv.append("1e308,-1e308\n");
		Files.write(dir.resolve("huge.csv"), csv.toString().getBytes(StandardCharsets.UTF_8));
		for (final String score : new String[] { "density", "radius" }) {
			final Run r = flow("encode", "model=" + model, "input=" + p("huge.csv"), "output=" + p("huge-enc.csv"), "outliers=3", "score=" + score);
			assertEquals(0, r.status, r.toString());
			final DataTable t = CsvReader.read(dir.resolve("huge-enc.csv"));
			assertTrue(Double.isNaN(t.numeric(t.indexOf("log_px"))[20]));
			for (final String c : new String[] { "outlier_rank", "outlier", "radius_rank", "density_rank" }) {
				assertEquals(1, t.numeric(t.indexOf(c))[20], 0, c);
			}
			assertTrue(r.err.contains("1 row (first: row 21) gave a result that is not a finite number"), r.err);
		}
	}

	@Test
	void encodeAppendsTheSpecColumns() {
		final Run r = flow("encode", "model=" + model, "input=" + data, "output=" + p("enc.csv"), "outliers=7");
		assertEquals(0, r.status, r.toString());
		final DataTable t = CsvReader.read(dir.resolve("enc.csv"));
		assertEquals(Arrays.asList("x", "y", "z1", "z2", "log_px", "log_pz", "log_det_j", "z_radius", "outlier_rank", "outlier", "radius_rank", "density_rank"), t.names());
		final double[] logPx = t.numeric(t.indexOf("log_px"));
		for (int i = 0; i < t.rowCount(); i++) {
			final double lpz = t.numeric(t.indexOf("log_pz"))[i], ld = t.numeric(t.indexOf("log_det_j"))[i];
			assertEquals(logPx[i], lpz + ld, 1e-12 * Math.max(1, Math.abs(logPx[i])));
		}
		// the default score is the density: the marked rows are the 7 least likely
		assertMarkedAndRanked(t, 7, "density_rank", negated(logPx));
		assertTrue(java.util.regex.Pattern.compile("outliers by density: row \\d+ \\(-log p_X -?\\d+\\.\\d{3}\\), row \\d+ \\(-?\\d+\\.\\d{3}\\), ").matcher(r.err).find(), r.err);
		assertTrue(r.err.contains("top 7 by |z| and by -log p_X share "), r.err);

		final Run byRadius = flow("encode", "model=" + model, "input=" + data, "output=" + p("enc-radius.csv"), "outliers=7", "score=radius");
		assertEquals(0, byRadius.status, byRadius.toString());
		final DataTable u = CsvReader.read(dir.resolve("enc-radius.csv"));
		assertMarkedAndRanked(u, 7, "radius_rank", u.numeric(u.indexOf("z_radius")));
		// the score only chooses what outlier_rank follows; the values and both rank columns stay
		for (final String c : new String[] { "z1", "log_px", "radius_rank", "density_rank" }) {
			assertArrayEquals(t.numeric(t.indexOf(c)), u.numeric(u.indexOf(c)), 0, c);
		}
		assertBad(flow("encode", "model=" + model, "input=" + data, "score=likelihood"), "score: 'likelihood' is not one of density");
		// the input columns pass through as written
		assertArrayEquals(CsvReader.read(data).numeric(0), t.numeric(0), 0);
	}

	@Test
	void floatEncodeAgreesWithDoubleAndStillRoundTrips() {
		assertEquals(0, flow("encode", "model=" + model, "input=" + data, "output=" + p("ed.csv")).status);
		final Run f = flow("encode", "model=" + model, "input=" + data, "output=" + p("ef.csv"), "precision=float");
		assertEquals(0, f.status, f.toString());
		final DataTable d = CsvReader.read(dir.resolve("ed.csv")), e = CsvReader.read(dir.resolve("ef.csv"));
		double zDiff = 0, pDiff = 0;
		for (final String c : new String[] { "z1", "z2" }) {
			final double[] a = d.numeric(d.indexOf(c)), b = e.numeric(e.indexOf(c));
			for (int i = 0; i < a.length; i++) zDiff = Math.max(zDiff, Math.abs(a[i] - b[i]));
		}
		final double[] a = d.numeric(d.indexOf("log_px")), b = e.numeric(e.indexOf("log_px"));
		for (int i = 0; i < a.length; i++) pDiff = Math.max(pDiff, Math.abs(a[i] - b[i]));
		assertTrue(zDiff > 0 && zDiff < 1e-5, "float z differs from double z by " + zDiff);
		assertTrue(pDiff < 1e-4, "float log_px differs from double by " + pDiff);
		// decode in float inverts the float encode exactly: the networks see the same inputs
		final Run back = flow("decode", "model=" + model, "input=" + p("ef.csv"), "output=" + p("bf.csv"), "precision=float");
		assertEquals(0, back.status, back.toString());
		final double[] x0 = CsvReader.read(data).numeric(0), x1 = CsvReader.read(dir.resolve("bf.csv")).numeric(0);
		for (int i = 0; i < x0.length; i++) assertEquals(x0[i], x1[i], 1e-12);
		assertBad(flow("encode", "model=" + model, "input=" + data, "precision=half"), "precision: 'half' is not one of double, float");
	}

	@Test
	void decodeAndSampleFromTheModel() throws IOException {
		assertEquals(0, flow("encode", "model=" + model, "input=" + data, "output=" + p("e2.csv")).status);
		final Run d = flow("decode", "model=" + model, "input=" + p("e2.csv"), "output=" + p("d2.csv"));
		assertEquals(0, d.status, d.toString());
		final DataTable back = CsvReader.read(dir.resolve("d2.csv"));
		assertEquals(Arrays.asList("x", "y", "log_px"), back.names());
		final double[] x0 = CsvReader.read(data).numeric(0);
		for (int i = 0; i < x0.length; i++) assertEquals(x0[i], back.numeric(0)[i], 1e-12);
		final Run s = flow("sample", "model=" + model, "samples=50", "seed=4", "output=" + p("s.csv"));
		assertEquals(0, s.status, s.toString());
		assertEquals(Arrays.asList("z1", "z2", "x", "y", "log_px"), CsvReader.read(dir.resolve("s.csv")).names());
		final Run e = flow("encode", "model=" + model, "direction=sample", "samples=50", "seed=4", "output=" + p("s2.csv"));
		assertEquals(0, e.status);
		assertArrayEquals(Files.readAllBytes(dir.resolve("s.csv")), Files.readAllBytes(dir.resolve("s2.csv")));
	}

	@Test
	void checkPassesAndFailsWithExitCodes() {
		final Run pass = flow("check", "model=" + model, "samples=300", "output=" + p("c.csv"));
		assertEquals(0, pass.status, pass.toString());
		assertTrue(pass.out.contains("PASS"), pass.out);
		final DataTable t = CsvReader.read(dir.resolve("c.csv"));
		assertEquals(Arrays.asList("direction", "quantity", "mean", "std", "min", "max", "max_abs"), t.names());
		assertEquals(12, t.rowCount(), "11 quantities and the verdict");
		assertEquals("PASS", t.text(1)[11]);
		final Run fail = flow("check", "model=" + model, "samples=300", "tolerance=0");
		assertEquals(3, fail.status, fail.toString());
		assertTrue(fail.out.contains("FAIL"));
	}

	/** coupling=spline through every command: the commands are the same for every coupling kind. */
	@Test
	void splineCouplingsTrainEncodeDecodeCheckAndDraw() throws IOException {
		final String m = p("spline.json");
		final Run t = flow("train", "input=" + data, "model=" + m, "hidden=32,32", "couplings=4", "epochs=10", "coupling=spline", "bins=6", "tail=2.5");
		assertEquals(0, t.status, t.toString());
		assertTrue(t.err.contains("rational-quadratic splines, 6 bins on ±2.5"), t.err);
		final String file = new String(Files.readAllBytes(dir.resolve("spline.json")), StandardCharsets.UTF_8);
		assertTrue(file.contains("\"coupling\": \"spline\"") && file.contains("\"bins\": 6") && file.contains("\"tail\": 2.5"), file.substring(0, 600));
		assertEquals(0, flow("encode", "model=" + m, "input=" + data, "output=" + p("spline-enc.csv")).status);
		final DataTable enc = CsvReader.read(dir.resolve("spline-enc.csv"));
		final StringBuilder latent = new StringBuilder("z1,z2\n");
		for (int i = 0; i < enc.rowCount(); i++) latent.append(enc.numeric(2)[i]).append(',').append(enc.numeric(3)[i]).append('\n');
		Files.write(dir.resolve("spline-z.csv"), latent.toString().getBytes(StandardCharsets.UTF_8));
		assertEquals(0, flow("decode", "model=" + m, "input=" + p("spline-z.csv"), "output=" + p("spline-dec.csv")).status);
		final DataTable dec = CsvReader.read(dir.resolve("spline-dec.csv"));
		for (int i = 0; i < enc.rowCount(); i++) {
			assertEquals(enc.numeric(0)[i], dec.numeric(0)[i], 1e-12);
			assertEquals(enc.numeric(1)[i], dec.numeric(1)[i], 1e-12);
			assertEquals(enc.numeric(4)[i], dec.numeric(2)[i], 1e-10, "log_px of row " + i);
		}
		assertEquals(0, flow("sample", "model=" + m, "samples=100", "output=" + p("spline-new.csv")).status);
		final Run c = flow("check", "model=" + m, "input=" + data);
		assertEquals(0, c.status, c.toString());
		assertTrue((c.out + c.err).contains("PASS"), c.toString());
		assertEquals(0, flow("density", "model=" + m, "width=40", "height=30", "output=" + p("spline.tif")).status);
		assertTrue(Files.size(dir.resolve("spline.tif")) > 40 * 30 * 4);
	}

	@Test
	void oneColumnFlowsFitAGaussianAndPassTheCheck() throws IOException {
		final StringBuilder csv = new StringBuilder("size\n");
		final java.util.Random r = new java.util.Random(5);
		for (int i = 0; i < 400; i++) csv.append(10 + 2 * r.nextGaussian()).append('\n');
		final Path one = dir.resolve("one.csv");
		Files.write(one, csv.toString().getBytes(StandardCharsets.UTF_8));
		final Run t = flow("train", "input=" + one, "model=" + p("one.json"), "hidden=16", "couplings=3", "marginal=none", "epochs=30");
		assertEquals(0, t.status, t.toString());
		final Run e = flow("encode", "model=" + p("one.json"), "input=" + one, "output=" + p("one-enc.csv"));
		assertEquals(0, e.status, e.toString());
		final DataTable enc = CsvReader.read(dir.resolve("one-enc.csv"));
		assertEquals(Arrays.asList("size", "z1", "log_px", "log_pz", "log_det_j", "z_radius", "outlier_rank", "outlier", "radius_rank", "density_rank"), enc.names());
		// a 1-D flow is an affine map: z is a linear function of the data
		final double[] x = enc.numeric(0), z = enc.numeric(1);
		final double slope = (z[1] - z[0]) / (x[1] - x[0]);
		for (int i = 2; i < x.length; i++) assertEquals(z[0] + slope * (x[i] - x[0]), z[i], 1e-9);
		assertEquals(0, flow("check", "model=" + p("one.json"), "input=" + one).status);
		assertBad(flow("density", "model=" + p("one.json"), "output=" + p("one.tif")), "at least 2 columns");
	}

	@Test
	void badUsageExitsTwoWithOneLine() {
		assertBad(flow("trian", "input=x.csv"), "unknown command 'trian'");
		assertBad(flow("train", "input=" + data, "model=" + p("m.json"), "epoch=5"), "unknown key 'epoch' (did you mean 'epochs'?)");
		assertBad(flow("train", "input=" + data, "model=" + p("m.json"), "epochs=-3"), "epochs must be at least 1");
		assertBad(flow("train", "input=" + data, "model=" + p("m.json"), "hidden=abc"), "hidden: 'abc' is not a whole number");
		assertBad(flow("train", "input=" + data, "model=" + p("m.json"), "validation=1.5"), "validation must be a fraction");
		assertBad(flow("train", "input=" + data, "model=" + p("m.json"), "epochs=ten"), "epochs: 'ten' is not a whole number");
		assertBad(flow("encode", "model=" + model, "direction=sideways", "input=" + data), "direction: 'sideways' is not one of encode, decode, sample");
		assertBad(flow("train", "input=" + data, "epochs"), "'epochs' is not key=value");
		assertBad(flow("train", "input=" + data, "seed=1", "seed=2"), "given twice");
		assertFalse(Files.exists(dir.resolve("m.json")), "nothing written for bad usage");
	}

	@Test
	void badInputNamesFileRowAndColumnAndWritesNothing() throws IOException {
		final Path bad = dir.resolve("bad.csv");
		Files.write(bad, "x,y\n1,2\n3,abc\n5,6\n".getBytes(StandardCharsets.UTF_8));
		final Path out = dir.resolve("keep.csv");
		Files.write(out, "precious\n".getBytes(StandardCharsets.UTF_8));
		final Run r = flow("encode", "model=" + model, "input=" + bad, "output=" + out);
		assertBad(r, "bad.csv, row 2 (line 3), column \"y\": \"abc\" is not a number");
		assertEquals("precious\n", new String(Files.readAllBytes(out), StandardCharsets.UTF_8), "existing output untouched");
		final Run t = flow("train", "input=" + bad, "model=" + p("never.json"));
		assertBad(t, "bad.csv, row 2 (line 3)");
		assertFalse(Files.exists(dir.resolve("never.json")));
		assertBad(flow("encode", "model=" + p("missing.json"), "input=" + data), "missing.json does not exist");
		// a model applied to a table without its columns
		final Path other = dir.resolve("other.csv");
		Files.write(other, "a,b\n1,2\n3,4\n".getBytes(StandardCharsets.UTF_8));
		assertBad(flow("encode", "model=" + model, "input=" + other), "missing columns x, y");
	}

	@Test
	void trainRefusesToOverwriteAnInputOrANonModelFile() throws IOException {
		final Path csv = dir.resolve("precious.csv");
		Files.write(csv, "x,y\n1,2\n2,1\n3,3\n".getBytes(StandardCharsets.UTF_8));
		final byte[] before = Files.readAllBytes(csv);
		assertBad(flow("train", "input=" + data, "model=" + csv, "epochs=1"), "not a Flow Models model file");
		assertBad(flow("train", "input=" + csv, "model=" + csv, "epochs=1"), "is the input table");
		assertArrayEquals(before, Files.readAllBytes(csv));
	}

	/**
	 * hidden, couplings and marginal left at auto: the size follows the rows per column, the log says so,
	 * and the model file records the sizes chosen (so the model is reproducible without the rule).
	 */
	@Test
	void autoSizeFollowsTheRowsPerColumnAndTheModelRecordsIt() throws IOException {
		final Path few = dir.resolve("few.csv"), many = dir.resolve("many.csv");
		assertEquals(0, flow("sample", "dataset=moons", "samples=198", "seed=4", "output=" + few).status);
		assertEquals(0, flow("sample", "dataset=moons", "samples=200", "seed=4", "output=" + many).status);
		final Run small = flow("train", "input=" + few, "model=" + p("few.json"), "epochs=1");
		assertEquals(0, small.status, small.toString());
		assertTrue(small.err.contains("Flow D=2, spline column shapes, 2 couplings of [2], ") && small.err.contains("; auto: 99 rows per column, small"), small.err);
		final Run large = flow("train", "input=" + many, "model=" + p("many.json"), "epochs=1");
		assertEquals(0, large.status, large.toString());
		assertTrue(large.err.contains("Flow D=2, 16 couplings of [256, 256], ") && large.err.contains("; auto: 100 rows per column, large"), large.err);
		final Run given = flow("train", "input=" + few, "model=" + p("given.json"), "hidden=8", "couplings=3", "marginal=none", "epochs=1");
		assertEquals(0, given.status, given.toString());
		assertFalse(given.err.contains("auto:") || given.err.contains("column shapes"), given.err);
		final Run shaped = flow("train", "input=" + many, "model=" + p("shaped.json"), "hidden=8", "couplings=3", "marginal=spline", "epochs=1");
		assertTrue(shaped.err.contains("Flow D=2, spline column shapes, 3 couplings of [8], ") && !shaped.err.contains("auto:"), shaped.err);
		final Architecture a = ModelFile.read(dir.resolve("few.json")).flow().architecture(), b = ModelFile.read(dir.resolve("many.json")).flow().architecture(),
			c = ModelFile.read(dir.resolve("given.json")).flow().architecture();
		assertEquals(2, a.couplings());
		assertArrayEquals(new int[] { 2 }, a.hidden());
		assertEquals(new SplineMap(8, 4), a.marginal());
		assertEquals(16, b.couplings());
		assertArrayEquals(new int[] { 256, 256 }, b.hidden());
		assertEquals(null, b.marginal());
		assertEquals(3, c.couplings());
		assertArrayEquals(new int[] { 8 }, c.hidden());
		assertEquals(null, c.marginal());
		assertBad(flow("train", "input=" + few, "model=" + p("x.json"), "couplings=1.5"), "couplings must be auto or a whole number from 1 to 1024, got '1.5'");
		assertBad(flow("train", "input=" + few, "model=" + p("x.json"), "marginal=quadratic"), "marginal: 'quadratic' is not one of auto, spline, none");
	}

	/** Columns on a grid are named in the log with their steps, and the model records whether they were spread over their cells. */
	@Test
	void gridColumnsAreNamedAndDequantizingIsRecorded() throws IOException {
		final Path csv = dir.resolve("grid.csv");
		final StringBuilder t = new StringBuilder("count,length,y\n");
		final java.util.Random r = new java.util.Random(3);
		for (int i = 0; i < 60; i++) t.append(r.nextInt(5)).append(',').append(String.format(java.util.Locale.ROOT, "%.1f", 5 + r.nextGaussian())).append(',').append(r.nextGaussian()).append('\n');
		Files.write(csv, t.toString().getBytes(StandardCharsets.UTF_8));
		final Run on = flow("train", "input=" + csv, "model=" + p("on.json"), "epochs=1");
		assertEquals(0, on.status, on.toString());
		assertTrue(on.err.contains("Train: values on a grid, spread over their grid cells while training: count (step 1), length (step 0.1)\n"), on.err);
		assertTrue(ModelFile.read(dir.resolve("on.json")).options().dequantize());
		final Run off = flow("train", "input=" + csv, "model=" + p("off.json"), "epochs=1", "dequantize=false");
		assertEquals(0, off.status, off.toString());
		assertFalse(off.err.contains("on a grid"), off.err);
		assertFalse(ModelFile.read(dir.resolve("off.json")).options().dequantize());
	}

	static void assertBad(final Run r, final String phrase) {
		assertEquals(2, r.status, r.toString());
		assertTrue(r.err.contains(phrase), "'" + phrase + "' not in: " + r.err);
		assertEquals(1, r.err.trim().split("\n").length, "one line: " + r.err);
		assertFalse(r.err.contains("Exception"), r.err);
	}
}
