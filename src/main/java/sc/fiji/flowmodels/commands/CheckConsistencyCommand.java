package sc.fiji.flowmodels.commands;

import java.io.File;

import org.ejml.data.DMatrixRMaj;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import sc.fiji.flowmodels.analysis.ConsistencyCheck;
import sc.fiji.flowmodels.data.ColumnSelection;
import sc.fiji.flowmodels.data.DataTable;
import sc.fiji.flowmodels.flow.Compute;
import sc.fiji.flowmodels.flow.Flow;
import sc.fiji.flowmodels.train.FlowModel;

/**
 * {@code Plugins › Flow › Check Consistency}: verifies log p_X = log p_Z + log|det J| in both
 * directions (see {@link ConsistencyCheck}) and says PASS or FAIL against {@code tolerance}.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Flow>Check Consistency", label = "Check Consistency", description = "Checks that a model's likelihoods add up (log p_X = log p_Z + log|det J|, both ways) and says PASS or FAIL.")
public class CheckConsistencyCommand extends FlowCommand {

	@Parameter(label = "Model file", style = FileWidget.OPEN_STYLE, required = false, description = "blank: the model trained or used last")
	public File model;

	@Parameter(label = "Input table", required = false, description = "points for the data → latent check; blank: sample them from the model")
	public String input = "";

	@Parameter(label = "Samples", min = "1", description = "latent points (and sampled data points)")
	public int samples = 1000;

	@Parameter(label = "Tolerance", description = "largest |difference| and round-trip error that passes")
	public double tolerance = 1e-9;

	@Parameter(label = "Output", required = false, description = "table title or CSV file for the report")
	public String output = "";

	@Parameter(label = "Seed", description = "seeds the latent and sampled points")
	public long seed = 1;

	private ConsistencyCheck.Report report;

	public ConsistencyCheck.Report report() {
		return report;
	}

	@Override
	public void execute() {
		atLeast("samples", samples, 1);
		nonNegative("tolerance", tolerance);
		checkOutput(output, model, input, false);
		final FlowModel m = loadModel(model);
		final Flow flow = m.flow();
		Budget.requirePoints("samples", samples, flow.dimension(), ConsistencyCheck.bytesPerPoint(flow.dimension()));
		DMatrixRMaj data = null;
		if (input != null && !input.trim().isEmpty()) {
			final DataTable table = host().readTable(input);
			data = ColumnSelection.select(table, flow.columns().toArray(new String[0])).values();
			Budget.require(table.source(), "checking " + data.numRows + " rows", data.numRows * ConsistencyCheck.bytesPerPoint(flow.dimension()));
		}
		report = ConsistencyCheck.run(flow, Compute.defaults(), data, samples, seed, tolerance);
		host().report(report.format());
		if (!output.trim().isEmpty() || !host().isFile(output)) host().writeTable(output, "Consistency", table(report));
	}

	@Override
	public int exitStatus() {
		return report != null && !report.passed() ? 3 : 0;
	}

	/** SPEC's report table: one row per quantity, then the verdict row. */
	public static DataTable table(final ConsistencyCheck.Report r) {
		final int n = r.rows.size() + 1;
		final String[] direction = new String[n], quantity = new String[n];
		final double[][] v = new double[5][n];
		for (int i = 0; i < r.rows.size(); i++) {
			final ConsistencyCheck.Row row = r.rows.get(i);
			direction[i] = row.direction;
			quantity[i] = row.quantity;
			v[0][i] = row.mean;
			v[1][i] = row.std;
			v[2][i] = row.min;
			v[3][i] = row.max;
			v[4][i] = row.maxAbs;
		}
		final int last = n - 1;
		direction[last] = "verdict";
		quantity[last] = r.passed() ? "PASS" : "FAIL";
		v[0][last] = v[1][last] = v[2][last] = Double.NaN;
		v[3][last] = r.tolerance;
		v[4][last] = r.worst();
		// the verdict has no mean, std or min: empty cells (not NaN, which reads as a failed number)
		final int[] verdictRow = { last };
		final String[] empty = { "" };
		return DataTable.builder("consistency", n).addText("direction", direction).addText("quantity", quantity)
			.addNumeric("mean", v[0], verdictRow, empty, null).addNumeric("std", v[1], verdictRow, empty, null)
			.addNumeric("min", v[2], verdictRow, empty, null).addNumeric("max", v[3]).addNumeric("max_abs", v[4]).build();
	}
}
