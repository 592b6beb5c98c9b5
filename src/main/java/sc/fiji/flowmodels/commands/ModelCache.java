package sc.fiji.flowmodels.commands;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import sc.fiji.flowmodels.io.ModelFile;
import sc.fiji.flowmodels.train.FlowModel;

/**
 * Loaded models by file, so that a batch applying one model to many tables parses it once.
 * An entry is reused only while the file's size and modification time are unchanged.
 */
final class ModelCache {

	private static final int SIZE = 4;
	private static final Map<Path, Object[]> CACHE = new LinkedHashMap<Path, Object[]>(8, 0.75f, true) {

		private static final long serialVersionUID = 1L;

		@Override
		protected boolean removeEldestEntry(final Map.Entry<Path, Object[]> e) {
			return size() > SIZE;
		}
	};

	private ModelCache() {}

	static FlowModel get(final Path file) {
		final Path key = file.toAbsolutePath().normalize();
		String stamp = null;
		try {
			stamp = Files.size(key) + "@" + Files.getLastModifiedTime(key).toMillis();
		}
		catch (final IOException e) {
			// let the reader report it
		}
		synchronized (CACHE) {
			final Object[] hit = CACHE.get(key);
			if (hit != null && stamp != null && stamp.equals(hit[0])) return (FlowModel) hit[1];
		}
		final FlowModel m = ModelFile.read(file);
		if (stamp != null) {
			synchronized (CACHE) {
				CACHE.put(key, new Object[] { stamp, m });
			}
		}
		return m;
	}

	/** Forgets a file (after writing it). */
	static void forget(final Path file) {
		synchronized (CACHE) {
			CACHE.remove(file.toAbsolutePath().normalize());
		}
	}
}
