package sc.fiji.flowmodels.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

import org.ejml.data.DMatrixRMaj;

import sc.fiji.flowmodels.commands.TrainCommand;
import sc.fiji.flowmodels.flow.Architecture;
import sc.fiji.flowmodels.train.AutoSize;
import sc.fiji.flowmodels.train.FlowModel;
import sc.fiji.flowmodels.train.Trainer;
import sc.fiji.flowmodels.train.TrainingOptions;

/**
 * How high a flow's density spikes on the grid of a count column, with and without
 * dequantization ({@code TrainingOptions.dequantize}): a table of a Poisson count (mean
 * {@code mean}) and a continuous column that depends on it, {@code rows} rows, the Train
 * defaults (auto sizes); the spike is the mean over the rows of log p(row) − log p(row with
 * the count moved half a step), in nats (0: no spikes; a smooth density of a count column is
 * about as high between the counts as on them); and how many of the 10 rows truly least likely
 * (Poisson probability of the count times the normal density of the other column) are among
 * the flow's 10 lowest log p_X.
 * <p>
 * Arguments: {@code rows=150,1000 seeds=1,2,3 mean=2}, and {@code hidden=64,64 couplings=4
 * epochs=40} instead of the auto sizes and the default epochs.
 */
public final class GridSpikes {

	private GridSpikes() {}

	public static void main(final String[] args) {
		final Gmm8Quality.Args a = new Gmm8Quality.Args(args);
		final double mean = a.number("mean", 2);
		for (final int rows : a.ints("rows", "150,1000")) {
			for (final boolean dequantize : new boolean[] { false, true }) {
				final StringBuilder spikes = new StringBuilder(), found = new StringBuilder();
				for (final int s : a.ints("seeds", "1,2,3")) {
					final double[] r = spike(rows, mean, s, dequantize, a);
					spikes.append(String.format(Locale.ROOT, " %.2f", r[0]));
					found.append(String.format(Locale.ROOT, " %.0f", r[1]));
				}
				System.out.println(String.format(Locale.ROOT, "rows %d dequantize %s: spike (nats)%s; of the true 10 least likely rows found:%s", rows, dequantize, spikes, found));
			}
		}
	}

	/** {spike in nats, true least likely rows among the flow's 10 least likely} */
	private static double[] spike(final int n, final double mean, final long seed, final boolean dequantize, final Gmm8Quality.Args a) {
		final Random r = new Random(seed);
		final DMatrixRMaj x = new DMatrixRMaj(n, 2), shifted = new DMatrixRMaj(n, 2);
		final double[] truth = new double[n];
		for (int i = 0; i < n; i++) {
			int k = 0;
			double p = Math.exp(-mean);
			for (double u = r.nextDouble(), c = p; u > c; c += p) p *= mean / ++k;
			final double e = r.nextGaussian(), y = k + e;
			truth[i] = Math.log(p) - 0.5 * e * e;
			x.set(i, 0, k);
			x.set(i, 1, y);
			shifted.set(i, 0, k + 0.5);
			shifted.set(i, 1, y);
		}
		final boolean auto = a.text("hidden", "").isEmpty();
		final Architecture arch = new Architecture(2, auto ? AutoSize.hidden(n, 2) : a.ints("hidden", ""), auto ? AutoSize.couplings(n, 2) : a.integer("couplings", 4),
			a.map(), Architecture.PermutationKind.REVERSE, auto && AutoSize.columnShapes(n, 2) ? TrainCommand.COLUMN_SHAPES : null);
		final TrainingOptions o = new TrainingOptions().seed(seed).dequantize(dequantize).epochs(a.integer("epochs", new TrainingOptions().epochs()));
		final FlowModel m = Trainer.train(x, Arrays.asList("count", "y"), arch, o, null);
		final double[] on = m.flow().encode(x).logPx, off = m.flow().encode(shifted).logPx;
		double s = 0;
		for (int i = 0; i < n; i++) s += on[i] - off[i];
		return new double[] { s / n, common(lowest(truth, 10), lowest(on, 10)) };
	}

	private static int[] lowest(final double[] v, final int k) {
		return java.util.stream.IntStream.range(0, v.length).boxed().sorted((p, q) -> Double.compare(v[p], v[q])).limit(k).mapToInt(Integer::intValue).toArray();
	}

	private static int common(final int[] a, final int[] b) {
		int c = 0;
		for (final int v : a) for (final int w : b) if (v == w) c++;
		return c;
	}
}
