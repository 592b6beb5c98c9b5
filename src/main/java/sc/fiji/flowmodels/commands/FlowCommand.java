package sc.fiji.flowmodels.commands;

import java.io.File;
import java.nio.file.Files;
import java.util.Locale;

import org.scijava.command.Command;

import sc.fiji.flowmodels.CanceledException;
import sc.fiji.flowmodels.InputException;
import sc.fiji.flowmodels.io.ModelFile;
import sc.fiji.flowmodels.io.WriteTarget;
import sc.fiji.flowmodels.train.FlowModel;

/**
 * The base of the Flow commands. {@link #run()} (what Fiji and scripts call) reports bad input
 * (and a cancelled run) through the host instead of throwing; front ends that need the outcome call
 * {@link #execute()} directly.
 */
public abstract class FlowCommand implements Command {

	private Host host;

	/** Sets where this command reads and writes; without it, {@link Hosts#current()}. */
	public FlowCommand host(final Host h) {
		this.host = h;
		return this;
	}

	public Host host() {
		if (host == null) host = Hosts.current();
		return host;
	}

	@Override
	public final void run() {
		try {
			execute();
		}
		catch (final InputException e) {
			host().fail(e.getMessage());
		}
		catch (final CanceledException e) {
			host().log(e.getMessage());
		}
	}

	/**
	 * Does the work. Checks every input before it starts and throws an {@link InputException}
	 * for bad ones; on any failure it leaves the user's tables and files as they were.
	 */
	public abstract void execute();

	/** The process exit status the command line should use after {@link #execute()}. */
	public int exitStatus() {
		return 0;
	}

	/** The model to use: the given file, or the one trained or used last. */
	protected FlowModel loadModel(final File model) {
		File f = model;
		if (f == null || f.getPath().trim().isEmpty()) f = host().lastModel();
		if (f == null) throw new InputException("model: a model file is needed (train one with Train, then model=path.json)");
		final FlowModel m = ModelCache.get(f.toPath());
		host().rememberModel(f);
		return m;
	}

	// -- checks shared by the commands ---------------------------------------------------

	static int atLeast(final String key, final int value, final int min) {
		if (value < min) throw new InputException(key + " must be at least " + min + ", got " + value);
		return value;
	}

	static double positive(final String key, final double value) {
		if (!(value > 0) || Double.isInfinite(value)) throw new InputException(key + " must be a positive number, got " + value);
		return value;
	}

	/** Refuses a value above {@code max}; {@code why} says what goes wrong beyond it. */
	static double atMost(final String key, final double value, final double max, final String why) {
		if (value > max) throw new InputException(key + " must be at most " + CommandInputs.format(max) + ", got " + CommandInputs.format(value) + " (" + why + ")");
		return value;
	}

	static double nonNegative(final String key, final double value) {
		if (!(value >= 0) || Double.isInfinite(value)) throw new InputException(key + " must be 0 or a positive number, got " + value);
		return value;
	}

	/** Parses a comma-separated list of whole numbers in [min, max], e.g. {@code hidden=256,256}. */
	static int[] ints(final String key, final String text, final int min, final int max) {
		final String t = text == null ? "" : text.trim();
		if (t.isEmpty()) throw new InputException(key + ": a comma-separated list of whole numbers is needed");
		final String[] parts = t.split(",");
		final int[] v = new int[parts.length];
		for (int i = 0; i < parts.length; i++) {
			try {
				v[i] = Integer.parseInt(parts[i].trim());
			}
			catch (final NumberFormatException e) {
				throw new InputException(key + ": '" + parts[i].trim() + "' is not a whole number (expected e.g. " + key + "=" + (key.equals("dims") ? "1,2" : "256,256") + ")");
			}
			if (v[i] < min || v[i] > max) throw new InputException(key + ": " + v[i] + " is out of range " + min + " to " + max);
		}
		return v;
	}

	/**
	 * The one rule for where a command's {@code output} may go, checked before any work: the
	 * host can store a table there ({@link Host#checkOutput}: for a file, {@link WriteTarget}),
	 * and it is nothing this command reads. Not its model file; not its input table either,
	 * unless the command adds its columns to that table ({@code addsColumns}: encode, as SPEC
	 * says) — decode and check would replace the input with other columns.
	 *
	 * @param model the model the command reads (blank: the one used last), or null for none
	 * @param input the input table the command reads, or blank for none
	 */
	protected void checkOutput(final String output, final File model, final String input, final boolean addsColumns) {
		host().checkOutput(output);
		if (output == null || output.trim().isEmpty()) return;
		final File m = model == null || model.getPath().trim().isEmpty() ? host().lastModel() : model;
		if (m != null && host().isFile(output) && WriteTarget.sameFile(FileHost.path(output), m.toPath())) {
			throw new InputException("output: " + output.trim() + " is the model file this command reads; choose another file for the output");
		}
		if (host().sameTable(output, input) && !(addsColumns && (!host().isFile(input) || java.nio.file.Files.isRegularFile(FileHost.path(input))))) {
			throw new InputException("output: " + output.trim() + " is the input table; this command's result has other columns and would replace it, so choose another output");
		}
	}

	/**
	 * Refuses, before training, a model file that cannot be written ({@link WriteTarget}: a
	 * missing or read-only folder, a folder) or must not be: the input table, or an existing
	 * file that is not a Flow Models model (a table, say).
	 */
	static void requireModelTarget(final File model, final String input) {
		if (model == null || model.getPath().trim().isEmpty()) throw new InputException("model: a file to write the model to is needed (model=model.json)");
		if (model.isDirectory()) throw new InputException("model: " + model + " is a folder");
		final File dir = model.getAbsoluteFile().getParentFile();
		if (dir != null && !dir.isDirectory()) throw new InputException("model: the folder " + dir + " does not exist");
		if (input != null && !input.trim().isEmpty() && WriteTarget.sameFile(FileHost.path(input), model.toPath())) {
			throw new InputException("model: " + model + " is the input table; choose another file for the model");
		}
		if (model.isFile() && model.length() > 0 && !looksLikeModel(model)) {
			throw new InputException("model: " + model + " exists and is not a Flow Models model file; it is not overwritten (choose another name or delete it)");
		}
		try {
			WriteTarget.check(model.toPath());
		}
		catch (final InputException e) {
			throw new InputException("model: " + e.getMessage());
		}
	}

	private static boolean looksLikeModel(final File f) {
		try (java.io.InputStream in = Files.newInputStream(f.toPath())) {
			final byte[] head = new byte[256];
			final int n = Math.max(0, in.read(head));
			return new String(head, 0, n, java.nio.charset.StandardCharsets.UTF_8).contains("\"" + ModelFile.FORMAT + "\"");
		}
		catch (final java.io.IOException e) {
			return false;
		}
	}

	static String fmt(final double v) {
		return String.format(Locale.ROOT, "%.4f", v);
	}
}
