package sc.fiji.flowmodels;

/** How much Java heap is left, for the checks that refuse a too-large job before it starts. */
public final class Memory {

	private Memory() {}

	/** Bytes Java can still allocate, counting uncollected garbage as used. */
	public static long free() {
		final Runtime rt = Runtime.getRuntime();
		return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
	}

	/**
	 * Bytes Java can allocate, for a job that needs {@code need}: when garbage may be what is in
	 * the way, collects it first, so that a long session full of garbage is not refused.
	 */
	public static long freeFor(final long need) {
		long free = free();
		if (need > free) {
			System.gc();
			free = free();
		}
		return free;
	}
}
