package sc.fiji.flowmodels.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.ejml.data.DMatrixRMaj;

import sc.fiji.flowmodels.analysis.Outliers;
import sc.fiji.flowmodels.commands.TrainCommand;
import sc.fiji.flowmodels.data.ColumnSelection;
import sc.fiji.flowmodels.flow.Architecture;
import sc.fiji.flowmodels.flow.ElementwiseMap;
import sc.fiji.flowmodels.flow.FlowResult;
import sc.fiji.flowmodels.io.CsvReader;
import sc.fiji.flowmodels.train.AutoSize;
import sc.fiji.flowmodels.train.FlowModel;
import sc.fiji.flowmodels.train.Trainer;
import sc.fiji.flowmodels.train.TrainingOptions;

/**
 * Training settings explored in-process on the planted tables that {@code bench/outlier_tables.py
 * --write DIR} writes (T.csv, T.labels): ROC AUC of −log p_X and of ‖z‖ per table, for one set
 * of settings per run. A tool for choosing settings quickly; the bench that counts runs the
 * product itself ({@code bench/outlier_tables.py}).
 * <p>
 * Arguments: {@code dir=bench/results/planted tables=iris,wine,breast_cancer seeds=1,2,3
 * classes=} (blank: all), the Train keys {@code hidden couplings epochs batch lr validation
 * patience coupling clamp bins tail l2 noise} ({@code hidden}, {@code couplings} and
 * {@code marginal} default to {@code auto} as in Train), the column shapes {@code marginal=auto|none|spline mbins
 * mtail}, and the options {@code averaging init mrate} (the column shapes' rate); {@code steps=N} raises the
 * epochs so that at least N steps are planned; {@code ensemble=M} scores by the mixture of M
 * flows with seeds s…s+M−1; {@code crossfit=K} scores each row by a flow trained without its
 * fold (K folds).
 */
public final class OutlierFlows {

	private OutlierFlows() {}

	public static void main(final String[] args) throws IOException {
		final Gmm8Quality.Args a = new Gmm8Quality.Args(args);
		final Path dir = Paths.get(a.text("dir", "bench/results/planted"));
		final String[] tables = a.text("tables", "iris,wine,breast_cancer").split(",");
		final int[] seeds = a.ints("seeds", "1,2,3");
		final String classes = a.text("classes", "");
		final Map<String, List<double[]>> byTable = new LinkedHashMap<>();
		final long t0 = System.nanoTime();
		for (final String table : tables) {
			final List<double[]> aucs = new ArrayList<>();
			byTable.put(table, aucs);
			for (int c = 0; c < 10; c++) {
				if (!classes.isEmpty() && !Arrays.asList(classes.split(",")).contains(Integer.toString(c))) continue;
				for (final int seed : seeds) {
					final String tag = table + "-c" + c + "-s" + seed;
					final Path csv = dir.resolve(tag + ".csv");
					if (!Files.exists(csv)) continue;
					final DMatrixRMaj x = ColumnSelection.select(CsvReader.read(csv), "").values();
					final int[] labels = Files.readAllLines(dir.resolve(tag + ".labels")).stream().mapToInt(s -> Integer.parseInt(s.trim())).toArray();
					final long t = System.nanoTime();
					final StringBuilder note = new StringBuilder();
					final double[][] scores = scores(x, a, seed, note);
					final double[] auc = { auc(scores[0], labels), auc(scores[1], labels) };
					aucs.add(auc);
					System.out.println(String.format(Locale.ROOT, "%-14s class %d seed %d (%d rows): density %.3f radius %.3f  %.1f s %s", table, c, seed, x.numRows, auc[0], auc[1], (System.nanoTime() - t) / 1e9, note));
				}
			}
		}
		double sumD = 0, sumR = 0;
		final StringBuilder line = new StringBuilder("summary " + String.join(" ", args) + ":");
		for (final Map.Entry<String, List<double[]>> e : byTable.entrySet()) {
			double d = 0, r = 0;
			for (final double[] v : e.getValue()) {
				d += v[0];
				r += v[1];
			}
			d /= e.getValue().size();
			r /= e.getValue().size();
			sumD += d;
			sumR += r;
			line.append(String.format(Locale.ROOT, " %s %.3f/%.3f;", e.getKey(), d, r));
		}
		line.append(String.format(Locale.ROOT, " mean density %.3f radius %.3f (%.0f s)", sumD / byTable.size(), sumR / byTable.size(), (System.nanoTime() - t0) / 1e9));
		System.out.println(line);
	}

	/** {−log p_X, ‖z‖} of every row under the settings in {@code a}. */
	static double[][] scores(final DMatrixRMaj x, final Gmm8Quality.Args a, final long seed, final StringBuilder note) {
		final int n = x.numRows;
		final int folds = a.integer("crossfit", 0);
		final int members = a.integer("ensemble", 1);
		final double[] density = new double[n], radius = new double[n];
		if (folds < 2) {
			mixture(x, x, a, seed, members, density, radius, note);
			return new double[][] { density, radius };
		}
		final int[] fold = new int[n];
		final Random r = new Random(seed * 7919L + 13);
		final int[] order = new int[n];
		for (int i = 0; i < n; i++) order[i] = i;
		for (int i = n - 1; i > 0; i--) {
			final int k = r.nextInt(i + 1), t = order[i];
			order[i] = order[k];
			order[k] = t;
		}
		for (int i = 0; i < n; i++) fold[order[i]] = i % folds;
		for (int f = 0; f < folds; f++) {
			final int held = count(fold, f);
			final DMatrixRMaj in = new DMatrixRMaj(n - held, x.numCols), out = new DMatrixRMaj(held, x.numCols);
			final int[] outRows = new int[held];
			for (int i = 0, p = 0, q = 0; i < n; i++) {
				if (fold[i] == f) {
					outRows[q] = i;
					for (int j = 0; j < x.numCols; j++) out.set(q, j, x.get(i, j));
					q++;
				}
				else {
					for (int j = 0; j < x.numCols; j++) in.set(p, j, x.get(i, j));
					p++;
				}
			}
			final double[] d = new double[held], rad = new double[held];
			mixture(in, out, a, seed, members, d, rad, note);
			for (int q = 0; q < held; q++) {
				density[outRows[q]] = d[q];
				radius[outRows[q]] = rad[q];
			}
		}
		return new double[][] { density, radius };
	}

	/** Trains {@code members} flows on {@code train} and scores {@code test} by their mixture's −log p and the mean ‖z‖. */
	private static void mixture(final DMatrixRMaj train, final DMatrixRMaj test, final Gmm8Quality.Args a, final long seed,
		final int members, final double[] density, final double[] radius, final StringBuilder note)
	{
		final int n = test.numRows;
		final double[][] logp = new double[members][];
		for (int m = 0; m < members; m++) {
			final FlowModel model = train(train, a, seed + m);
			note.append(model.history().epochs().size()).append(model.history().message().contains("early") ? "e " : " ");
			final FlowResult r = model.flow().encode(test);
			logp[m] = r.logPx.clone();
			for (int i = 0; i < n; i++) radius[i] += Outliers.radius(r.points.data, i, test.numCols) / members;
		}
		for (int i = 0; i < n; i++) {
			double max = Double.NEGATIVE_INFINITY;
			for (int m = 0; m < members; m++) max = Math.max(max, logp[m][i]);
			double s = 0;
			for (int m = 0; m < members; m++) s += Math.exp(logp[m][i] - max);
			density[i] = -(max + Math.log(s / members));
		}
	}

	private static FlowModel train(final DMatrixRMaj x, final Gmm8Quality.Args a, final long seed) {
		final TrainingOptions defaults = new TrainingOptions();
		final int batch = a.integer("batch", defaults.batch());
		final double validation = a.number("validation", defaults.validation());
		final int nTrain = x.numRows - Math.max(validation > 0 ? 1 : 0, (int) Math.round(x.numRows * validation));
		final int stepsPerEpoch = (nTrain + Math.min(batch, nTrain) - 1) / Math.min(batch, nTrain);
		final int epochs = Math.max(a.integer("epochs", defaults.epochs()), (a.integer("steps", 0) + stepsPerEpoch - 1) / stepsPerEpoch);
		final TrainingOptions o = new TrainingOptions().seed(seed).epochs(epochs).batch(batch).lr(a.number("lr", defaults.lr())).validation(validation).patience(a.integer("patience", defaults.patience()))
			.l2(a.number("l2", defaults.l2())).noise(a.number("noise", defaults.noise())).averaging(a.number("averaging", defaults.averaging())).dataInit(a.integer("init", 1) == 1).marginalRate(a.number("mrate", defaults.marginalRate())).dequantize(a.integer("dequantize", 1) == 1);
		final List<String> names = new ArrayList<>();
		for (int j = 0; j < x.numCols; j++) names.add("c" + j);
		final int n = x.numRows, d = x.numCols;
		final int[] hidden = a.text("hidden", TrainCommand.AUTO).equals(TrainCommand.AUTO) ? AutoSize.hidden(n, d) : a.ints("hidden", "");
		final int couplings = a.text("couplings", TrainCommand.AUTO).equals(TrainCommand.AUTO) ? AutoSize.couplings(n, d) : a.integer("couplings", 0);
		final ElementwiseMap shapes = a.text("marginal", TrainCommand.AUTO).equals(TrainCommand.AUTO) ? (AutoSize.columnShapes(n, d) ? TrainCommand.COLUMN_SHAPES : null) : a.marginal();
		final Architecture arch = new Architecture(d, hidden, couplings, a.map(), Architecture.PermutationKind.REVERSE, shapes);
		return Trainer.train(x, names, arch, o, null);
	}

	private static int count(final int[] v, final int k) {
		int c = 0;
		for (final int x : v) if (x == k) c++;
		return c;
	}

	/** ROC AUC of a score (higher = more outlying) against 0/1 labels: the Mann–Whitney statistic, ties counted half. */
	static double auc(final double[] score, final int[] label) {
		final int n = score.length;
		final Integer[] idx = new Integer[n];
		for (int i = 0; i < n; i++) idx[i] = i;
		Arrays.sort(idx, (p, q) -> Double.compare(score[p], score[q]));
		double rankSum = 0;
		int pos = 0;
		for (int i = 0; i < n;) {
			int j = i;
			while (j + 1 < n && score[idx[j + 1]] == score[idx[i]]) j++;
			final double rank = (i + j) / 2.0 + 1;
			for (int k = i; k <= j; k++) {
				if (label[idx[k]] == 1) {
					rankSum += rank;
					pos++;
				}
			}
			i = j + 1;
		}
		final int neg = n - pos;
		return (rankSum - pos * (pos + 1) / 2.0) / ((double) pos * neg);
	}
}
