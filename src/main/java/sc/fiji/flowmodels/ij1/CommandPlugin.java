package sc.fiji.flowmodels.ij1;

import java.awt.GraphicsEnvironment;
import java.util.List;
import java.util.Map;

import org.scijava.plugin.Plugin;

import ij.IJ;
import ij.Macro;
import ij.plugin.PlugIn;
import ij.plugin.frame.Recorder;

import sc.fiji.flowmodels.CanceledException;
import sc.fiji.flowmodels.InputException;
import sc.fiji.flowmodels.commands.CommandInputs;
import sc.fiji.flowmodels.commands.FlowCommand;

/**
 * Runs a Flow command from an ImageJ 1.x menu ({@code plugins.config}): the argument names the
 * command class. One generic adapter: it reads the command's {@code @Parameter} inputs with
 * {@link CommandInputs}, asks for them in a dialog ({@link CommandDialog}, or takes them from
 * the macro options), and runs the command with an {@link ImageJHost}.
 * <p>
 * Each dialog label is the input's key, so the macro keys, the recorded
 * {@code run("Train", "input=… epochs=…")} and the keys of the CLI and of Fiji's SciJava
 * commands are the same. In a macro, a key left out takes the command's default (a checkbox:
 * off, as everywhere in ImageJ, unless written {@code key=true}); an unknown key is an error,
 * not silently ignored. Run from its dialog, a command that fails on the user's input shows the
 * dialog again with the values as entered and the message at its top, so the user corrects one
 * value instead of starting again from the menu.
 */
public class CommandPlugin implements PlugIn {

	@Override
	public void run(final String arg) {
		final Class<? extends FlowCommand> type = commandClass(arg);
		final String label = label(type);
		final List<CommandInputs.Input> inputs = CommandInputs.of(type);
		final String options = Macro.getOptions();
		if (options == null && !GraphicsEnvironment.isHeadless()) {
			interactive(type, label, inputs);
			return;
		}
		final ImageJHost host = new ImageJHost(label);
		final FlowCommand command = newCommand(type).host(host);
		String failure;
		try {
			if (options == null) throw new InputException("without a display the keys are needed: run(\"" + label + "\", \"key=value ...\")");
			CommandDialog.checkKeys(label, options, inputs);
			final Map<String, String> values = GraphicsEnvironment.isHeadless() ? CommandDialog.fromOptions(options, inputs, command)
				: new CommandDialog(type, label, inputs, command, host).fromMacro(options);
			set(command, inputs, values);
			failure = execute(label, command, host);
		}
		catch (final InputException e) {
			failure = e.getMessage();
		}
		if (failure != null) host.fail(failure);
	}

	/**
	 * The dialog, then the command; bad input shows the dialog again (values as entered, the
	 * message at its top) until the command runs or the user cancels.
	 */
	private static void interactive(final Class<? extends FlowCommand> type, final String label,
		final List<CommandInputs.Input> inputs)
	{
		Map<String, String> entered = null;
		String error = null;
		while (true) {
			// a fresh host and command per attempt: nothing of a failed one (a Stop pressed) carries over
			final ImageJHost host = new ImageJHost(label);
			final FlowCommand command = newCommand(type).host(host);
			final CommandDialog dialog = new CommandDialog(type, label, inputs, command, host);
			// shown again: the options the recorder took from the last showing are dropped
			if (entered != null && Recorder.record) Recorder.resetCommandOptions();
			final Map<String, String> values = dialog.ask(entered, error);
			if (values == null) {
				Recorder.setCommand(null); // nothing ran: nothing to record
				return;
			}
			entered = values;
			error = null;
			final CommandDialog.Replace replace = dialog.confirmReplacing(values);
			if (replace == CommandDialog.Replace.BACK) continue;
			if (replace == CommandDialog.Replace.CANCEL) {
				Recorder.setCommand(null);
				return;
			}
			String failure;
			try {
				set(command, inputs, values);
				failure = execute(label, command, host);
			}
			catch (final InputException e) {
				failure = e.getMessage();
			}
			if (failure == null) return;
			host.endTraining("failed: " + failure);
			error = failure;
			IJ.beep();
		}
	}

	private static void set(final FlowCommand command, final List<CommandInputs.Input> inputs, final Map<String, String> values) {
		for (final CommandInputs.Input in : inputs) in.set(command, values.get(in.name()));
	}

	/**
	 * Runs the command with progress and Esc; returns the message of bad input (for the caller
	 * to report or to show in the dialog again), or null.
	 */
	private static String execute(final String label, final FlowCommand command, final ImageJHost host) {
		IJ.resetEscape();
		IJ.showStatus(label + "...");
		try {
			command.execute();
		}
		catch (final InputException e) {
			return e.getMessage();
		}
		catch (final CanceledException e) {
			host.log(e.getMessage());
		}
		catch (final OutOfMemoryError e) {
			IJ.outOfMemory(label);
		}
		catch (final RuntimeException e) {
			if (Macro.MACRO_CANCELED.equals(e.getMessage())) throw e;
			IJ.log(label + ": internal error:");
			IJ.log(stackTrace(e));
			host.fail("internal error: " + e + " (the details are in the Log window)");
		}
		finally {
			IJ.showProgress(1.0);
			IJ.showStatus("");
		}
		return null;
	}

	/**
	 * The options of the {@code run("…", options)} the calling macro runs in, or "": how
	 * {@code macros/flow_demo.ijm}, run by {@code run("Demo", "dataset=gmm8")}, gets its keys.
	 */
	public static String macroOptions() {
		final String options = Macro.getOptions();
		return options == null ? "" : options.trim();
	}

	// -- plumbing -----------------------------------------------------------------------------

	@SuppressWarnings("unchecked")
	static Class<? extends FlowCommand> commandClass(final String arg) {
		final String name = arg == null ? "" : arg.trim();
		try {
			final Class<?> c = Class.forName(name.contains(".") ? name : "sc.fiji.flowmodels.commands." + name, true, CommandPlugin.class.getClassLoader());
			if (!FlowCommand.class.isAssignableFrom(c)) throw new IllegalArgumentException(name + " is not a Flow command");
			return (Class<? extends FlowCommand>) c;
		}
		catch (final ClassNotFoundException e) {
			throw new IllegalArgumentException("no Flow command " + name + " (plugins.config)", e);
		}
	}

	/** The menu label: the command's {@code @Plugin} label. */
	static String label(final Class<?> type) {
		final Plugin p = type.getAnnotation(Plugin.class);
		return p != null && !p.label().isEmpty() ? p.label() : type.getSimpleName();
	}

	private static FlowCommand newCommand(final Class<? extends FlowCommand> type) {
		try {
			return type.getConstructor().newInstance();
		}
		catch (final ReflectiveOperationException e) {
			throw new IllegalStateException(e);
		}
	}

	private static String stackTrace(final Throwable e) {
		final java.io.StringWriter w = new java.io.StringWriter();
		e.printStackTrace(new java.io.PrintWriter(w));
		return w.toString();
	}

}
