package sc.fiji.flowmodels.flow;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.LUDecomposition_F64;

/**
 * A normalizing flow: data x → standardize → [column shapes] → coupling → permutation → coupling
 * → … → latent z, with base N(0, I); the couplings are of the architecture's kind (affine:
 * RealNVP; spline), the column shapes (when the architecture has them) one map per column with
 * parameters of its own. Gives exact log-likelihoods
 * {@code log p_X(x) = log p_Z(f(x)) + log|det ∂f/∂x|} in the units of the data columns.
 * <p>
 * The batch methods take one point per row and run in parallel over chunks of rows; results
 * do not depend on the number of threads. Threads and precision are settings of each call (a
 * {@link Compute}), never of the flow: a flow holds no mutable state besides its parameters, so
 * calls with different settings can share it, at the same time too.
 */
public final class Flow implements BatchDensity {

	/**
	 * Rows per chunk of parallel work. Small enough that a chunk's activations and a layer's
	 * weights stay in a core's L2 cache together (encoding ran 1.16× in double and 1.36× in float
	 * faster with 64 rows than with 256), and a multiple of the kernels' row blocks (three rows in
	 * {@link Kernels}, four in the Vector API kernels; with the earlier six-row tiles of those,
	 * 64 rows left four single rows and ran 1.25× slower than 60; BENCHMARKS.md).
	 */
	public static final int CHUNK = 60;

	private final List<String> columns;
	private final Architecture architecture;
	private final Standardize standardize;
	private final List<Coupling> couplings;
	private final List<Permutation> permutations;
	private final Coupling marginal;
	private final Chain chain;
	private final int dim;

	/**
	 * Assembles a flow from its parts; {@code permutations} has one fewer element than
	 * {@code couplings} (one between each pair).
	 */
	public Flow(final List<String> columns, final Architecture architecture,
		final Standardize standardize, final List<Coupling> couplings,
		final List<Permutation> permutations)
	{
		this(columns, architecture, standardize, null, couplings, permutations);
	}

	/**
	 * Assembles a flow from its parts, with the column shapes {@code marginal} (made by
	 * {@link Coupling#marginal}; null when the architecture has none).
	 */
	public Flow(final List<String> columns, final Architecture architecture,
		final Standardize standardize, final Coupling marginal, final List<Coupling> couplings,
		final List<Permutation> permutations)
	{
		this.dim = architecture.dimension();
		if (columns.size() != dim) throw new IllegalArgumentException("expected " + dim + " column names, got " + columns.size());
		if (standardize.dimension() != dim) throw new IllegalArgumentException("standardization has the wrong dimension");
		if (couplings.size() != architecture.couplings()) throw new IllegalArgumentException("expected " + architecture.couplings() + " couplings, got " + couplings.size());
		if (permutations.size() != couplings.size() - 1) throw new IllegalArgumentException("expected " + (couplings.size() - 1) + " permutations, got " + permutations.size());
		for (final Coupling c : couplings) {
			if (c.dimension() != dim || !c.map().equals(architecture.map())) throw new IllegalArgumentException("a coupling differs from the architecture");
		}
		if ((marginal == null) != (architecture.marginal() == null) || marginal != null && (marginal.dimension() != dim || marginal.conditioning() != 0 || !marginal.map().equals(architecture.marginal()))) {
			throw new IllegalArgumentException("the column shapes differ from the architecture");
		}
		this.marginal = marginal;
		this.columns = Collections.unmodifiableList(new ArrayList<>(columns));
		this.architecture = architecture;
		this.standardize = standardize;
		this.couplings = Collections.unmodifiableList(new ArrayList<>(couplings));
		this.permutations = Collections.unmodifiableList(new ArrayList<>(permutations));
		final List<Transform> parts = new ArrayList<>();
		parts.add(standardize);
		if (marginal != null) parts.add(marginal);
		for (int k = 0; k < couplings.size(); k++) {
			if (k > 0) parts.add(permutations.get(k - 1));
			parts.add(couplings.get(k));
		}
		this.chain = new Chain(parts);
	}

	/**
	 * A new flow for the given columns and standardization: hidden layers initialized from
	 * {@code seed}, output layers zero (so the flow starts as the standardization alone).
	 */
	public static Flow create(final List<String> columns, final Architecture architecture,
		final Standardize standardize, final long seed)
	{
		final Random random = new Random(seed);
		final List<Coupling> cs = new ArrayList<>();
		final List<Permutation> ps = new ArrayList<>();
		final int d = architecture.dimension();
		for (int k = 0; k < architecture.couplings(); k++) {
			if (k > 0) {
				ps.add(architecture.permutation() == Architecture.PermutationKind.RANDOM ? Permutation.random(d, random) : Permutation.reverse(d));
			}
			final Coupling c = new Coupling(d, architecture.hidden(), architecture.map());
			c.initialize(random);
			cs.add(c);
		}
		final Coupling marginal = architecture.marginal() == null ? null : Coupling.marginal(d, architecture.marginal());
		return new Flow(columns, architecture, standardize, marginal, cs, ps);
	}

	@Override
	public int dimension() {
		return dim;
	}

	public List<String> columns() {
		return columns;
	}

	public Architecture architecture() {
		return architecture;
	}

	public Standardize standardization() {
		return standardize;
	}

	public List<Coupling> couplings() {
		return couplings;
	}

	public List<Permutation> permutations() {
		return permutations;
	}

	/** The column shapes (between the standardization and the first coupling), or null. */
	public Coupling marginal() {
		return marginal;
	}

	/** The whole data → latent map as one transform (standardization included). */
	public Transform transform() {
		return chain;
	}

	/** Scratch for one thread, for batches of at most {@code maxRows} rows, in double precision. */
	public Evaluator evaluator(final int maxRows) {
		return evaluator(maxRows, Precision.DOUBLE, true);
	}

	/**
	 * Scratch for one thread whose networks compute in {@code p}; {@code vector} false keeps the
	 * portable arithmetic even where the {@link VectorProducts} kernels are available.
	 */
	public Evaluator evaluator(final int maxRows, final Precision p, final boolean vector) {
		return new Evaluator(maxRows, p, vector);
	}

	/** {@link #encode(DMatrixRMaj, Compute)} on all processors, in double precision. */
	public FlowResult encode(final DMatrixRMaj x) {
		return encode(x, Compute.defaults());
	}

	/** Maps data to latent space: z = f(x), with log p_X, log p_Z and log|det ∂f/∂x|. */
	public FlowResult encode(final DMatrixRMaj x, final Compute c) {
		return map(x, true, c);
	}

	/** {@link #decode(DMatrixRMaj, Compute)} on all processors, in double precision. */
	public FlowResult decode(final DMatrixRMaj z) {
		return decode(z, Compute.defaults());
	}

	/** Maps latent points to data space: x = f⁻¹(z), with log p_X(x), log p_Z(z), log|det ∂f/∂x|. */
	public FlowResult decode(final DMatrixRMaj z, final Compute c) {
		return map(z, false, c);
	}

	private FlowResult map(final DMatrixRMaj in, final boolean encode, final Compute c) {
		Batches.requireColumns(in, dim, encode ? "data" : "latent points");
		final int n = in.numRows;
		final DMatrixRMaj out = new DMatrixRMaj(n, dim);
		final double[] logPx = new double[n], logPz = new double[n], logDet = new double[n];
		final Precision p = c.precision();
		Parallel.forChunks(n, CHUNK, c.threads(), t -> new Evaluator(CHUNK, p, true), (ev, from, to) -> {
			ev.load(in, from, to);
			if (encode) ev.encode(to - from, logDet, logPz, logPx, from);
			else ev.decode(to - from, logDet, logPz, logPx, from);
			ev.store(out, from, to);
		});
		return new FlowResult(in, out, logPx, logPz, logDet);
	}

	/** log p_X of each row, on all processors in double precision. */
	public double[] logProb(final DMatrixRMaj x) {
		return logProb(x, Compute.defaults());
	}

	/** log p_X of each row. */
	public double[] logProb(final DMatrixRMaj x, final Compute c) {
		return encode(x, c).logPx;
	}

	/**
	 * log p_X of each row in double precision, computed in the calling thread with scratch kept
	 * per thread (callers such as {@code DensityGrid} run many small batches from their own
	 * threads).
	 */
	@Override
	public void logDensity(final DMatrixRMaj points, final double[] out) {
		density(Precision.DOUBLE).logDensity(points, out);
	}

	private final java.util.Map<Precision, BatchDensity> densities = new java.util.EnumMap<>(Precision.class);

	/**
	 * This flow's log p_X as a {@link BatchDensity} whose networks compute in the given
	 * precision: each calling thread keeps one evaluator, and each call runs in its thread.
	 */
	public synchronized BatchDensity density(final Precision p) {
		return densities.computeIfAbsent(p, key -> {
			final ThreadLocal<Evaluator> local = ThreadLocal.withInitial(() -> new Evaluator(CHUNK, key, true));
			return new BatchDensity() {

				@Override
				public int dimension() {
					return dim;
				}

				@Override
				public void logDensity(final DMatrixRMaj points, final double[] out) {
					Batches.requireColumns(points, dim, "points");
					final Evaluator ev = local.get();
					for (int from = 0; from < points.numRows; from += CHUNK) {
						final int to = Math.min(points.numRows, from + CHUNK);
						ev.load(points, from, to);
						ev.encode(to - from, null, null, out, from);
					}
				}
			};
		});
	}

	/** {@code n} latent points from N(0, temperature²·I), seeded. */
	public DMatrixRMaj sampleLatent(final int n, final double temperature, final long seed) {
		final DMatrixRMaj z = new DMatrixRMaj(n, dim);
		final Random random = new Random(seed);
		for (int i = 0; i < z.data.length; i++) z.data[i] = temperature * random.nextGaussian();
		return z;
	}

	/** {@link #sample(int, double, long, Compute)} on all processors, in double precision. */
	public FlowResult sample(final int n, final double temperature, final long seed) {
		return sample(n, temperature, seed, Compute.defaults());
	}

	/** New data points: latent samples at the given temperature mapped back, with log p_X. */
	public FlowResult sample(final int n, final double temperature, final long seed, final Compute c) {
		return decode(sampleLatent(n, temperature, seed), c);
	}

	/**
	 * log|det ∂f/∂x| of each row from the full D×D Jacobian: D reverse-mode passes give its rows
	 * and an LU decomposition (EJML) its determinant. Independent of the per-layer log-det
	 * formulas, so it checks them; costs about D times an encode.
	 */
	public double[] jacobianLogDet(final DMatrixRMaj x, final Compute c) {
		Batches.requireColumns(x, dim, "data");
		final int n = x.numRows;
		final double[] out = new double[n];
		final Precision p = c.precision();
		Parallel.forChunks(n, CHUNK, c.threads(), t -> new Evaluator(CHUNK, p, true), (ev, from, to) -> {
			ev.load(x, from, to);
			ev.jacobianLogDet(to - from, out, from);
		});
		return out;
	}

	/** One thread's scratch for mapping batches of rows. */
	public final class Evaluator {

		private final Transform.Evaluator ev;
		private final double[][] buf;
		private final double[][] grad;
		private final double[] logDet;
		private final double[] logPz;
		private final int maxRows;

		Evaluator(final int maxRows, final Precision precision, final boolean vector) {
			this.maxRows = maxRows;
			ev = chain.evaluator(maxRows, precision, vector);
			buf = Kernels.rows(maxRows, dim);
			grad = Kernels.rows(maxRows, dim);
			logDet = new double[maxRows];
			logPz = new double[maxRows];
		}

		/** The rows this evaluator maps in place. */
		public double[][] rows() {
			return buf;
		}

		void load(final DMatrixRMaj m, final int from, final int to) {
			Batches.toRows(m, from, to - from, buf);
		}

		void store(final DMatrixRMaj m, final int from, final int to) {
			Batches.fromRows(buf, to - from, m, from);
		}

		/**
		 * Encodes {@link #rows()} in place (data → latent) and writes log|det ∂f/∂x|, log p_Z and
		 * log p_X of row {@code i} at index {@code offset + i} of the arrays (any may be null).
		 */
		public void encode(final int rows, final double[] logDetOut, final double[] logPzOut,
			final double[] logPxOut, final int offset)
		{
			check(rows);
			Arrays.fill(logDet, 0, rows, 0);
			ev.forward(buf, buf, rows, logDet);
			for (int i = 0; i < rows; i++) {
				final double lpz = StandardNormal.logProb(buf[i], dim);
				if (logDetOut != null) logDetOut[offset + i] = logDet[i];
				if (logPzOut != null) logPzOut[offset + i] = lpz;
				if (logPxOut != null) logPxOut[offset + i] = lpz + logDet[i];
			}
		}

		/** Decodes {@link #rows()} in place (latent → data); outputs as in {@link #encode}. */
		public void decode(final int rows, final double[] logDetOut, final double[] logPzOut,
			final double[] logPxOut, final int offset)
		{
			check(rows);
			for (int i = 0; i < rows; i++) {
				logPz[i] = StandardNormal.logProb(buf[i], dim);
				logDet[i] = 0;
			}
			ev.inverse(buf, buf, rows, logDet);
			for (int i = 0; i < rows; i++) {
				// the inverse pass adds log|det ∂f⁻¹/∂z| = −log|det ∂f/∂x|
				final double ld = -logDet[i];
				if (logDetOut != null) logDetOut[offset + i] = ld;
				if (logPzOut != null) logPzOut[offset + i] = logPz[i];
				if (logPxOut != null) logPxOut[offset + i] = logPz[i] + ld;
			}
		}

		/** Writes log|det ∂f/∂x| of each of {@link #rows()} from the full Jacobian; leaves the rows encoded. */
		void jacobianLogDet(final int rows, final double[] out, final int offset) {
			check(rows);
			Arrays.fill(logDet, 0, rows, 0);
			ev.forward(buf, buf, rows, logDet);
			final DMatrixRMaj[] jac = new DMatrixRMaj[rows];
			for (int i = 0; i < rows; i++) jac[i] = new DMatrixRMaj(dim, dim);
			for (int j = 0; j < dim; j++) {
				for (int i = 0; i < rows; i++) {
					Arrays.fill(grad[i], 0);
					grad[i][j] = 1;
				}
				ev.backward(grad, grad, rows, 0, false);
				for (int i = 0; i < rows; i++) {
					// row j of the Jacobian: ∂z_j/∂x
					System.arraycopy(grad[i], 0, jac[i].data, j * dim, dim);
				}
			}
			final LUDecomposition_F64<DMatrixRMaj> lu = DecompositionFactory_DDRM.lu(dim, dim);
			for (int i = 0; i < rows; i++) {
				if (!lu.decompose(jac[i])) {
					out[offset + i] = Double.NaN;
					continue;
				}
				final DMatrixRMaj u = lu.getUpper(null);
				double s = 0;
				for (int j = 0; j < dim; j++) s += Math.log(Math.abs(u.get(j, j)));
				out[offset + i] = s;
			}
		}

		private void check(final int rows) {
			if (rows > maxRows) throw new IllegalArgumentException(rows + " rows exceed this evaluator's " + maxRows);
		}
	}
}
