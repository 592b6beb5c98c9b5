package sc.fiji.flowmodels.spark;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

import sc.fiji.flowmodels.InputException;
import sc.fiji.flowmodels.analysis.ConsistencyCheck;
import sc.fiji.flowmodels.analysis.OutlierScore;
import sc.fiji.flowmodels.cli.Main;
import sc.fiji.flowmodels.commands.CheckConsistencyCommand;
import sc.fiji.flowmodels.commands.CommandInputs;
import sc.fiji.flowmodels.commands.EncodeDecodeCommand;
import sc.fiji.flowmodels.commands.FileHost;
import sc.fiji.flowmodels.commands.FlowCommand;
import sc.fiji.flowmodels.commands.TrainCommand;
import sc.fiji.flowmodels.flow.Precision;
import sc.fiji.flowmodels.io.CsvWriter;

/**
 * {@code spark-submit --class sc.fiji.flowmodels.spark.FlowSpark flow-spark-VERSION.jar COMMAND
 * key=value …} and {@code ./flow spark COMMAND key=value …}: the command line's encode, decode,
 * check and train over a CSV or Parquet file or a folder of them, on any Spark master. The keys
 * are the commands' own {@code @Parameter} fields (same names, defaults, checks and descriptions),
 * plus {@link SparkKeys}. Exit status as the command line's: 0 done, 2 bad usage or input (one line
 * on stderr, output untouched), 3 a consistency check FAILed, 1 an internal error.
 */
public final class FlowSpark {

	/** A command: which core command's keys it takes, which of them, and which Spark keys. */
	enum Command {

		ENCODE("encode", EncodeDecodeCommand.class, "data → latent for every row, outlier ranks over all rows of all files",
			new String[] { "model", "input", "output", "outliers", "score", "precision" }, "master"),
		DECODE("decode", EncodeDecodeCommand.class, "latent columns z1…zD → the model's data columns and log_px",
			new String[] { "model", "input", "output", "precision" }, "master"),
		CHECK("check", CheckConsistencyCommand.class, "the consistency report over every row (exit 3 on FAIL)",
			new String[] { "model", "input", "samples", "tolerance", "output", "seed" }, "master"),
		TRAIN("train", TrainCommand.class, "train on a uniform sample of at most rows= rows of the whole input",
			null, "rows", "master");

		final String name;
		final Class<? extends FlowCommand> type;
		final String summary;
		/** The core command's keys this one takes (null: all). */
		final String[] keys;
		final String[] sparkKeys;

		Command(final String name, final Class<? extends FlowCommand> type, final String summary, final String[] keys,
			final String... sparkKeys)
		{
			this.name = name;
			this.type = type;
			this.summary = summary;
			this.keys = keys;
			this.sparkKeys = sparkKeys;
		}

		List<CommandInputs.Input> coreInputs() {
			final List<CommandInputs.Input> all = CommandInputs.of(type), taken = new ArrayList<>();
			for (final CommandInputs.Input i : all) {
				if (keys == null || Arrays.asList(keys).contains(i.name())) taken.add(i);
			}
			return taken;
		}

		List<CommandInputs.Input> sparkInputs() {
			final List<CommandInputs.Input> taken = new ArrayList<>();
			for (final CommandInputs.Input i : CommandInputs.of(SparkKeys.class)) {
				if (Arrays.asList(sparkKeys).contains(i.name())) taken.add(i);
			}
			return taken;
		}

		static Command named(final String name) {
			for (final Command c : values()) {
				if (c.name.equals(name)) return c;
			}
			return null;
		}
	}

	/** A parsed command line: the core command with its keys set, the Spark keys, and the raw texts (paths stay as given). */
	static final class Invocation {

		final Command command;
		final FlowCommand core;
		final SparkKeys spark = new SparkKeys();
		final Map<String, String> raw;

		Invocation(final Command command, final Map<String, String> raw) {
			this.command = command;
			this.raw = raw;
			try {
				core = command.type.getConstructor().newInstance();
			}
			catch (final ReflectiveOperationException e) {
				throw new IllegalStateException(e);
			}
			final List<CommandInputs.Input> coreInputs = command.coreInputs(), sparkInputs = command.sparkInputs();
			for (final Map.Entry<String, String> kv : raw.entrySet()) {
				final CommandInputs.Input c = CommandInputs.find(coreInputs, kv.getKey());
				final CommandInputs.Input s = CommandInputs.find(sparkInputs, kv.getKey());
				if (c != null) c.set(core, kv.getValue());
				else if (s != null) s.set(spark, kv.getValue());
				else throw new InputException("unknown key '" + kv.getKey() + "'; the keys of spark " + command.name + " are: " + String.join(", ", keys(command)));
			}
		}

		/** A path key as given (Hadoop paths such as hdfs://… are not java.io.File paths). */
		String path(final String key) {
			final String v = raw.get(key);
			return v == null ? "" : v.trim();
		}
	}

	/** What the path keys mean here, where the core commands' descriptions speak of tables and CSV files. */
	private static final Map<String, String> PATHS = new LinkedHashMap<>();
	static {
		PATHS.put("input", "a CSV or Parquet file, or a folder of them (taken in name order); any Hadoop path (hdfs://…, s3a://…, a local path)");
		PATHS.put("output", "encode, decode: a new (or empty) folder, one file per input file; check: a CSV file for the report, written by the driver");
	}

	private FlowSpark() {}

	public static void main(final String[] args) {
		System.exit(run(args, System.out, System.err, null));
	}

	/**
	 * Runs one command line; returns the exit status.
	 *
	 * @param context the Spark context to use, or null to start one (from {@code master=}, else
	 *          from spark-submit's settings, else {@code local[*]}) and stop it at the end
	 */
	static int run(final String[] args, final PrintStream out, final PrintStream err, final JavaSparkContext context) {
		if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
			out.print(usage());
			return args.length == 0 ? 2 : 0;
		}
		final String name = args[0];
		try {
			final Command command = Command.named(name);
			if (command == null) throw new InputException("unknown command '" + name + "'; the commands are: encode, decode, check, train (flow spark help)");
			final Map<String, String> raw = Main.keyValues("spark " + name, args);
			if (raw.containsKey("--help")) {
				out.print(help(command));
				return 0;
			}
			final Invocation call = new Invocation(command, raw);
			if (context != null) return run(call, context, out, err);
			try (JavaSparkContext sc = start(call)) {
				return run(call, sc, out, err);
			}
		}
		catch (final RuntimeException | Error e) {
			final InputException input = inputCause(e);
			if (input != null) {
				err.println("flow spark " + name + ": " + input.getMessage());
				return 2;
			}
			if (e instanceof OutOfMemoryError) {
				err.println("flow spark " + name + ": out of memory; raise Java's heap, e.g. FLOW_JAVA_OPTS=-Xmx8g, or spark-submit's --driver-memory and --executor-memory");
				return 1;
			}
			err.println("flow spark " + name + ": internal error: " + e);
			if (System.getenv("FLOW_DEBUG") != null) e.printStackTrace(err);
			else err.println("(set FLOW_DEBUG=1 for the stack trace)");
			return 1;
		}
	}

	/** The bad input behind a failure, also when a Spark task met it. */
	private static InputException inputCause(final Throwable e) {
		for (Throwable t = e; t != null; t = t.getCause()) {
			if (t instanceof InputException) return (InputException) t;
		}
		return null;
	}

	private static JavaSparkContext start(final Invocation call) {
		final SparkConf conf = new SparkConf().setAppName("Flow Models " + call.command.name);
		if (!call.spark.master.trim().isEmpty()) conf.setMaster(call.spark.master.trim());
		else conf.setIfMissing("spark.master", "local[*]");
		// a job on this machine needs no web page and no port
		if (conf.get("spark.master").startsWith("local")) conf.setIfMissing("spark.ui.enabled", "false");
		return new JavaSparkContext(conf);
	}

	private static int run(final Invocation call, final JavaSparkContext sc, final PrintStream out, final PrintStream err) {
		final HadoopConf conf = new HadoopConf(sc.hadoopConfiguration());
		switch (call.command) {
			case ENCODE:
			case DECODE: {
				final EncodeDecodeCommand c = (EncodeDecodeCommand) call.core;
				if (c.outliers < 0) throw new InputException("outliers must be at least 0, got " + c.outliers);
				final OutlierScore score = OutlierScore.parse(c.score);
				final Precision precision = c.precision.equals("float") ? Precision.FLOAT : Precision.DOUBLE;
				final InputFiles files = InputFiles.list(call.path("input"), conf);
				final SharedModel model = SharedModel.read(call.path("model"), precision, conf);
				final OutputFolder output = OutputFolder.create(call.path("output"), call.path("input"), conf);
				try {
					final JobSummary s = call.command == Command.ENCODE ? EncodeJob.run(sc, conf, files, model, c.outliers, score, output)
						: DecodeJob.run(sc, conf, files, model, output);
					out.print(s.format());
					return 0;
				}
				finally {
					output.abort(conf);
				}
			}
			case CHECK: {
				final CheckConsistencyCommand c = (CheckConsistencyCommand) call.core;
				if (c.samples < 1) throw new InputException("samples must be at least 1, got " + c.samples);
				if (!(c.tolerance >= 0) || Double.isInfinite(c.tolerance)) throw new InputException("tolerance must be 0 or a positive number, got " + c.tolerance);
				if (!c.output.trim().isEmpty()) CsvWriter.checkTarget(FileHost.path(c.output));
				final SharedModel model = SharedModel.read(call.path("model"), Precision.DOUBLE, conf);
				final ConsistencyCheck.Report report;
				String summary = "";
				if (call.path("input").isEmpty()) {
					report = ConsistencyCheck.run(model.flow(), model.compute(), null, c.samples, c.seed, c.tolerance);
				}
				else {
					final CheckJob.Result r = CheckJob.run(sc, conf, InputFiles.list(call.path("input"), conf), model, c.samples, c.seed, c.tolerance);
					report = r.report;
					summary = r.summary.format();
				}
				out.print(report.format());
				out.print(summary);
				if (!c.output.trim().isEmpty()) CsvWriter.write(FileHost.path(c.output), CheckConsistencyCommand.table(report));
				return report.passed() ? 0 : 3;
			}
			default: {
				final TrainCommand c = (TrainCommand) call.core;
				if (call.spark.rows < 1) throw new InputException("rows must be at least 1, got " + call.spark.rows);
				final InputFiles files = InputFiles.list(call.path("input"), conf);
				out.print(TrainJob.run(sc, conf, files, c, call.spark.rows, out, err).format());
				return 0;
			}
		}
	}

	static String usage() {
		final StringBuilder b = new StringBuilder();
		b.append("Flow Models on Apache Spark: the command line's commands over tables of any size\n\n");
		b.append("usage: ./flow spark COMMAND key=value ... [master=local[*]]\n");
		b.append("       spark-submit --class ").append(FlowSpark.class.getName()).append(" flow-spark-VERSION.jar COMMAND key=value ...\n\n");
		for (final Command c : Command.values()) b.append(String.format(Locale.ROOT, "  %-8s %s%n", c.name, c.summary));
		b.append("\ninput: a CSV or Parquet file, or a folder of them (taken in name order); output: a folder, one file per input file\n");
		b.append("example:\n  ./flow spark encode model=cells.json input=screen/ output=encoded/ outliers=100 master=local[4]\n");
		b.append("\n./flow spark COMMAND --help lists a command's keys.\n");
		b.append("Exit status: 0 ok, 2 bad usage or input (output untouched), 3 check FAILed, 1 internal error.\n");
		return b.toString();
	}

	private static List<String> keys(final Command c) {
		final List<String> keys = new ArrayList<>();
		for (final CommandInputs.Input i : c.coreInputs()) keys.add(i.name());
		for (final CommandInputs.Input i : c.sparkInputs()) keys.add(i.name());
		return keys;
	}

	private static String help(final Command c) {
		final StringBuilder b = new StringBuilder();
		b.append("./flow spark ").append(c.name).append(": ").append(c.summary).append("\n\nkeys (default):\n");
		final Map<Object, List<CommandInputs.Input>> sources = new LinkedHashMap<>();
		try {
			sources.put(c.type.getConstructor().newInstance(), c.coreInputs());
		}
		catch (final ReflectiveOperationException e) {
			throw new IllegalStateException(e);
		}
		sources.put(new SparkKeys(), c.sparkInputs());
		for (final Map.Entry<Object, List<CommandInputs.Input>> e : sources.entrySet()) {
			for (final CommandInputs.Input i : e.getValue()) {
				String d = i.text(e.getKey());
				if (!i.choices().isEmpty()) d = d + "; one of " + String.join(", ", i.choices());
				b.append(String.format(Locale.ROOT, "  %-12s (%s)  %s%n", i.name(), d, PATHS.getOrDefault(i.name(), i.description())));
			}
		}
		return b.toString();
	}
}
