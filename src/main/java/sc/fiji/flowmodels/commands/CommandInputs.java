package sc.fiji.flowmodels.commands;

import java.io.File;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import org.scijava.Context;
import org.scijava.ItemIO;
import org.scijava.ItemVisibility;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.service.Service;

import sc.fiji.flowmodels.InputException;
import sc.fiji.flowmodels.data.TableMessages;

/**
 * The user inputs of a command, read from its {@code @Parameter} fields: what the CLI fills
 * from {@code key=value} words and the ImageJ 1.x adapter shows in a dialog and records.
 * One generic reader, so that every feature is wired up only once, in its command.
 */
public final class CommandInputs {

	/** One input: a {@code @Parameter} field of a supported type. */
	public static final class Input {

		private final Field field;
		private final Parameter p;

		Input(final Field field) {
			this.field = field;
			this.p = field.getAnnotation(Parameter.class);
			field.setAccessible(true);
		}

		/** The key: the field name, as in SPEC, macros and the CLI. */
		public String name() {
			return field.getName();
		}

		public String label() {
			return p.label().isEmpty() ? name() : p.label();
		}

		public String description() {
			return p.description();
		}

		public Class<?> type() {
			return field.getType();
		}

		public List<String> choices() {
			return Collections.unmodifiableList(Arrays.asList(p.choices()));
		}

		public String style() {
			return p.style();
		}

		public boolean required() {
			return p.required();
		}

		/**
		 * Whether the input is for experts ({@code @Attr(name = "advanced")}): a dialog may keep
		 * it out of sight until asked.
		 */
		public boolean isAdvanced() {
			for (final Attr a : p.attrs()) {
				if (a.name().equals("advanced")) return true;
			}
			return false;
		}

		public boolean isFile() {
			return field.getType() == File.class;
		}

		public boolean isBoolean() {
			return field.getType() == boolean.class || field.getType() == Boolean.class;
		}

		public boolean isNumber() {
			final Class<?> t = wrap(field.getType());
			return t == Integer.class || t == Long.class || t == Double.class;
		}

		public Object get(final Object command) {
			try {
				return field.get(command);
			}
			catch (final IllegalAccessException e) {
				throw new IllegalStateException(e);
			}
		}

		/** The current value as text, the way {@link #set} reads it back. */
		public String text(final Object command) {
			final Object v = get(command);
			if (v == null) return "";
			if (v instanceof File) return ((File) v).getPath();
			if (v instanceof Double) return format((Double) v);
			return v.toString();
		}

		/** Sets the value from text, checking its type and its choices. */
		public void set(final Object command, final String text) {
			try {
				field.set(command, parse(text));
			}
			catch (final IllegalAccessException e) {
				throw new IllegalStateException(e);
			}
		}

		private Object parse(final String raw) {
			final String text = raw.trim();
			final Class<?> t = wrap(field.getType());
			if (p.choices().length > 0 && t == String.class) {
				for (final String c : p.choices()) {
					if (c.equals(text)) return c;
				}
				throw new InputException(name() + ": '" + text + "' is not one of " + String.join(", ", p.choices()));
			}
			if (t == String.class) return text;
			if (t == File.class) {
				// File drops a trailing separator: model=newdir/ would name a file "newdir"
				if (text.length() > 1 && (text.endsWith("/") || text.endsWith(File.separator))) {
					throw new InputException(name() + ": '" + text + "' ends in a folder separator; a file name is needed (e.g. " + text + "model.json)");
				}
				return text.isEmpty() ? null : new File(text);
			}
			if (t == Boolean.class) {
				switch (text.toLowerCase(Locale.ROOT)) {
					case "true":
					case "yes":
					case "1":
						return true;
					case "false":
					case "no":
					case "0":
						return false;
					default:
						throw new InputException(name() + ": '" + text + "' is not true or false");
				}
			}
			try {
				if (t == Integer.class) return Integer.parseInt(text);
				if (t == Long.class) return Long.parseLong(text);
				if (t == Double.class) {
					final double v = Double.parseDouble(text);
					if (text.endsWith("d") || text.endsWith("D") || text.endsWith("f") || text.endsWith("F")) throw new NumberFormatException();
					return v;
				}
			}
			catch (final NumberFormatException e) {
				throw new InputException(name() + ": '" + text + "' is not " + (t == Double.class ? "a number" : "a whole number") + commaHint(text, t == Double.class));
			}
			throw new IllegalStateException("unsupported input type " + t);
		}
	}

	private CommandInputs() {}

	/**
	 * The hint for a number written with a comma: a decimal comma ({@code 0,001}) for a number,
	 * a thousands separator ({@code 1,000}) for a whole number.
	 */
	static String commaHint(final String text, final boolean decimal) {
		if (decimal) return TableMessages.decimalComma(text);
		if (text.matches("[+-]?\\d{1,3}(,\\d{3})+")) return " (write it without commas: " + text.replace(",", "") + ")";
		return "";
	}

	/** The inputs of a command class in declaration order, superclass fields last. */
	public static List<Input> of(final Class<?> commandClass) {
		final List<Input> inputs = new ArrayList<>();
		for (Class<?> c = commandClass; c != null && c != Object.class; c = c.getSuperclass()) {
			for (final Field f : c.getDeclaredFields()) {
				final Parameter p = f.getAnnotation(Parameter.class);
				if (p == null || Modifier.isStatic(f.getModifiers())) continue;
				if (p.type() == ItemIO.OUTPUT || p.visibility() == ItemVisibility.MESSAGE) continue;
				if (Service.class.isAssignableFrom(f.getType()) || Context.class.isAssignableFrom(f.getType())) continue;
				inputs.add(new Input(f));
			}
		}
		return inputs;
	}

	/** The input with this key, or null. */
	public static Input find(final List<Input> inputs, final String name) {
		for (final Input i : inputs) {
			if (i.name().equals(name)) return i;
		}
		return null;
	}

	/** Shortest text that parses back to the same double. */
	public static String format(final double v) {
		if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
		return Double.toString(v);
	}

	private static Class<?> wrap(final Class<?> t) {
		if (t == int.class) return Integer.class;
		if (t == long.class) return Long.class;
		if (t == double.class) return Double.class;
		if (t == boolean.class) return Boolean.class;
		return t;
	}
}
