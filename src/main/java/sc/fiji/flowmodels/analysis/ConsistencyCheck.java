package sc.fiji.flowmodels.analysis;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import org.ejml.data.DMatrixRMaj;

import sc.fiji.flowmodels.flow.Compute;
import sc.fiji.flowmodels.flow.Flow;
import sc.fiji.flowmodels.flow.FlowResult;
import sc.fiji.flowmodels.flow.StandardNormal;

/**
 * Checks the change-of-variables identity p_X(x) = p_Z(f(x))·|det ∂f/∂x| numerically, in both
 * directions, comparing independent computations:
 * <ul>
 * <li><b>data → latent</b> (points x): {@code log_px_direct} is the flow's log p_X(x) (one
 * forward pass summing the layers' log-determinants); {@code log_pz+log|detJ|} is log N(f(x))
 * plus log|det J| of the full D×D Jacobian of f at x, built by reverse-mode differentiation
 * and factorized by LU, never using the layers' log-det formulas; {@code roundtrip_error} is
 * max_j |x_j − f⁻¹(f(x))_j| / max(|x_j|, std_j) per point: in units of the column's standard
 * deviation, relative to the value where the value is larger.</li>
 * <li><b>latent → data</b> (points z ~ N(0, I)): x = f⁻¹(z) by the inverse pass.
 * {@code log_px_direct} is the flow's log p_X(x) by the forward pass on x;
 * {@code log_pz-log|detJ|} is log N(z) minus log|det ∂f⁻¹/∂z| accumulated by the inverse pass
 * (what decode reports); {@code log_pz_direct} is log N(z); {@code log_pz_via_x} is
 * log p_X(x) − log|det J| with J the full Jacobian at x; {@code roundtrip_error} is
 * max_j |z_j − f(f⁻¹(z))_j| / max(|z_j|, 1).</li>
 * </ul>
 * PASS when every difference (absolute, in nats) and round trip error (scale-free, as above)
 * has max_abs ≤ tolerance.
 */
public final class ConsistencyCheck {

	public static final String DATA_TO_LATENT = "data->latent", LATENT_TO_DATA = "latent->data";

	/** One line of the report: summary statistics of a per-point quantity. */
	public static final class Row {

		public final String direction, quantity;
		public final double mean, std, min, max, maxAbs;
		/** Whether this row takes part in the verdict. */
		public final boolean judged;

		Row(final String direction, final String quantity, final double[] v, final boolean judged) {
			this(direction, quantity, judged, Summary.of(v, v.length));
		}

		/** The row of a quantity summarized piece by piece (see {@link Summary}). */
		public Row(final String direction, final String quantity, final boolean judged, final Summary s) {
			this.direction = direction;
			this.quantity = quantity;
			this.judged = judged;
			mean = s.nan ? Double.NaN : s.mean;
			std = s.nan ? Double.NaN : Math.sqrt(s.squares / s.n);
			min = s.nan ? Double.NaN : s.min;
			max = s.nan ? Double.NaN : s.max;
			maxAbs = s.nan ? Double.NaN : s.maxAbs;
		}
	}

	/**
	 * Count, mean, sum of squared deviations, min, max and largest |value| of a per-point quantity
	 * (any NaN makes them all NaN). Summaries of parts of the points {@link #add(Summary) add up}
	 * (Chan et al.'s update of the squares), so the Spark module summarizes each file on its own and
	 * adds the files in order. One part is summarized in two passes, as the whole table always was.
	 */
	public static final class Summary implements Serializable {

		private static final long serialVersionUID = 1L;

		private long n;
		private double mean, squares, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY, maxAbs;
		private boolean nan;

		/** The summary of {@code v[0…count−1]}. */
		public static Summary of(final double[] v, final int count) {
			final Summary s = new Summary();
			double sum = 0;
			for (int i = 0; i < count; i++) {
				final double x = v[i];
				s.nan |= Double.isNaN(x);
				sum += x;
				s.min = Math.min(s.min, x);
				s.max = Math.max(s.max, x);
				s.maxAbs = Math.max(s.maxAbs, Math.abs(x));
			}
			s.n = count;
			s.mean = sum / count;
			double q = 0;
			for (int i = 0; i < count; i++) q += (v[i] - s.mean) * (v[i] - s.mean);
			s.squares = q;
			return s;
		}

		/** Adds the points another summary describes to this one. */
		public void add(final Summary o) {
			if (o.n == 0) return;
			nan |= o.nan;
			min = Math.min(min, o.min);
			max = Math.max(max, o.max);
			maxAbs = Math.max(maxAbs, o.maxAbs);
			if (n == 0) {
				n = o.n;
				mean = o.mean;
				squares = o.squares;
				return;
			}
			final double total = (double) n + o.n, delta = o.mean - mean;
			mean += delta * (o.n / total);
			squares += o.squares + delta * delta * (n * (o.n / total));
			n += o.n;
		}

		/** How many points. */
		public long count() {
			return n;
		}
	}

	/** The whole report. */
	public static final class Report {

		public final List<Row> rows;
		public final double tolerance;
		public final long dataPoints;
		public final int latentPoints;
		public final boolean sampledData;

		Report(final List<Row> rows, final double tolerance, final long dataPoints,
			final int latentPoints, final boolean sampledData)
		{
			this.rows = Collections.unmodifiableList(rows);
			this.tolerance = tolerance;
			this.dataPoints = dataPoints;
			this.latentPoints = latentPoints;
			this.sampledData = sampledData;
		}

		/** PASS: every judged quantity has max_abs ≤ tolerance (NaN fails). */
		public boolean passed() {
			for (final Row r : rows) {
				if (r.judged && !(r.maxAbs <= tolerance)) return false;
			}
			return true;
		}

		/** The largest judged max_abs: how close to failing. */
		public double worst() {
			double w = 0;
			for (final Row r : rows) {
				if (r.judged) w = Double.isNaN(r.maxAbs) ? Double.NaN : Math.max(w, r.maxAbs);
			}
			return w;
		}

		/** The report as text, one block per direction, then the verdict. */
		public String format() {
			final StringBuilder b = new StringBuilder();
			String dir = null;
			for (final Row r : rows) {
				if (!r.direction.equals(dir)) {
					dir = r.direction;
					final long n = dir.equals(DATA_TO_LATENT) ? dataPoints : latentPoints;
					final String what = dir.equals(DATA_TO_LATENT) ? (sampledData ? "points sampled from the model" : "input points") : "latent points from N(0, I)";
					b.append(String.format(Locale.ROOT, "%s  (%d %s)%n", dir, n, what));
					b.append(String.format(Locale.ROOT, "  %-18s %13s %11s %13s %13s %11s%n", "quantity", "mean", "std", "min", "max", "max_abs"));
				}
				b.append(String.format(Locale.ROOT, "  %-18s %13.6g %11.3g %13.6g %13.6g %11.3g%s%n", r.quantity, r.mean, r.std, r.min, r.max, r.maxAbs, r.judged ? (r.maxAbs <= tolerance ? "  ok" : "  > tol") : ""));
			}
			b.append(String.format(Locale.ROOT, "%s: largest difference %.3g, tolerance %.3g%n", passed() ? "PASS" : "FAIL", worst(), tolerance));
			return b.toString();
		}
	}

	private ConsistencyCheck() {}

	/**
	 * Runs the check.
	 *
	 * @param compute the threads and precision of every pass of the flow
	 * @param data points for the data → latent direction, or null to sample {@code samples}
	 *          points from the model
	 * @param samples number of latent points (and of sampled data points)
	 */
	public static Report run(final Flow flow, final Compute compute, final DMatrixRMaj data,
		final int samples, final long seed, final double tolerance)
	{
		final boolean sampled = data == null;
		final DMatrixRMaj x = sampled ? flow.sample(samples, 1.0, seed, compute).points : data;
		final List<Row> rows = new ArrayList<>();
		final double[][] q = dataToLatent(flow, compute, x);
		for (int k = 0; k < q.length; k++) {
			rows.add(new Row(DATA_TO_LATENT, DATA_TO_LATENT_QUANTITIES[k], q[k], DATA_TO_LATENT_JUDGED[k]));
		}
		rows.addAll(latentToData(flow, compute, samples, seed));
		return new Report(rows, tolerance, x.numRows, samples, sampled);
	}

	/**
	 * The report of input points summarized piece by piece ({@code data}: one summary per entry of
	 * {@link #DATA_TO_LATENT_QUANTITIES}) and of {@code samples} latent points from {@code seed}.
	 */
	public static Report runSummarized(final Flow flow, final Compute compute, final Summary[] data,
		final int samples, final long seed, final double tolerance)
	{
		final List<Row> rows = new ArrayList<>();
		for (int k = 0; k < data.length; k++) {
			rows.add(new Row(DATA_TO_LATENT, DATA_TO_LATENT_QUANTITIES[k], DATA_TO_LATENT_JUDGED[k], data[k]));
		}
		rows.addAll(latentToData(flow, compute, samples, seed));
		return new Report(rows, tolerance, data[0].count(), samples, false);
	}

	/**
	 * About the memory the check takes per point: at the peak of either direction the points,
	 * their images both ways with 3 log-densities each, the Jacobians' log-dets and the
	 * quantities are 4D + 13 doubles; the heap needs about a quarter more, as its large arrays
	 * take whole regions. Measured for D = 2: a million sampled points ran in heaps of 220 MB
	 * and more (3 of 3 runs each up to 400 MB) and ran out of memory in 200 MB (this says 240 MB).
	 */
	public static long bytesPerPoint(final int d) {
		return 8L * (5 * d + 20);
	}

	/** The data → latent quantities of the report, in its order. */
	public static final String[] DATA_TO_LATENT_QUANTITIES = { "log_px_direct", "log_pz+log|detJ|", "difference", "roundtrip_error" };
	private static final boolean[] DATA_TO_LATENT_JUDGED = { false, false, true, true };

	/**
	 * The data → latent quantities of points x: one array per entry of
	 * {@link #DATA_TO_LATENT_QUANTITIES}, one value per row.
	 */
	public static double[][] dataToLatent(final Flow flow, final Compute compute, final DMatrixRMaj x) {
		final int d = flow.dimension();
		final FlowResult enc = flow.encode(x, compute);
		final double[] full = flow.jacobianLogDet(x, compute);
		final int n = x.numRows;
		final double[] viaJ = new double[n], diff = new double[n];
		for (int i = 0; i < n; i++) {
			viaJ[i] = logN(enc.points, i, d) + full[i];
			diff[i] = enc.logPx[i] - viaJ[i];
		}
		final FlowResult back = flow.decode(enc.points, compute);
		return new double[][] { enc.logPx, viaJ, diff, roundTripError(x, back.points, flow.standardization().std()) };
	}

	/** The latent → data rows of the report, from {@code samples} points of N(0, I) seeded by {@code seed + 1}. */
	private static List<Row> latentToData(final Flow flow, final Compute compute, final int samples, final long seed) {
		final int d = flow.dimension();
		final List<Row> rows = new ArrayList<>();
		final DMatrixRMaj z = flow.sampleLatent(samples, 1.0, seed + 1);
		final FlowResult dec = flow.decode(z, compute);
		final FlowResult direct = flow.encode(dec.points, compute);
		final double[] fullAtX = flow.jacobianLogDet(dec.points, compute);
		final double[] viaInverse = new double[samples], d2 = new double[samples];
		final double[] pzDirect = new double[samples], pzViaX = new double[samples], d3 = new double[samples];
		for (int i = 0; i < samples; i++) {
			// dec.logDetJ = −(log|det ∂f⁻¹/∂z| summed by the inverse pass)
			viaInverse[i] = dec.logPz[i] + dec.logDetJ[i];
			d2[i] = direct.logPx[i] - viaInverse[i];
			pzDirect[i] = logN(z, i, d);
			pzViaX[i] = direct.logPx[i] - fullAtX[i];
			d3[i] = pzDirect[i] - pzViaX[i];
		}
		rows.add(new Row(LATENT_TO_DATA, "log_px_direct", direct.logPx, false));
		rows.add(new Row(LATENT_TO_DATA, "log_pz-log|detJ|", viaInverse, false));
		rows.add(new Row(LATENT_TO_DATA, "difference", d2, true));
		rows.add(new Row(LATENT_TO_DATA, "log_pz_direct", pzDirect, false));
		rows.add(new Row(LATENT_TO_DATA, "log_pz_via_x", pzViaX, false));
		rows.add(new Row(LATENT_TO_DATA, "pz_difference", d3, true));
		final double[] unit = new double[d];
		java.util.Arrays.fill(unit, 1);
		rows.add(new Row(LATENT_TO_DATA, "roundtrip_error", roundTripError(z, direct.points, unit), true));
		return rows;
	}

	private static double logN(final DMatrixRMaj z, final int row, final int d) {
		final double[] v = new double[d];
		System.arraycopy(z.data, row * d, v, 0, d);
		return StandardNormal.logProb(v, d);
	}

	/**
	 * The round-trip error of each point: max_j |a_j − b_j| / max(|a_j|, spread_j), the
	 * difference in units of the column's spread (its standard deviation; 1 for latent points),
	 * or relative to the value where the value is larger. A double holds a value only to
	 * about 1.1e-16 of itself, so an absolute measure failed healthy models of columns far from
	 * 0 (mean 5e7: one unit in the last place is 7.45e-9, above the tolerance of 1e-9); this
	 * measure is about 1e-16 wherever the arithmetic is sound, at every scale.
	 */
	static double[] roundTripError(final DMatrixRMaj a, final DMatrixRMaj b, final double[] spread) {
		final int n = a.numRows, d = a.numCols;
		final double[] e = new double[n];
		for (int i = 0; i < n; i++) {
			double m = 0;
			for (int j = 0; j < d; j++) {
				final double v = a.data[i * d + j];
				m = Math.max(m, Math.abs(v - b.data[i * d + j]) / Math.max(Math.abs(v), spread[j]));
			}
			e[i] = m;
		}
		return e;
	}
}
