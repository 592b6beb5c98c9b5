package sc.fiji.flowmodels.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import sc.fiji.flowmodels.InputException;
import sc.fiji.flowmodels.flow.BatchDensity;

class DatasetsTest {

	private static double mean(final DMatrixRMaj p, final int col) {
		double s = 0;
		for (int i = 0; i < p.numRows; i++)
			s += p.get(i, col);
		return s / p.numRows;
	}

	private static double cov(final DMatrixRMaj p, final int a, final int b) {
		final double ma = mean(p, a);
		final double mb = mean(p, b);
		double s = 0;
		for (int i = 0; i < p.numRows; i++)
			s += (p.get(i, a) - ma) * (p.get(i, b) - mb);
		return s / (p.numRows - 1);
	}

	@Test
	void sameSeedSameData() {
		for (final String name : Datasets.NAMES) {
			final DMatrixRMaj a = Datasets.sample(name, 500, 0.1, 5);
			final DMatrixRMaj b = Datasets.sample(name, 500, 0.1, 5);
			final DMatrixRMaj c = Datasets.sample(name, 500, 0.1, 6);
			assertArrayEquals(a.data, b.data, name);
			assertFalse(Arrays.equals(a.data, c.data), name);
			assertEquals(500, a.numRows);
			assertEquals(2, a.numCols);
		}
	}

	@Test
	void moonsLieOnTheTwoHalfCircles() {
		final int n = 1001;
		final DMatrixRMaj p = Datasets.moons(n, 0, 1);
		int outer = 0;
		int inner = 0;
		for (int i = 0; i < n; i++) {
			final double x = p.get(i, 0);
			final double y = p.get(i, 1);
			if (Math.abs(x * x + y * y - 1) < 1e-12 && y >= -1e-12) outer++;
			else if (Math.abs((x - 1) * (x - 1) + (y - 0.5) * (y - 0.5) - 1) < 1e-12 && y <= 0.5 + 1e-12) inner++;
		}
		assertEquals(500, outer);
		assertEquals(501, inner);
		// symmetric halves: mean x is exactly in the middle
		assertEquals(0.5, mean(Datasets.moons(1000, 0, 1), 0), 1e-12);
		// the rows are shuffled: the first half is not all outer
		double firstHalfY = 0;
		for (int i = 0; i < n / 2; i++)
			firstHalfY += p.get(i, 1);
		assertTrue(firstHalfY / (n / 2) < 0.5);
	}

	@Test
	void moonsNoiseIsGaussianWithTheGivenSd() {
		final int n = 50_000;
		final double noise = 0.1;
		final DMatrixRMaj clean = Datasets.moons(n, 0, 9);
		final DMatrixRMaj noisy = Datasets.moons(n, noise, 9);
		final DMatrixRMaj diff = new DMatrixRMaj(n, 2);
		for (int k = 0; k < 2 * n; k++)
			diff.data[k] = (noisy.data[k] - clean.data[k]) / noise;
		for (int j = 0; j < 2; j++) {
			assertEquals(0, mean(diff, j), 4 / Math.sqrt(n));
			assertEquals(1, Math.sqrt(cov(diff, j, j)), 0.015);
		}
		assertEquals(0, cov(diff, 0, 1), 0.02);
	}

	@Test
	void gmm8Statistics() {
		final int n = 80_000;
		final DMatrixRMaj p = Datasets.gmm8(n, 2);
		final double[] mx = new double[8];
		final double[] my = new double[8];
		Datasets.gmm8Means(mx, my);
		for (int k = 0; k < 8; k++) {
			final double angle = 2 * Math.PI * (k + 1) / 8;
			assertEquals(1.4 * Math.cos(angle), mx[k], 1e-12);
			assertEquals(1.4 * Math.sin(angle), my[k], 1e-12);
		}
		final int[] count = new int[8];
		final double[] sx = new double[8], sy = new double[8], sxx = new double[8], syy = new double[8];
		for (int i = 0; i < n; i++) {
			final double x = p.get(i, 0);
			final double y = p.get(i, 1);
			int best = 0;
			for (int k = 1; k < 8; k++)
				if (Math.hypot(x - mx[k], y - my[k]) < Math.hypot(x - mx[best], y - my[best])) best = k;
			count[best]++;
			sx[best] += x - mx[best];
			sy[best] += y - my[best];
			sxx[best] += (x - mx[best]) * (x - mx[best]);
			syy[best] += (y - my[best]) * (y - my[best]);
		}
		final double pSd = Math.sqrt(1.0 / 8 * 7 / 8 / n);
		for (int k = 0; k < 8; k++) {
			assertEquals(1.0 / 8, count[k] / (double) n, 4 * pSd, "component " + k);
			assertEquals(0, sx[k] / count[k], 0.005);
			assertEquals(0, sy[k] / count[k], 0.005);
			assertEquals(0.1, Math.sqrt(sxx[k] / count[k]), 0.004);
			assertEquals(0.1, Math.sqrt(syy[k] / count[k]), 0.004);
		}
	}

	@Test
	void mvnStatistics() {
		final int n = 100_000;
		final DMatrixRMaj p = Datasets.mvn(n, 3);
		final double tol = 4 / Math.sqrt(n);
		assertEquals(Datasets.MVN_MEAN_X, mean(p, 0), tol * Datasets.MVN_SD_X);
		assertEquals(Datasets.MVN_MEAN_Y, mean(p, 1), tol * Datasets.MVN_SD_Y);
		final double sx = Math.sqrt(cov(p, 0, 0));
		final double sy = Math.sqrt(cov(p, 1, 1));
		assertEquals(Datasets.MVN_SD_X, sx, 0.015);
		assertEquals(Datasets.MVN_SD_Y, sy, 0.015);
		assertEquals(Datasets.MVN_CORRELATION, cov(p, 0, 1) / (sx * sy), 0.005);
	}

	/** Midpoint rule on a grid wide enough that the mass outside is negligible. */
	private static double integrate(final BatchDensity density, final double x0, final double x1, final double y0,
		final double y1, final double step)
	{
		final int nx = (int) Math.round((x1 - x0) / step);
		final int ny = (int) Math.round((y1 - y0) / step);
		final DMatrixRMaj row = new DMatrixRMaj(nx, 2);
		final double[] log = new double[nx];
		double sum = 0;
		for (int j = 0; j < ny; j++) {
			for (int i = 0; i < nx; i++) {
				row.set(i, 0, x0 + (i + 0.5) * step);
				row.set(i, 1, y0 + (j + 0.5) * step);
			}
			density.logDensity(row, log);
			for (int i = 0; i < nx; i++)
				sum += Math.exp(log[i]);
		}
		return sum * step * step;
	}

	@Test
	void densitiesIntegrateToOne() {
		assertEquals(1, integrate(Datasets.density("gmm8"), -2.2, 2.2, -2.2, 2.2, 0.01), 1e-3);
		assertEquals(1, integrate(Datasets.density("mvn"), -7, 9, -6, 10, 0.02), 1e-3);
	}

	@Test
	void densitiesMatchTheSamplers() {
		// E[log p(X)] = -entropy; for the Gaussian it is -log(2 pi) - log(sx sy) - log(1 - rho^2)/2 - 1
		final double rho = Datasets.MVN_CORRELATION;
		final double mvnExpected = -Math.log(2 * Math.PI) - Math.log(Datasets.MVN_SD_X * Datasets.MVN_SD_Y) - 0.5 * Math
			.log(1 - rho * rho) - 1;
		assertEquals(mvnExpected, meanLogDensity("mvn", 100_000), 0.01);
		// the 8 components barely overlap: -log 8 - log(2 pi sd^2) - 1
		final double gmmExpected = -Math.log(8) - Math.log(2 * Math.PI * 0.01) - 1;
		assertEquals(gmmExpected, meanLogDensity("gmm8", 100_000), 0.01);
		assertEquals(Datasets.gmm8LogDensity(0.3, -0.7), logDensity("gmm8", 0.3, -0.7), 1e-15);
		assertEquals(Datasets.mvnLogDensity(0.3, -0.7), logDensity("mvn", 0.3, -0.7), 1e-15);
		assertEquals(Double.NEGATIVE_INFINITY, Datasets.gmm8LogDensity(1e200, 0));
	}

	private static double meanLogDensity(final String name, final int n) {
		final DMatrixRMaj p = Datasets.sample(name, n, 0, 4);
		final double[] log = new double[n];
		Datasets.density(name).logDensity(p, log);
		double s = 0;
		for (final double v : log)
			s += v;
		return s / n;
	}

	private static double logDensity(final String name, final double x, final double y) {
		final double[] log = new double[1];
		Datasets.density(name).logDensity(new DMatrixRMaj(new double[][] { { x, y } }), log);
		return log[0];
	}

	@Test
	void lookupAndValidation() {
		assertEquals("gmm8", Datasets.checkName(" GMM8 "));
		assertEquals("dataset \"spiral\" is unknown; choose one of: moons, gmm8, mvn", assertThrows(
			InputException.class, () -> Datasets.sample("spiral", 10, 0.1, 1)).getMessage());
		assertEquals("samples must be at least 1 (got 0)", assertThrows(InputException.class, () -> Datasets.sample(
			"moons", 0, 0.1, 1)).getMessage());
		assertEquals("noise must be a number of 0 or more (got -0.1)", assertThrows(InputException.class,
			() -> Datasets.sample("moons", 10, -0.1, 1)).getMessage());
		assertThrows(InputException.class, () -> Datasets.sample("moons", 10, Double.NaN, 1));
		assertEquals("dataset moons has no closed-form density; choose gmm8 or mvn", assertThrows(
			InputException.class, () -> Datasets.density("moons")).getMessage());
		assertTrue(Datasets.hasDensity("mvn"));
		assertFalse(Datasets.hasDensity("moons"));
		final DataTable t = Datasets.sampleTable("mvn", 3, 0, 1);
		assertEquals(Arrays.asList("x", "y"), t.names());
		assertEquals(3, t.rowCount());
		assertEquals(Datasets.mvn(3, 1).get(2, 1), t.numeric(1)[2]);
		assertEquals(1, Datasets.moons(1, 0.1, 1).numRows);
	}
}
