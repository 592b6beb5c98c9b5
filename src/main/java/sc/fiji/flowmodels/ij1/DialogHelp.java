package sc.fiji.flowmodels.ij1;

import java.util.List;

import sc.fiji.flowmodels.commands.CommandInputs;
import sc.fiji.flowmodels.commands.FlowCommand;

/**
 * The Help of a command's dialog: what the command does, a guide (what to change when, and what
 * to do next; {@code help/<Command>.html} next to this class), the keys with their defaults, and
 * how to run it from a macro.
 */
final class DialogHelp {

	private DialogHelp() {}

	static String html(final Class<?> type, final String label, final List<CommandInputs.Input> inputs, final FlowCommand defaults) {
		final StringBuilder b = new StringBuilder("<html><h2>Flow \u203a ").append(escape(label)).append("</h2><p>").append(escape(CommandDialog.summary(type))).append("</p>");
		b.append(guide(type));
		b.append("<h3>Keys</h3><table><tr><th align=left>key</th><th align=left>default</th><th align=left>meaning</th></tr>");
		for (final CommandInputs.Input in : inputs) {
			String d = in.text(defaults);
			if (!in.choices().isEmpty()) d = d + " (" + String.join(", ", in.choices()) + ")";
			b.append("<tr><td><code>").append(in.name()).append("</code></td><td>").append(escape(d)).append("</td><td>").append(escape(in.description())).append("</td></tr>");
		}
		b.append("</table><p>In a macro: <code>run(\"").append(escape(label)).append("\", \"key=value ...\");</code> with these keys; "
			+ "tables are results tables by title, or CSV files when the value is a path. Turn on the recorder (Plugins \u203a Macros \u203a Record) to get the line for the values you chose.</p></html>");
		return b.toString();
	}

	/** The command's guide (HTML body text), or "". */
	static String guide(final Class<?> type) {
		return CommandDialog.resource("help/" + type.getSimpleName() + ".html");
	}

	static String escape(final String s) {
		return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}
}
