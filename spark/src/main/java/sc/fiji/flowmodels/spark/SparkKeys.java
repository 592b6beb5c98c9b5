package sc.fiji.flowmodels.spark;

import org.scijava.plugin.Parameter;

/** The keys only the Spark commands have, read like the commands' own (CommandInputs). */
public final class SparkKeys {

	@Parameter(label = "Spark master", required = false, description = "where to run: local[*] (this machine, all cores), local[2], yarn, spark://host:7077, k8s://https://host:443; blank: spark-submit's --master, else local[*]")
	public String master = "";

	@Parameter(label = "Training rows", min = "1", description = "train: the size of the uniform sample of the whole input the model is trained on (all rows when there are fewer)")
	public int rows = 100_000;
}
