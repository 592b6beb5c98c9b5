package sc.fiji.flowmodels.ij1;

import java.awt.Checkbox;
import java.awt.Color;
import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.awt.TextField;
import java.io.File;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import ij.IJ;
import ij.Macro;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;

import sc.fiji.flowmodels.InputException;
import sc.fiji.flowmodels.commands.CommandInputs;
import sc.fiji.flowmodels.commands.FlowCommand;

/**
 * Runs a Flow command from an ImageJ 1.x menu ({@code plugins.config}): the argument names the
 * command class. One generic adapter: it reads the command's {@code @Parameter} inputs with
 * {@link CommandInputs}, asks for them in a {@link GenericDialog} (or takes them from the macro
 * options), and runs the command with an {@link ImageJHost}.
 * <p>
 * Each dialog label is the input's key, so the macro keys, the recorded
 * {@code run("Train", "input=… epochs=…")} and the keys of the CLI and of Fiji's SciJava
 * commands are the same. In a macro, a key left out takes the command's default (a checkbox:
 * off, as everywhere in ImageJ, unless written {@code key=true}); an unknown key is an error,
 * not silently ignored.
 */
public class CommandPlugin implements PlugIn {

	/** The last values entered in each command's dialog (not used by macros). */
	private static final Map<Class<?>, Map<String, String>> LAST = new HashMap<>();

	private static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
	private static final Color GREY = new Color(0x60, 0x60, 0x60);

	@Override
	public void run(final String arg) {
		final Class<? extends FlowCommand> type = commandClass(arg);
		final String label = label(type);
		final ImageJHost host = new ImageJHost(label);
		final FlowCommand command = newCommand(type);
		command.host(host);
		final List<CommandInputs.Input> inputs = CommandInputs.of(type);
		final String options = Macro.getOptions();
		final Map<String, String> values;
		try {
			if (options != null) checkKeys(label, options, inputs);
			if (GraphicsEnvironment.isHeadless()) {
				if (options == null) throw new InputException("without a display the keys are needed: run(\"" + label + "\", \"key=value ...\")");
				values = fromOptions(options, inputs, command);
			}
			else {
				values = ask(type, label, inputs, command, host, options);
				if (values == null) return; // cancelled
			}
			for (final CommandInputs.Input in : inputs) in.set(command, values.get(in.name()));
		}
		catch (final InputException e) {
			host.fail(e.getMessage());
			return;
		}
		IJ.resetEscape();
		IJ.showStatus(label + "...");
		try {
			command.run();
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
		}
		IJ.showStatus("");
	}

	/**
	 * The options of the {@code run("…", options)} the calling macro runs in, or "": how
	 * {@code macros/flow_demo.ijm}, run by {@code run("Demo", "dataset=gmm8")}, gets its keys.
	 */
	public static String macroOptions() {
		final String options = Macro.getOptions();
		return options == null ? "" : options.trim();
	}

	// -- the dialog ---------------------------------------------------------------------------

	/**
	 * Shows the dialog, or in a macro feeds it the options (so the recorder records them);
	 * returns the values by key, or null when cancelled.
	 */
	private static Map<String, String> ask(final Class<?> type, final String label,
		final List<CommandInputs.Input> inputs, final FlowCommand defaults, final ImageJHost host,
		final String options)
	{
		final boolean macro = options != null;
		final Map<String, String> last = macro ? null : LAST.get(type);
		final GenericDialog gd = new GenericDialog(label);
		if (!summary(type).isEmpty()) gd.addMessage(summary(type), SMALL, GREY);
		for (final CommandInputs.Input in : inputs) {
			final String key = in.name();
			String value = last != null && last.containsKey(key) ? last.get(key) : in.text(defaults);
			if (!macro) value = guiDefault(in, value, host);
			if (!in.choices().isEmpty()) {
				final String[] items = in.choices().toArray(new String[0]);
				gd.addChoice(key, items, in.choices().contains(value) ? value : items[0]);
			}
			else if (in.isBoolean()) gd.addCheckbox(key, Boolean.parseBoolean(value));
			else {
				// at most 8 columns keeps the field in the middle column, with its description to
				// the right; then the text field is widened
				if (in.isFile()) gd.addFileField(key, value, 8);
				else gd.addStringField(key, value, 8);
				final TextField tf = (TextField) gd.getStringFields().lastElement();
				tf.setColumns(in.isFile() ? 24 : in.isNumber() ? 8 : 18);
			}
			final String help = in.description();
			if (!help.isEmpty()) {
				gd.addToSameRow();
				gd.addMessage(help, SMALL, GREY);
			}
		}
		gd.addHelp(helpHtml(type, label, inputs, defaults));
		gd.showDialog();
		if (gd.wasCanceled()) return null;
		final Map<String, String> values = new LinkedHashMap<>();
		int checkbox = 0;
		for (final CommandInputs.Input in : inputs) {
			final String value;
			if (!in.choices().isEmpty()) value = gd.getNextChoice();
			else if (in.isBoolean()) {
				if (macro) {
					// the recorder records the box, so it must show what the macro said
					final boolean on = macroBoolean(options, in);
					((Checkbox) gd.getCheckboxes().get(checkbox)).setState(on);
					gd.getNextBoolean();
					value = Boolean.toString(on);
				}
				else value = Boolean.toString(gd.getNextBoolean());
				checkbox++;
			}
			else value = gd.getNextString();
			values.put(in.name(), value == null ? "" : value);
		}
		if (!macro) LAST.put(type, new HashMap<>(values));
		return values;
	}

	/** In the dialog, a blank input names the frontmost table and a blank model the last one. */
	private static String guiDefault(final CommandInputs.Input in, final String value, final ImageJHost host) {
		if (!value.trim().isEmpty()) return value;
		if (in.name().equals("input") && in.required()) {
			final String front = ResultsTables.frontmost();
			return front == null ? value : front;
		}
		if (in.isFile() && !FileWidget.SAVE_STYLE.equals(in.style())) {
			final File m = host.lastModel();
			return m == null ? value : m.getPath();
		}
		return value;
	}

	/** The values from macro options without a dialog (headless ImageJ 1.x has none). */
	private static Map<String, String> fromOptions(final String options,
		final List<CommandInputs.Input> inputs, final FlowCommand defaults)
	{
		final Map<String, String> values = new LinkedHashMap<>();
		for (final CommandInputs.Input in : inputs) {
			final String value = in.isBoolean() ? Boolean.toString(macroBoolean(options, in)) : Macro.getValue(options, in.name(), in.text(defaults));
			values.put(in.name(), value);
		}
		return values;
	}

	/** A checkbox in macro options: {@code key=true|false}, else on when the bare key is there. */
	static boolean macroBoolean(final String options, final CommandInputs.Input in) {
		final String v = Macro.getValue(options, in.name(), null);
		if (v != null) {
			final String t = v.trim().toLowerCase(Locale.ROOT);
			if (t.equals("true") || t.equals("yes") || t.equals("1")) return true;
			if (t.equals("false") || t.equals("no") || t.equals("0")) return false;
			throw new InputException(in.name() + ": '" + v + "' is not true or false");
		}
		return keys(options).contains(in.name());
	}

	/** Refuses keys the command does not have (ImageJ would silently ignore a typo). */
	static void checkKeys(final String label, final String options, final List<CommandInputs.Input> inputs) {
		final List<String> known = new ArrayList<>();
		for (final CommandInputs.Input in : inputs) known.add(in.name());
		for (final String key : keys(options)) {
			if (!known.contains(key)) {
				throw new InputException("unknown key '" + key + "'" + suggestion(key, known) + "; the keys of " + label + " are: " + String.join(", ", known));
			}
		}
	}

	/**
	 * The keys of macro options {@code key=value key=[value with spaces] flag}, in order, in
	 * lower case as ImageJ matches them.
	 */
	static List<String> keys(final String options) {
		final List<String> keys = new ArrayList<>();
		final int n = options.length();
		int i = 0;
		while (i < n) {
			while (i < n && options.charAt(i) == ' ') i++;
			if (i >= n) break;
			final int start = i;
			while (i < n && options.charAt(i) != '=' && options.charAt(i) != ' ') i++;
			keys.add(options.substring(start, i).toLowerCase(Locale.US));
			if (i < n && options.charAt(i) == '=') {
				i++;
				if (i < n && options.charAt(i) == '[') {
					int depth = 0;
					for (; i < n; i++) {
						if (options.charAt(i) == '[') depth++;
						else if (options.charAt(i) == ']' && --depth == 0) {
							i++;
							break;
						}
					}
				}
				else if (i < n && options.charAt(i) == '\'') {
					final int end = options.indexOf('\'', i + 1);
					i = end < 0 ? n : end + 1;
				}
				else {
					while (i < n && options.charAt(i) != ' ') i++;
				}
			}
		}
		return keys;
	}

	private static String suggestion(final String key, final List<String> known) {
		for (final String k : known) {
			if (k.startsWith(key) || key.startsWith(k)) return " (did you mean '" + k + "'?)";
		}
		return "";
	}

	/** What the command does: its {@code @Plugin} description, if it has one. */
	private static String summary(final Class<?> type) {
		final Plugin p = type.getAnnotation(Plugin.class);
		return p == null ? "" : p.description();
	}

	private static String helpHtml(final Class<?> type, final String label, final List<CommandInputs.Input> inputs,
		final FlowCommand defaults)
	{
		final StringBuilder b = new StringBuilder("<html><h2>Flow \u203a ").append(escape(label)).append("</h2><p>").append(escape(summary(type))).append("</p><table>");
		b.append("<tr><th align=left>key</th><th align=left>default</th><th align=left>meaning</th></tr>");
		for (final CommandInputs.Input in : inputs) {
			String d = in.text(defaults);
			if (!in.choices().isEmpty()) d = d + " (" + String.join(", ", in.choices()) + ")";
			b.append("<tr><td><code>").append(in.name()).append("</code></td><td>").append(escape(d)).append("</td><td>").append(escape(in.description())).append("</td></tr>");
		}
		b.append("</table><p>In a macro: <code>run(\"").append(escape(label)).append("\", \"key=value ...\");</code> with these keys; "
			+ "tables are results tables by title, or CSV files when the value is a path. Turn on the recorder (Plugins \u203a Macros \u203a Record) to get the line for the values you chose.</p></html>");
		return b.toString();
	}

	private static String escape(final String s) {
		return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
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
