package sc.fiji.flowmodels.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;

import org.junit.jupiter.api.Test;

class ViridisTest {

	private static double luminance(final int rgb) {
		return 0.2126 * (rgb >> 16 & 0xFF) + 0.7152 * (rgb >> 8 & 0xFF) + 0.0722 * (rgb & 0xFF);
	}

	@Test
	void endsAndClamping() {
		assertEquals(0x440154, Viridis.rgb(0));
		assertEquals(0xFDE725, Viridis.rgb(1));
		assertEquals(0x21908D, Viridis.rgb(0.5));
		assertEquals(Viridis.rgb(0), Viridis.rgb(-3));
		assertEquals(Viridis.rgb(1), Viridis.rgb(7));
		assertEquals(Viridis.rgb(0), Viridis.rgb(Double.NaN));
	}

	@Test
	void lightnessRisesSteadily() {
		// never darker at a higher value (beyond rounding of neighbouring colours) ...
		double previous = -1;
		for (int i = 0; i <= 256; i++) {
			final double l = luminance(Viridis.rgb(i / 256.0));
			assertTrue(l >= previous - 0.5, "lightness must not fall at " + i);
			previous = l;
		}
		// ... and clearly lighter a step of 1/32 further
		for (int i = 1; i <= 32; i++) {
			assertTrue(luminance(Viridis.rgb(i / 32.0)) > luminance(Viridis.rgb((i - 1) / 32.0)) + 2);
		}
	}

	@Test
	void paintScaleMapsItsRange() {
		assertEquals(new Color(Viridis.rgb(0)), Viridis.scale(-5, 5).getPaint(-5));
		assertEquals(new Color(Viridis.rgb(0.25)), Viridis.scale(-5, 5).getPaint(-2.5));
		assertEquals(new Color(Viridis.rgb(1)), Viridis.scale(-5, 5).getPaint(50));
	}
}
