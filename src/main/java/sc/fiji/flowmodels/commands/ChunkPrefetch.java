package sc.fiji.flowmodels.commands;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.ejml.data.DMatrixRMaj;

import sc.fiji.flowmodels.CanceledException;
import sc.fiji.flowmodels.io.CsvChunk;
import sc.fiji.flowmodels.io.CsvChunkReader;

/**
 * Reads the chunks of a CSV file one ahead, in a thread of its own, so that parsing the next
 * chunk overlaps with the work on the current one. The reader is used by that thread only, one
 * call at a time; each chunk's values are copied out of the reader's reused buffer. Errors of
 * the reader (bad cells, I/O) surface from {@link #next()} as they were thrown.
 */
final class ChunkPrefetch implements AutoCloseable {

	private final CsvChunkReader reader;
	private final ExecutorService thread;
	private Future<DMatrixRMaj> pending;

	ChunkPrefetch(final CsvChunkReader reader) {
		this.reader = reader;
		thread = Executors.newSingleThreadExecutor(r -> {
			final Thread t = new Thread(r, "flow-csv-reader");
			t.setDaemon(true);
			return t;
		});
		pending = thread.submit(this::read);
	}

	private DMatrixRMaj read() {
		final CsvChunk chunk = reader.next();
		if (chunk == null) return null;
		final DMatrixRMaj v = chunk.values();
		final DMatrixRMaj copy = new DMatrixRMaj(chunk.rows(), v.numCols);
		System.arraycopy(v.data, 0, copy.data, 0, copy.data.length);
		return copy;
	}

	/** The next chunk's values (rows × selected columns), or null after the last; starts reading the one after. */
	DMatrixRMaj next() {
		if (pending == null) return null;
		final DMatrixRMaj values;
		try {
			values = pending.get();
		}
		catch (final ExecutionException e) {
			pending = null;
			final Throwable cause = e.getCause();
			if (cause instanceof RuntimeException) throw (RuntimeException) cause;
			if (cause instanceof Error) throw (Error) cause;
			throw new IllegalStateException(cause);
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new CanceledException("interrupted; nothing written");
		}
		pending = values == null ? null : thread.submit(this::read);
		return values;
	}

	/** Waits for a read still under way (so the reader can be closed after this) and ends the thread. */
	@Override
	public void close() {
		if (pending != null) {
			try {
				pending.get();
			}
			catch (final ExecutionException e) {
				// nobody asked for that chunk
			}
			catch (final InterruptedException e) {
				Thread.currentThread().interrupt();
			}
			pending = null;
		}
		thread.shutdown();
	}
}
