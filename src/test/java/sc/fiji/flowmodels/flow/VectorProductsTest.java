package sc.fiji.flowmodels.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
 * The Vector API kernels of training and inference (used when the JVM has {@code jdk.incubator.vector}; the
 * build's tests run with it on Java 17+): they load, agree with the portable loops to rounding,
 * give a row the same result however rows are grouped, and train the same model whatever the
 * vector width or the number of threads.
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

	/**
	 * The three products of a layer (forward with LeakyReLU, gradient to the input times the
	 * derivative, weight gradient) on shapes around every block boundary: four-row tiles and
	 * single rows, three-vector blocks, single vectors, an overlapping last vector, narrow layers
	 * (dot products), in both precisions.
	 */
	@Test
	void agreeWithThePortableLoops() {
		assumeTrue(VectorProducts.enabled());
		final Random r = new Random(3);
		for (final int rows : new int[] { 1, 3, 4, 7, 13, 64 }) {
			for (final int k : new int[] { 1, 2, 7, 8, 31, 256 }) {
				for (final int m : new int[] { 1, 4, 7, 8, 9, 30, 33, 65, 100, 256 }) {
					new Layer(r, rows, k, m).check();
				}
			}
		}
	}

	/** A k → m layer on random numbers: each product by the vector kernels and by the portable loops. */
	private static final class Layer {

		final int rows, k, m;
		final boolean narrow;
		final double[][] a, w, wT, dc;
		final double[] bias;

		Layer(final Random r, final int rows, final int k, final int m) {
			this.rows = rows;
			this.k = k;
			this.m = m;
			narrow = m < Kernels.NARROW;
			a = TestFlows.randomRows(rows, k, r, 1);
			w = TestFlows.randomRows(k, m, r, 1);
			dc = TestFlows.randomRows(rows, m, r, 1);
			bias = TestFlows.randomRows(1, m, r, 1)[0];
			wT = new double[m][k];
			Kernels.transpose(w, k, m, wT);
		}

		void check() {
			final String shape = rows + "x" + k + " by " + k + "x" + m;
			for (final boolean leaky : new boolean[] { false, true }) {
				final double[][] c = new double[rows][m], ref = new double[rows][m];
				final float[][] cf = new float[rows][m], refF = new float[rows][m];
				Kernels.affine(rows, a, k, w, wT, bias, c, m, leaky, VectorProducts.WIDE);
				Kernels.affine(rows, a, k, w, wT, bias, ref, m, leaky, null);
				KernelsF.affine(rows, toFloat(a), k, toFloat(w), toFloat(wT), toFloat(bias), cf, m, leaky, VectorProducts.WIDE);
				KernelsF.affine(rows, toFloat(a), k, toFloat(w), toFloat(wT), toFloat(bias), refF, m, leaky, null);
				// rounding of k + 1 terms, each at most |a||w|, in either order
				compare(c, ref, cf, refF, rows, m, (i, j) -> {
					double size = Math.abs(bias[j]);
					for (int p = 0; p < k; p++) size += Math.abs(a[i][p] * w[p][j]);
					return (k + 1) * size;
				}, "forward " + shape + (leaky ? ", LeakyReLU" : ""));
			}
			for (final double[][] mask : new double[][][] { null, a }) {
				final double[][] c = new double[rows][k], ref = new double[rows][k];
				final float[][] cf = new float[rows][k], refF = new float[rows][k];
				final float[][] maskF = mask == null ? null : toFloat(mask);
				Kernels.backInput(rows, dc, m, w, wT, c, k, mask, VectorProducts.WIDE);
				Kernels.backInput(rows, dc, m, w, wT, ref, k, mask, null);
				KernelsF.backInput(rows, toFloat(dc), m, toFloat(w), toFloat(wT), cf, k, maskF, VectorProducts.WIDE);
				KernelsF.backInput(rows, toFloat(dc), m, toFloat(w), toFloat(wT), refF, k, maskF, null);
				compare(c, ref, cf, refF, rows, k, (i, p) -> {
					double size = 0;
					for (int j = 0; j < m; j++) size += Math.abs(dc[i][j] * w[p][j]);
					return m * size;
				}, "input gradient " + shape + (mask != null ? ", LeakyReLU" : ""));
			}
			final int gr = narrow ? m : k, gc = narrow ? k : m;
			final double[][] g = new double[gr][gc], ref = new double[gr][gc];
			final float[][] gf = new float[gr][gc], refF = new float[gr][gc];
			final int widest = Math.max(k, m);
			Kernels.backWeights(rows, a, k, dc, m, g, narrow, new double[m], VectorProducts.WIDE, new double[widest][rows]);
			Kernels.backWeights(rows, a, k, dc, m, ref, narrow, new double[m], null, null);
			KernelsF.backWeights(rows, toFloat(a), k, toFloat(dc), m, gf, narrow, new float[m], VectorProducts.WIDE, new float[widest][rows]);
			KernelsF.backWeights(rows, toFloat(a), k, toFloat(dc), m, refF, narrow, new float[m], null, null);
			compare(g, ref, gf, refF, gr, gc, (u, v) -> {
				final int p = narrow ? v : u, j = narrow ? u : v;
				double size = 0;
				for (int i = 0; i < rows; i++) size += Math.abs(a[i][p] * dc[i][j]);
				return rows * size;
			}, "weight gradient " + shape);
		}

		/** Two roundings per term at most, each within the number of terms times the sum of their sizes. */
		private static void compare(final double[][] c, final double[][] ref, final float[][] cf, final float[][] refF,
			final int rows, final int cols, final Bound bound, final String what)
		{
			for (int i = 0; i < rows; i++) {
				for (int j = 0; j < cols; j++) {
					final double b = 2 * bound.at(i, j);
					assertTrue(Math.abs(c[i][j] - ref[i][j]) <= 0x1p-53 * b, what + " at " + i + "," + j + ": " + c[i][j] + " vs " + ref[i][j]);
					assertTrue(Math.abs(cf[i][j] - refF[i][j]) <= 0x1p-24 * b, what + " (float) at " + i + "," + j + ": " + cf[i][j] + " vs " + refF[i][j]);
				}
			}
		}
	}

	private interface Bound {

		double at(int i, int j);
	}

	@Test
	void aRowsResultDoesNotDependOnItsNeighbours() {
		assumeTrue(VectorProducts.enabled());
		final Flow flow = TestFlows.random(3, new int[] { 70, 130 }, 2, 5, Architecture.PermutationKind.REVERSE, 0.1);
		final double[][] x = TestFlows.randomRows(67, 3, new Random(6), 1);
		for (final Precision p : Precision.values()) {
			final FlowResult all = flow.encode(new DMatrixRMaj(x), Compute.of(p));
			for (int i = 0; i < x.length; i++) {
				final FlowResult one = flow.encode(new DMatrixRMaj(new double[][] { x[i] }), Compute.of(p));
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
		final Flow.Evaluator portable = flow.evaluator(n, Precision.DOUBLE, false);
		final double[] logPx = new double[n];
		for (int i = 0; i < n; i++) System.arraycopy(x[i], 0, portable.rows()[i], 0, 4);
		portable.encode(n, null, null, logPx, 0);
		for (int i = 0; i < n; i++) {
			assertEquals(logPx[i], fast.logPx[i], 1e-12 * (1 + Math.abs(logPx[i])), "row " + i);
			for (int j = 0; j < 4; j++) assertEquals(portable.rows()[i][j], fast.points.get(i, j), 1e-12);
		}
	}

	/**
	 * A trained model depends on whether the vector kernels run, and on nothing else of the JVM:
	 * trained here (kernels at the machine's width, all threads), with 128-bit vectors and one
	 * thread, it is the same byte for byte; with the kernels switched off it is another model.
	 */
	@Test
	void trainedModelsDependOnTheKernelsAloneNotOnWidthOrThreads() throws Exception {
		assumeTrue(VectorProducts.enabled());
		final Path data = dir.resolve("d.csv");
		assertEquals(0, Main.run(new String[] { "sample", "dataset=moons", "samples=400", "output=" + data }, System.out, System.err));
		final String[] train = { "train", "input=" + data, "hidden=40,40", "couplings=3", "epochs=4", "batch=64" };
		final Path here = dir.resolve("here.json"), narrow = dir.resolve("narrow.json"), portable = dir.resolve("portable.json");
		assertEquals(0, Main.run(concat(train, "model=" + here), System.out, System.err));
		// one processor: the training options' default thread count follows it
		trainElsewhere(concat(train, "model=" + narrow), "-Dflow.vector.bits=128", "-XX:ActiveProcessorCount=1");
		trainElsewhere(concat(train, "model=" + portable), "-Dflow.vector=false");
		final String model = weightsAndHistory(here);
		assertTrue(model.contains("\"weights\""), model);
		assertEquals(model, weightsAndHistory(narrow));
		assertNotEquals(model, weightsAndHistory(portable));
	}

	private void trainElsewhere(final String[] args, final String... jvmOptions) throws Exception {
		final List<String> cmd = new ArrayList<>(Arrays.asList(new File(System.getProperty("java.home"), "bin/java").getPath(),
			"--add-modules", "jdk.incubator.vector"));
		cmd.addAll(Arrays.asList(jvmOptions));
		cmd.addAll(Arrays.asList("-cp", System.getProperty("java.class.path"), Main.class.getName()));
		cmd.addAll(Arrays.asList(args));
		final Path log = dir.resolve("log.txt");
		final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		assertTrue(p.waitFor(120, TimeUnit.SECONDS));
		assertEquals(0, p.exitValue(), new String(Files.readAllBytes(log), "UTF-8"));
	}

	/** The model file without the wall-clock seconds of each epoch. */
	private static String weightsAndHistory(final Path model) throws Exception {
		return new String(Files.readAllBytes(model), "UTF-8").replaceAll("\"seconds\": [0-9.eE-]+", "");
	}

	private static String[] concat(final String[] a, final String b) {
		final String[] c = Arrays.copyOf(a, a.length + 1);
		c[a.length] = b;
		return c;
	}

	private static float[] toFloat(final double[] x) {
		return toFloat(new double[][] { x })[0];
	}

	private static float[][] toFloat(final double[][] x) {
		return VectorProducts.toFloat(x);
	}
}
