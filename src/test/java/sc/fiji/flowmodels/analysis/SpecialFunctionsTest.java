package sc.fiji.flowmodels.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SpecialFunctionsTest {

	@Test
	void gammaOfAHalfIsRootPi() {
		assertEquals(0.5 * Math.log(Math.PI), SpecialFunctions.logGamma(0.5), 1e-14);
		// Γ(3/2) = √π / 2, Γ(5/2) = 3√π / 4
		assertEquals(0.5 * Math.log(Math.PI) - Math.log(2), SpecialFunctions.logGamma(1.5), 1e-14);
		assertEquals(0.5 * Math.log(Math.PI) + Math.log(0.75), SpecialFunctions.logGamma(2.5), 1e-14);
	}

	@Test
	void gammaOfAnIntegerIsAFactorial() {
		double logFactorial = 0; // log((n-1)!)
		for (int n = 1; n <= 170; n++) {
			if (n > 1) logFactorial += Math.log(n - 1);
			final double expected = logFactorial;
			assertEquals(expected, SpecialFunctions.logGamma(n), 1e-13 * Math.max(1, Math.abs(expected)),
				"log Gamma(" + n + ")");
		}
		assertEquals(0.0, SpecialFunctions.logGamma(1), 1e-15);
		assertEquals(0.0, SpecialFunctions.logGamma(2), 1e-15);
	}

	@Test
	void knownValues() {
		// reference values from the C library's lgamma
		assertEquals(2.2527126517342055, SpecialFunctions.logGamma(0.1), 1e-13);
		assertEquals(359.1342053695754, SpecialFunctions.logGamma(100), 1e-11);
		assertEquals(18.42068073818021, SpecialFunctions.logGamma(1e-8), 1e-12);
		assertEquals(5908.674175848678, SpecialFunctions.logGamma(1000.5), 1e-9);
	}

	@Test
	void satisfiesTheRecurrence() {
		for (double x = 0.013; x < 40; x *= 1.37) {
			assertEquals(SpecialFunctions.logGamma(x) + Math.log(x), SpecialFunctions.logGamma(x + 1), 1e-12,
				"x=" + x);
		}
	}

	@Test
	void rejectsNonPositiveArguments() {
		assertThrows(IllegalArgumentException.class, () -> SpecialFunctions.logGamma(0));
		assertThrows(IllegalArgumentException.class, () -> SpecialFunctions.logGamma(-1.5));
		assertThrows(IllegalArgumentException.class, () -> SpecialFunctions.logGamma(Double.NaN));
	}
}
