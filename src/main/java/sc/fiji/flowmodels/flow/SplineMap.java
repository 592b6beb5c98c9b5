package sc.fiji.flowmodels.flow;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The monotone rational-quadratic spline of Neural Spline Flows (Durkan et al. 2019) as the
 * map of a transformed column: K bins on [−B, B] ({@code bins}, {@code tail}), the identity
 * outside (linear tails of slope 1). Driven by 3K − 1 network outputs per column:
 * <ul>
 * <li>u_0 … u_{K−1} (parameters 0 … K−1): bin widths w_k = 2B·(a + (1 − K·a)·softmax(u)_k),
 * with the smallest fraction a = {@link #MIN_BIN};
 * <li>v_0 … v_{K−1} (parameters K … 2K−1): bin heights h_k, the same way from v;
 * <li>r_1 … r_{K−1} (parameters 2K … 3K−2): the slopes at the inner knots,
 * δ_i = 1 + (1 − δ_min)·(softplus(r_i)/softplus(0) − 1), which lies in (δ_min, ∞) and is
 * exactly 1 for r_i = 0; the slopes at ±B are 1, so the spline joins the tails smoothly.
 * </ul>
 * The knots are x_0 = −B, x_k = −B + Σ_{i<k} w_i, x_K = B (and y_k likewise from the heights).
 * In bin k, with ξ = (x − x_k)/w_k ∈ [0, 1], s = h_k/w_k and the end slopes δ_k, δ_{k+1}:
 *
 * <pre>
 *   y = y_k + h_k·(s·ξ² + δ_k·ξ(1−ξ)) / (s + (δ_{k+1} + δ_k − 2s)·ξ(1−ξ))
 *   ∂y/∂x = s²·(δ_{k+1}·ξ² + 2s·ξ(1−ξ) + δ_k·(1−ξ)²) / (s + (δ_{k+1} + δ_k − 2s)·ξ(1−ξ))²
 * </pre>
 *
 * Both are computed as the identity plus terms that vanish exactly when the widths equal the
 * heights and every slope is 1, so zero network outputs (a new coupling) give the identity
 * bit for bit, with log-derivative exactly 0. The inverse solves the quadratic in ξ with the
 * root formula that does not cancel (which one depends on the sign of its linear coefficient).
 */
public final class SplineMap implements ElementwiseMap {

	/** Smallest bin width and height, as a fraction of 2B (as nflows' default). */
	public static final double MIN_BIN = 1e-3;
	/** Smallest slope at an inner knot (as nflows' default). */
	public static final double MIN_DERIVATIVE = 1e-3;
	public static final int MAX_BINS = 256;
	public static final double MAX_TAIL = 100;
	/** softplus(0) = log 2, computed by {@link #softplus} so that softplus(0)/SOFTPLUS_0 is exactly 1 */
	private static final double SOFTPLUS_0 = softplus(0);

	private final int bins;
	private final double tail;

	/**
	 * @param bins K, from 2 to {@link #MAX_BINS}
	 * @param tail B: the spline acts on [−B, B] (in standardized units), from 0 to {@link #MAX_TAIL}
	 */
	public SplineMap(final int bins, final double tail) {
		if (bins < 2 || bins > MAX_BINS) throw new IllegalArgumentException("bins must be between 2 and " + MAX_BINS + ", got " + bins);
		if (!(tail > 0 && tail <= MAX_TAIL)) throw new IllegalArgumentException("tail must be a positive number up to " + (int) MAX_TAIL + ", got " + tail);
		this.bins = bins;
		this.tail = tail;
	}

	/**
	 * From the settings {@code bins} and {@code tail}; {@code min_bin} and {@code min_derivative},
	 * when given, must be this implementation's constants.
	 */
	static SplineMap fromSettings(final Map<String, ? extends Number> settings) {
		final double k = ElementwiseMap.setting(settings, "bins");
		if (k != Math.rint(k) || k < 2 || k > MAX_BINS) throw new IllegalArgumentException("bins must be a whole number between 2 and " + MAX_BINS + ", got " + (k == Math.rint(k) && Math.abs(k) < 1e15 ? String.valueOf((long) k) : String.valueOf(k)));
		requireConstant(settings, "min_bin", MIN_BIN);
		requireConstant(settings, "min_derivative", MIN_DERIVATIVE);
		return new SplineMap((int) k, ElementwiseMap.setting(settings, "tail"));
	}

	private static void requireConstant(final Map<String, ? extends Number> settings, final String key,
		final double value)
	{
		final Number v = settings.get(key);
		if (v != null && v.doubleValue() != value) throw new IllegalArgumentException("unsupported " + key + " " + v + " (" + value + ")");
	}

	public int bins() {
		return bins;
	}

	public double tail() {
		return tail;
	}

	@Override
	public Kind kind() {
		return Kind.SPLINE;
	}

	@Override
	public Map<String, Number> settings() {
		final Map<String, Number> s = new LinkedHashMap<>();
		s.put("bins", bins);
		s.put("tail", tail);
		s.put("min_bin", MIN_BIN);
		s.put("min_derivative", MIN_DERIVATIVE);
		return Collections.unmodifiableMap(s);
	}

	@Override
	public int parametersPerColumn() {
		return 3 * bins - 1;
	}

	@Override
	public String describe() {
		return "rational-quadratic splines, " + bins + " bins on ±" + tail;
	}

	@Override
	public boolean equals(final Object o) {
		return o instanceof SplineMap && bins == ((SplineMap) o).bins && Double.compare(tail, ((SplineMap) o).tail) == 0;
	}

	@Override
	public int hashCode() {
		return 31 * bins + Double.hashCode(tail);
	}

	@Override
	public Evaluator evaluator(final int maxRows, final int columns) {
		return new Spline(maxRows, columns);
	}

	static double softplus(final double r) {
		return r > 0 ? r + Math.log1p(Math.exp(-r)) : Math.log1p(Math.exp(r));
	}

	private final class Spline implements Evaluator {

		private final int m;
		/** the transformed inputs of the last forward, rows × m (the forward may overwrite them) */
		private final double[][] inputs;
		// one column's spline: softmax of the raw widths and heights, knots and slopes
		private final double[] pw = new double[bins], ph = new double[bins];
		private final double[] xk = new double[bins + 1], yk = new double[bins + 1];
		private final double[] slope = new double[bins + 1];
		// the quantities of one point in its bin, set by locate()
		private int k;
		private double w, h, s, da, db, xi, t, c, den, num, n;

		Spline(final int maxRows, final int m) {
			this.m = m;
			inputs = Kernels.rows(maxRows, m);
			slope[0] = 1;
			slope[bins] = 1;
		}

		private boolean inside(final double v) {
			return v >= -tail && v <= tail;
		}

		/** Computes column j's knots and slopes from the network output o. */
		private void knots(final double[] o, final int j) {
			softmax(o, j, pw);
			softmax(o, bins * m + j, ph);
			cumulate(pw, xk);
			cumulate(ph, yk);
			final int base = 2 * bins * m + j;
			for (int i = 1; i < bins; i++) {
				slope[i] = 1 + (1 - MIN_DERIVATIVE) * (softplus(o[base + (i - 1) * m]) / SOFTPLUS_0 - 1);
			}
		}

		/** softmax of o[from], o[from + m], … (bins entries) */
		private void softmax(final double[] o, final int from, final double[] p) {
			double max = Double.NEGATIVE_INFINITY;
			for (int i = 0; i < bins; i++) max = Math.max(max, o[from + i * m]);
			double sum = 0;
			for (int i = 0; i < bins; i++) {
				p[i] = Math.exp(o[from + i * m] - max);
				sum += p[i];
			}
			for (int i = 0; i < bins; i++) p[i] /= sum;
		}

		/** Knots −B, …, B from the softmax fractions (each at least MIN_BIN of the interval). */
		private void cumulate(final double[] p, final double[] knots) {
			final double spread = 1 - bins * MIN_BIN;
			knots[0] = -tail;
			double cum = 0;
			for (int i = 1; i < bins; i++) {
				cum += MIN_BIN + spread * p[i - 1];
				knots[i] = -tail + 2 * tail * cum;
			}
			knots[bins] = tail;
		}

		/** Finds the bin of v among {@code knots} and sets the bin's quantities. */
		private void bin(final double[] knots, final double v) {
			int b = 0;
			while (b < bins - 1 && v >= knots[b + 1]) b++;
			k = b;
			w = xk[b + 1] - xk[b];
			h = yk[b + 1] - yk[b];
			s = h / w;
			da = slope[b];
			db = slope[b + 1];
			c = da + db - 2 * s;
		}

		/** Sets the quantities that depend on ξ (after {@link #bin}). */
		private void at(final double position) {
			xi = position;
			t = xi * (1 - xi);
			den = s + c * t;
			num = s * xi * xi + da * t;
			n = s + (db - s) * xi * xi + (da - s) * (1 - xi) * (1 - xi);
		}

		/** Sets every quantity of input v of column j, for the network output o. */
		private void locate(final double[] o, final int j, final double v) {
			knots(o, j);
			bin(xk, v);
			at((v - xk[k]) / w);
		}

		/** log ∂y/∂x at the point set by {@link #at}. */
		private double logDerivative() {
			return Math.log(s * s * n / (den * den));
		}

		@Override
		public double forward(final int i, final double[] o, final double[] x, final double[] y,
			final int d)
		{
			final double[] in = inputs[i];
			double sum = 0;
			for (int j = 0; j < m; j++) {
				final double v = x[d + j];
				in[j] = v;
				if (!inside(v)) {
					y[d + j] = v;
					continue;
				}
				locate(o, j, v);
				// y_k + h·ξ + h·ξ(1−ξ)(δ_k − s − c·ξ)/den, with y_k + h·ξ = x + (y_k − x_k) + (h − w)·ξ
				y[d + j] = v + (yk[k] - xk[k]) + (h - w) * xi + h * t * ((da - s) - c * xi) / den;
				sum += logDerivative();
			}
			return sum;
		}

		@Override
		public double inverse(final double[] o, final double[] y, final double[] x, final int d) {
			double sum = 0;
			for (int j = 0; j < m; j++) {
				final double v = y[d + j];
				if (!inside(v)) {
					x[d + j] = v;
					continue;
				}
				knots(o, j);
				bin(yk, v);
				final double eta = (v - yk[k]) / h;
				// the quadratic a·ξ² + b·ξ − s·η = 0 of y = v in this bin (divided by h)
				final double a = (s - da) + eta * c, b = da - eta * c;
				final double root = Math.sqrt(Math.max(0, b * b + 4 * a * s * eta));
				final double q = b >= 0 ? 2 * s * eta / (b + root) : (root - b) / (2 * a);
				at(Math.min(1, Math.max(0, q)));
				// x_k + w·ξ, written like the forward so that the identity spline is exact
				x[d + j] = v + (xk[k] - yk[k]) + (w - h) * xi + h * (xi - eta);
				sum += logDerivative();
			}
			return sum;
		}

		@Override
		public void backward(final int i, final double[] o, final double[] dy, final double dLogDet,
			final double[] dO, final double[] dx, final int d)
		{
			final double[] in = inputs[i];
			final int params = parametersPerColumn();
			for (int j = 0; j < m; j++) {
				final double v = in[j], gy = dy[d + j];
				for (int p = 0; p < params; p++) dO[p * m + j] = 0;
				if (!inside(v)) {
					dx[d + j] = gy;
					continue;
				}
				locate(o, j, v);
				final double den2 = den * den, gl = dLogDet;
				final double r = num / den;
				final double gr = gy * h;
				// ∂R/∂(ξ, s, δ_k, δ_{k+1}) with R = num/den, and ∂(log ∂y/∂x)/∂(…) likewise
				final double rXi = s * n / den2;
				final double rS = (xi * xi * den - num * (1 - 2 * t)) / den2;
				final double rDa = t * (den - num) / den2;
				final double rDb = -num * t / den2;
				final double nXi = 2 * (db - s) * xi - 2 * (da - s) * (1 - xi);
				final double lXi = nXi / n - 2 * c * (1 - 2 * xi) / den;
				final double lS = 2 / s + 2 * t / n - 2 * (1 - 2 * t) / den;
				final double lDa = (1 - xi) * (1 - xi) / n - 2 * t / den;
				final double lDb = xi * xi / n - 2 * t / den;
				final double gXi = gr * rXi + gl * lXi;
				final double gS = gr * rS + gl * lS;
				dx[d + j] = gXi / w;
				// ξ = (x − x_k)/w and s = h/w; y = y_k + h·R
				final double gW = -(gXi * xi + gS * s) / w;
				final double gH = gy * r + gS / w;
				// knots: x_k enters ξ and w = x_{k+1} − x_k; y_k enters y and h = y_{k+1} − y_k
				knotGradient(-gXi / w - gW, gW, pw, j, dO, 0);
				knotGradient(gy - gH, gH, ph, j, dO, bins * m);
				slopeGradient(k, gr * rDa + gl * lDa, o, j, dO);
				slopeGradient(k + 1, gr * rDb + gl * lDb, o, j, dO);
			}
		}

		/**
		 * Back-propagates ∂L/∂(knot k) and ∂L/∂(knot k+1) to the raw parameters of the widths
		 * (or heights) through the cumulative sums, the affine floor and the softmax p.
		 */
		private void knotGradient(final double gLow, final double gHigh, final double[] p, final int j,
			final double[] dO, final int offset)
		{
			// knots 0 and K are fixed at ∓B; knot i (0 < i < K) is −B + 2B·Σ_{l<i} fraction_l
			final double g0 = k >= 1 ? gLow : 0, g1 = k + 1 <= bins - 1 ? gHigh : 0;
			final double scale = 2 * tail * (1 - bins * MIN_BIN);
			double dot = 0;
			for (int l = 0; l < bins; l++) {
				final double gp = scale * ((l < k ? g0 : 0) + (l < k + 1 ? g1 : 0));
				dot += p[l] * gp;
			}
			for (int l = 0; l < bins; l++) {
				final double gp = scale * ((l < k ? g0 : 0) + (l < k + 1 ? g1 : 0));
				dO[offset + l * m + j] = p[l] * (gp - dot);
			}
		}

		/** Back-propagates ∂L/∂δ_index to its raw parameter (inner knots only). */
		private void slopeGradient(final int index, final double g, final double[] o, final int j,
			final double[] dO)
		{
			if (index < 1 || index > bins - 1) return;
			final int at = (2 * bins + index - 1) * m + j;
			final double sigmoid = 1 / (1 + Math.exp(-o[at]));
			dO[at] = g * (1 - MIN_DERIVATIVE) * sigmoid / SOFTPLUS_0;
		}
	}
}
