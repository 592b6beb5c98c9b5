package sc.fiji.flowmodels.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ChiDistributionTest {

	@Test
	void matchesTheNamedCases() {
		final ChiDistribution half = new ChiDistribution(1); // half-normal
		final ChiDistribution rayleigh = new ChiDistribution(2);
		final ChiDistribution maxwell = new ChiDistribution(3);
		for (double r = 0.05; r < 6; r += 0.25) {
			assertEquals(Math.sqrt(2 / Math.PI) * Math.exp(-r * r / 2), half.pdf(r), 1e-13);
			assertEquals(r * Math.exp(-r * r / 2), rayleigh.pdf(r), 1e-13);
			assertEquals(Math.sqrt(2 / Math.PI) * r * r * Math.exp(-r * r / 2), maxwell.pdf(r), 1e-13);
		}
		assertEquals(Math.sqrt(2 / Math.PI), half.pdf(0), 1e-13);
		assertEquals(0.0, rayleigh.pdf(0));
		assertEquals(0.0, rayleigh.pdf(-1));
	}

	@Test
	void integratesToOneWithTheRightMoments() {
		for (final int d : new int[] { 1, 2, 3, 5, 10, 50 }) {
			final ChiDistribution chi = new ChiDistribution(d);
			final double h = 1e-3;
			double mass = 0;
			double mean = 0;
			double square = 0;
			for (double r = h / 2; r < Math.sqrt(d) + 12; r += h) {
				final double p = chi.pdf(r) * h;
				mass += p;
				mean += r * p;
				square += r * r * p;
			}
			assertEquals(1.0, mass, 1e-6, "D=" + d);
			assertEquals(chi.mean(), mean, 1e-6, "D=" + d);
			assertEquals(d, square, 1e-5 * d, "D=" + d);
		}
		assertEquals(Math.sqrt(Math.PI / 2), new ChiDistribution(2).mean(), 1e-14);
	}
}
