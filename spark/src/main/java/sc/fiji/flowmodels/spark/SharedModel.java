package sc.fiji.flowmodels.spark;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;

import org.apache.hadoop.fs.Path;

import sc.fiji.flowmodels.InputException;
import sc.fiji.flowmodels.flow.Compute;
import sc.fiji.flowmodels.flow.Flow;
import sc.fiji.flowmodels.flow.Precision;
import sc.fiji.flowmodels.io.ModelFile;
import sc.fiji.flowmodels.train.FlowModel;

/**
 * A model file as Spark broadcasts it: the file's bytes travel once to each executor, where the
 * first task to need the flow reads them (with the command line's checks) and every later task of
 * that executor shares the result. Tasks then only make their own evaluators, which hold all the
 * scratch memory, so the flow is never copied per task or per row. The job's precision and the
 * task's one thread are a {@link Compute} each call is given, not settings of the shared flow.
 */
final class SharedModel implements Serializable {

	private static final long serialVersionUID = 1L;

	private final byte[] json;
	private final String name;
	private final Precision precision;
	private transient volatile Flow flow;

	private SharedModel(final byte[] json, final String name, final Precision precision) {
		this.json = json;
		this.name = name;
		this.precision = precision;
	}

	/**
	 * Reads a model file (any Hadoop file system) on the driver, checking it there, so that a bad
	 * model is reported before any task runs.
	 */
	static SharedModel read(final String model, final Precision precision, final HadoopConf conf) {
		final String name = model == null ? "" : model.trim();
		if (name.isEmpty()) throw new InputException("model: a model file is needed (model=model.json)");
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (InputStream in = TableFormat.read(conf, new Path(name), "model file " + name)) {
			final byte[] buf = new byte[1 << 16];
			for (int n; (n = in.read(buf)) > 0;) bytes.write(buf, 0, n);
		}
		catch (final IOException e) {
			throw new InputException("model file " + name + " cannot be read: " + e.getMessage(), e);
		}
		final SharedModel shared = new SharedModel(bytes.toByteArray(), name, precision);
		shared.flow();
		return shared;
	}

	/** The flow, read once per JVM. */
	Flow flow() {
		Flow f = flow;
		if (f == null) {
			synchronized (this) {
				f = flow;
				if (f == null) {
					final FlowModel m = ModelFile.read(new ByteArrayInputStream(json), name);
					f = m.flow();
					flow = f;
				}
			}
		}
		return f;
	}

	/**
	 * How this job's calls compute: in its precision, on the calling thread only (each task is one
	 * of the executor's cores: no threads of its own).
	 */
	Compute compute() {
		return Compute.of(1, precision);
	}
}
