package sc.fiji.flowmodels.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Splits row ranges over worker threads. Worker {@code t} of {@code T} handles chunks
 * {@code t, t+T, t+2T, …} with a state of its own (an evaluator: scratch memory is per
 * thread), so results never depend on timing. The calling thread is worker 0.
 */
public final class Parallel {

	/** Work on rows {@code [from, to)} with this worker's state. */
	public interface Body<S> {

		void run(S state, int from, int to) throws Exception;
	}

	/** Makes worker {@code t}'s state. */
	public interface StateFactory<S> {

		S create(int worker);
	}

	private static final AtomicInteger COUNT = new AtomicInteger();
	private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
		final Thread t = new Thread(r, "flow-worker-" + COUNT.incrementAndGet());
		t.setDaemon(true);
		return t;
	});

	private Parallel() {}

	/** Worker threads to use by default: the available processors. */
	public static int defaultThreads() {
		return Runtime.getRuntime().availableProcessors();
	}

	/**
	 * Runs {@code body} over {@code [0, n)} in chunks of {@code chunk} rows with at most
	 * {@code threads} workers. An exception in any worker is rethrown (unchecked ones as they
	 * are) after all workers have stopped.
	 */
	public static <S> void forChunks(final int n, final int chunk, final int threads,
		final StateFactory<S> states, final Body<S> body)
	{
		final int chunks = (n + chunk - 1) / chunk;
		final int workers = Math.max(1, Math.min(threads, chunks));
		final List<Future<?>> futures = new ArrayList<>();
		for (int t = 1; t < workers; t++) {
			final int worker = t;
			futures.add(POOL.submit(() -> {
				work(worker, workers, n, chunk, chunks, states, body);
				return null;
			}));
		}
		Throwable failure = null;
		try {
			work(0, workers, n, chunk, chunks, states, body);
		}
		catch (final Throwable e) {
			failure = e;
		}
		for (final Future<?> f : futures) {
			try {
				f.get();
			}
			catch (final ExecutionException e) {
				if (failure == null) failure = e.getCause();
			}
			catch (final InterruptedException e) {
				Thread.currentThread().interrupt();
				if (failure == null) failure = e;
			}
		}
		if (failure instanceof RuntimeException) throw (RuntimeException) failure;
		if (failure instanceof Error) throw (Error) failure;
		if (failure != null) throw new IllegalStateException(failure);
	}

	private static <S> void work(final int worker, final int workers, final int n,
		final int chunk, final int chunks, final StateFactory<S> states, final Body<S> body)
		throws Exception
	{
		final S state = states.create(worker);
		for (int c = worker; c < chunks; c += workers) {
			final int from = c * chunk;
			body.run(state, from, Math.min(n, from + chunk));
		}
	}

	/** Runs the tasks, the first in the calling thread, and waits for all. */
	public static void all(final List<? extends Runnable> tasks) {
		forChunks(tasks.size(), 1, tasks.size(), w -> null, (s, from, to) -> tasks.get(from).run());
	}
}
