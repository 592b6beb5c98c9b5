package sc.fiji.flowmodels.flow;

import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The invertible map that a {@link Coupling} applies to each of its transformed columns, with
 * parameters that the coupling's network computes from the pass-through columns. A map is an
 * immutable value: its kind and settings (what the model file's {@code architecture.coupling}
 * holds). The maths lives in the map's {@link Evaluator}.
 * <p>
 * Parameter layout: for a coupling that transforms {@code m} columns, the network output of a
 * row holds {@code m·}{@link #parametersPerColumn()} numbers, parameter {@code p} of column
 * {@code j} at index {@code p·m + j} (all first parameters, then all second ones, …).
 * <p>
 * A new kind of coupling is one class implementing this interface, one {@link Kind} constant
 * naming its factory, and nothing else: the coupling, the flow, training and the model file
 * handle every kind alike.
 */
public interface ElementwiseMap {

	/** The coupling kinds, by the name used in the {@code coupling} key and in model files. */
	enum Kind {
		/** RealNVP's {@code y = x·exp(s) + t} ({@link AffineMap}). */
		AFFINE(AffineMap::fromSettings),
		/** Monotone rational-quadratic splines of Neural Spline Flows ({@link SplineMap}). */
		SPLINE(SplineMap::fromSettings);

		private final Function<Map<String, ? extends Number>, ElementwiseMap> factory;

		Kind(final Function<Map<String, ? extends Number>, ElementwiseMap> factory) {
			this.factory = factory;
		}

		/** The name in the {@code coupling} key and in model files: {@code affine}, {@code spline}. */
		public String key() {
			return name().toLowerCase(Locale.ROOT);
		}

		/**
		 * A map of this kind from named settings (the kind takes the ones it has and ignores
		 * the others).
		 *
		 * @throws IllegalArgumentException naming a missing or invalid setting
		 */
		public ElementwiseMap create(final Map<String, ? extends Number> settings) {
			return factory.apply(settings);
		}

		/** The kind named {@code key}; IllegalArgumentException listing the kinds otherwise. */
		public static Kind of(final String key) {
			for (final Kind k : values()) {
				if (k.key().equals(key)) return k;
			}
			final StringBuilder known = new StringBuilder();
			for (final Kind k : values()) known.append(known.length() == 0 ? "" : ", ").append(k.key());
			throw new IllegalArgumentException("unknown coupling '" + key + "' (" + known + ")");
		}
	}

	Kind kind();

	/** Settings by name, in the order model files list them (numbers only). */
	Map<String, Number> settings();

	/** How many network outputs drive one transformed column. */
	int parametersPerColumn();

	/** New scratch for rows of {@code columns} transformed columns, at most {@code maxRows} rows. */
	Evaluator evaluator(int maxRows, int columns);

	/** A few words for logs, such as {@code affine, clamp 2.0}. */
	String describe();

	/**
	 * Applies the map to one row's transformed columns {@code d … d+m−1}, given that row's
	 * network output {@code o} (layout as in {@link ElementwiseMap}). The arrays may be the same
	 * (in place). One evaluator per thread; it keeps per row what {@link #backward} needs.
	 */
	interface Evaluator {

		/**
		 * {@code y = f(x)} for row {@code i} of the batch; returns Σ_j log(∂y_j/∂x_j) and keeps
		 * what {@link #backward} needs for that row.
		 */
		double forward(int i, double[] o, double[] x, double[] y, int d);

		/** {@code x = f⁻¹(y)}; returns Σ_j log(∂y_j/∂x_j) of the forward map at the result. */
		double inverse(double[] o, double[] y, double[] x, int d);

		/**
		 * Back-propagates through the last {@link #forward} of row {@code i} (with network output
		 * {@code o}): from ∂L/∂y in {@code dy} and ∂L/∂(log-det) {@code dLogDet}, writes ∂L/∂x
		 * into {@code dx} and ∂L/∂o into every entry of {@code dO} ({@code dx} may be {@code dy}).
		 * Only the transformed columns are read and written.
		 */
		void backward(int i, double[] o, double[] dy, double dLogDet, double[] dO, double[] dx, int d);
	}

	/** The number named {@code key} in {@code settings}; IllegalArgumentException if missing. */
	static double setting(final Map<String, ? extends Number> settings, final String key) {
		final Number v = settings.get(key);
		if (v == null) throw new IllegalArgumentException(key + " missing");
		return v.doubleValue();
	}
}
