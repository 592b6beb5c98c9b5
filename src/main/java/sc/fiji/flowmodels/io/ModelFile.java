package sc.fiji.flowmodels.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

import com.google.gson.JsonParseException;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import com.google.gson.stream.MalformedJsonException;

import sc.fiji.flowmodels.InputException;
import sc.fiji.flowmodels.Memory;
import sc.fiji.flowmodels.train.FlowModel;

/**
 * Model files: JSON, documented in {@code docs/model-format.md}, written by {@link ModelWriter}
 * and read by {@link ModelReader}. Writing is atomic. Reading never uses Java serialization and
 * never follows anything in the file but data; every failure is an {@link InputException} naming
 * the file and the place in it.
 */
public final class ModelFile {

	public static final String FORMAT = "flow-models-realnvp";
	/**
	 * The newest version, written for models with column shapes; versions 1 (affine couplings
	 * only, no {@code coupling} key), 2 (no column shapes) and this one are read.
	 */
	public static final int VERSION = 3;
	/**
	 * The version written for models without column shapes: such a file is a version 2 file
	 * (plus the training option {@code marginal_rate}, which readers skip as they skip every
	 * field they do not know), so plugins from before version 3 still read it.
	 */
	public static final int VERSION_WITHOUT_SHAPES = 2;

	private ModelFile() {}

	public static void write(final FlowModel model, final Path path) throws IOException {
		AtomicFile.write(path, out -> {
			final Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
			final JsonWriter json = new JsonWriter(w);
			json.setIndent(" ");
			new ModelWriter(json).write(model);
			json.flush();
		});
	}

	/**
	 * Loads a model file.
	 *
	 * @throws InputException for a missing, unreadable, foreign, corrupt or inconsistent file,
	 *           with a message naming the file and the place in it
	 */
	public static FlowModel read(final Path path) {
		final String name = path.toString();
		final long size;
		try {
			size = Files.size(path);
		}
		catch (final NoSuchFileException e) {
			throw new InputException("model file " + name + " does not exist");
		}
		catch (final IOException e) {
			throw new InputException("model file " + name + " cannot be read: " + e.getMessage());
		}
		if (Files.isDirectory(path)) throw new InputException("model file " + name + " is a folder");
		// parsed numbers take at most 4x their text; the flow keeps two copies of each weight
		final long available = Memory.freeFor(size * 12);
		if (size * 12 > available) {
			throw new InputException(String.format(Locale.ROOT, "model file %s is %.0f MB, too large to load in the %.0f MB of memory left (raise Java's maximum heap)", name, size / 1e6, available / 1e6));
		}
		final InputStream in;
		try {
			in = Files.newInputStream(path);
		}
		catch (final IOException e) {
			throw new InputException("model file " + name + " cannot be read: " + clean(e.getMessage()));
		}
		return read(in, name);
	}

	/**
	 * Loads a model from a stream, which is closed (the Spark module reads model files from any
	 * Hadoop file system this way).
	 *
	 * @param name the file, for messages
	 * @throws InputException as {@link #read(Path)}
	 */
	public static FlowModel read(final InputStream in, final String name) {
		try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
			final JsonReader json = new JsonReader(r);
			json.setLenient(false);
			final FlowModel model = new ModelReader(json, name).model();
			if (json.peek() != JsonToken.END_DOCUMENT) throw new InputException("model file " + name + ": unexpected content after the model");
			return model;
		}
		catch (final InputException e) {
			throw e;
		}
		catch (final MalformedJsonException | JsonParseException | IllegalStateException | NumberFormatException e) {
			throw new InputException("model file " + name + " is not valid JSON: " + clean(e.getMessage()));
		}
		catch (final EOFException e) {
			throw new InputException("model file " + name + " ends too early (truncated?)");
		}
		catch (final IOException e) {
			throw new InputException("model file " + name + " cannot be read: " + clean(e.getMessage()));
		}
		catch (final OutOfMemoryError e) {
			throw new InputException("model file " + name + " is too large for the available memory");
		}
	}

	private static String clean(final String message) {
		if (message == null) return "unreadable";
		// gson's advice to the programmer means nothing to a user; the place in the file does
		final String m = message.replace('\n', ' ').replace("Use JsonReader.setLenient(true) to accept malformed JSON ", "");
		final int help = m.indexOf(" See https://");
		return help > 0 ? m.substring(0, help) : m;
	}
}
