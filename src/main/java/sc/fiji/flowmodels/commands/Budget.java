package sc.fiji.flowmodels.commands;

import java.util.Locale;

import sc.fiji.flowmodels.InputException;
import sc.fiji.flowmodels.flow.Architecture;
import sc.fiji.flowmodels.train.TrainingOptions;

/** Memory estimates, checked before work starts so that a too-large job is refused, not crashed. */
final class Budget {

	private Budget() {}

	/**
	 * Training keeps the rows (as row arrays, about 8·D + 32 bytes each), and per parameter the
	 * weights twice, Adam's two moments, the best-weights snapshot and one gradient per shard.
	 */
	static void requireTraining(final String source, final long rows, final Architecture a,
		final TrainingOptions o)
	{
		final long shards = 16;
		final long bytes = rows * (8L * a.dimension() + 32) + 8L * a.parameterCount() * (5 + shards) + 64L * o.batch() * 1024;
		require(source, "training", bytes);
	}

	/** The most numbers one Java array (one matrix) holds. */
	static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

	/**
	 * Refuses, before the work, {@code points} points (given by the key {@code key}) that are
	 * held in matrices of {@code width} numbers per point and take about {@code bytesPerPoint}
	 * bytes each: more than one Java array can hold, or more memory than is free.
	 */
	static void requirePoints(final String key, final long points, final int width, final long bytesPerPoint) {
		final long most = MAX_ARRAY / width;
		if (points > most) {
			throw new InputException(String.format(Locale.ROOT, "%s must be at most %,d for %d columns, got %,d (one matrix holds %s × %d numbers, and a Java array at most %,d)", key, most, width, points, key, width, MAX_ARRAY));
		}
		final long bytes = points * bytesPerPoint;
		final long free = sc.fiji.flowmodels.Memory.freeFor(bytes);
		if (bytes > free) {
			throw new InputException(String.format(Locale.ROOT, "%s=%d needs about %.0f MB of Java memory but only %.0f MB are free; use fewer, or raise the maximum heap (FLOW_JAVA_OPTS=-Xmx... for ./flow; Edit › Options › Memory & Threads in Fiji)", key, points, bytes / 1e6, free / 1e6));
		}
	}

	/**
	 * Sampling from a model keeps the latent points, their images with 3 log-densities, and the
	 * table of both (4D + 4 doubles per point; 4D + 6 with what the CSV writer and the workers
	 * hold). Measured for D = 2: a million points need a heap between 100 and 130 MB.
	 */
	static void requireSampling(final long samples, final int d) {
		requirePoints("samples", samples, d, 8L * (4 * d + 6));
	}

	/**
	 * A sample dataset keeps its points and the table of them (4 doubles per point; 5 with the
	 * shuffle and the writer). Measured: a million points need a heap between 30 and 40 MB.
	 */
	static void requireDataset(final long samples) {
		requirePoints("samples", samples, 2, 8L * 5);
	}

	static void require(final String source, final String what, final long bytes) {
		final long free = sc.fiji.flowmodels.Memory.freeFor(bytes);
		if (bytes > free) {
			throw new InputException(String.format(Locale.ROOT, "%s: %s needs about %.0f MB but only %.0f MB of Java memory are free; use fewer rows or a smaller model, or raise the maximum heap (-Xmx, Edit › Options › Memory)", source, what, bytes / 1e6, free / 1e6));
		}
	}
}
