package sc.fiji.flowmodels.spark;

import java.io.Serializable;
import java.util.Arrays;

import org.ejml.data.DMatrixRMaj;

import sc.fiji.flowmodels.InputException;

/**
 * A uniform sample of at most K rows without replacement: every row gets a pseudo-random number
 * from the seed, its file and its row alone, and the sample is the K rows with the smallest
 * numbers. Samples of parts merge into the sample of the whole, so each file is sampled by its own
 * task and the driver only ever sees K rows; the same seed and input give the same sample however
 * the work is split.
 */
final class RowSample implements Serializable {

	private static final long serialVersionUID = 1L;

	private final int k, d;
	private int size;
	private double[] u;
	private int[] files;
	private long[] rows;
	private double[] values;
	/** Rows seen. */
	long seen;
	/** The first bad input in file order, and its file. */
	String error;
	int errorFile = Integer.MAX_VALUE;

	RowSample(final int k, final int d) {
		this.k = k;
		this.d = d;
		u = new double[k];
		files = new int[k];
		rows = new long[k];
		values = new double[k * d];
	}

	/** The number that decides whether a row is in the sample, uniform in [0, 1). */
	static double draw(final long seed, final int file, final long row) {
		return (mix(mix(seed ^ 0x5DEECE66DL) + mix(file + 0x9E3779B97F4A7C15L) + row) >>> 11) * 0x1.0p-53;
	}

	/** SplittableRandom's finalizer (Stafford's variant 13): nearby inputs give unrelated outputs. */
	private static long mix(long z) {
		z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
		z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
		return z ^ (z >>> 31);
	}

	/**
	 * Offers row {@code row} of {@code file} with its values at {@code x[offset…]}: the sample is
	 * kept as a max-heap on the numbers, so a row that does not enter costs one comparison.
	 */
	void offer(final double draw, final int file, final long row, final double[] x, final int offset) {
		seen++;
		if (size < k) {
			set(size, draw, file, row, x, offset);
			up(size++);
		}
		else if (k > 0 && before(draw, file, row, 0)) {
			set(0, draw, file, row, x, offset);
			down(0);
		}
	}

	void fail(final int file, final String message) {
		if (file < errorFile) {
			errorFile = file;
			error = message;
		}
	}

	/** The sample of both parts (neither is changed). */
	static RowSample merge(final RowSample a, final RowSample b) {
		final RowSample m = new RowSample(a.k, a.d);
		for (final RowSample s : new RowSample[] { a, b }) {
			for (int i = 0; i < s.size; i++) m.offer(s.u[i], s.files[i], s.rows[i], s.values, i * s.d);
			if (s.error != null) m.fail(s.errorFile, s.error);
		}
		m.seen = a.seen + b.seen;
		return m.trim();
	}

	/** This sample with its arrays cut to its rows, to travel (no more rows can be offered to it). */
	RowSample trim() {
		u = Arrays.copyOf(u, size);
		files = Arrays.copyOf(files, size);
		rows = Arrays.copyOf(rows, size);
		values = Arrays.copyOf(values, size * d);
		return this;
	}

	/** The sampled rows in the order of the files and their rows. */
	DMatrixRMaj points() {
		if (error != null) throw new InputException(error);
		final Integer[] order = new Integer[size];
		for (int i = 0; i < size; i++) order[i] = i;
		Arrays.sort(order, (x, y) -> files[x] != files[y] ? Integer.compare(files[x], files[y]) : Long.compare(rows[x], rows[y]));
		final DMatrixRMaj p = new DMatrixRMaj(size, d);
		for (int i = 0; i < size; i++) System.arraycopy(values, order[i] * d, p.data, i * d, d);
		return p;
	}

	/** Whether (draw, file, row) comes before heap entry {@code i}: smaller numbers first, ties by position. */
	private boolean before(final double draw, final int file, final long row, final int i) {
		if (draw != u[i]) return draw < u[i];
		return file != files[i] ? file < files[i] : row < rows[i];
	}

	private void set(final int i, final double draw, final int file, final long row, final double[] x, final int offset) {
		u[i] = draw;
		files[i] = file;
		rows[i] = row;
		System.arraycopy(x, offset, values, i * d, d);
	}

	private void up(int i) {
		while (i > 0) {
			final int parent = (i - 1) / 2;
			if (!before(u[parent], files[parent], rows[parent], i)) return;
			swap(i, parent);
			i = parent;
		}
	}

	private void down(int i) {
		while (true) {
			final int l = 2 * i + 1, r = l + 1;
			int largest = i;
			if (l < size && before(u[largest], files[largest], rows[largest], l)) largest = l;
			if (r < size && before(u[largest], files[largest], rows[largest], r)) largest = r;
			if (largest == i) return;
			swap(i, largest);
			i = largest;
		}
	}

	private void swap(final int i, final int j) {
		final double tu = u[i];
		u[i] = u[j];
		u[j] = tu;
		final int tf = files[i];
		files[i] = files[j];
		files[j] = tf;
		final long tr = rows[i];
		rows[i] = rows[j];
		rows[j] = tr;
		for (int c = 0; c < d; c++) {
			final double t = values[i * d + c];
			values[i * d + c] = values[j * d + c];
			values[j * d + c] = t;
		}
	}
}
