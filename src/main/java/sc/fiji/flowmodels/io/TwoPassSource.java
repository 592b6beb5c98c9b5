package sc.fiji.flowmodels.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

import sc.fiji.flowmodels.InputException;

/**
 * A CSV input that a streaming command reads twice (encode: once to find the outliers, once
 * to copy the rows with their results). A regular file is read where it is. Anything else (a
 * FIFO, {@code /dev/stdin} fed by a pipe, a shell's {@code <(…)}) can be read only once: it
 * is copied to the temporary folder as it is read the first time, and both passes read the
 * copy; reopening it instead would wait forever for a writer that is gone.
 * <p>
 * The second pass checks that the file is what the first pass read: the same size and
 * modification time when it starts, the same number of rows when it ends, so a file that
 * grows or is replaced meanwhile is reported, not encoded half old and half new.
 */
public final class TwoPassSource implements Closeable {

	private final Path original;
	private final Path path;
	private final boolean copied;
	private final long size;
	private final Object modified;

	private TwoPassSource(final Path original, final Path path, final boolean copied) throws IOException {
		this.original = original;
		this.path = path;
		this.copied = copied;
		final BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
		this.size = a.size();
		this.modified = a.lastModifiedTime();
	}

	/**
	 * Opens an input for two passes, copying it first when it is not a regular file.
	 *
	 * @throws InputException when it cannot be read or copied
	 */
	public static TwoPassSource open(final Path input) {
		try {
			if (Files.isRegularFile(input) || !Files.exists(input)) return new TwoPassSource(input, input, false);
		}
		catch (final IOException e) {
			// reading it reports what is wrong
			return unchecked(input);
		}
		Path copy = null;
		try (InputStream in = CsvHeader.open(input)) {
			copy = TempFiles.create("flow-input-", ".csv");
			try (OutputStream out = TempFiles.output(copy)) {
				final byte[] buffer = new byte[1 << 16];
				for (int n; (n = in.read(buffer)) > 0;) out.write(buffer, 0, n);
			}
			final TwoPassSource s = new TwoPassSource(input, copy, true);
			copy = null;
			return s;
		}
		catch (final IOException e) {
			throw new InputException(input + ": cannot keep a copy of it for the second pass in the temporary folder " + System.getProperty("java.io.tmpdir") + " (" + IoMessages.describe(e) + ")", e);
		}
		finally {
			TempFiles.delete(copy);
		}
	}

	/** A missing or unreadable file: the readers say what is wrong with it. */
	private static TwoPassSource unchecked(final Path input) {
		try {
			return new TwoPassSource(input, input, false);
		}
		catch (final IOException e) {
			throw new InputException(input + ": cannot read the file (" + IoMessages.describe(e) + ")", e);
		}
	}

	/** Opens the first pass. */
	public CsvChunkReader first(final String[] columns, final int chunkRows) {
		return CsvChunkReader.open(CsvHeader.open(path), original.toString(), columns, chunkRows);
	}

	/**
	 * Opens the second pass, which must find the file as the first left it and read exactly
	 * {@code rows} rows (else an InputException ends it, before anything is written).
	 */
	public CsvChunkReader second(final String[] columns, final int chunkRows, final long rows) {
		try {
			final BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
			if (a.size() != size || !a.lastModifiedTime().equals(modified)) throw changed();
		}
		catch (final IOException e) {
			throw changed();
		}
		return first(columns, chunkRows).expectRows(rows, this::changed);
	}

	private InputException changed() {
		return new InputException(original + ": the file changed while it was being encoded (it was written to or replaced between the two passes); nothing was written, run the command again once the file is complete");
	}

	/** Removes the copy, if one was made. */
	@Override
	public void close() {
		if (copied) TempFiles.delete(path);
	}
}
