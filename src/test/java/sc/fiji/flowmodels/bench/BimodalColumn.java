package sc.fiji.flowmodels.bench;

import java.util.Arrays;
import java.util.Collections;
import java.util.Locale;
import java.util.Random;

import org.ejml.data.DMatrixRMaj;

import sc.fiji.flowmodels.analysis.SpecialFunctions;
import sc.fiji.flowmodels.flow.Architecture;
import sc.fiji.flowmodels.flow.ElementwiseMap;
import sc.fiji.flowmodels.train.FlowModel;
import sc.fiji.flowmodels.train.Trainer;
import sc.fiji.flowmodels.train.TrainingOptions;

/**
 * How well a flow fits one bimodal column (D = 1): an equal mixture of Gamma(2, scale 1) and
 * Gamma(20, scale 0.4) (modes at 1 and 7.6, a valley near 4), KL(p‖q) on held-out samples with
 * the exact density, as {@link Gmm8Quality} does for gmm8. Not a test; run with
 * {@code bench/java.sh BimodalColumn coupling=spline seeds=1,2,3,4,5,6}.
 * <p>
 * Arguments: {@code samples=4000 seeds=1,2,3 test=100000 epochs=100 couplings=8 hidden=8} and
 * {@code coupling}, {@code bins}, {@code tail}, {@code clamp} as the Train keys. For D = 1 the
 * couplings' networks have no inputs, so their hidden layers only cost time: 8 units.
 */
public final class BimodalColumn {

	private BimodalColumn() {}

	/** Equal mixture of Gamma(2, 1) and Gamma(20, 0.4), as sums of exponentials. */
	static DMatrixRMaj sample(final int n, final long seed) {
		final Random r = new Random(seed);
		final DMatrixRMaj x = new DMatrixRMaj(n, 1);
		for (int i = 0; i < n; i++) {
			final boolean first = r.nextBoolean();
			final int shape = first ? 2 : 20;
			final double scale = first ? 1 : 0.4;
			double v = 0;
			for (int k = 0; k < shape; k++) v -= scale * Math.log(1 - r.nextDouble());
			x.set(i, 0, v);
		}
		return x;
	}

	static double logDensity(final double x) {
		return Math.log(0.5 * Math.exp(logGamma(x, 2, 1)) + 0.5 * Math.exp(logGamma(x, 20, 0.4)));
	}

	private static double logGamma(final double x, final double shape, final double scale) {
		return (shape - 1) * Math.log(x) - x / scale - shape * Math.log(scale) - SpecialFunctions.logGamma(shape);
	}

	public static void main(final String[] args) {
		final Gmm8Quality.Args a = new Gmm8Quality.Args(args);
		final int samples = a.integer("samples", 4000);
		final int test = a.integer("test", 100000);
		final int couplings = a.integer("couplings", 8);
		final int[] hidden = a.ints("hidden", "8");
		final int[] seeds = a.ints("seeds", "1,2,3");
		final ElementwiseMap map = a.map();
		System.out.println(String.format(Locale.ROOT, "bimodal column: %d training samples, %d held-out samples, %d couplings of %s, %s", samples, test, couplings, Arrays.toString(hidden), map.describe()));
		final double[] kls = new double[seeds.length];
		for (int s = 0; s < seeds.length; s++) {
			final long seed = seeds[s];
			final TrainingOptions o = new TrainingOptions().seed(seed).epochs(a.integer("epochs", 100));
			final long t0 = System.nanoTime();
			final FlowModel m = Trainer.train(sample(samples, seed), Collections.singletonList("v"), new Architecture(1, hidden, couplings, map, Architecture.PermutationKind.REVERSE), o, null);
			final double seconds = (System.nanoTime() - t0) / 1e9;
			final DMatrixRMaj x = sample(test, 1_000_003L + seed);
			final double[] logQ = m.flow().logProb(x);
			double kl = 0;
			for (int i = 0; i < test; i++) kl += logDensity(x.get(i, 0)) - logQ[i];
			kls[s] = kl / test;
			System.out.println(String.format(Locale.ROOT, "seed %d: KL %.4f nats; %.1f s; %s", seed, kls[s], seconds, m.history().message()));
		}
		Arrays.sort(kls);
		System.out.println(String.format(Locale.ROOT, "KL(p||q) over seeds: median %.4f, min %.4f, max %.4f nats", Gmm8Quality.median(kls), kls[0], kls[kls.length - 1]));
	}
}
