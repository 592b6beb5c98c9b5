package sc.fiji.flowmodels.flow;

/**
 * How one call of a {@link Flow}'s batch methods computes: its worker threads and the
 * arithmetic of its networks. A value of the call, not of the flow: flows are shared (the
 * commands keep loaded models in a cache, Spark tasks share one per executor), so a setting
 * kept on the flow would reach every other user of it. Immutable.
 * <p>
 * The number of threads never changes a result; the precision does (see {@link Precision}).
 */
public final class Compute {

	private final int threads;
	private final Precision precision;

	private Compute(final int threads, final Precision precision) {
		this.threads = threads;
		this.precision = precision;
	}

	/**
	 * At most {@code threads} workers (fewer than 1 count as 1) computing in {@code precision}
	 * (null counts as double).
	 */
	public static Compute of(final int threads, final Precision precision) {
		return new Compute(Math.max(1, threads), precision == null ? Precision.DOUBLE : precision);
	}

	/** All the available processors, in double precision. */
	public static Compute defaults() {
		return of(Parallel.defaultThreads(), Precision.DOUBLE);
	}

	/** All the available processors, in the given precision. */
	public static Compute of(final Precision precision) {
		return of(Parallel.defaultThreads(), precision);
	}

	public int threads() {
		return threads;
	}

	public Precision precision() {
		return precision;
	}
}
