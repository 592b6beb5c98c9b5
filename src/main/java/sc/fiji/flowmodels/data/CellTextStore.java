package sc.fiji.flowmodels.data;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The original text of many cells, packed into one UTF-8 byte array with an end offset per
 * cell: a few bytes per cell and no object per cell. Used to write numeric cells back
 * exactly as the user wrote them ({@code 1.50} stays {@code 1.50}).
 */
public final class CellTextStore {

	private byte[] bytes = new byte[1024];
	private int[] ends = new int[256];
	private int size;

	/** Appends the UTF-8 bytes {@code src[from, to)} as the next cell. */
	public void add(final byte[] src, final int from, final int to) {
		final int start = size == 0 ? 0 : ends[size - 1];
		final int end = start + (to - from);
		if (end > bytes.length) bytes = Arrays.copyOf(bytes, grow(bytes.length, end));
		System.arraycopy(src, from, bytes, start, to - from);
		if (size == ends.length) ends = Arrays.copyOf(ends, grow(ends.length, size + 1));
		ends[size++] = end;
	}

	/** Appends a cell given as a string. */
	public void add(final String text) {
		final byte[] b = text.getBytes(StandardCharsets.UTF_8);
		add(b, 0, b.length);
	}

	public int size() {
		return size;
	}

	public String get(final int i) {
		if (i < 0 || i >= size) throw new IndexOutOfBoundsException("cell " + i + " of " + size);
		final int start = i == 0 ? 0 : ends[i - 1];
		return new String(bytes, start, ends[i] - start, StandardCharsets.UTF_8);
	}

	/** Releases the spare capacity once all cells are added. */
	public void trimToSize() {
		final int used = size == 0 ? 0 : ends[size - 1];
		if (bytes.length > used) bytes = Arrays.copyOf(bytes, used);
		if (ends.length > size) ends = Arrays.copyOf(ends, size);
	}

	static int grow(final int current, final int needed) {
		long next = Math.max(16L, (long) current + (current >> 1));
		if (next < needed) next = needed;
		if (next > Integer.MAX_VALUE - 8) {
			if (needed > Integer.MAX_VALUE - 8) throw new OutOfMemoryError("more than 2 GB of cell text");
			next = Integer.MAX_VALUE - 8;
		}
		return (int) next;
	}
}
