package sc.fiji.flowmodels.flow;

/**
 * The arithmetic of the coupling networks (the dense products, where nearly all the time goes).
 * Everything else — the affine maps, log-determinants, the base density, the model's
 * parameters and the optimizer — is always double.
 */
public enum Precision {
	/** Double precision: the default; exact to rounding error (consistency check at 1e-9). */
	DOUBLE,
	/**
	 * The networks' products in float32 (twice the SIMD width): faster, with network outputs
	 * accurate to about 1e-6 relative. Encode/decode stay exact inverses of each other (the
	 * same float computation conditions both directions), but log p_X differs from the double
	 * model's by about 1e-6.
	 */
	FLOAT
}
