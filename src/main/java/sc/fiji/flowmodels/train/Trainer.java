package sc.fiji.flowmodels.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.ejml.data.DMatrixRMaj;

import sc.fiji.flowmodels.InputException;
import sc.fiji.flowmodels.flow.Architecture;
import sc.fiji.flowmodels.flow.Batches;
import sc.fiji.flowmodels.flow.Coupling;
import sc.fiji.flowmodels.flow.Flow;
import sc.fiji.flowmodels.flow.Parallel;
import sc.fiji.flowmodels.flow.StandardNormal;
import sc.fiji.flowmodels.flow.Standardize;
import sc.fiji.flowmodels.flow.Transform;
import sc.fiji.flowmodels.train.TrainingHistory.StopReason;

/**
 * Maximum-likelihood training of a flow: minimizes the mean negative log-likelihood
 * {@code −log p_X(x)} of minibatches with Adam, back-propagating by hand through every layer.
 * <p>
 * Reproducible: the same data, options and seed give the same model bit for bit, whatever the
 * number of threads. Each minibatch is cut into shards of a size fixed by the batch size; each
 * shard's gradient is computed on its own (in parallel) and the shards are summed in order.
 * The products run on the {@link sc.fiji.flowmodels.flow.VectorProducts} kernels where the JVM
 * has them, which round differently from the portable loops: a model trained with them is
 * another, equally valid model than one trained without (and the same on every machine with
 * them, whatever its vector width).
 * <p>
 * The data split, shuffling and initialization all come from {@code seed}. Standardization is
 * fitted on the training rows only.
 */
public final class Trainer {

	private final double[][] train;
	private final double[][] validation;
	private final Flow flow;
	private final TrainingOptions options;
	private final TrainingListener listener;
	private final Random random;

	private final Transform chain;
	private final List<double[]> params;
	private final boolean[] regularized;
	/** Ranges of parameter arrays that belong to one transform: the units of parallel updates. */
	private final int[][] units;
	private final int shardSize;
	private final Transform.Evaluator[] shards;
	private final double[][][] shardRows;
	private final double[] shardLoss;
	private final double[][] shardLogDet;
	private final List<Transform> parts;
	/** each unit's multiple of the learning rate (the column shapes learn faster, see TrainingOptions) */
	private final double[] unitRate;
	private final double[] unitNorm;
	private final Adam adam;
	/** the moving average of the weights (null without averaging) and room to park the live ones */
	private final double[][] average, live;
	private long steps;
	/** per-column noise scale in data units, grid steps (0: not on a grid, or not dequantized), the noise of the current minibatch, and its source */
	private final double[] noiseScale, grid;
	private final double[][] noise;
	private final Random noiseRandom;

	private Trainer(final double[][] train, final double[][] validation, final Flow flow,
		final TrainingOptions options, final double[] grid, final TrainingListener listener, final Random random)
	{
		this.train = train;
		this.validation = validation;
		this.flow = flow;
		this.options = options;
		this.listener = listener;
		this.random = random;
		chain = flow.transform();
		params = chain.parameters();
		regularized = chain.regularized();
		units = units(chain);
		unitNorm = new double[units.length];
		shardSize = shardSize(options.batch());
		final int maxShards = (Math.min(options.batch(), train.length) + shardSize - 1) / shardSize;
		shards = new Transform.Evaluator[maxShards];
		shardRows = new double[maxShards][][];
		shardLoss = new double[maxShards];
		shardLogDet = new double[maxShards][shardSize];
		parts = partsWithParameters(chain);
		unitRate = new double[parts.size()];
		for (int u = 0; u < unitRate.length; u++) unitRate[u] = parts.get(u) == flow.marginal() ? options.marginalRate() : 1;
		for (int s = 0; s < maxShards; s++) {
			shards[s] = chain.evaluator(shardSize, options.precision(), true);
			shardRows[s] = new double[shardSize][flow.dimension()];
		}
		adam = new Adam(params);
		average = options.averaging() > 0 ? snapshot(null) : null;
		live = options.averaging() > 0 ? snapshot(null) : null;
		noiseScale = flow.standardization().std().clone();
		for (int j = 0; j < noiseScale.length; j++) noiseScale[j] *= options.noise();
		this.grid = grid;
		noise = options.noise() > 0 || hasGrid(grid) ? new double[Math.min(options.batch(), train.length)][flow.dimension()] : null;
		noiseRandom = new Random(mix(options.seed() ^ 0x6E6F697365L));
	}

	private static boolean hasGrid(final double[] grid) {
		for (final double g : grid) if (g > 0) return true;
		return false;
	}

	/** Rows of {@code n} held out for validation: the fraction, at least one when it is not 0. */
	private static int validationRows(final int n, final TrainingOptions options) {
		final int nVal = (int) Math.round(n * options.validation());
		return options.validation() > 0 && nVal == 0 ? 1 : nVal;
	}

	/**
	 * Refuses a validation fraction that leaves fewer than 2 of {@code n} rows to train on
	 * (callers check it before any work; one row would read as a constant column).
	 *
	 * @param source the table, named at the start of the message (blank: none)
	 */
	public static void requireSplit(final String source, final int n, final TrainingOptions options) {
		final int nVal = validationRows(n, options);
		if (n - nVal < 2) {
			throw new InputException((source.isEmpty() ? "" : source + ": ") + "validation=" + options.validation() + " holds out " + nVal + " of the " + n + " rows and leaves " + (n - nVal) + " to train on; training needs at least 2 (lower validation, or use more rows)");
		}
	}

	/**
	 * Trains a new flow on the rows of {@code data} (one point per row, columns named by
	 * {@code columns}).
	 *
	 * @throws InputException when the data cannot be trained on (too few rows, a constant column)
	 */
	public static FlowModel train(final DMatrixRMaj data, final List<String> columns,
		final Architecture architecture, final TrainingOptions options,
		final TrainingListener listener)
	{
		return train(data, columns, architecture, options, gridSteps(data, options), listener);
	}

	/**
	 * The grid step of each column of {@code data} that training spreads its values over (see
	 * {@link ColumnGrid}): 0 for a column not on a grid, and for all when the options do not
	 * dequantize.
	 */
	public static double[] gridSteps(final DMatrixRMaj data, final TrainingOptions options) {
		return options.dequantize() ? ColumnGrid.steps(data) : new double[data.numCols];
	}

	/**
	 * {@link #train(DMatrixRMaj, List, Architecture, TrainingOptions, TrainingListener)} with the
	 * columns' grid steps already found ({@link #gridSteps}), e.g. to name them in a log first.
	 */
	public static FlowModel train(final DMatrixRMaj data, final List<String> columns,
		final Architecture architecture, final TrainingOptions options, final double[] grid,
		final TrainingListener listener)
	{
		if (data.numCols != architecture.dimension() || columns.size() != data.numCols || grid.length != data.numCols) {
			throw new IllegalArgumentException("data, columns, grid steps and architecture disagree on the dimension");
		}
		final int n = data.numRows;
		if (n < 2) throw new InputException("training needs at least 2 rows, the table has " + n);
		final double[][] rows = Batches.toRows(data);
		final Random random = new Random(mix(options.seed()));
		final int[] order = shuffled(n, random);
		requireSplit("", n, options);
		final int nVal = validationRows(n, options);
		final double[][] trainRows = new double[n - nVal][];
		final double[][] valRows = new double[nVal][];
		for (int i = 0; i < n; i++) {
			if (i < nVal) valRows[i] = rows[order[i]];
			else trainRows[i - nVal] = rows[order[i]];
		}
		final int constant = Standardize.constantColumn(trainRows, trainRows.length);
		if (constant >= 0) {
			// the whole column is not (ColumnSelection checks that): the split made it so
			throw new InputException("column '" + columns.get(constant) + "' is constant over the " + trainRows.length + " training rows" + (nVal > 0 ? " (validation=" + options.validation() + " holds out the other " + nVal + "; a lower validation keeps more rows for training)" : "") + ": a flow cannot model a column without spread");
		}
		final Standardize standardize = Standardize.fit(trainRows, trainRows.length);
		final Flow flow = Flow.create(columns, architecture, standardize, options.seed());
		if (options.dataInit()) initializeFromData(flow, trainRows, new Random(mix(options.seed() ^ 0x696E6974L)));
		final TrainingListener l = listener == null ? TrainingListener.NONE : listener;
		final TrainingHistory history = new Trainer(trainRows, valRows, flow, options, grid, l, random).run();
		final double[] min = new double[data.numCols], max = new double[data.numCols];
		java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
		java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
		for (final double[] row : rows) {
			for (int j = 0; j < row.length; j++) {
				min[j] = Math.min(min[j], row[j]);
				max[j] = Math.max(max[j], row[j]);
			}
		}
		return new FlowModel(flow, options, history, min, max);
	}

	private TrainingHistory run() {
		final int n = train.length;
		final int batch = Math.min(options.batch(), n);
		final int stepsPerEpoch = (n + batch - 1) / batch;
		final int totalSteps = stepsPerEpoch * options.epochs();
		listener.started(stepsPerEpoch, totalSteps);
		final boolean validate = validation.length > 0;
		final List<EpochRecord> records = new ArrayList<>();
		final int[] order = new int[n];
		for (int i = 0; i < n; i++) order[i] = i;

		// the weights to return if training stops now, and the epoch they come from
		final double[][] kept = snapshot(null);
		int keptEpoch = 0;
		double best = validate ? nll(validation) : Double.NaN;
		if (validate) listener.initialValidation(best);
		int sinceBest = 0;
		StopReason reason = StopReason.COMPLETED;
		String message = null;
		int step = 0;

		epochs:
		for (int epoch = 1; epoch <= options.epochs(); epoch++) {
			final long start = System.nanoTime();
			shuffle(order, random);
			double lossSum = 0;
			for (int from = 0; from < n; from += batch) {
				if (listener.isCanceled()) {
					reason = StopReason.CANCELED;
					message = "cancelled in epoch " + epoch;
					break epochs;
				}
				final int rows = Math.min(batch, n - from);
				final double loss = step(order, from, rows, options.schedule().rate(options.lr(), step, totalSteps));
				if (Double.isNaN(loss)) {
					reason = StopReason.DIVERGED;
					message = "the loss became NaN or infinite in epoch " + epoch + " (try a smaller lr or clamp)";
					break epochs;
				}
				lossSum += loss * rows;
				listener.step(++step, loss);
			}
			final double trainNll = lossSum / n;
			// validation and the kept weights use the averaged weights
			useAverage();
			final double valNll = validate ? nll(validation) : Double.NaN;
			final boolean better = !validate || valNll < best;
			if (better && Double.isFinite(trainNll) && (!validate || Double.isFinite(valNll))) snapshot(kept);
			useLive();
			final EpochRecord record = new EpochRecord(epoch, trainNll, valNll, (System.nanoTime() - start) / 1e9);
			records.add(record);
			listener.epoch(record);
			if (!Double.isFinite(trainNll) || (validate && !Double.isFinite(valNll))) {
				reason = StopReason.DIVERGED;
				message = "the NLL became NaN or infinite in epoch " + epoch + " (try a smaller lr or clamp)";
				break;
			}
			if (better) {
				best = valNll;
				sinceBest = 0;
				keptEpoch = epoch;
			}
			else if (options.patience() > 0 && ++sinceBest >= options.patience()) {
				reason = StopReason.EARLY_STOPPED;
				message = "stopped early: no better validation NLL for " + options.patience() + " epochs";
				break;
			}
		}
		restore(kept);
		final String kept0 = keptEpoch == 0 ? "the initial weights" : "the weights of epoch " + keptEpoch;
		if (message == null) message = "completed " + options.epochs() + " epochs";
		message += "; kept " + kept0 + (validate && keptEpoch > 0 ? String.format(" (validation NLL %.4f)", best) : "");
		return new TrainingHistory(records, reason, keptEpoch, message);
	}

	/**
	 * One Adam step on rows {@code order[from … from+rows)}; returns their mean NLL, or NaN
	 * (without changing the weights) when the loss or the gradient is not finite.
	 */
	private double step(final int[] order, final int from, final int rows, final double lr) {
		final int count = (rows + shardSize - 1) / shardSize;
		final double scale = 1.0 / rows;
		if (noise != null) {
			for (int i = 0; i < rows; i++) {
				for (int j = 0; j < noiseScale.length; j++) {
					noise[i][j] = noiseScale[j] * noiseRandom.nextGaussian();
					if (grid[j] > 0) noise[i][j] += grid[j] * (noiseRandom.nextDouble() - 0.5);
				}
			}
		}
		Parallel.forChunks(count, 1, options.threads(), w -> null, (none, s, to) -> {
			final int r = Math.min(shardSize, rows - s * shardSize);
			final double[][] x = shardRows[s];
			for (int i = 0; i < r; i++) System.arraycopy(train[order[from + s * shardSize + i]], 0, x[i], 0, x[i].length);
			if (noise != null) {
				for (int i = 0; i < r; i++) {
					final double[] xi = x[i], ni = noise[s * shardSize + i];
					for (int j = 0; j < xi.length; j++) xi[j] += ni[j];
				}
			}
			shardLoss[s] = lossAndGradient(shards[s], x, r, scale, shardLogDet[s]);
		});
		double loss = 0;
		for (int s = 0; s < count; s++) loss += shardLoss[s];
		if (!Double.isFinite(loss)) return Double.NaN;

		final List<double[]> grads = shards[0].gradients();
		final double l2 = options.l2();
		Parallel.forChunks(units.length, 1, options.threads(), w -> null, (none, u, to) -> {
			double sq = 0;
			for (int k = units[u][0]; k < units[u][1]; k++) {
				final double[] g = grads.get(k);
				for (int s = 1; s < count; s++) {
					final double[] gs = shards[s].gradients().get(k);
					for (int j = 0; j < g.length; j++) g[j] += gs[j];
				}
				if (l2 > 0 && regularized[k]) {
					final double[] p = params.get(k);
					for (int j = 0; j < g.length; j++) g[j] += l2 * p[j];
				}
				for (final double v : g) sq += v * v;
			}
			unitNorm[u] = sq;
		});
		double sq = 0;
		for (final double v : unitNorm) sq += v;
		final double norm = Math.sqrt(sq);
		if (!Double.isFinite(norm)) return Double.NaN;
		final double clip = norm > options.gradientClip() ? options.gradientClip() / norm : 1;

		adam.nextStep();
		steps++;
		// nearly the plain mean of all the steps so far, until that forgets more slowly than the set decay
		final double decay = Math.min(options.averaging(), (1.0 + steps) / (2.0 + steps));
		Parallel.forChunks(units.length, 1, options.threads(), w -> null, (none, u, to) -> {
			adam.update(params, grads, units[u][0], units[u][1], lr * unitRate[u], clip);
			parts.get(u).parametersChanged();
			if (average != null) {
				for (int k = units[u][0]; k < units[u][1]; k++) {
					final double[] a = average[k], p = params.get(k);
					for (int j = 0; j < a.length; j++) a[j] = decay * a[j] + (1 - decay) * p[j];
				}
			}
		});
		return loss / rows;
	}

	/**
	 * Forward and backward pass of one shard: returns Σ −log p_X of its rows and leaves the
	 * gradient of {@code scale · Σ −log p_X} in {@code ev}'s gradients (zeroed first). The
	 * rows are overwritten.
	 */
	static double lossAndGradient(final Transform.Evaluator ev, final double[][] x,
		final int rows, final double scale, final double[] logDet)
	{
		for (final double[] g : ev.gradients()) Arrays.fill(g, 0);
		Arrays.fill(logDet, 0, rows, 0);
		ev.forward(x, x, rows, logDet);
		double loss = 0;
		final int d = x[0].length;
		for (int i = 0; i < rows; i++) {
			loss -= StandardNormal.logProb(x[i], d) + logDet[i];
			// ∂L/∂z of L = scale · Σ (½|z|² − log|det|) is scale · z
			for (int j = 0; j < d; j++) x[i][j] *= scale;
		}
		ev.backward(x, x, rows, -scale, true);
		return loss;
	}

	/** Rows per chunk of the validation NLL: its sums, and so a trained model, depend on it. */
	private static final int NLL_CHUNK = 64;

	/** Mean −log p_X of the rows, summed in a fixed order of chunks. */
	private double nll(final double[][] rows) {
		final int n = rows.length;
		final int chunks = (n + NLL_CHUNK - 1) / NLL_CHUNK;
		final double[] sums = new double[chunks];
		Parallel.forChunks(n, NLL_CHUNK, options.threads(), w -> flow.evaluator(NLL_CHUNK), (ev, from, to) -> {
			final double[][] x = ev.rows();
			final double[] logPx = new double[to - from];
			for (int i = from; i < to; i++) System.arraycopy(rows[i], 0, x[i - from], 0, x[0].length);
			ev.encode(to - from, null, null, logPx, 0);
			double s = 0;
			for (final double v : logPx) s -= v;
			sums[from / NLL_CHUNK] = s;
		});
		double s = 0;
		for (final double v : sums) s += v;
		return s / n;
	}

	private double[][] snapshot(final double[][] into) {
		final double[][] copy = into != null ? into : new double[params.size()][];
		for (int k = 0; k < copy.length; k++) {
			if (copy[k] == null) copy[k] = params.get(k).clone();
			else System.arraycopy(params.get(k), 0, copy[k], 0, copy[k].length);
		}
		return copy;
	}

	/** Puts the averaged weights in place of the live ones (no-op without averaging). */
	private void useAverage() {
		if (average == null) return;
		snapshot(live);
		restore(average);
	}

	/** Undoes {@link #useAverage()}. */
	private void useLive() {
		if (average != null) restore(live);
	}

	/**
	 * Data-dependent start of a new flow: passes (up to 2,048 of) the training rows through the
	 * chain, fitting each coupling's hidden units to the rows that reach it (see
	 * {@link sc.fiji.flowmodels.flow.Mlp#initializeFromData}). The flow stays the identity map.
	 */
	static void initializeFromData(final Flow flow, final double[][] trainRows, final Random random) {
		final int n = Math.min(trainRows.length, 2048);
		final double[][] rows = new double[n][];
		for (int i = 0; i < n; i++) rows[i] = trainRows[i].clone();
		final double[] logDet = new double[n];
		for (final Transform part : ((sc.fiji.flowmodels.flow.Chain) flow.transform()).parts()) {
			if (part instanceof Coupling) {
				((Coupling) part).mlp().initializeFromData(rows, n, random);
				part.parametersChanged();
			}
			part.evaluator(n).forward(rows, rows, n, logDet);
		}
	}

	private void restore(final double[][] from) {
		for (int k = 0; k < from.length; k++) System.arraycopy(from[k], 0, params.get(k), 0, from[k].length);
		chain.parametersChanged();
	}

	/**
	 * Rows per shard: at least 64 (so each shard's products stay efficient) and at most 16
	 * shards per batch (each shard keeps a full set of gradients).
	 */
	static int shardSize(final int batch) {
		return Math.max(64, (batch + 15) / 16);
	}

	private static List<Transform> partsWithParameters(final Transform chain) {
		final List<Transform> parts = new ArrayList<>();
		for (final Transform t : ((sc.fiji.flowmodels.flow.Chain) chain).parts()) {
			if (!t.parameters().isEmpty()) parts.add(t);
		}
		return parts;
	}

	private static int[][] units(final Transform chain) {
		final List<int[]> units = new ArrayList<>();
		int k = 0;
		for (final Transform t : partsWithParameters(chain)) {
			final int size = t.parameters().size();
			units.add(new int[] { k, k + size });
			k += size;
		}
		return units.toArray(new int[0][]);
	}

	private static int[] shuffled(final int n, final Random random) {
		final int[] order = new int[n];
		for (int i = 0; i < n; i++) order[i] = i;
		shuffle(order, random);
		return order;
	}

	private static void shuffle(final int[] a, final Random random) {
		for (int i = a.length - 1; i > 0; i--) {
			final int k = random.nextInt(i + 1);
			final int t = a[i];
			a[i] = a[k];
			a[k] = t;
		}
	}

	/** A different stream than the initialization's for the same seed. */
	private static long mix(final long seed) {
		long z = seed + 0x9E3779B97F4A7C15L;
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}
}
