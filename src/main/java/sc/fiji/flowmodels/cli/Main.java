package sc.fiji.flowmodels.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import sc.fiji.flowmodels.CanceledException;
import sc.fiji.flowmodels.InputException;
import sc.fiji.flowmodels.commands.CheckConsistencyCommand;
import sc.fiji.flowmodels.commands.CommandInputs;
import sc.fiji.flowmodels.commands.DensityImageCommand;
import sc.fiji.flowmodels.commands.EncodeDecodeCommand;
import sc.fiji.flowmodels.commands.FileHost;
import sc.fiji.flowmodels.commands.FlowCommand;
import sc.fiji.flowmodels.commands.Host;
import sc.fiji.flowmodels.commands.SampleDataCommand;
import sc.fiji.flowmodels.commands.TrainCommand;

/**
 * {@code ./flow COMMAND key=value …}: runs the Fiji commands on CSV files. The keys are the
 * commands' {@code @Parameter} names, read generically: nothing here knows what a command does.
 * <p>
 * Exit status: 0 done, 2 bad usage or bad input (one line on stderr, nothing written), 3 a
 * consistency check that FAILed, 1 an internal error.
 */
public final class Main {

	/** A CLI name: which command it runs, with which inputs fixed. */
	private static final class Entry {

		final Class<? extends FlowCommand> type;
		final Map<String, String> preset;
		final String summary;

		Entry(final Class<? extends FlowCommand> type, final String summary, final String... preset) {
			this.type = type;
			this.summary = summary;
			this.preset = new LinkedHashMap<>();
			for (int i = 0; i < preset.length; i += 2) this.preset.put(preset[i], preset[i + 1]);
		}
	}

	private static final Map<String, Entry> COMMANDS = new LinkedHashMap<>();
	static {
		COMMANDS.put("sample", new Entry(SampleDataCommand.class, "sample points from a dataset (moons, gmm8, mvn); with model=…, from a trained model"));
		COMMANDS.put("train", new Entry(TrainCommand.class, "train a flow on the numeric columns of a CSV file"));
		COMMANDS.put("encode", new Entry(EncodeDecodeCommand.class, "map data to latent space, with log-likelihoods and outliers (direction=decode|sample too)"));
		COMMANDS.put("decode", new Entry(EncodeDecodeCommand.class, "map latent points (z1…zD) back to data space", "direction", "decode"));
		COMMANDS.put("check", new Entry(CheckConsistencyCommand.class, "check log p_X = log p_Z + log|det J| both ways (exit 3 on FAIL)"));
		COMMANDS.put("density", new Entry(DensityImageCommand.class, "render the model's density as a calibrated TIFF and a PNG"));
	}
	private static final Entry SAMPLE_FROM_MODEL = new Entry(EncodeDecodeCommand.class, "sample from a trained model", "direction", "sample");

	private Main() {}

	public static void main(final String[] args) {
		if (args.length == 0 || !args[0].equals("imagej")) System.setProperty("java.awt.headless", "true");
		LauncherWatch.start();
		final int status = run(args, System.out, System.err);
		// −1: a window (ImageJ) keeps running
		if (status >= 0) System.exit(status);
	}

	/** Runs one command line; returns the exit status. */
	public static int run(final String[] args, final PrintStream out, final PrintStream err) {
		if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
			out.print(usage());
			return args.length == 0 ? 2 : 0;
		}
		final String name = args[0];
		try {
			if (name.equals("demo")) return Demo.run(keyValues(name, args), out, err);
			if (name.equals("imagej")) return ImageJLauncher.run(keyValues(name, args), err);
			Entry entry = COMMANDS.get(name);
			if (entry == null) throw new InputException("unknown command '" + name + "'; the commands are: " + String.join(", ", COMMANDS.keySet()) + ", demo, imagej (./flow help)");
			final Map<String, String> values = keyValues(name, args);
			if (values.containsKey("--help") || values.containsKey("help")) {
				out.print(help(name, entry));
				return 0;
			}
			if (name.equals("sample") && values.containsKey("model")) entry = SAMPLE_FROM_MODEL;
			final FlowCommand command = create(name, entry, values, new FileHost(out, err));
			command.execute();
			return command.exitStatus();
		}
		catch (final InputException e) {
			err.println("flow " + name + ": " + e.getMessage());
			return 2;
		}
		catch (final CanceledException e) {
			err.println("flow " + name + ": " + e.getMessage());
			return 1;
		}
		catch (final OutOfMemoryError e) {
			err.println("flow " + name + ": out of memory; raise Java's heap, e.g. FLOW_JAVA_OPTS=-Xmx8g ./flow …");
			return 1;
		}
		catch (final RuntimeException | Error e) {
			err.println("flow " + name + ": internal error: " + e);
			if (System.getenv("FLOW_DEBUG") != null) e.printStackTrace(err);
			else err.println("(set FLOW_DEBUG=1 for the stack trace)");
			return 1;
		}
	}

	/** Builds a command with its inputs from key=value words. */
	static FlowCommand create(final String name, final Class<? extends FlowCommand> type,
		final Map<String, String> values, final Host host)
	{
		return create(name, new Entry(type, ""), values, host);
	}

	private static FlowCommand create(final String name, final Entry entry,
		final Map<String, String> values, final Host host)
	{
		final FlowCommand command;
		try {
			command = entry.type.getConstructor().newInstance();
		}
		catch (final ReflectiveOperationException e) {
			throw new IllegalStateException(e);
		}
		command.host(host);
		final List<CommandInputs.Input> inputs = CommandInputs.of(entry.type);
		for (final Map.Entry<String, String> kv : entry.preset.entrySet()) {
			CommandInputs.find(inputs, kv.getKey()).set(command, kv.getValue());
		}
		for (final Map.Entry<String, String> kv : values.entrySet()) {
			if (entry.preset.containsKey(kv.getKey())) {
				throw new InputException(kv.getKey() + " is set by the command name '" + name + "' and cannot be given");
			}
			final CommandInputs.Input input = CommandInputs.find(inputs, kv.getKey());
			if (input == null) {
				final List<String> keys = new ArrayList<>();
				for (final CommandInputs.Input i : inputs) if (!entry.preset.containsKey(i.name())) keys.add(i.name());
				throw new InputException("unknown key '" + kv.getKey() + "'" + suggestion(kv.getKey(), keys) + "; the keys of " + name + " are: " + String.join(", ", keys));
			}
			input.set(command, kv.getValue());
		}
		return command;
	}

	/** key=value words after the command name; a key given twice is an error. */
	public static Map<String, String> keyValues(final String name, final String[] args) {
		final Map<String, String> values = new LinkedHashMap<>();
		final Set<String> seen = new HashSet<>();
		for (int i = 1; i < args.length; i++) {
			final String a = args[i];
			if (a.equals("--help") || a.equals("-h") || a.equals("help")) {
				values.put("--help", "");
				continue;
			}
			final int eq = a.indexOf('=');
			if (eq <= 0) throw new InputException("'" + a + "' is not key=value (e.g. " + name + " input=points.csv)");
			final String key = a.substring(0, eq).trim();
			if (!seen.add(key)) throw new InputException("key '" + key + "' is given twice");
			values.put(key, a.substring(eq + 1));
		}
		return values;
	}

	private static String suggestion(final String key, final List<String> keys) {
		String best = null;
		int bestDistance = 3;
		for (final String k : keys) {
			final int dist = distance(key.toLowerCase(Locale.ROOT), k);
			if (dist < bestDistance) {
				bestDistance = dist;
				best = k;
			}
		}
		return best == null ? "" : " (did you mean '" + best + "'?)";
	}

	private static int distance(final String a, final String b) {
		final int[][] d = new int[a.length() + 1][b.length() + 1];
		for (int i = 0; i <= a.length(); i++) d[i][0] = i;
		for (int j = 0; j <= b.length(); j++) d[0][j] = j;
		for (int i = 1; i <= a.length(); i++) {
			for (int j = 1; j <= b.length(); j++) {
				d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
			}
		}
		return d[a.length()][b.length()];
	}

	static String usage() {
		final StringBuilder b = new StringBuilder();
		b.append("Flow Models for Fiji: RealNVP normalizing flows on point tables\n\n");
		b.append("usage: ./flow COMMAND key=value ...     (./flow COMMAND --help lists the keys)\n\n");
		for (final Map.Entry<String, Entry> e : COMMANDS.entrySet()) {
			b.append(String.format(Locale.ROOT, "  %-8s %s%n", e.getKey(), e.getValue().summary));
		}
		b.append(String.format(Locale.ROOT, "  %-8s %s%n", "demo", "the article end to end on mvn, moons and gmm8 (out=DIR)"));
		b.append(String.format(Locale.ROOT, "  %-8s %s%n", "imagej", "start ImageJ 1.x with the plugin installed (needs a display)"));
		b.append("\nexample:\n  ./flow sample dataset=moons output=moons.csv\n  ./flow train input=moons.csv model=moons.json epochs=50\n  ./flow encode model=moons.json input=moons.csv output=encoded.csv\n  ./flow check model=moons.json\n");
		b.append("\nCSV output goes to standard output when output= is blank; messages go to standard error.\n");
		b.append("Exit status: 0 ok, 2 bad usage or input (nothing written), 3 check FAILed, 1 internal error.\n");
		return b.toString();
	}

	private static String help(final String name, final Entry entry) {
		final StringBuilder b = new StringBuilder();
		b.append("./flow ").append(name).append(": ").append(entry.summary).append("\n\nkeys (default):\n");
		final FlowCommand defaults;
		try {
			defaults = entry.type.getConstructor().newInstance();
		}
		catch (final ReflectiveOperationException e) {
			throw new IllegalStateException(e);
		}
		for (final CommandInputs.Input i : CommandInputs.of(entry.type)) {
			if (entry.preset.containsKey(i.name())) continue;
			String d = i.text(defaults);
			if (!i.choices().isEmpty()) d = d + "; one of " + String.join(", ", i.choices());
			b.append(String.format(Locale.ROOT, "  %-12s (%s)  %s%n", i.name(), d, i.description()));
		}
		return b.toString();
	}
}
