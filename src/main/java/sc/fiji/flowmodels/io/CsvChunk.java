package sc.fiji.flowmodels.io;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.ejml.data.DMatrixRMaj;

/**
 * A block of consecutive rows read by {@link CsvChunkReader}: the selected columns as a
 * matrix (one point per row) and each row's raw text, so that a writer can copy the input
 * unchanged and append new values. The reader reuses one chunk: its content is only valid
 * until the next call of {@link CsvChunkReader#next()}.
 */
public final class CsvChunk {

	private final DMatrixRMaj values;
	private final int capacity;
	private int rows;
	private long firstRow;
	private final long[] lines;
	private byte[] raw = new byte[1 << 14];
	private final int[] rawEnds;

	CsvChunk(final int capacity, final int columns) {
		this.capacity = capacity;
		values = new DMatrixRMaj(capacity, columns);
		lines = new long[capacity];
		rawEnds = new int[capacity];
	}

	/** Number of rows in this chunk, at least 1. */
	public int rows() {
		return rows;
	}

	/**
	 * The selected columns: {@link #rows()} rows, one column per selected column, in the
	 * order they were asked for. Reused by the next chunk.
	 */
	public DMatrixRMaj values() {
		return values;
	}

	/** 1-based data row number of the first row of this chunk. */
	public long firstRow() {
		return firstRow;
	}

	/** File line (1-based) where row {@code i} of this chunk starts. */
	public long line(final int i) {
		check(i);
		return lines[i];
	}

	/** The raw text of row {@code i} of this chunk, as it is in the file, without its line end. */
	public String rawLine(final int i) {
		check(i);
		final int start = i == 0 ? 0 : rawEnds[i - 1];
		return new String(raw, start, rawEnds[i] - start, StandardCharsets.UTF_8);
	}

	int rawStart(final int i) {
		return i == 0 ? 0 : rawEnds[i - 1];
	}

	int rawEnd(final int i) {
		return rawEnds[i];
	}

	byte[] raw() {
		return raw;
	}

	private void check(final int i) {
		if (i < 0 || i >= rows) throw new IndexOutOfBoundsException("row " + i + " of " + rows);
	}

	void start(final long first) {
		firstRow = first;
		rows = 0;
		values.reshape(capacity, values.numCols);
	}

	boolean isFull() {
		return rows == capacity;
	}

	/** The start of the next row's values in {@code values().data}. */
	int nextOffset() {
		return rows * values.numCols;
	}

	/** Ends a row whose values were written at {@link #nextOffset()}. */
	void endRow(final byte[] rawBytes, final int rawLength, final long line) {
		final int start = rows == 0 ? 0 : rawEnds[rows - 1];
		final int end = start + rawLength;
		if (end > raw.length || end < 0) {
			if (end < 0) throw new IllegalStateException("chunk text over 2 GB: use smaller chunks");
			raw = Arrays.copyOf(raw, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(end, 2L * raw.length)));
		}
		System.arraycopy(rawBytes, 0, raw, start, rawLength);
		rawEnds[rows] = end;
		lines[rows] = line;
		rows++;
	}

	void finish() {
		values.reshape(rows, values.numCols);
	}
}
