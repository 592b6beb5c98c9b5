package sc.fiji.flowmodels.io;

import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import com.google.gson.stream.JsonWriter;

import sc.fiji.flowmodels.train.TrainingOptions;

/**
 * The training options as a model file's {@code training.options} names them, in the order
 * they are written: the one table that {@link ModelWriter} and {@link ModelReader} share.
 */
final class TrainingOptionKeys {

	private TrainingOptionKeys() {}

	/** Writes one option's value. */
	interface Write {

		void value(JsonWriter json, TrainingOptions o) throws IOException;
	}

	/** Reads one option's value (checked by the reader's typed readers) into the options. */
	interface Read {

		void value(Values in, TrainingOptions o) throws IOException;
	}

	/** The reader's checked values (each throws an InputException naming the JSON path). */
	interface Values {

		int integer(int min, int max) throws IOException;

		long wholeNumber() throws IOException;

		double number() throws IOException;

		boolean bool() throws IOException;

		String string() throws IOException;
	}

	static final class Key {

		final String name;
		final Write write;
		final Read read;

		Key(final String name, final Write write, final Read read) {
			this.name = name;
			this.write = write;
			this.read = read;
		}
	}

	static final List<Key> KEYS = Collections.unmodifiableList(Arrays.asList(
		new Key("epochs", (j, o) -> j.value(o.epochs()), (v, o) -> o.epochs(v.integer(1, Integer.MAX_VALUE))),
		new Key("batch", (j, o) -> j.value(o.batch()), (v, o) -> o.batch(v.integer(1, Integer.MAX_VALUE))),
		new Key("lr", (j, o) -> j.value(o.lr()), (v, o) -> o.lr(v.number())),
		new Key("schedule", (j, o) -> j.value(o.schedule().name().toLowerCase(Locale.ROOT)), (v, o) -> o.schedule(TrainingOptions.Schedule.valueOf(v.string().toUpperCase(Locale.ROOT)))),
		new Key("validation", (j, o) -> j.value(o.validation()), (v, o) -> o.validation(v.number())),
		new Key("patience", (j, o) -> j.value(o.patience()), (v, o) -> o.patience(v.integer(0, Integer.MAX_VALUE))),
		new Key("l2", (j, o) -> j.value(o.l2()), (v, o) -> o.l2(v.number())),
		new Key("gradient_clip", (j, o) -> j.value(o.gradientClip()), (v, o) -> o.gradientClip(v.number())),
		new Key("noise", (j, o) -> j.value(o.noise()), (v, o) -> o.noise(v.number())),
		new Key("dequantize", (j, o) -> j.value(o.dequantize()), (v, o) -> o.dequantize(v.bool())),
		new Key("averaging", (j, o) -> j.value(o.averaging()), (v, o) -> o.averaging(v.number())),
		new Key("data_init", (j, o) -> j.value(o.dataInit()), (v, o) -> o.dataInit(v.bool())),
		new Key("marginal_rate", (j, o) -> j.value(o.marginalRate()), (v, o) -> o.marginalRate(v.number())),
		new Key("seed", (j, o) -> j.value(o.seed()), (v, o) -> o.seed(v.wholeNumber()))));

	/** The key called {@code name}, or null. */
	static Key named(final String name) {
		for (final Key k : KEYS) {
			if (k.name.equals(name)) return k;
		}
		return null;
	}
}
