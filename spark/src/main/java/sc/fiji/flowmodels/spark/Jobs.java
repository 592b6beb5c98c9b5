package sc.fiji.flowmodels.spark;

import java.util.ArrayList;
import java.util.List;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/** What the jobs share. */
final class Jobs {

	private Jobs() {}

	/** One partition per input file, partition f for file f: the unit of work of every job. */
	static JavaRDD<Integer> perFile(final JavaSparkContext sc, final int files) {
		final List<Integer> indices = new ArrayList<>(files);
		for (int f = 0; f < files; f++) indices.add(f);
		return sc.parallelize(indices, files);
	}
}
