package sc.fiji.flowmodels.spark;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

import sc.fiji.flowmodels.cli.Main;

/** One Spark context in local mode with two cores for all tests (starting one takes seconds). */
final class LocalSpark {

	private static JavaSparkContext context;

	private LocalSpark() {}

	static synchronized JavaSparkContext context() {
		if (context == null) {
			context = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("flow-spark tests")
				.set("spark.ui.enabled", "false"));
		}
		return context;
	}

	/** What a run printed and returned. */
	static final class Run {

		final int status;
		final String out, err;

		Run(final int status, final String out, final String err) {
			this.status = status;
			this.out = out;
			this.err = err;
		}

		@Override
		public String toString() {
			return "exit " + status + "\nstdout: " + out + "\nstderr: " + err;
		}
	}

	/** {@code flow spark ARGS} on the shared context. */
	static Run spark(final String... args) {
		final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
		final int status = FlowSpark.run(args, new PrintStream(out, true), new PrintStream(err, true), context());
		return new Run(status, text(out), text(err));
	}

	/** {@code ./flow ARGS}: the command line in this JVM. */
	static Run cli(final String... args) {
		final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
		final int status = Main.run(args, new PrintStream(out, true), new PrintStream(err, true));
		return new Run(status, text(out), text(err));
	}

	private static String text(final ByteArrayOutputStream b) {
		return new String(b.toByteArray(), StandardCharsets.UTF_8);
	}
}
