package sc.fiji.flowmodels.analysis;

import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import org.ejml.data.DMatrixRMaj;

import sc.fiji.flowmodels.InputException;
import sc.fiji.flowmodels.flow.BatchDensity;

/**
 * A density evaluated on the pixel centres of a {@link GridCalibration}: the picture of
 * log p_X (or p_X) over two columns.
 * <p>
 * For a density of dimension D &gt; 2 the picture is a 2-D slice: the two chosen dimensions vary
 * over the grid and every other coordinate is held at a fixed value (typically the training
 * mean). The values are the full D-dimensional density on that slice, not a marginal.
 * <p>
 * Rows are evaluated in parallel, one batch per row; each pixel depends only on its own row's
 * batch, so the result does not depend on the number of threads.
 */
public final class DensityGrid {

	/** Progress report and cancel request, polled by the calling thread between rows. */
	public interface Progress {

		/** Called on the thread that runs {@link #evaluate} after each finished row. */
		void rowsDone(int done, int total);

		/** When this turns true, no new rows are started and evaluate throws CancellationException. */
		boolean isCanceled();

		Progress NONE = new Progress() {

			@Override
			public void rowsDone(final int done, final int total) {}

			@Override
			public boolean isCanceled() {
				return false;
			}
		};
	}

	private final BatchDensity density;
	private final GridCalibration grid;
	private final int dimX;
	private final int dimY;
	private final double[] fixed;

	/** A two-dimensional density over its dimensions 0 (x) and 1 (y). */
	public DensityGrid(final BatchDensity density, final GridCalibration grid) {
		this(density, grid, 0, 1, new double[density.dimension()]);
	}

	/**
	 * A slice of a D-dimensional density.
	 *
	 * @param dimX 0-based dimension shown along x
	 * @param dimY 0-based dimension shown along y
	 * @param fixed a point of dimension D: the values of the other coordinates (its entries at
	 *          dimX and dimY are ignored); may be null when D == 2
	 * @throws InputException when D &lt; 2, the dimensions are out of range or equal, or fixed does
	 *           not fit
	 */
	public DensityGrid(final BatchDensity density, final GridCalibration grid, final int dimX, final int dimY,
		final double[] fixed)
	{
		final int d = density.dimension();
		if (d < 2) {
			throw new InputException("a density image needs at least 2 columns; this model has " + d);
		}
		if (dimX < 0 || dimX >= d || dimY < 0 || dimY >= d) {
			throw new InputException("dims must be two of the model's " + d + " columns (1.." + d + "), got " +
				(dimX + 1) + "," + (dimY + 1));
		}
		if (dimX == dimY) {
			throw new InputException("dims must name two different columns, got " + (dimX + 1) + "," + (dimY + 1));
		}
		final double[] point = fixed == null && d == 2 ? new double[2] : fixed;
		if (point == null || point.length != d) {
			throw new InputException("the fixed point for the other columns must have " + d + " values, got " +
				(point == null ? "none" : String.valueOf(point.length)));
		}
		for (int k = 0; k < d; k++) {
			if (k != dimX && k != dimY && !Double.isFinite(point[k])) {
				throw new InputException("the fixed value of column " + (k + 1) + " is not a finite number: " +
					point[k]);
			}
		}
		this.density = density;
		this.grid = grid;
		this.dimX = dimX;
		this.dimY = dimY;
		this.fixed = point.clone();
	}

	public GridCalibration grid() {
		return grid;
	}

	public int dimX() {
		return dimX;
	}

	public int dimY() {
		return dimY;
	}

	/** The point whose other coordinates are held fixed (a copy). */
	public double[] fixedPoint() {
		return fixed.clone();
	}

	/** {@link #evaluate(boolean, int, Progress)} with one thread per available processor. */
	public ArrayImg<FloatType, FloatArray> evaluate(final boolean log, final Progress progress) {
		return evaluate(log, Runtime.getRuntime().availableProcessors(), progress);
	}

	/**
	 * Evaluates the density at every pixel centre.
	 *
	 * @param log true for log p (−∞ where p underflows), false for p
	 * @param threads number of worker threads (≥ 1)
	 * @param progress told after each row; polled for cancel
	 * @return a width × height image; pixel (i, j) holds the value at ({@code grid.x(i)},
	 *         {@code grid.y(j)}), row 0 at the top
	 * @throws CancellationException when progress asked to cancel (or the thread was interrupted)
	 */
	public ArrayImg<FloatType, FloatArray> evaluate(final boolean log, final int threads, final Progress progress) {
		if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
		final Progress report = progress == null ? Progress.NONE : progress;
		final int width = grid.width();
		final int height = grid.height();
		final ArrayImg<FloatType, FloatArray> image = ArrayImgs.floats(width, height);
		final float[] pixels = image.update(null).getCurrentStorageArray();
		final double[] xs = new double[width];
		for (int i = 0; i < width; i++) xs[i] = grid.x(i);

		final AtomicBoolean stop = new AtomicBoolean(false);
		final ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, height), daemonThreads());
		try {
			final ExecutorCompletionService<Integer> rows = new ExecutorCompletionService<>(pool);
			for (int j = 0; j < height; j++) {
				final int row = j;
				rows.submit(() -> {
					if (!stop.get()) evaluateRow(row, xs, log, pixels);
					return row;
				});
			}
			for (int done = 1; done <= height; done++) {
				if (report.isCanceled()) {
					stop.set(true);
					throw new CancellationException("density image canceled");
				}
				rows.take().get();
				report.rowsDone(done, height);
			}
			return image;
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			stop.set(true);
			throw new CancellationException("density image interrupted");
		}
		catch (final ExecutionException e) {
			stop.set(true);
			final Throwable cause = e.getCause();
			if (cause instanceof RuntimeException) throw (RuntimeException) cause;
			if (cause instanceof Error) throw (Error) cause;
			throw new IllegalStateException(cause);
		}
		finally {
			pool.shutdownNow();
		}
	}

	private void evaluateRow(final int row, final double[] xs, final boolean log, final float[] pixels) {
		final int width = xs.length;
		final int d = fixed.length;
		final DMatrixRMaj batch = new DMatrixRMaj(width, d);
		final double y = grid.y(row);
		final double[] data = batch.data;
		for (int i = 0; i < width; i++) {
			System.arraycopy(fixed, 0, data, i * d, d);
			data[i * d + dimX] = xs[i];
			data[i * d + dimY] = y;
		}
		final double[] values = new double[width];
		Arrays.fill(values, Double.NaN);
		density.logDensity(batch, values);
		final int offset = row * width;
		for (int i = 0; i < width; i++) {
			pixels[offset + i] = (float) (log ? values[i] : Math.exp(values[i]));
		}
	}

	private static ThreadFactory daemonThreads() {
		final AtomicInteger count = new AtomicInteger();
		return runnable -> {
			final Thread t = new Thread(runnable, "density-grid-" + count.incrementAndGet());
			t.setDaemon(true);
			return t;
		};
	}
}
