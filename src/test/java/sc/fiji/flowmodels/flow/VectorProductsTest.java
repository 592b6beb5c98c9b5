package sc.fiji.flowmodels.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.flowmodels.cli.Main;

/**
 * The Vector API kernels of inference (used when the JVM has {@code jdk.incubator.vector}; the
 * build's tests run with it on Java 17+): they load, agree with the portable loops to rounding,
 * give a row the same result however rows are grouped, and leave training untouched.
 */
class VectorProductsTest {

	@TempDir
	Path dir;

	private static boolean moduleResolvable() {
		try {
			Class.forName("jdk.incubator.vector.DoubleVector");
			return true;
		}
		catch (final ClassNotFoundException | LinkageError e) {
			return false;
		}
	}

	@Test
	void loadWhereverTheModuleIs() {
		assumeTrue(!"false".equals(System.getProperty("flow.vector")));
		assertEquals(moduleResolvable(), VectorProducts.enabled(), VectorProducts.describe());
	}

	/** Shapes around every block boundary: six-row tiles, whole and partial vectors, tails. */
	@Test
	void agreeWithThePortableLoops() {
		assumeTrue(VectorProducts.enabled());
		final Random r = new Random(3);
		for (final int rows : new int[] { 1, 5, 6, 7, 13, 60 }) {
			for (final int k : new int[] { 1, 2, 31, 256 }) {
				for (final int m : new int[] { 8, 9, 31, 32, 33, 64, 65, 100, 129, 256 }) {
					final double[][] a = TestFlows.randomRows(rows, k, r, 1), w = TestFlows.randomRows(k, m, r, 1);
					final double[] bias = TestFlows.randomRows(1, m, r, 1)[0], flat = new double[k * m];
					final double[][] wT = new double[m][k];
					final float[][] af = toFloat(a), wf = toFloat(w), wTf = new float[m][k];
					final float[] biasF = toFloat(new double[][] { bias })[0], flatF = new float[k * m];
					for (int p = 0; p < k; p++) {
						for (int j = 0; j < m; j++) {
							flat[p * m + j] = wT[j][p] = w[p][j];
							flatF[p * m + j] = wTf[j][p] = wf[p][j];
						}
					}
					for (final boolean leaky : new boolean[] { false, true }) {
						final double[][] c = new double[rows][m], ref = new double[rows][m];
						final float[][] cf = new float[rows][m], refF = new float[rows][m];
						VectorProducts.WIDE.affine(rows, a, k, flat, bias, c, m, leaky);
						Kernels.affine(rows, a, k, w, wT, bias, ref, m, leaky);
						VectorProducts.WIDE.affine(rows, af, k, flatF, biasF, cf, m, leaky);
						KernelsF.affine(rows, af, k, wf, wTf, biasF, refF, m, leaky);
						for (int i = 0; i < rows; i++) {
							for (int j = 0; j < m; j++) {
								// rounding of k + 1 terms, each at most |a||w|, in either order
								double size = Math.abs(bias[j]);
								for (int p = 0; p < k; p++) size += Math.abs(a[i][p] * w[p][j]);
								final String where = rows + "x" + k + " by " + k + "x" + m + " at " + i + "," + j;
								assertTrue(Math.abs(c[i][j] - ref[i][j]) <= 2 * (k + 1) * 0x1p-53 * size, where);
								assertTrue(Math.abs(cf[i][j] - refF[i][j]) <= 2 * (k + 1) * 0x1p-24 * size, where);
							}
						}
					}
				}
			}
		}
	}

	@Test
	void aRowsResultDoesNotDependOnItsNeighbours() {
		assumeTrue(VectorProducts.enabled());
		final Flow flow = TestFlows.random(3, new int[] { 70, 130 }, 2, 5, Architecture.PermutationKind.REVERSE, 0.1);
		final double[][] x = TestFlows.randomRows(67, 3, new Random(6), 1);
		for (final Precision p : Precision.values()) {
			final FlowResult all = flow.encode(new DMatrixRMaj(x), p);
			for (int i = 0; i < x.length; i++) {
				final FlowResult one = flow.encode(new DMatrixRMaj(new double[][] { x[i] }), p);
				assertEquals(all.logPx[i], one.logPx[0], 0.0, "row " + i);
				for (int j = 0; j < 3; j++) assertEquals(all.points.get(i, j), one.points.get(0, j), 0.0);
			}
		}
	}

	/** Encode on the vector kernels against an evaluator that keeps the portable arithmetic. */
	@org.junit.jupiter.params.ParameterizedTest(name = "{0}")
	@org.junit.jupiter.params.provider.MethodSource("sc.fiji.flowmodels.flow.TestFlows#maps")
	void encodeAgreesWithThePortableArithmeticToRounding(final ElementwiseMap map) {
		final Flow flow = TestFlows.random(4, new int[] { 256, 256 }, 4, 7, Architecture.PermutationKind.RANDOM, 0.05, map);
		final int n = 300;
		final double[][] x = TestFlows.randomRows(n, 4, new Random(8), 1.5);
		final FlowResult fast = flow.encode(new DMatrixRMaj(x));
		final Flow.Evaluator portable = flow.evaluator(n, false);
		final double[] logPx = new double[n];
		for (int i = 0; i < n; i++) System.arraycopy(x[i], 0, portable.rows()[i], 0, 4);
		portable.encode(n, null, null, logPx, 0);
		for (int i = 0; i < n; i++) {
			assertEquals(logPx[i], fast.logPx[i], 1e-12 * (1 + Math.abs(logPx[i])), "row " + i);
			for (int j = 0; j < 4; j++) assertEquals(portable.rows()[i][j], fast.points.get(i, j), 1e-12);
		}
	}

	/**
	 * Training never uses the vector kernels: the model trained here (module present) is byte for
	 * byte the one a JVM with them switched off trains.
	 */
	@Test
	void trainingIsTheSameWithAndWithoutThem() throws Exception {
		final Path data = dir.resolve("d.csv");
		assertEquals(0, Main.run(new String[] { "sample", "dataset=moons", "samples=400", "output=" + data }, System.out, System.err));
		final String[] train = { "train", "input=" + data, "hidden=40,40", "couplings=3", "epochs=4", "batch=64" };
		final Path here = dir.resolve("here.json"), there = dir.resolve("there.json");
		assertEquals(0, Main.run(concat(train, "model=" + here), System.out, System.err));
		final List<String> cmd = new ArrayList<>(Arrays.asList(new File(System.getProperty("java.home"), "bin/java").getPath(),
			"-Dflow.vector=false", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
		cmd.addAll(Arrays.asList(concat(train, "model=" + there)));
		final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("log.txt").toFile()).start();
		assertTrue(p.waitFor(120, TimeUnit.SECONDS));
		assertEquals(0, p.exitValue(), new String(Files.readAllBytes(dir.resolve("log.txt")), "UTF-8"));
		// everything but the wall-clock seconds of each epoch
		final String a = new String(Files.readAllBytes(there), "UTF-8").replaceAll("\"seconds\": [0-9.eE-]+", "");
		final String b = new String(Files.readAllBytes(here), "UTF-8").replaceAll("\"seconds\": [0-9.eE-]+", "");
		assertTrue(a.contains("\"weights\""), a);
		assertEquals(a, b);
	}

	private static String[] concat(final String[] a, final String b) {
		final String[] c = Arrays.copyOf(a, a.length + 1);
		c[a.length] = b;
		return c;
	}

	private static float[][] toFloat(final double[][] x) {
		final float[][] f = new float[x.length][];
		for (int i = 0; i < x.length; i++) {
			f[i] = new float[x[i].length];
			for (int j = 0; j < f[i].length; j++) f[i][j] = (float) x[i][j];
		}
		return f;
	}
}
