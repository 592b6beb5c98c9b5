package sc.fiji.flowmodels.commands;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.scijava.command.Command;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import sc.fiji.flowmodels.InputException;
import sc.fiji.flowmodels.analysis.EncodeColumn;
import sc.fiji.flowmodels.data.ColumnSelection;
import sc.fiji.flowmodels.data.DataTable;
import sc.fiji.flowmodels.data.TableMessages;
import sc.fiji.flowmodels.flow.Architecture;
import sc.fiji.flowmodels.flow.ElementwiseMap;
import sc.fiji.flowmodels.flow.SplineMap;
import sc.fiji.flowmodels.io.ModelFile;
import sc.fiji.flowmodels.plot.TrainingCurve;
import sc.fiji.flowmodels.train.AutoSize;
import sc.fiji.flowmodels.train.ColumnGrid;
import sc.fiji.flowmodels.train.EpochRecord;
import sc.fiji.flowmodels.train.FlowModel;
import sc.fiji.flowmodels.train.Trainer;
import sc.fiji.flowmodels.train.TrainingHistory;
import sc.fiji.flowmodels.train.TrainingListener;
import sc.fiji.flowmodels.train.TrainingOptions;

/**
 * {@code Plugins › Flow › Train}: fits a normalizing flow (RealNVP's affine couplings or
 * rational-quadratic spline couplings) to the numeric columns of a table.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Flow>Train", label = "Train", description = "Learns how the rows of a table are distributed (a RealNVP normalizing flow) and writes the model to a file. Encode/Decode then scores every row with it.")
public class TrainCommand extends FlowCommand {

	// what a user chooses first: the table, its columns, the model file, how long; the
	// network and the optimizer behind "More settings" (attribute "advanced")

	@Parameter(label = "Input table", description = "the table to learn from: a results table (its title) or a CSV file")
	public String input = "";

	@Parameter(label = "Columns", required = false, description = "the measurements to learn, comma-separated; blank: all but positions and indices")
	public String columns = "";

	@Parameter(label = "Model file", style = FileWidget.SAVE_STYLE, description = "the file the trained model is written to (.json)")
	public File model;

	@Parameter(label = "Epochs", min = "1", description = "how long: passes over the table (training stops earlier once it stops improving)")
	public int epochs = 100;

	@Parameter(label = "Hidden layers", description = "size of each layer's network: the widths of its hidden layers (e.g. 256,256); auto: one layer of 2 for tables of fewer than 100 rows per column, else 256,256", attrs = @Attr(name = "advanced"))
	public String hidden = AUTO;

	@Parameter(label = "Couplings", description = "number of layers (1 to 1024); auto: 2 for tables of fewer than 100 rows per column, else 16; data in many separate clusters fit better with more", attrs = @Attr(name = "advanced"))
	public String couplings = AUTO;

	@Parameter(label = "Layer kind", choices = { "affine", "spline" }, description = "what a layer does to a column: affine stretches and shifts it (RealNVP); spline bends it along a smooth monotone curve, which can split one column into several clusters", attrs = @Attr(name = "advanced"))
	public String coupling = "affine";

	@Parameter(label = "Spline bins", min = "2", description = "spline layers: pieces per curve", attrs = @Attr(name = "advanced"))
	public int bins = 8;

	@Parameter(label = "Spline range", description = "spline layers: the curves bend each column within ±tail standard deviations of its mean, and leave it straight beyond", attrs = @Attr(name = "advanced"))
	public double tail = 3.0;

	@Parameter(label = "Batch size", min = "1", description = "rows per training step", attrs = @Attr(name = "advanced"))
	public int batch = 128;

	@Parameter(label = "Learning rate", description = "how big the training steps are (at first; they shrink to 0); lower it if training fails", attrs = @Attr(name = "advanced"))
	public double lr = 0.001;

	@Parameter(label = "Validation fraction", min = "0", max = "0.99", description = "share of rows held back to judge the fit and stop early", attrs = @Attr(name = "advanced"))
	public double validation = 0.1;

	@Parameter(label = "Patience", min = "0", description = "epochs without a better fit of the held-back rows before stopping; 0: never stop early", attrs = @Attr(name = "advanced"))
	public int patience = 10;

	@Parameter(label = "Scale limit", description = "affine layers: how much one layer may stretch or shrink (by at most exp(clamp)); lower it if training fails", attrs = @Attr(name = "advanced"))
	public double clamp = 2.0;

	@Parameter(label = "Weight penalty", min = "0", description = "pulls the networks' weights towards 0 (L2); 0: none", attrs = @Attr(name = "advanced"))
	public double l2 = 0;

	@Parameter(label = "Seed", description = "the same seed and table give the same model", attrs = @Attr(name = "advanced"))
	public long seed = 1;

	@Parameter(label = "Training noise", min = "0", max = "1", description = "noise added while training, as a share of each column's spread, so the model cannot learn the rows by heart; 0: none", attrs = @Attr(name = "advanced"))
	public double noise = 0.03;

	@Parameter(label = "Spread grid values", description = "columns whose values lie on a grid (counts, pixel areas, rounded numbers) are spread over their grid cells while training, so the model cannot put density spikes on the grid points and rank rows by how common their values are", attrs = @Attr(name = "advanced"))
	public boolean dequantize = true;

	@Parameter(label = "Column shapes", choices = { AUTO, "spline", "none" }, description = "spline: first bend each column along a smooth monotone curve of its own, so skewed or many-peaked columns fit before the layers relate the columns; none: the layers alone (RealNVP); auto: spline for tables of fewer than 100 rows per column, else none", attrs = @Attr(name = "advanced"))
	public String marginal = AUTO;

	/** The value of {@code hidden}, {@code couplings} and {@code marginal} that sizes the flow from the table ({@link AutoSize}). */
	public static final String AUTO = "auto";

	/**
	 * The column shapes of {@code marginal=spline}: 8 bins on ±4 standard deviations, with the
	 * identity beyond. On the real-table outlier bench (iris, wine, breast cancer, seeds 1–3, two
	 * couplings of [2]) the mean AUC was 0.891 with these, 0.885 with 16 bins, 0.870 with 4, 0.892
	 * with ±3, and 0.818 without column shapes (BENCHMARKS.md, "Outliers on real tables").
	 */
	public static final ElementwiseMap COLUMN_SHAPES = new SplineMap(8, 4);

	/** Model files being written by a training in this JVM. */
	private static final Set<Path> RUNNING = ConcurrentHashMap.newKeySet();

	/** The coupling map the keys ask for; each kind takes its own keys (clamp; bins, tail). */
	private ElementwiseMap map() {
		final Map<String, Number> settings = new HashMap<>();
		settings.put("clamp", clamp);
		settings.put("bins", bins);
		settings.put("tail", tail);
		try {
			return ElementwiseMap.Kind.of(coupling).create(settings);
		}
		catch (final IllegalArgumentException e) {
			throw new InputException(e.getMessage());
		}
	}

	/** The trained model, for scripts. */
	private FlowModel trained;

	public FlowModel trained() {
		return trained;
	}

	@Override
	public void execute() {
		// every parameter is checked before any work starts
		final int[] widths = isAuto(hidden) ? null : ints("hidden", hidden, 1, Architecture.MAX_WIDTH);
		final int count = isAuto(couplings) ? 0 : couplingCount(couplings);
		final boolean autoShapes = isAuto(marginal);
		final ElementwiseMap shapes = autoShapes ? null : columnShapes(marginal);
		positive("clamp", clamp);
		final ElementwiseMap map = map();
		final TrainingOptions options = new TrainingOptions().epochs(epochs).batch(batch).lr(lr).validation(validation).patience(patience).l2(l2).seed(seed).noise(noise).dequantize(dequantize);
		requireModelTarget(model, host().isFile(input) ? input : null);
		// a second training into the same file would race the first (both "written", the last
		// one wins, one Esc stops both): it is refused while the first runs
		final Path target = model.toPath().toAbsolutePath().normalize();
		if (!RUNNING.add(target)) throw new InputException("model: " + model + " is being trained right now; wait until that training ends, or choose another file");
		try {
			train(widths, count, map, autoShapes, shapes, options);
		}
		finally {
			RUNNING.remove(target);
		}
	}

	private void train(final int[] widths, final int count, final ElementwiseMap map, final boolean autoShapes,
		final ElementwiseMap shapes, final TrainingOptions options)
	{
		final DataTable table = host().readTable(input);
		final ColumnSelection sel = ColumnSelection.select(table, columns).requireTrainable();
		refuseResultColumns(table.source(), sel.names());
		final int n = sel.values().numRows;
		Trainer.requireSplit(table.source(), n, options);
		final int d = sel.names().length;
		// what is auto is sized from the table's rows per column
		final int[] hiddenSize = widths != null ? widths : AutoSize.hidden(n, d);
		final int layers = count > 0 ? count : AutoSize.couplings(n, d);
		final ElementwiseMap shapesUsed = !autoShapes ? shapes : AutoSize.columnShapes(n, d) ? COLUMN_SHAPES : null;
		final boolean anyAuto = widths == null || count == 0 || autoShapes;
		final Architecture arch = new Architecture(d, hiddenSize, layers, map, Architecture.PermutationKind.REVERSE, shapesUsed);
		Budget.requireTraining(table.source(), n, arch, options);

		host().log(String.format(Locale.ROOT, "Train: %d rows of %s, columns %s%s; %s%s", n, table.source(), String.join(", ", sel.names()),
			sel.leftOut().isEmpty() ? "" : " (left out: " + sel.leftOut() + ")", arch, anyAuto ? "; " + AutoSize.reason(n, d) : ""));
		final double[] grid = Trainer.gridSteps(sel.values(), options);
		final String gridColumns = ColumnGrid.describe(sel.names(), grid);
		if (!gridColumns.isEmpty()) host().log("Train: values on a grid, spread over their grid cells while training: " + gridColumns);
		final TrainingListener monitor = host().trainingMonitor(model.getName());
		final TrainingCurve curve = host().showsFigures() ? new TrainingCurve("Training NLL: " + model.getName()) : null;
		final TrainingListener listener = new TrainingListener() {

			@Override
			public void started(final int stepsPerEpoch, final int totalSteps) {
				monitor.started(stepsPerEpoch, totalSteps);
			}

			@Override
			public void initialValidation(final double nll) {
				monitor.initialValidation(nll);
				if (curve != null) curve.addInitial(nll);
			}

			@Override
			public void step(final int step, final double loss) {
				monitor.step(step, loss);
			}

			@Override
			public void epoch(final EpochRecord r) {
				monitor.epoch(r);
				if (curve != null) curve.addEpoch(r.epoch, r.trainNll, r.validationNll);
			}

			@Override
			public boolean isCanceled() {
				return monitor.isCanceled() || host().isCanceled();
			}
		};
		trained = Trainer.train(sel.values(), Arrays.asList(sel.names()), arch, options, grid, listener);
		try {
			ModelFile.write(trained, model.toPath());
		}
		catch (final IOException e) {
			throw new InputException("model: cannot write " + model + ": " + e.getMessage());
		}
		ModelCache.forget(model.toPath());
		host().rememberModel(model);
		host().log("Train: " + trained.history().message() + "; model written to " + model);
		final String warning = initialWeightsWarning(trained.history());
		if (warning != null) host().warn("Train: warning: " + warning);
		if (curve != null) {
			curve.finish(trained.history().message(), warning == null ? null : "Warning: " + warning);
			host().show("training curve", curve);
		}
	}

	private static boolean isAuto(final String value) {
		return value != null && value.trim().equalsIgnoreCase(AUTO);
	}

	private static int couplingCount(final String value) {
		final String t = value == null ? "" : value.trim();
		if (t.matches("[0-9]{1,9}")) {
			final int k = Integer.parseInt(t);
			if (k >= 1 && k <= Architecture.MAX_COUPLINGS) return k;
		}
		throw new InputException("couplings must be auto or a whole number from 1 to " + Architecture.MAX_COUPLINGS + ", got '" + t + "'");
	}

	private static ElementwiseMap columnShapes(final String value) {
		final String t = value == null ? "" : value.trim();
		if (t.equals("spline")) return COLUMN_SHAPES;
		if (t.equals("none")) return null;
		throw new InputException("marginal must be auto, spline or none, got '" + t + "'");
	}

	/**
	 * The warning for a model that kept its initial weights although epochs ran: no epoch fitted
	 * the validation rows better than the untrained flow, so the model is only a Gaussian of the
	 * standardized columns. Null otherwise (also when the user stopped training in epoch 1).
	 * <p>
	 * The advice is what helped on a table like the one of issue 18 (300 cells: a log-normal
	 * Area, a Mean that follows it, uniform X, Y positions): with X, Y every setting tried kept
	 * the initial weights or epoch 1 (hidden=32,32 or 16,16; couplings=4; noise=0.1; lr=0.0003;
	 * 300 epochs; validation=0.3), while Area, Mean alone trained to epoch 48, and 3,000 such
	 * cells with X, Y to epoch 43.
	 */
	static String initialWeightsWarning(final TrainingHistory h) {
		if (h.bestEpoch() != 0 || h.epochs().isEmpty() || !h.epochs().get(0).hasValidation()) return null;
		if (h.stopReason() == TrainingHistory.StopReason.CANCELED && h.epochs().size() < 2) return null;
		return "the model kept its initial weights: no epoch fitted the validation rows better than the untrained flow, "
			+ "so it is only a Gaussian of each column. Try: leave out columns that are positions or indices (X, Y, Slice, ...), "
			+ "which have no shape to learn; fewer columns; more rows.";
	}

	/**
	 * Refuses a column named like one that encode, decode or sample write ({@code z1},
	 * {@code log_px}, …): a model of it could never be used, since encode refuses a table that
	 * already has such a column (typically an encoded table trained on by mistake).
	 */
	private static void refuseResultColumns(final String source, final String[] names) {
		final java.util.List<String> results = Arrays.asList(EncodeColumn.names(names.length));
		for (final String name : names) {
			if (results.contains(name)) {
				throw new InputException(TableMessages.where(source, 0, 0, name) + ": encode, decode and sample write a column of this name, so a model of it could not be used; leave it out (columns=…) or rename it");
			}
		}
	}
}
