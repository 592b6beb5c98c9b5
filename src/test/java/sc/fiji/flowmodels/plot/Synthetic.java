package sc.fiji.flowmodels.plot;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;

/** Synthetic inputs for figure tests: latent normals and a known warp of them into "data". */
final class Synthetic {

	final double[][] z; // [d][n]
	final double[] x1;
	final double[] x2;

	/** n latent points in d dimensions and their banana-shaped image in data space. */
	Synthetic(final int n, final int d, final long seed) {
		final Random random = new Random(seed);
		z = new double[d][n];
		for (int i = 0; i < n; i++) {
			for (int k = 0; k < d; k++) z[k][i] = random.nextGaussian();
		}
		x1 = new double[n];
		x2 = new double[n];
		for (int i = 0; i < n; i++) {
			x1[i] = 1.5 * z[0][i] + 3;
			x2[i] = 0.8 * z[1][i] + 0.6 * z[0][i] * z[0][i] - 1;
		}
	}

	double[] radius() {
		final int n = z[0].length;
		final double[] r = new double[n];
		for (int i = 0; i < n; i++) {
			double s = 0;
			for (final double[] column : z) s += column[i] * column[i];
			r[i] = Math.sqrt(s);
		}
		return r;
	}

	/** Indices of the k largest radii, largest first. */
	int[] topK(final int k) {
		final double[] r = radius();
		return IntStream.range(0, r.length).boxed().sorted(Comparator.comparingDouble((Integer i) -> -r[i])).limit(k)
			.mapToInt(Integer::intValue).toArray();
	}

	Points2D data() {
		return new Points2D(x1, x2, "length_um", "intensity");
	}

	Points2D latent() {
		return new Points2D(z[0], z[1], "z1", "z2");
	}

	static int[] copy(final int[] a) {
		return Arrays.copyOf(a, a.length);
	}
}
