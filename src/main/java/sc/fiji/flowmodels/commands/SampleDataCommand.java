package sc.fiji.flowmodels.commands;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import sc.fiji.flowmodels.data.DataTable;
import sc.fiji.flowmodels.data.Datasets;

/** {@code Plugins › Flow › Sample Data}: the article's example point sets. */
@Plugin(type = Command.class, menuPath = "Plugins>Flow>Sample Data", label = "Sample Data", description = "Makes a table of example points (the article's data sets) to try the other commands on.")
public class SampleDataCommand extends FlowCommand {

	@Parameter(label = "Dataset", choices = { "moons", "gmm8", "mvn" }, description = "moons: two interleaved half circles; gmm8: 8 Gaussians on a circle; mvn: a correlated Gaussian off the origin")
	public String dataset = "moons";

	@Parameter(label = "Samples", min = "1", description = "number of points")
	public int samples = 1000;

	@Parameter(label = "Noise", min = "0", description = "standard deviation of the noise added to the moons")
	public double noise = 0.1;

	@Parameter(label = "Seed", description = "the same seed gives the same points")
	public long seed = 1;

	@Parameter(label = "Output", required = false, description = "table title or CSV file; blank: a table named after the dataset")
	public String output = "";

	@Override
	public void execute() {
		host().checkOutput(output);
		Budget.requireDataset(samples);
		final DataTable table = Datasets.sampleTable(dataset, samples, noise, seed);
		host().writeTable(output, dataset, table);
		host().log(String.format(java.util.Locale.ROOT, "Sample Data: %d points of %s (seed %d)", samples, dataset, seed));
	}
}
