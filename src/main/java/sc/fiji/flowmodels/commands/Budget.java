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

	static void require(final String source, final String what, final long bytes) {
		final long free = sc.fiji.flowmodels.Memory.freeFor(bytes);
		if (bytes > free) {
			throw new InputException(String.format(Locale.ROOT, "%s: %s needs about %.0f MB but only %.0f MB of Java memory are free; use fewer rows or a smaller model, or raise the maximum heap (-Xmx, Edit › Options › Memory)", source, what, bytes / 1e6, free / 1e6));
		}
	}
}
