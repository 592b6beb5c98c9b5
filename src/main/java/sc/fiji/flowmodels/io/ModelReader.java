package sc.fiji.flowmodels.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

import sc.fiji.flowmodels.InputException;
import sc.fiji.flowmodels.Memory;
import sc.fiji.flowmodels.flow.Architecture;
import sc.fiji.flowmodels.flow.Coupling;
import sc.fiji.flowmodels.flow.ElementwiseMap;
import sc.fiji.flowmodels.flow.Flow;
import sc.fiji.flowmodels.flow.Mlp;
import sc.fiji.flowmodels.flow.Permutation;
import sc.fiji.flowmodels.flow.Standardize;
import sc.fiji.flowmodels.train.EpochRecord;
import sc.fiji.flowmodels.train.FlowModel;
import sc.fiji.flowmodels.train.TrainingHistory;
import sc.fiji.flowmodels.train.TrainingOptions;

/**
 * Reads a model file's JSON as {@code docs/model-format.md} describes it: a streaming parse
 * that checks every field as it comes (types, ranges, sizes; a failure names the JSON path),
 * then checks the parts against each other and builds the flow only when all is consistent.
 */
final class ModelReader implements TrainingOptionKeys.Values {

	/** Deepest nesting accepted when skipping unknown fields. */
	private static final int MAX_DEPTH = 32;
	/**
	 * Largest magnitude of a network weight or bias. Trained networks stay below 100 (45 in the
	 * default gmm8 model); this refuses numbers whose products overflow, such as 1e308.
	 */
	static final double MAX_WEIGHT = 1e10;
	/** Longest list of numbers (the file's size, checked before parsing, bounds the memory). */
	private static final int MAX_LIST = Integer.MAX_VALUE - 8;

	private final JsonReader json;
	private final String file;

	private String format;
	private Integer version;
	private List<String> columns;
	private double[] mean, std;
	private double[] rangeMin, rangeMax;
	private Integer dimension, couplingCount;
	private int[] hidden;
	private String couplingKind;
	/** numeric fields of the architecture that are not its own: the coupling map's settings */
	private final Map<String, Double> settings = new LinkedHashMap<>();
	private Architecture.PermutationKind permutation;
	/** the column shapes' map kind and settings (architecture.marginal), and their layer */
	private String marginalKind;
	private final Map<String, Double> marginalSettings = new LinkedHashMap<>();
	private List<Layer> marginal;
	private List<int[]> permutations;
	private List<List<Layer>> couplings;
	private TrainingOptions options;
	private TrainingHistory history;

	ModelReader(final JsonReader json, final String file) {
		this.json = json;
		this.file = file;
	}

	private InputException bad(final String what) {
		return bad(what, json.getPath());
	}

	private InputException bad(final String what, final String path) {
		return new InputException("model file " + file + ": " + what + " (at " + path + ")");
	}

	private InputException missing(final String what) {
		return new InputException("model file " + file + ": " + what + " is missing");
	}

	private InputException inconsistent(final String what) {
		return new InputException("model file " + file + ": " + what);
	}

	FlowModel model() throws IOException {
		if (json.peek() != JsonToken.BEGIN_OBJECT) throw inconsistentFormat("no JSON object");
		json.beginObject();
		while (json.hasNext()) {
			final String key = json.nextName();
			switch (key) {
				case "format":
					format = string();
					if (!ModelFile.FORMAT.equals(format)) throw inconsistentFormat("format '" + format + "', expected '" + ModelFile.FORMAT + "'");
					break;
				case "version":
					version = integer(0, Integer.MAX_VALUE);
					if (version < 1 || version > ModelFile.VERSION) throw new InputException("model file " + file + " has format version " + version + "; this plugin reads versions 1 to " + ModelFile.VERSION + " (update the plugin)");
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
						if (k.equals("min")) rangeMin = numbers(Architecture.MAX_DIMENSION, -Standardize.MAX_MAGNITUDE, Standardize.MAX_MAGNITUDE);
						else if (k.equals("max")) rangeMax = numbers(Architecture.MAX_DIMENSION, -Standardize.MAX_MAGNITUDE, Standardize.MAX_MAGNITUDE);
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
				case "marginal":
					marginal = coupling();
					break;
				case "training":
					training();
					break;
				default:
					skip(0);
			}
		}
		json.endObject();
		if (format == null) throw inconsistentFormat("no \"format\": \"" + ModelFile.FORMAT + "\"");
		if (version == null) throw missing("\"version\"");
		return build();
	}

	private InputException inconsistentFormat(final String why) {
		return new InputException("model file " + file + " is not a Flow Models model (" + why + ")");
	}

	private FlowModel build() {
		if (columns == null) throw missing("\"columns\"");
		if (mean == null || std == null) throw missing("\"standardization\" (mean and std)");
		if (dimension == null || couplingCount == null || hidden == null || permutation == null) throw missing("\"architecture\" (dimension, couplings, hidden, permutation)");
		if (permutations == null) throw missing("\"permutations\"");
		if (couplings == null) throw missing("\"couplings\"");
		final int d = dimension;
		final Architecture a = architecture(d);
		if (columns.size() != d) throw inconsistent(columns.size() + " column names for dimension " + d);
		if (new HashSet<>(columns).size() != columns.size()) throw inconsistent("duplicate column names " + columns);
		if (mean.length != d || std.length != d) throw inconsistent("standardization has " + mean.length + " means and " + std.length + " stds for dimension " + d);
		if (couplings.size() != couplingCount) throw inconsistent("architecture says " + couplingCount + " couplings, the file has " + couplings.size());
		if (permutations.size() != couplingCount - 1) throw inconsistent("expected " + (couplingCount - 1) + " permutations, found " + permutations.size());
		final List<Permutation> perms = new ArrayList<>();
		for (int k = 0; k < permutations.size(); k++) {
			final int[] order = permutations.get(k);
			if (order.length != d) throw inconsistent("permutation " + (k + 1) + " has " + order.length + " entries, expected " + d);
			try {
				perms.add(new Permutation(order));
			}
			catch (final IllegalArgumentException e) {
				throw inconsistent("permutation " + (k + 1) + " is " + e.getMessage());
			}
		}
		final long need = 2 * 8 * a.parameterCount();
		if (need > Memory.freeFor(need)) {
			throw inconsistent(String.format(Locale.ROOT, "the model needs %.0f MB, more than the memory left", need / 1e6));
		}
		final List<Coupling> cs = new ArrayList<>();
		for (int k = 0; k < couplingCount; k++) {
			final Coupling c = new Coupling(d, hidden, a.map());
			setLayers(c.mlp(), couplings.get(k), "coupling " + (k + 1));
			c.parametersChanged();
			cs.add(c);
		}
		if ((marginal == null) != (a.marginal() == null)) {
			throw inconsistent(marginal == null ? "the architecture has column shapes (\"architecture.marginal\") but the file has no \"marginal\" layer" : "the file has a \"marginal\" layer but the architecture has no column shapes (\"architecture.marginal\")");
		}
		Coupling shapes = null;
		if (marginal != null) {
			shapes = Coupling.marginal(d, a.marginal());
			setLayers(shapes.mlp(), marginal, "marginal");
			shapes.parametersChanged();
		}
		final Flow flow = new Flow(columns, a, new Standardize(mean, std), shapes, cs, perms);
		if ((rangeMin == null) != (rangeMax == null) || rangeMin != null && (rangeMin.length != d || rangeMax.length != d)) {
			throw inconsistent("data_range needs " + d + " min and " + d + " max values");
		}
		return new FlowModel(flow, options, history, rangeMin, rangeMax);
	}

	/** The architecture with its coupling map (version 1 files: affine couplings). */
	private Architecture architecture(final int d) {
		if (version > 1 && couplingKind == null) throw missing("\"architecture.coupling\" (the coupling kind)");
		final ElementwiseMap map;
		try {
			map = ElementwiseMap.Kind.of(version == 1 ? ElementwiseMap.Kind.AFFINE.key() : couplingKind).create(settings);
		}
		catch (final IllegalArgumentException e) {
			throw bad(e.getMessage(), "$.architecture");
		}
		ElementwiseMap shapes = null;
		if (marginalKind != null) {
			if (version < 3) throw bad("column shapes need format version 3, the file says " + version, "$.architecture.marginal");
			try {
				shapes = ElementwiseMap.Kind.of(marginalKind).create(marginalSettings);
			}
			catch (final IllegalArgumentException e) {
				throw bad(e.getMessage(), "$.architecture.marginal");
			}
		}
		try {
			return new Architecture(d, hidden, couplingCount, map, permutation, shapes);
		}
		catch (final IllegalArgumentException e) {
			throw inconsistent("architecture: " + e.getMessage());
		}
	}

	/** Checks the layers' shapes against the network's and copies their numbers into it. */
	private void setLayers(final Mlp mlp, final List<Layer> layers, final String where) {
		if (layers.size() != mlp.layers()) throw inconsistent(where + " has " + layers.size() + " layers, the architecture needs " + mlp.layers());
		for (int l = 0; l < mlp.layers(); l++) {
			final Layer layer = layers.get(l);
			final int in = mlp.size(l), out = mlp.size(l + 1);
			final String at = where + ", layer " + (l + 1);
			if (layer.weights == null || layer.bias == null) throw inconsistent(at + ": weights or bias missing");
			if (layer.weights.size() != in) throw inconsistent(at + ": " + layer.weights.size() + " weight rows, expected " + in + " (one per input)");
			for (int p = 0; p < in; p++) {
				if (layer.weights.get(p).length != out) throw inconsistent(at + ": weight row " + (p + 1) + " has " + layer.weights.get(p).length + " entries, expected " + out);
			}
			if (layer.bias.length != out) throw inconsistent(at + ": bias has " + layer.bias.length + " entries, expected " + out);
			mlp.setWeights(l, layer.weights.toArray(new double[0][]));
			System.arraycopy(layer.bias, 0, mlp.bias(l), 0, out);
		}
	}

	private void standardization() throws IOException {
		json.beginObject();
		while (json.hasNext()) {
			final String key = json.nextName();
			// the range a flow accepts (Standardize): 1/std and (x - mean)/std stay finite
			if (key.equals("mean")) mean = numbers(Architecture.MAX_DIMENSION, -Standardize.MAX_MAGNITUDE, Standardize.MAX_MAGNITUDE);
			else if (key.equals("std")) std = numbers(Architecture.MAX_DIMENSION, Standardize.MIN_STD, Standardize.MAX_MAGNITUDE);
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
				case "coupling":
					couplingKind = string();
					break;
				case "marginal":
					json.beginObject();
					while (json.hasNext()) {
						final String k = json.nextName();
						if (k.equals("kind")) marginalKind = string();
						else if (json.peek() == JsonToken.NUMBER) marginalSettings.put(k, number());
						else skip(0);
					}
					json.endObject();
					if (marginalKind == null) throw bad("the column shapes need a \"kind\"");
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
					// the coupling map's settings are the architecture's other numbers
					if (json.peek() == JsonToken.NUMBER) settings.put(key, number());
					else skip(0);
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
					layer.weights.add(numbers(MAX_LIST, -MAX_WEIGHT, MAX_WEIGHT));
				}
				json.endArray();
			}
			else if (key.equals("bias")) layer.bias = numbers(MAX_LIST, -MAX_WEIGHT, MAX_WEIGHT);
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
		// files written before the dequantize key existed were trained without it
		final TrainingOptions o = new TrainingOptions().dequantize(false);
		json.beginObject();
		try {
			while (json.hasNext()) {
				final TrainingOptionKeys.Key key = TrainingOptionKeys.named(json.nextName());
				if (key != null) key.read.value(this, o);
				else skip(0);
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

	// -- checked values -------------------------------------------------------------------

	@Override
	public boolean bool() throws IOException {
		if (json.peek() != JsonToken.BOOLEAN) throw bad("true or false expected, found " + describe(json.peek()));
		return json.nextBoolean();
	}

	@Override
	public String string() throws IOException {
		if (json.peek() != JsonToken.STRING) throw bad("text expected, found " + json.peek());
		return json.nextString();
	}

	@Override
	public double number() throws IOException {
		return number(-Double.MAX_VALUE, Double.MAX_VALUE);
	}

	/** A number in [min, max]. */
	private double number(final double min, final double max) throws IOException {
		return number(min, max, null, 0);
	}

	/**
	 * A number in [min, max]: element {@code index} of the list whose path is {@code list}, or
	 * (list null) the value where the reader is. A list's elements build their path only for a
	 * message: building it for each of a model's half million weights took a fifth of the time
	 * to load it.
	 */
	private double number(final double min, final double max, final String list, final int index) throws IOException {
		if (json.peek() != JsonToken.NUMBER) throw bad("number expected, found " + describe(json.peek()));
		final String here = list == null ? json.getPath() : null;
		final double v = json.nextDouble();
		if (Double.isFinite(v) && v >= min && v <= max) return v;
		final String at = here != null ? here : list + "[" + index + "]";
		if (!Double.isFinite(v)) throw bad("number out of range", at);
		final String range = min == -Double.MAX_VALUE ? "at most " + max : max == Double.MAX_VALUE ? "at least " + min : "between " + min + " and " + max;
		throw bad("number " + v + " out of range (" + range + ")", at);
	}

	private double numberOrNull() throws IOException {
		if (json.peek() == JsonToken.NULL) {
			json.nextNull();
			return Double.NaN;
		}
		return number();
	}

	@Override
	public int integer(final int min, final int max) throws IOException {
		final String at = json.getPath();
		final double v = number();
		if (v != Math.rint(v) || v < min || v > max) throw bad("whole number between " + min + " and " + max + " expected, found " + v, at);
		return (int) v;
	}

	@Override
	public long wholeNumber() throws IOException {
		if (json.peek() != JsonToken.NUMBER) throw bad("number expected, found " + describe(json.peek()));
		return json.nextLong();
	}

	/** A list of at most {@code count} numbers, each in [min, max]. */
	private double[] numbers(final int count, final double min, final double max) throws IOException {
		if (json.peek() != JsonToken.BEGIN_ARRAY) throw bad("list of numbers expected, found " + describe(json.peek()));
		final String list = json.getPath();
		json.beginArray();
		double[] v = new double[16];
		int n = 0;
		while (json.hasNext()) {
			if (n == count) throw bad("more than " + count + " numbers");
			if (n == v.length) v = Arrays.copyOf(v, (int) Math.min(count, 2L * n));
			v[n] = number(min, max, list, n);
			n++;
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

	private static final class Layer {

		List<double[]> weights;
		double[] bias;
	}
}
