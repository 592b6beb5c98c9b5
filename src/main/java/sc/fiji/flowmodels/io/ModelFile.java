package sc.fiji.flowmodels.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import com.google.gson.JsonParseException;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import com.google.gson.stream.MalformedJsonException;

import sc.fiji.flowmodels.InputException;
import sc.fiji.flowmodels.flow.AffineCoupling;
import sc.fiji.flowmodels.flow.Architecture;
import sc.fiji.flowmodels.flow.Flow;
import sc.fiji.flowmodels.flow.Mlp;
import sc.fiji.flowmodels.flow.Permutation;
import sc.fiji.flowmodels.flow.Standardize;
import sc.fiji.flowmodels.train.EpochRecord;
import sc.fiji.flowmodels.train.FlowModel;
import sc.fiji.flowmodels.train.TrainingHistory;
import sc.fiji.flowmodels.train.TrainingOptions;

/**
 * Reads and writes model files: JSON, documented in {@code docs/model-format.md}. Numbers are
 * written in Java's shortest round-trip form, so a loaded model computes bit for bit what the
 * saved one did. Writing is atomic. Reading is a streaming parse that checks every field
 * (names, shapes, finiteness, sizes against the architecture) and builds the flow only when
 * all is consistent; it never uses Java serialization and never follows anything in the file
 * but data.
 */
public final class ModelFile {

	public static final String FORMAT = "flow-models-realnvp";
	public static final int VERSION = 1;
	/** Deepest nesting accepted when skipping unknown fields. */
	private static final int MAX_DEPTH = 32;

	private ModelFile() {}

	// -- writing --------------------------------------------------------------------------

	public static void write(final FlowModel model, final Path path) throws IOException {
		AtomicFile.write(path, out -> {
			final Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
			final JsonWriter json = new JsonWriter(w);
			json.setIndent(" ");
			write(model, json);
			json.flush();
		});
	}

	private static void write(final FlowModel model, final JsonWriter json) throws IOException {
		final Flow flow = model.flow();
		final Architecture a = flow.architecture();
		json.beginObject();
		json.name("format").value(FORMAT);
		json.name("version").value(VERSION);
		json.name("columns").beginArray();
		for (final String c : flow.columns()) json.value(c);
		json.endArray();
		json.name("standardization").beginObject();
		json.name("mean");
		numbers(json, flow.standardization().mean());
		json.name("std");
		numbers(json, flow.standardization().std());
		json.endObject();
		if (model.min() != null && model.max() != null) {
			json.name("data_range").beginObject();
			json.name("min");
			numbers(json, model.min());
			json.name("max");
			numbers(json, model.max());
			json.endObject();
		}
		json.name("architecture").beginObject();
		json.name("dimension").value(a.dimension());
		json.name("couplings").value(a.couplings());
		json.name("hidden").beginArray();
		for (final int h : a.hidden()) json.value(h);
		json.endArray();
		json.name("clamp").value(a.clamp());
		json.name("permutation").value(a.permutation().name().toLowerCase(Locale.ROOT));
		json.name("activation").value("leaky_relu");
		json.name("leaky_slope").value(0.01);
		json.endObject();
		json.name("permutations").beginArray();
		for (final Permutation p : flow.permutations()) {
			json.beginArray();
			for (final int k : p.order()) json.value(k);
			json.endArray();
		}
		json.endArray();
		json.name("couplings").beginArray();
		for (final AffineCoupling c : flow.couplings()) {
			final Mlp mlp = c.mlp();
			json.beginObject();
			json.name("layers").beginArray();
			for (int l = 0; l < mlp.layers(); l++) {
				json.beginObject();
				json.name("in").value(mlp.size(l));
				json.name("out").value(mlp.size(l + 1));
				json.name("weights").beginArray();
				for (final double[] row : mlp.weights(l)) numbers(json, row);
				json.endArray();
				json.name("bias");
				numbers(json, mlp.bias(l));
				json.endObject();
			}
			json.endArray();
			json.endObject();
		}
		json.endArray();
		if (model.options() != null || model.history() != null) {
			json.name("training").beginObject();
			final TrainingOptions o = model.options();
			if (o != null) {
				json.name("options").beginObject();
				json.name("epochs").value(o.epochs());
				json.name("batch").value(o.batch());
				json.name("lr").value(o.lr());
				json.name("schedule").value(o.schedule().name().toLowerCase(Locale.ROOT));
				json.name("validation").value(o.validation());
				json.name("patience").value(o.patience());
				json.name("l2").value(o.l2());
				json.name("gradient_clip").value(o.gradientClip());
				json.name("noise").value(o.noise());
				json.name("averaging").value(o.averaging());
				json.name("data_init").value(o.dataInit());
				json.name("seed").value(o.seed());
				json.endObject();
			}
			final TrainingHistory h = model.history();
			if (h != null) {
				json.name("stop_reason").value(h.stopReason().name().toLowerCase(Locale.ROOT));
				json.name("best_epoch").value(h.bestEpoch());
				json.name("message").value(h.message());
				json.name("history").beginArray();
				for (final EpochRecord r : h.epochs()) {
					json.beginObject();
					json.name("epoch").value(r.epoch);
					json.name("train_nll");
					finiteOrNull(json, r.trainNll);
					json.name("validation_nll");
					finiteOrNull(json, r.validationNll);
					json.name("seconds").value(r.seconds);
					json.endObject();
				}
				json.endArray();
			}
			json.endObject();
		}
		json.endObject();
	}

	private static void numbers(final JsonWriter json, final double[] v) throws IOException {
		json.beginArray();
		for (final double x : v) json.value(x);
		json.endArray();
	}

	private static void finiteOrNull(final JsonWriter json, final double v) throws IOException {
		if (Double.isFinite(v)) json.value(v);
		else json.nullValue();
	}

	// -- reading --------------------------------------------------------------------------

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
		final long available = sc.fiji.flowmodels.Memory.freeFor(size * 12);
		if (size * 12 > available) {
			throw new InputException(String.format(Locale.ROOT, "model file %s is %.0f MB, too large to load in the %.0f MB of memory left (raise Java's maximum heap)", name, size / 1e6, available / 1e6));
		}
		try (Reader r = new InputStreamReader(Files.newInputStream(path), StandardCharsets.UTF_8)) {
			final JsonReader json = new JsonReader(r);
			json.setLenient(false);
			final FlowModel model = new Parser(json, name).model();
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

	/** The model as it is in the file, checked piece by piece before the flow is built. */
	private static final class Parser {

		private final JsonReader json;
		private final String file;

		private String format;
		private Integer version;
		private List<String> columns;
		private double[] mean, std;
		private double[] rangeMin, rangeMax;
		private Integer dimension, couplingCount;
		private int[] hidden;
		private Double clamp;
		private Architecture.PermutationKind permutation;
		private List<int[]> permutations;
		private List<List<Layer>> couplings;
		private TrainingOptions options;
		private TrainingHistory history;

		Parser(final JsonReader json, final String file) {
			this.json = json;
			this.file = file;
		}

		private InputException bad(final String what) {
			return new InputException("model file " + file + ": " + what + " (at " + json.getPath() + ")");
		}

		private InputException missing(final String what) {
			return new InputException("model file " + file + ": " + what + " is missing");
		}

		FlowModel model() throws IOException {
			if (json.peek() != JsonToken.BEGIN_OBJECT) throw new InputException("model file " + file + " is not a Flow Models model (no JSON object)");
			json.beginObject();
			while (json.hasNext()) {
				final String key = json.nextName();
				switch (key) {
					case "format":
						format = string();
						if (!FORMAT.equals(format)) throw new InputException("model file " + file + " is not a Flow Models model (format '" + format + "', expected '" + FORMAT + "')");
						break;
					case "version":
						version = integer(0, Integer.MAX_VALUE);
						if (version != VERSION) throw new InputException("model file " + file + " has format version " + version + "; this plugin reads version " + VERSION + " (update the plugin)");
						break;
					case "columns":
						columns = strings();
						break;
					case "standardization":
						standardization();
						break;
					case "architecture":
						architecture();
						break;
					case "data_range":
						json.beginObject();
						while (json.hasNext()) {
							final String k = json.nextName();
							if (k.equals("min")) rangeMin = numbers(Architecture.MAX_DIMENSION);
							else if (k.equals("max")) rangeMax = numbers(Architecture.MAX_DIMENSION);
							else skip(0);
						}
						json.endObject();
						break;
					case "permutations":
						permutations = new ArrayList<>();
						json.beginArray();
						while (json.hasNext()) permutations.add(ints(0, Architecture.MAX_DIMENSION));
						json.endArray();
						break;
					case "couplings":
						couplings = new ArrayList<>();
						json.beginArray();
						while (json.hasNext()) {
							if (couplings.size() >= Architecture.MAX_COUPLINGS) throw bad("more than " + Architecture.MAX_COUPLINGS + " couplings");
							couplings.add(coupling());
						}
						json.endArray();
						break;
					case "training":
						training();
						break;
					default:
						skip(0);
				}
			}
			json.endObject();
			if (format == null) throw new InputException("model file " + file + " is not a Flow Models model (no \"format\": \"" + FORMAT + "\")");
			if (version == null) throw missing("\"version\"");
			return build();
		}

		private FlowModel build() {
			if (columns == null) throw missing("\"columns\"");
			if (mean == null || std == null) throw missing("\"standardization\" (mean and std)");
			if (dimension == null || couplingCount == null || hidden == null || clamp == null || permutation == null) throw missing("\"architecture\" (dimension, couplings, hidden, clamp, permutation)");
			if (permutations == null) throw missing("\"permutations\"");
			if (couplings == null) throw missing("\"couplings\"");
			final int d = dimension;
			final Architecture a;
			try {
				a = new Architecture(d, hidden, couplingCount, clamp, permutation);
			}
			catch (final IllegalArgumentException e) {
				throw new InputException("model file " + file + ": architecture: " + e.getMessage());
			}
			if (columns.size() != d) throw new InputException("model file " + file + ": " + columns.size() + " column names for dimension " + d);
			if (new java.util.HashSet<>(columns).size() != columns.size()) throw new InputException("model file " + file + ": duplicate column names " + columns);
			if (mean.length != d || std.length != d) throw new InputException("model file " + file + ": standardization has " + mean.length + " means and " + std.length + " stds for dimension " + d);
			for (int j = 0; j < d; j++) {
				if (!(std[j] > 0)) throw new InputException("model file " + file + ": standardization std of column '" + columns.get(j) + "' must be positive, is " + std[j]);
			}
			if (couplings.size() != couplingCount) throw new InputException("model file " + file + ": architecture says " + couplingCount + " couplings, the file has " + couplings.size());
			if (permutations.size() != couplingCount - 1) throw new InputException("model file " + file + ": expected " + (couplingCount - 1) + " permutations, found " + permutations.size());
			final List<Permutation> perms = new ArrayList<>();
			for (int k = 0; k < permutations.size(); k++) {
				final int[] order = permutations.get(k);
				if (order.length != d) throw new InputException("model file " + file + ": permutation " + (k + 1) + " has " + order.length + " entries, expected " + d);
				try {
					perms.add(new Permutation(order));
				}
				catch (final IllegalArgumentException e) {
					throw new InputException("model file " + file + ": permutation " + (k + 1) + " is " + e.getMessage());
				}
			}
			final long need = 2 * 8 * a.parameterCount();
			if (need > sc.fiji.flowmodels.Memory.freeFor(need)) {
				throw new InputException(String.format(Locale.ROOT, "model file %s: the model needs %.0f MB, more than the memory left", file, need / 1e6));
			}
			final List<AffineCoupling> cs = new ArrayList<>();
			for (int k = 0; k < couplingCount; k++) {
				final AffineCoupling c = new AffineCoupling(d, hidden, clamp);
				final Mlp mlp = c.mlp();
				final List<Layer> layers = couplings.get(k);
				final String where = "coupling " + (k + 1);
				if (layers.size() != mlp.layers()) throw new InputException("model file " + file + ": " + where + " has " + layers.size() + " layers, the architecture needs " + mlp.layers());
				for (int l = 0; l < mlp.layers(); l++) {
					final Layer layer = layers.get(l);
					final int in = mlp.size(l), out = mlp.size(l + 1);
					final String at = where + ", layer " + (l + 1);
					if (layer.weights == null || layer.bias == null) throw new InputException("model file " + file + ": " + at + ": weights or bias missing");
					if (layer.weights.size() != in) throw new InputException("model file " + file + ": " + at + ": " + layer.weights.size() + " weight rows, expected " + in + " (one per input)");
					for (int p = 0; p < in; p++) {
						if (layer.weights.get(p).length != out) throw new InputException("model file " + file + ": " + at + ": weight row " + (p + 1) + " has " + layer.weights.get(p).length + " entries, expected " + out);
					}
					if (layer.bias.length != out) throw new InputException("model file " + file + ": " + at + ": bias has " + layer.bias.length + " entries, expected " + out);
					mlp.setWeights(l, layer.weights.toArray(new double[0][]));
					System.arraycopy(layer.bias, 0, mlp.bias(l), 0, out);
				}
				c.parametersChanged();
				cs.add(c);
			}
			final Flow flow = new Flow(columns, a, new Standardize(mean, std), cs, perms);
			if ((rangeMin == null) != (rangeMax == null) || rangeMin != null && (rangeMin.length != d || rangeMax.length != d)) {
				throw new InputException("model file " + file + ": data_range needs " + d + " min and " + d + " max values");
			}
			return new FlowModel(flow, options, history, rangeMin, rangeMax);
		}

		private void standardization() throws IOException {
			json.beginObject();
			while (json.hasNext()) {
				final String key = json.nextName();
				if (key.equals("mean")) mean = numbers(Architecture.MAX_DIMENSION);
				else if (key.equals("std")) std = numbers(Architecture.MAX_DIMENSION);
				else skip(0);
			}
			json.endObject();
		}

		private void architecture() throws IOException {
			json.beginObject();
			while (json.hasNext()) {
				final String key = json.nextName();
				switch (key) {
					case "dimension":
						dimension = integer(1, Architecture.MAX_DIMENSION);
						break;
					case "couplings":
						couplingCount = integer(1, Architecture.MAX_COUPLINGS);
						break;
					case "hidden":
						hidden = ints(1, Architecture.MAX_WIDTH);
						if (hidden.length == 0 || hidden.length > 64) throw bad("between 1 and 64 hidden layers expected");
						break;
					case "clamp":
						clamp = number();
						break;
					case "permutation": {
						final String p = string();
						try {
							permutation = Architecture.PermutationKind.valueOf(p.toUpperCase(Locale.ROOT));
						}
						catch (final IllegalArgumentException e) {
							throw bad("unknown permutation '" + p + "' (reverse or random)");
						}
						break;
					}
					case "activation": {
						final String act = string();
						if (!act.equals("leaky_relu")) throw bad("unsupported activation '" + act + "'");
						break;
					}
					case "leaky_slope": {
						final double s = number();
						if (s != 0.01) throw bad("unsupported leaky slope " + s + " (0.01)");
						break;
					}
					default:
						skip(0);
				}
			}
			json.endObject();
		}

		private List<Layer> coupling() throws IOException {
			final List<Layer> layers = new ArrayList<>();
			json.beginObject();
			while (json.hasNext()) {
				if (json.nextName().equals("layers")) {
					json.beginArray();
					while (json.hasNext()) {
						if (layers.size() > 65) throw bad("too many layers");
						layers.add(layer());
					}
					json.endArray();
				}
				else skip(0);
			}
			json.endObject();
			return layers;
		}

		private Layer layer() throws IOException {
			final Layer layer = new Layer();
			json.beginObject();
			while (json.hasNext()) {
				final String key = json.nextName();
				if (key.equals("weights")) {
					layer.weights = new ArrayList<>();
					json.beginArray();
					while (json.hasNext()) {
						if (layer.weights.size() >= Architecture.MAX_WIDTH) throw bad("too many weight rows");
						layer.weights.add(numbers(Architecture.MAX_WIDTH));
					}
					json.endArray();
				}
				else if (key.equals("bias")) layer.bias = numbers(2 * Architecture.MAX_WIDTH);
				else skip(0);
			}
			json.endObject();
			return layer;
		}

		private void training() throws IOException {
			final List<EpochRecord> records = new ArrayList<>();
			String reason = null;
			int best = 0;
			String message = "";
			json.beginObject();
			while (json.hasNext()) {
				final String key = json.nextName();
				switch (key) {
					case "options":
						options = options();
						break;
					case "stop_reason":
						reason = string();
						break;
					case "best_epoch":
						best = integer(0, Integer.MAX_VALUE);
						break;
					case "message":
						message = string();
						break;
					case "history":
						json.beginArray();
						while (json.hasNext()) records.add(epoch());
						json.endArray();
						break;
					default:
						skip(0);
				}
			}
			json.endObject();
			if (reason != null) {
				final TrainingHistory.StopReason r;
				try {
					r = TrainingHistory.StopReason.valueOf(reason.toUpperCase(Locale.ROOT));
				}
				catch (final IllegalArgumentException e) {
					throw bad("unknown stop reason '" + reason + "'");
				}
				history = new TrainingHistory(records, r, best, message);
			}
		}

		private TrainingOptions options() throws IOException {
			final TrainingOptions o = new TrainingOptions();
			json.beginObject();
			try {
				while (json.hasNext()) {
					final String key = json.nextName();
					switch (key) {
						case "epochs":
							o.epochs(integer(1, Integer.MAX_VALUE));
							break;
						case "batch":
							o.batch(integer(1, Integer.MAX_VALUE));
							break;
						case "lr":
							o.lr(number());
							break;
						case "schedule":
							o.schedule(TrainingOptions.Schedule.valueOf(string().toUpperCase(Locale.ROOT)));
							break;
						case "validation":
							o.validation(number());
							break;
						case "patience":
							o.patience(integer(0, Integer.MAX_VALUE));
							break;
						case "l2":
							o.l2(number());
							break;
						case "gradient_clip":
							o.gradientClip(number());
							break;
						case "noise":
							o.noise(number());
							break;
						case "averaging":
							o.averaging(number());
							break;
						case "data_init":
							o.dataInit(bool());
							break;
						case "seed":
							o.seed(json.nextLong());
							break;
						default:
							skip(0);
					}
				}
			}
			catch (final InputException | IllegalArgumentException e) {
				throw bad("training option: " + e.getMessage());
			}
			json.endObject();
			return o;
		}

		private EpochRecord epoch() throws IOException {
			int epoch = 0;
			double train = Double.NaN, val = Double.NaN, seconds = 0;
			json.beginObject();
			while (json.hasNext()) {
				final String key = json.nextName();
				switch (key) {
					case "epoch":
						epoch = integer(0, Integer.MAX_VALUE);
						break;
					case "train_nll":
						train = numberOrNull();
						break;
					case "validation_nll":
						val = numberOrNull();
						break;
					case "seconds":
						seconds = number();
						break;
					default:
						skip(0);
				}
			}
			json.endObject();
			return new EpochRecord(epoch, train, val, seconds);
		}

		private boolean bool() throws IOException {
			if (json.peek() != JsonToken.BOOLEAN) throw bad("true or false expected, found " + describe(json.peek()));
			return json.nextBoolean();
		}

		private String string() throws IOException {
			if (json.peek() != JsonToken.STRING) throw bad("text expected, found " + json.peek());
			return json.nextString();
		}

		private double number() throws IOException {
			if (json.peek() != JsonToken.NUMBER) throw bad("number expected, found " + describe(json.peek()));
			final double v = json.nextDouble();
			if (!Double.isFinite(v)) throw bad("number out of range");
			return v;
		}

		private double numberOrNull() throws IOException {
			if (json.peek() == JsonToken.NULL) {
				json.nextNull();
				return Double.NaN;
			}
			return number();
		}

		private int integer(final int min, final int max) throws IOException {
			final double v = number();
			if (v != Math.rint(v) || v < min || v > max) throw bad("whole number between " + min + " and " + max + " expected, found " + v);
			return (int) v;
		}

		private double[] numbers(final int max) throws IOException {
			if (json.peek() != JsonToken.BEGIN_ARRAY) throw bad("list of numbers expected, found " + describe(json.peek()));
			json.beginArray();
			double[] v = new double[16];
			int n = 0;
			while (json.hasNext()) {
				if (n == max) throw bad("more than " + max + " numbers");
				if (n == v.length) v = Arrays.copyOf(v, Math.min(max, 2 * n));
				v[n++] = number();
			}
			json.endArray();
			return Arrays.copyOf(v, n);
		}

		private int[] ints(final int min, final int max) throws IOException {
			json.beginArray();
			int[] v = new int[8];
			int n = 0;
			while (json.hasNext()) {
				if (n == Architecture.MAX_DIMENSION) throw bad("list too long");
				if (n == v.length) v = Arrays.copyOf(v, 2 * n);
				v[n++] = integer(min, max);
			}
			json.endArray();
			return Arrays.copyOf(v, n);
		}

		private List<String> strings() throws IOException {
			final List<String> v = new ArrayList<>();
			json.beginArray();
			while (json.hasNext()) {
				if (v.size() == Architecture.MAX_DIMENSION) throw bad("list too long");
				v.add(string());
			}
			json.endArray();
			return v;
		}

		/** Skips a value of an unknown field, refusing absurd nesting. */
		private void skip(final int depth) throws IOException {
			if (depth > MAX_DEPTH) throw bad("nested too deeply");
			switch (json.peek()) {
				case BEGIN_ARRAY:
					json.beginArray();
					while (json.hasNext()) skip(depth + 1);
					json.endArray();
					break;
				case BEGIN_OBJECT:
					json.beginObject();
					while (json.hasNext()) {
						json.nextName();
						skip(depth + 1);
					}
					json.endObject();
					break;
				default:
					json.skipValue();
			}
		}

		private static String describe(final JsonToken t) {
			return t.name().toLowerCase(Locale.ROOT).replace('_', ' ');
		}
	}

	private static final class Layer {

		List<double[]> weights;
		double[] bias;
	}
}
