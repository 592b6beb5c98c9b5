package sc.fiji.flowmodels.io;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;

import com.google.gson.stream.JsonWriter;

import sc.fiji.flowmodels.flow.Architecture;
import sc.fiji.flowmodels.flow.Coupling;
import sc.fiji.flowmodels.flow.Flow;
import sc.fiji.flowmodels.flow.Mlp;
import sc.fiji.flowmodels.flow.Permutation;
import sc.fiji.flowmodels.train.EpochRecord;
import sc.fiji.flowmodels.train.FlowModel;
import sc.fiji.flowmodels.train.TrainingHistory;
import sc.fiji.flowmodels.train.TrainingOptions;

/**
 * Writes a model as the JSON of {@code docs/model-format.md}. Numbers in Java's shortest
 * round-trip form, so that a loaded model computes bit for bit what the saved one did.
 */
final class ModelWriter {

	private final JsonWriter json;

	ModelWriter(final JsonWriter json) {
		this.json = json;
	}

	void write(final FlowModel model) throws IOException {
		final Flow flow = model.flow();
		json.beginObject();
		json.name("format").value(ModelFile.FORMAT);
		json.name("version").value(flow.marginal() == null ? ModelFile.VERSION_WITHOUT_SHAPES : ModelFile.VERSION);
		json.name("columns").beginArray();
		for (final String c : flow.columns()) json.value(c);
		json.endArray();
		json.name("standardization").beginObject();
		json.name("mean");
		numbers(flow.standardization().mean());
		json.name("std");
		numbers(flow.standardization().std());
		json.endObject();
		if (model.min() != null && model.max() != null) {
			json.name("data_range").beginObject();
			json.name("min");
			numbers(model.min());
			json.name("max");
			numbers(model.max());
			json.endObject();
		}
		architecture(flow.architecture());
		json.name("permutations").beginArray();
		for (final Permutation p : flow.permutations()) {
			json.beginArray();
			for (final int k : p.order()) json.value(k);
			json.endArray();
		}
		json.endArray();
		if (flow.marginal() != null) {
			json.name("marginal");
			coupling(flow.marginal().mlp());
		}
		json.name("couplings").beginArray();
		for (final Coupling c : flow.couplings()) coupling(c.mlp());
		json.endArray();
		if (model.options() != null || model.history() != null) {
			json.name("training").beginObject();
			if (model.options() != null) options(model.options());
			if (model.history() != null) history(model.history());
			json.endObject();
		}
		json.endObject();
	}

	private void architecture(final Architecture a) throws IOException {
		json.name("architecture").beginObject();
		json.name("dimension").value(a.dimension());
		json.name("couplings").value(a.couplings());
		json.name("hidden").beginArray();
		for (final int h : a.hidden()) json.value(h);
		json.endArray();
		json.name("coupling").value(a.map().kind().key());
		for (final Map.Entry<String, Number> s : a.map().settings().entrySet()) {
			json.name(s.getKey()).value(s.getValue());
		}
		if (a.marginal() != null) {
			json.name("marginal").beginObject();
			json.name("kind").value(a.marginal().kind().key());
			for (final Map.Entry<String, Number> s : a.marginal().settings().entrySet()) {
				json.name(s.getKey()).value(s.getValue());
			}
			json.endObject();
		}
		json.name("permutation").value(a.permutation().name().toLowerCase(Locale.ROOT));
		json.name("activation").value("leaky_relu");
		json.name("leaky_slope").value(0.01);
		json.endObject();
	}

	private void coupling(final Mlp mlp) throws IOException {
		json.beginObject();
		json.name("layers").beginArray();
		for (int l = 0; l < mlp.layers(); l++) {
			json.beginObject();
			json.name("in").value(mlp.size(l));
			json.name("out").value(mlp.size(l + 1));
			json.name("weights").beginArray();
			for (final double[] row : mlp.weights(l)) numbers(row);
			json.endArray();
			json.name("bias");
			numbers(mlp.bias(l));
			json.endObject();
		}
		json.endArray();
		json.endObject();
	}

	private void options(final TrainingOptions o) throws IOException {
		json.name("options").beginObject();
		for (final TrainingOptionKeys.Key k : TrainingOptionKeys.KEYS) {
			json.name(k.name);
			k.write.value(json, o);
		}
		json.endObject();
	}

	private void history(final TrainingHistory h) throws IOException {
		json.name("stop_reason").value(h.stopReason().name().toLowerCase(Locale.ROOT));
		json.name("best_epoch").value(h.bestEpoch());
		json.name("message").value(h.message());
		json.name("history").beginArray();
		for (final EpochRecord r : h.epochs()) {
			json.beginObject();
			json.name("epoch").value(r.epoch);
			json.name("train_nll");
			finiteOrNull(r.trainNll);
			json.name("validation_nll");
			finiteOrNull(r.validationNll);
			json.name("seconds").value(r.seconds);
			json.endObject();
		}
		json.endArray();
	}

	private void numbers(final double[] v) throws IOException {
		json.beginArray();
		for (final double x : v) json.value(x);
		json.endArray();
	}

	private void finiteOrNull(final double v) throws IOException {
		if (Double.isFinite(v)) json.value(v);
		else json.nullValue();
	}
}
