package sc.fiji.flowmodels.ij1;

import java.awt.Button;
import java.awt.Checkbox;
import java.awt.Color;
import java.awt.Component;
import java.awt.Container;
import java.awt.Font;
import java.awt.TextField;
import java.awt.event.ActionListener;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import ij.IJ;
import ij.Macro;
import ij.gui.GenericDialog;
import ij.gui.YesNoCancelDialog;
import ij.io.OpenDialog;
import ij.io.SaveDialog;
import ij.measure.ResultsTable;
import ij.plugin.frame.Recorder;

import sc.fiji.flowmodels.InputException;
import sc.fiji.flowmodels.commands.CommandInputs;
import sc.fiji.flowmodels.commands.FlowCommand;
import sc.fiji.flowmodels.data.ColumnSelection;

/**
 * The dialog of a Flow command in ImageJ 1.x: one field per input, labelled with its key (the
 * word the recorder writes), its description in grey beside it.
 * <ul>
 * <li><b>Current beats remembered.</b> The dialog remembers what was entered last, but the
 * frontmost table and the model trained or used last replace a remembered table and model, and
 * a line at the top says what changed since last time; column names the new table lacks are
 * cleared.</li>
 * <li><b>An advanced part.</b> Inputs marked {@code @Attr(name = "advanced")} are hidden behind a
 * "More settings" button, unless one of them differs from its default.</li>
 * <li><b>Files.</b> Browse opens a Save dialog for a file the command writes, an Open dialog
 * otherwise; neither adds a key to the recorded line. Writing over an existing file asks first.</li>
 * <li><b>Recorded as used.</b> A model, table or columns left blank are filled in with the ones
 * that will be used, so the recorded line replays with them, not with whatever is last then.</li>
 * <li><b>Errors.</b> Shown again with the values as entered and the message on top, in words
 * (no {@code key=value} syntax).</li>
 * </ul>
 */
final class CommandDialog {

	/** What to do about an existing file the command would replace. */
	enum Replace {
		GO, BACK, CANCEL
	}

	/** The last values entered in each command's dialog (not used by macros). */
	private static final Map<Class<?>, Map<String, String>> LAST = new HashMap<>();

	static final String MORE = "More settings \u25b8", FEWER = "Fewer settings \u25be";

	private static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
	private static final Font BOLD = new Font(Font.SANS_SERIF, Font.BOLD, 12);
	private static final Color GREY = new Color(0x60, 0x60, 0x60);
	private static final Color ERROR = new Color(0xB0, 0x10, 0x10);
	private static final Color NOTE = new Color(0x10, 0x40, 0x90);
	/** Characters per line of the messages at the top of a dialog. */
	private static final int WRAP = 90;
	/**
	 * Characters per line of a description beside its field: on one line, the longest (hidden,
	 * couplings, dequantize) made the expanded Train dialog 1,821 pixels wide; at 96 it is 920 ×
	 * 852 (64: 738 × 1,007, taller than a 900-pixel screen).
	 */
	private static final int DESCRIPTION_WIDTH = 96;

	private final Class<?> type;
	private final String label;
	private final List<CommandInputs.Input> inputs;
	private final FlowCommand defaults;
	private final ImageJHost host;
	/** A path the user chose in the Save dialog (which asked about replacing it already). */
	private String confirmed;

	CommandDialog(final Class<?> type, final String label, final List<CommandInputs.Input> inputs, final FlowCommand defaults,
		final ImageJHost host)
	{
		this.type = type;
		this.label = label;
		this.inputs = inputs;
		this.defaults = defaults;
		this.host = host;
	}

	// -- asking --------------------------------------------------------------------------------

	/**
	 * Shows the dialog with {@code entered} (null: the remembered values, brought up to date)
	 * and {@code error} on top (or null); returns the values by key, or null when cancelled.
	 */
	Map<String, String> ask(final Map<String, String> entered, final String error) {
		final List<String> notes = new ArrayList<>();
		final Map<String, String> start = entered != null ? entered : startValues(notes);
		final GenericDialog gd = build(start, notes, error, false);
		gd.showDialog();
		if (gd.wasCanceled()) return null;
		final Map<String, String> values = read(gd, null);
		LAST.put(type, new LinkedHashMap<>(values));
		return values;
	}

	/** In a macro: the dialog fed with the macro's options (so that the recorder records them). */
	Map<String, String> fromMacro(final String options) {
		final Map<String, String> start = new LinkedHashMap<>();
		for (final CommandInputs.Input in : inputs) start.put(in.name(), in.text(defaults));
		final GenericDialog gd = build(start, new ArrayList<>(), null, true);
		gd.showDialog();
		return read(gd, options);
	}

	/** The remembered values (else the defaults), with the current table and model put in. */
	private Map<String, String> startValues(final List<String> notes) {
		final Map<String, String> last = LAST.get(type);
		final Map<String, String> v = new LinkedHashMap<>();
		for (final CommandInputs.Input in : inputs) {
			v.put(in.name(), last != null && last.containsKey(in.name()) ? last.get(in.name()) : in.text(defaults));
		}
		final CommandInputs.Input input = CommandInputs.find(inputs, "input");
		final String front = ResultsTables.frontmost();
		if (input != null && front != null) {
			final String was = v.get("input").trim();
			final boolean table = !was.isEmpty() && !host.isFile(was);
			if (was.isEmpty() && blankIsFrontmost(input) || table && !was.equals(front)) {
				v.put("input", front);
				if (table) {
					notes.add("input is the frontmost table, " + front + " (last time: " + was + ")");
					clearMissingColumns(v, front, notes);
				}
			}
		}
		final File lastModel = host.lastModel();
		for (final CommandInputs.Input in : inputs) {
			if (!in.isFile() || FileWidget.SAVE_STYLE.equals(in.style()) || lastModel == null) continue;
			final String was = v.get(in.name()).trim();
			if (!was.isEmpty() && new File(was).getAbsoluteFile().equals(lastModel.getAbsoluteFile())) continue;
			v.put(in.name(), lastModel.getPath());
			if (!was.isEmpty()) notes.add(in.name() + " is the model trained or used last, " + lastModel.getName() + " (last time: " + new File(was).getName() + ")");
		}
		return v;
	}

	/**
	 * An {@code input} left blank means the frontmost table (Train, Encode/Decode), unless its
	 * description gives blank another meaning ("blank: sample them", "optional").
	 */
	static boolean blankIsFrontmost(final CommandInputs.Input in) {
		final String d = in.description().toLowerCase(Locale.ROOT);
		return in.required() || !d.contains("blank") && !d.startsWith("optional");
	}

	/** Column names remembered for another table: cleared when the new table lacks them. */
	private void clearMissingColumns(final Map<String, String> v, final String table, final List<String> notes) {
		final ResultsTable rt = ResultsTables.find(table);
		if (rt == null) return;
		final List<String> have = Arrays.asList(rt.getHeadings());
		for (final String key : new String[] { "columns", "x", "y" }) {
			final CommandInputs.Input in = CommandInputs.find(inputs, key);
			if (in == null || v.get(key).trim().isEmpty()) continue;
			for (final String name : v.get(key).split(",")) {
				if (have.contains(name.trim())) continue;
				notes.add(key + " cleared (" + table + " has no column " + name.trim() + ")");
				v.put(key, in.text(defaults));
				break;
			}
		}
	}

	// -- the dialog ------------------------------------------------------------------------------

	private GenericDialog build(final Map<String, String> start, final List<String> notes, final String error, final boolean macro) {
		final GenericDialog gd = new GenericDialog(label);
		if (error != null) gd.addMessage(wrap("Please correct: " + inWords(error)), BOLD, ERROR);
		final String summary = summary(type);
		if (!summary.isEmpty()) gd.addMessage(wrap(summary), SMALL, GREY);
		if (!notes.isEmpty()) gd.addMessage(wrap("Since last time: " + String.join("; ", notes) + "."), SMALL, NOTE);
		final List<Component> advanced = new ArrayList<>();
		boolean open = false;
		Button toggle = null;
		for (final CommandInputs.Input in : inputs) {
			final String value = start.get(in.name());
			if (in.isAdvanced() && toggle == null && !macro) {
				gd.addButton(MORE, null);
				toggle = (Button) gd.getComponent(gd.getComponentCount() - 1);
			}
			final int before = gd.getComponentCount();
			addField(gd, in, value);
			if (in.isAdvanced()) {
				for (int i = before; i < gd.getComponentCount(); i++) advanced.add(gd.getComponent(i));
				open |= !value.equals(in.text(defaults)) || error != null && error.startsWith(in.name());
			}
		}
		if (toggle != null) {
			final Button b = toggle;
			final ActionListener flip = e -> {
				final boolean show = b.getLabel().equals(MORE);
				for (final Component c : advanced) c.setVisible(show);
				b.setLabel(show ? FEWER : MORE);
				gd.pack();
			};
			b.addActionListener(flip);
			if (!open) {
				for (final Component c : advanced) c.setVisible(false);
			}
			else b.setLabel(FEWER);
		}
		gd.addHelp(DialogHelp.html(type, label, inputs, defaults));
		return gd;
	}

	private void addField(final GenericDialog gd, final CommandInputs.Input in, final String value) {
		final String key = in.name();
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
			if (in.isFile()) browse(gd, tf, FileWidget.SAVE_STYLE.equals(in.style()));
		}
		final String help = in.description();
		if (!help.isEmpty()) {
			gd.addToSameRow();
			gd.addMessage(wrap(help, DESCRIPTION_WIDTH), SMALL, GREY);
		}
	}

	/**
	 * The file field's Browse button: a Save dialog for a file to write (it asks about
	 * replacing), an Open dialog otherwise. The chooser's own recording of the path (a key
	 * {@code select=} or {@code save=} that the command does not have) is switched off.
	 */
	private void browse(final GenericDialog gd, final TextField tf, final boolean save) {
		final Button button = findButton(gd.getComponent(gd.getComponentCount() - 1));
		if (button == null) return;
		for (final ActionListener l : button.getActionListeners()) button.removeActionListener(l);
		button.addActionListener(e -> {
			final String text = tf.getText().trim();
			final File now = new File(text.isEmpty() ? "model.json" : text).getAbsoluteFile();
			final String dir = now.getParent() == null ? null : now.getParent() + File.separator;
			final String path;
			if (save) {
				final SaveDialog sd = new SaveDialog("Write the model to", dir, now.getName(), ".json");
				path = sd.getFileName() == null ? null : sd.getDirectory() + name(sd.getFileName());
				confirmed = path;
			}
			else {
				final OpenDialog od = new OpenDialog("Choose a model file", dir, now.getName());
				path = od.getFileName() == null ? null : od.getDirectory() + name(od.getFileName());
			}
			if (path != null) tf.setText(path);
		});
	}

	/** Returns {@code name}, telling the recorder not to add the path the chooser just picked. */
	private static String name(final String name) {
		if (Recorder.record) Recorder.disablePathRecording();
		return name;
	}

	private static Button findButton(final Component c) {
		if (c instanceof Button) return (Button) c;
		if (c instanceof Container) {
			for (final Component k : ((Container) c).getComponents()) {
				final Button b = findButton(k);
				if (b != null) return b;
			}
		}
		return null;
	}

	/** The values in the fields; a blank model or table becomes the one that will be used. */
	private Map<String, String> read(final GenericDialog gd, final String options) {
		final boolean macro = options != null;
		final Map<String, String> values = new LinkedHashMap<>();
		int checkbox = 0, text = 0;
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
			else {
				final TextField tf = (TextField) gd.getStringFields().get(text++);
				if (!macro && tf.getText().trim().isEmpty()) {
					final String used = used(in, values);
					if (used != null) tf.setText(used);
				}
				value = gd.getNextString();
			}
			values.put(in.name(), value == null ? "" : value);
		}
		return values;
	}

	/**
	 * What a blank input will use: the model trained or used last, the frontmost table, the
	 * default columns of the table {@code values} name as input; or null (left blank).
	 */
	private String used(final CommandInputs.Input in, final Map<String, String> values) {
		if (in.isFile() && !FileWidget.SAVE_STYLE.equals(in.style())) {
			final File m = host.lastModel();
			return m == null ? null : m.getPath();
		}
		if (in.name().equals("input") && blankIsFrontmost(in)) return ResultsTables.frontmost();
		if (in.name().equals("columns")) {
			final String table = values.containsKey("input") ? values.get("input").trim() : "";
			final ResultsTable rt = table.isEmpty() || host.isFile(table) ? null : ResultsTables.find(table);
			if (rt == null) return null;
			try {
				return String.join(",", ColumnSelection.defaults(ResultsTables.toDataTable(rt, table)).names);
			}
			catch (final InputException e) {
				return null; // the command reports it
			}
		}
		return null;
	}

	/**
	 * Before the command writes over an existing file (a model the user did not pick in the
	 * Save dialog, which asked already): Replace, Back to the dialog, or Cancel.
	 */
	Replace confirmReplacing(final Map<String, String> values) {
		for (final CommandInputs.Input in : inputs) {
			if (!in.isFile() || !FileWidget.SAVE_STYLE.equals(in.style())) continue;
			final String path = values.get(in.name()).trim();
			final File f = new File(path);
			if (path.isEmpty() || !f.isFile() || f.length() == 0 || path.equals(confirmed)) continue;
			final File dir = f.getAbsoluteFile().getParentFile();
			final YesNoCancelDialog d = new YesNoCancelDialog(IJ.getInstance(), label, f.getName() + " exists" + (dir == null ? "" : " in " + dir) + ".\nReplace it with the new model?", "Replace", "Back");
			if (d.cancelPressed()) return Replace.CANCEL;
			if (!d.yesPressed()) return Replace.BACK;
		}
		return Replace.GO;
	}

	// -- words -------------------------------------------------------------------------------

	private static final Pattern KEY_VALUE = Pattern.compile("(?:,\\s*|;\\s*)?(?:then |expected )?(?:e\\.g\\. )?\\b[a-z]+=[^,;)\\s]+(?:,\\d+)*");
	private static final Pattern EMPTY_PARENS = Pattern.compile("\\s*\\(\\s*\\)");
	private static final Pattern BARE_KEY_VALUE = Pattern.compile("\\b([a-z]+)=(\\S+)");

	/**
	 * A message for a dialog: the {@code key=value} examples meant for macros and the command
	 * line left out, "validation=0.99" written "validation 0.99".
	 */
	static String inWords(final String message) {
		final StringBuffer b = new StringBuffer();
		final Matcher m = Pattern.compile("\\(([^()]*)\\)").matcher(message);
		while (m.find()) {
			final String inside = KEY_VALUE.matcher(m.group(1)).replaceAll("").trim();
			m.appendReplacement(b, Matcher.quoteReplacement(inside.isEmpty() ? "()" : "(" + inside.replaceAll("^[,;]\\s*", "") + ")"));
		}
		m.appendTail(b);
		String s = EMPTY_PARENS.matcher(b.toString()).replaceAll("");
		s = s.replaceAll(",\\s*e\\.g\\. [a-z]+=\\S+", "");
		return BARE_KEY_VALUE.matcher(s).replaceAll("$1 $2");
	}

	/** Text broken into lines of at most {@value #WRAP} characters, at spaces. */
	static String wrap(final String text) {
		return wrap(text, WRAP);
	}

	/** {@code text} broken into lines of at most {@code width} characters at spaces (a longer word keeps a line of its own). */
	static String wrap(final String text, final int width) {
		final StringBuilder b = new StringBuilder();
		int line = 0;
		for (final String word : text.split(" ")) {
			if (line > 0 && line + 1 + word.length() > width) {
				b.append('\n');
				line = 0;
			}
			else if (line > 0) {
				b.append(' ');
				line++;
			}
			b.append(word);
			line += word.length();
		}
		return b.toString();
	}

	/** What the command does: its {@code @Plugin} description, if it has one. */
	static String summary(final Class<?> type) {
		final Plugin p = type.getAnnotation(Plugin.class);
		return p == null ? "" : p.description();
	}

	// -- macro options ---------------------------------------------------------------------------

	/** The values from macro options without a dialog (headless ImageJ 1.x has none). */
	static Map<String, String> fromOptions(final String options, final List<CommandInputs.Input> inputs, final FlowCommand defaults) {
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

	/** A text resource next to this class, or "" when there is none. */
	static String resource(final String name) {
		try (InputStream in = CommandDialog.class.getResourceAsStream(name)) {
			if (in == null) return "";
			final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
			final byte[] buf = new byte[8192];
			for (int n = in.read(buf); n > 0; n = in.read(buf)) out.write(buf, 0, n);
			return new String(out.toByteArray(), StandardCharsets.UTF_8);
		}
		catch (final IOException e) {
			return "";
		}
	}
}
