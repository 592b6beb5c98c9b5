package sc.fiji.flowmodels.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random flows whose every layer does something (a new flow's couplings are the identity). */
final class TestFlows {

	private TestFlows() {}

	static Flow random(final int dim, final int[] hidden, final int couplings, final long seed,
		final Architecture.PermutationKind kind)
	{
		return random(dim, hidden, couplings, seed, kind, 0.4);
	}

	/** {@code scale}: sd of every parameter; large values make the flow ill-conditioned. */
	static Flow random(final int dim, final int[] hidden, final int couplings, final long seed,
		final Architecture.PermutationKind kind, final double scale)
	{
		return random(dim, hidden, couplings, seed, kind, scale, new AffineMap(2.0));
	}

	/** A random flow whose couplings apply {@code map}. */
	static Flow random(final int dim, final int[] hidden, final int couplings, final long seed,
		final Architecture.PermutationKind kind, final double scale, final ElementwiseMap map)
	{
		return random(dim, hidden, couplings, seed, kind, scale, map, null);
	}

	/** A random flow whose couplings apply {@code map}, after column shapes of {@code marginal} (null: none). */
	static Flow random(final int dim, final int[] hidden, final int couplings, final long seed,
		final Architecture.PermutationKind kind, final double scale, final ElementwiseMap map,
		final ElementwiseMap marginal)
	{
		final Random r = new Random(seed);
		final double[] mean = new double[dim], std = new double[dim];
		for (int j = 0; j < dim; j++) {
			mean[j] = r.nextGaussian() * 3;
			std[j] = 0.5 + 2 * r.nextDouble();
		}
		final List<String> names = new ArrayList<>();
		for (int j = 0; j < dim; j++) names.add("c" + (j + 1));
		final Flow flow = Flow.create(names, new Architecture(dim, hidden, couplings, map, kind, marginal),
			new Standardize(mean, std), seed);
		for (final Coupling c : flow.couplings()) randomize(c, r, scale);
		if (flow.marginal() != null) randomize(flow.marginal(), r, scale);
		return flow;
	}

	static Flow random(final int dim, final long seed) {
		return random(dim, new int[] { 9, 7 }, 3, seed, Architecture.PermutationKind.REVERSE);
	}

	/** The maps the flow tests run with: affine, and splines whose tails some test points reach. */
	static ElementwiseMap[] maps() {
		return new ElementwiseMap[] { new AffineMap(2.0), new SplineMap(6, 2.5) };
	}

	/** Sets every parameter of the coupling to scale·N(0,1)/√fan-in-ish values. */
	static void randomize(final Transform t, final Random r, final double scale) {
		for (final double[] p : t.parameters()) {
			for (int j = 0; j < p.length; j++) p[j] = scale * r.nextGaussian();
		}
		t.parametersChanged();
	}

	static double[][] randomRows(final int rows, final int dim, final Random r, final double scale) {
		final double[][] x = new double[rows][dim];
		for (final double[] row : x) {
			for (int j = 0; j < dim; j++) row[j] = scale * r.nextGaussian();
		}
		return x;
	}

	static double[][] copy(final double[][] x) {
		final double[][] c = new double[x.length][];
		for (int i = 0; i < x.length; i++) c[i] = x[i].clone();
		return c;
	}
}
