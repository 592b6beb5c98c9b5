package sc.fiji.flowmodels.flow;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A dense network {@code in → h1 → … → out} with LeakyReLU(0.01) after every hidden layer and a
 * linear output layer. It conditions a {@link Coupling}.
 * <p>
 * Each layer keeps its weights in both layouts, {@code w} (in×out) and {@code wT} (out×in), so
 * every product runs in the kernel order that vectorizes (see {@link Kernels}). One layout is
 * the trainable parameter, the other is derived from it in {@link #parametersChanged()}: the
 * in×out one, unless the layer is narrow (fewer than {@link Kernels#NARROW} outputs).
 */
public final class Mlp {

	static final double SLOPE = 0.01;

	private final int[] sizes;
	final double[][][] w;
	final double[][][] wT;
	final double[][] b;
	private final boolean[] narrow;
	private final List<double[]> parameters;
	private final boolean[] regularized;

	/**
	 * @param sizes layer widths, input first and output last: {@code in, h1, …, out}
	 */
	public Mlp(final int... sizes) {
		if (sizes.length < 2) throw new IllegalArgumentException("an MLP needs an input and an output size");
		for (final int s : sizes) {
			if (s < 0) throw new IllegalArgumentException("negative layer size");
		}
		this.sizes = sizes.clone();
		final int layers = sizes.length - 1;
		w = new double[layers][][];
		wT = new double[layers][][];
		b = new double[layers][];
		narrow = new boolean[layers];
		final List<double[]> params = new ArrayList<>();
		final List<Boolean> reg = new ArrayList<>();
		for (int l = 0; l < layers; l++) {
			final int in = sizes[l], out = sizes[l + 1];
			w[l] = new double[in][out];
			wT[l] = new double[out][in];
			b[l] = new double[out];
			narrow[l] = out < Kernels.NARROW;
			for (final double[] row : narrow[l] ? wT[l] : w[l]) {
				params.add(row);
				reg.add(true);
			}
			params.add(b[l]);
			reg.add(false);
		}
		parameters = Collections.unmodifiableList(params);
		regularized = new boolean[reg.size()];
		for (int i = 0; i < regularized.length; i++) regularized[i] = reg.get(i);
	}

	public int layers() {
		return sizes.length - 1;
	}

	public int in() {
		return sizes[0];
	}

	public int out() {
		return sizes[sizes.length - 1];
	}

	/** Width of layer {@code l}'s input ({@code l = 0}: the network input). */
	public int size(final int l) {
		return sizes[l];
	}

	public int parameterCount() {
		int n = 0;
		for (int l = 0; l < layers(); l++) n += (sizes[l] + 1) * sizes[l + 1];
		return n;
	}

	/**
	 * Hidden layers: weights and biases uniform in ±1/√in (as PyTorch's default); output layer:
	 * zero, so that the coupling it drives starts as the identity.
	 */
	public void initialize(final Random random) {
		for (int l = 0; l < layers(); l++) {
			final boolean last = l == layers() - 1;
			final double bound = sizes[l] == 0 ? 1 : 1 / Math.sqrt(sizes[l]);
			for (final double[] row : w[l]) {
				for (int j = 0; j < row.length; j++) {
					row[j] = last ? 0 : bound * (2 * random.nextDouble() - 1);
				}
			}
			for (int j = 0; j < b[l].length; j++) {
				b[l][j] = last ? 0 : bound * (2 * random.nextDouble() - 1);
			}
			Kernels.transpose(w[l], sizes[l], sizes[l + 1], wT[l]);
		}
	}

	/**
	 * Data-dependent start for the hidden layers: each hidden unit's weights are scaled so that
	 * its pre-activation has unit standard deviation over {@code input} (rows × {@link #in()}),
	 * and its bias puts the LeakyReLU kink at the pre-activation of a randomly chosen row, so
	 * that every unit bends somewhere inside the data. Units without spread keep their weights.
	 * The output layer is left alone (zero for a new coupling).
	 */
	public void initializeFromData(final double[][] input, final int rows, final Random random) {
		double[][] a = new double[rows][];
		for (int i = 0; i < rows; i++) a[i] = Arrays.copyOf(input[i], sizes[0]);
		for (int l = 0; l < layers() - 1; l++) {
			final int in = sizes[l], out = sizes[l + 1];
			final double[][] z = new double[rows][out];
			Kernels.addProducts(z, rows, a, false, w[l], in, out);
			for (int j = 0; j < out; j++) {
				double mean = 0, sq = 0;
				for (int i = 0; i < rows; i++) mean += z[i][j];
				mean /= rows;
				for (int i = 0; i < rows; i++) sq += (z[i][j] - mean) * (z[i][j] - mean);
				final double sd = Math.sqrt(sq / rows);
				final int pick = random.nextInt(rows);
				// a unit with less spread than this keeps its weights: scaling by 1/sd would make them
				// larger than 1e8, near the 1e10 that model files may hold (ModelReader.MAX_WEIGHT)
				if (!(sd > 1e-8)) {
					for (int i = 0; i < rows; i++) z[i][j] += b[l][j];
				}
				else {
					final double scale = 1 / sd;
					for (int p = 0; p < in; p++) w[l][p][j] *= scale;
					b[l][j] = -z[pick][j] * scale;
					for (int i = 0; i < rows; i++) z[i][j] = z[i][j] * scale + b[l][j];
				}
			}
			for (int i = 0; i < rows; i++) Kernels.leaky(z[i], out);
			Kernels.transpose(w[l], in, out, wT[l]);
			a = z;
		}
	}

	/** Weights of layer {@code l} as in×out rows (a live view: call {@link #parametersChanged()} after writing). */
	public double[][] weights(final int l) {
		return w[l];
	}

	public double[] bias(final int l) {
		return b[l];
	}

	/** Sets the weights of layer {@code l} from in×out rows. */
	public void setWeights(final int l, final double[][] inByOut) {
		for (int p = 0; p < sizes[l]; p++) {
			System.arraycopy(inByOut[p], 0, w[l][p], 0, sizes[l + 1]);
		}
		Kernels.transpose(w[l], sizes[l], sizes[l + 1], wT[l]);
		refreshCopies();
	}

	List<double[]> parameters() {
		return parameters;
	}

	boolean[] regularized() {
		return regularized.clone();
	}

	void parametersChanged() {
		for (int l = 0; l < layers(); l++) {
			if (narrow[l]) Kernels.transpose(wT[l], sizes[l + 1], sizes[l], w[l]);
			else Kernels.transpose(w[l], sizes[l], sizes[l + 1], wT[l]);
		}
		refreshCopies();
	}

	private void refreshCopies() {
		if (hasFloat) refreshFloat();
	}

	/** Scratch for batches of at most {@code maxRows} rows, computing in the given precision. */
	Workspace workspace(final int maxRows, final Precision precision) {
		return workspace(maxRows, precision, false);
	}

	/**
	 * Like {@link #workspace(int, Precision)}; with {@code vector}, every product of the forward
	 * and backward passes runs on the {@link VectorProducts} kernels when they are available.
	 */
	Workspace workspace(final int maxRows, final Precision precision, final boolean vector) {
		final VectorProducts.Wide wide = vector ? VectorProducts.WIDE : null;
		if (precision == Precision.FLOAT) {
			enableFloat();
			return new FloatWorkspace(maxRows, wide);
		}
		return new DoubleWorkspace(maxRows, wide);
	}

	// float32 copies of the weights, kept up to date once a float workspace exists
	private volatile boolean hasFloat;
	private float[][][] wF, wTF;
	private float[][] bF;

	private synchronized void enableFloat() {
		if (hasFloat) return;
		final int layers = layers();
		wF = new float[layers][][];
		wTF = new float[layers][][];
		bF = new float[layers][];
		for (int l = 0; l < layers; l++) {
			wF[l] = new float[sizes[l]][sizes[l + 1]];
			wTF[l] = new float[sizes[l + 1]][sizes[l]];
			bF[l] = new float[sizes[l + 1]];
		}
		refreshFloat();
		hasFloat = true;
	}

	private void refreshFloat() {
		for (int l = 0; l < layers(); l++) {
			toFloat(w[l], wF[l]);
			toFloat(wT[l], wTF[l]);
			for (int j = 0; j < b[l].length; j++) bF[l][j] = (float) b[l][j];
		}
	}

	private static void toFloat(final double[][] src, final float[][] dst) {
		for (int i = 0; i < src.length; i++) {
			final double[] s = src[i];
			final float[] d = dst[i];
			for (int j = 0; j < s.length; j++) d[j] = (float) s[j];
		}
	}

	/** Activations and gradients for batches of at most a fixed number of rows. */
	abstract class Workspace {

		final double[][] dInput;
		final double[][] outputGradient;
		final double[][][] gw;
		final double[][] gb;
		/** the Vector API kernels for every product, or null for the portable loops */
		final VectorProducts.Wide wide;
		/** rows of the widest layer's width: the weight gradient's transposed factor (vector kernels only) */
		final int widest;
		private final List<double[]> gradients;

		Workspace(final int maxRows, final VectorProducts.Wide wide) {
			this.wide = wide;
			int most = 0;
			for (final int size : sizes) most = Math.max(most, size);
			widest = wide == null ? 0 : most;
			final int layers = layers();
			dInput = Kernels.rows(maxRows, sizes[0]);
			outputGradient = Kernels.rows(maxRows, out());
			gw = new double[layers][][];
			gb = new double[layers][];
			final List<double[]> grads = new ArrayList<>();
			for (int l = 0; l < layers; l++) {
				gw[l] = narrow[l] ? new double[sizes[l + 1]][sizes[l]] : new double[sizes[l]][sizes[l + 1]];
				gb[l] = new double[sizes[l + 1]];
				Collections.addAll(grads, gw[l]);
				grads.add(gb[l]);
			}
			gradients = Collections.unmodifiableList(grads);
		}

		List<double[]> gradients() {
			return gradients;
		}

		/** Runs the network on the first {@link #in()} columns of {@code x}; returns the output rows. */
		abstract double[][] forward(double[][] x, int rows);

		/** The buffer {@link #backward} reads ∂L/∂output from. */
		double[][] outputGradient() {
			return outputGradient;
		}

		/**
		 * Back-propagates {@link #outputGradient()} through the last {@link #forward}; leaves
		 * ∂L/∂input in {@link #dInput} and, if {@code accumulate}, adds parameter gradients.
		 */
		abstract void backward(int rows, boolean accumulate);
	}

	private final class DoubleWorkspace extends Workspace {

		private final double[][] input;
		private final double[][][] act;
		private final double[][][] delta;
		private final double[][] scratch;

		DoubleWorkspace(final int maxRows, final VectorProducts.Wide wide) {
			super(maxRows, wide);
			final int layers = layers();
			scratch = Kernels.rows(widest, maxRows);
			input = Kernels.rows(maxRows, sizes[0]);
			act = new double[layers][][];
			delta = new double[layers][][];
			for (int l = 0; l < layers; l++) {
				act[l] = Kernels.rows(maxRows, sizes[l + 1]);
				delta[l] = l == layers - 1 ? outputGradient : Kernels.rows(maxRows, sizes[l + 1]);
			}
		}

		@Override
		double[][] forward(final double[][] x, final int rows) {
			final int in = sizes[0];
			for (int i = 0; i < rows; i++) {
				System.arraycopy(x[i], 0, input[i], 0, in);
			}
			double[][] a = input;
			for (int l = 0; l < layers(); l++) {
				final double[][] c = act[l];
				final int out = sizes[l + 1];
				Kernels.affine(rows, a, sizes[l], w[l], wT[l], b[l], c, out, l < layers() - 1, wide);
				a = c;
			}
			return a;
		}

		@Override
		void backward(final int rows, final boolean accumulate) {
			for (int l = layers() - 1; l >= 0; l--) {
				final double[][] aPrev = l == 0 ? input : act[l - 1];
				final int in = sizes[l], out = sizes[l + 1];
				if (accumulate) {
					Kernels.backWeights(rows, aPrev, in, delta[l], out, gw[l], narrow[l], gb[l], wide, scratch);
				}
				final double[][] dPrev = l == 0 ? dInput : delta[l - 1];
				Kernels.backInput(rows, delta[l], out, w[l], wT[l], dPrev, in, l > 0 ? aPrev : null, wide);
			}
		}
	}

	/**
	 * The same network with float32 products: inputs are rounded to float, outputs and
	 * gradients come back as double.
	 */
	private final class FloatWorkspace extends Workspace {

		private final float[][] input;
		private final float[][][] act;
		private final float[][][] delta;
		private final float[][] dInputF;
		private final float[][][] gwF;
		private final float[][] gbF;
		private final double[][] output;
		private final float[][] scratch;

		FloatWorkspace(final int maxRows, final VectorProducts.Wide wide) {
			super(maxRows, wide);
			final int layers = layers();
			scratch = new float[widest][maxRows];
			input = new float[maxRows][sizes[0]];
			dInputF = new float[maxRows][sizes[0]];
			act = new float[layers][][];
			delta = new float[layers][][];
			gwF = new float[layers][][];
			gbF = new float[layers][];
			for (int l = 0; l < layers; l++) {
				act[l] = new float[maxRows][sizes[l + 1]];
				delta[l] = new float[maxRows][sizes[l + 1]];
				gwF[l] = narrow[l] ? new float[sizes[l + 1]][sizes[l]] : new float[sizes[l]][sizes[l + 1]];
				gbF[l] = new float[sizes[l + 1]];
			}
			output = Kernels.rows(maxRows, out());
		}

		@Override
		double[][] forward(final double[][] x, final int rows) {
			final int in = sizes[0];
			for (int i = 0; i < rows; i++) {
				final double[] xi = x[i];
				final float[] fi = input[i];
				for (int p = 0; p < in; p++) fi[p] = (float) xi[p];
			}
			float[][] a = input;
			for (int l = 0; l < layers(); l++) {
				final float[][] c = act[l];
				final int out = sizes[l + 1];
				KernelsF.affine(rows, a, sizes[l], wF[l], wTF[l], bF[l], c, out, l < layers() - 1, wide);
				a = c;
			}
			final int out = out();
			for (int i = 0; i < rows; i++) {
				final float[] ai = a[i];
				final double[] oi = output[i];
				for (int j = 0; j < out; j++) oi[j] = ai[j];
			}
			return output;
		}

		@Override
		void backward(final int rows, final boolean accumulate) {
			final int last = layers() - 1;
			for (int i = 0; i < rows; i++) {
				final double[] g = outputGradient[i];
				final float[] f = delta[last][i];
				for (int j = 0; j < g.length; j++) f[j] = (float) g[j];
			}
			for (int l = last; l >= 0; l--) {
				final float[][] aPrev = l == 0 ? input : act[l - 1];
				final int in = sizes[l], out = sizes[l + 1];
				if (accumulate) {
					for (final float[] row : gwF[l]) Arrays.fill(row, 0);
					Arrays.fill(gbF[l], 0);
					KernelsF.backWeights(rows, aPrev, in, delta[l], out, gwF[l], narrow[l], gbF[l], wide, scratch);
					addTo(gwF[l], gw[l]);
					for (int j = 0; j < out; j++) gb[l][j] += gbF[l][j];
				}
				final float[][] dPrev = l == 0 ? dInputF : delta[l - 1];
				KernelsF.backInput(rows, delta[l], out, wF[l], wTF[l], dPrev, in, l > 0 ? aPrev : null, wide);
			}
			final int in = sizes[0];
			for (int i = 0; i < rows; i++) {
				final float[] f = dInputF[i];
				final double[] d = dInput[i];
				for (int p = 0; p < in; p++) d[p] = f[p];
			}
		}

		private void addTo(final float[][] src, final double[][] dst) {
			for (int i = 0; i < src.length; i++) {
				final float[] s = src[i];
				final double[] d = dst[i];
				for (int j = 0; j < s.length; j++) d[j] += s[j];
			}
		}
	}
}
