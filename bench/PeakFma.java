import java.util.Locale;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The machine's measured peak of fused multiply-adds on one core: twelve independent chains of
 * vector FMAs on registers (no loads), with the Vector API at the preferred width, in GFLOP/s
 * (2 flops per lane per FMA). What the dense kernels are measured against in BENCHMARKS.md.
 * Run: {@code java --add-modules jdk.incubator.vector bench/PeakFma.java [rounds]}
 */
public final class PeakFma {

	/** thread CPU time, so that other processes on a shared machine do not count */
	private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();
	private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
	private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
	/** steps per call (short calls, so that the JIT compiles the methods whole, not on-stack) */
	private static final int STEPS = 1 << 12, CALLS = 1 << 10;

	public static void main(final String[] args) {
		final int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
		for (int round = 0; round < rounds + 2; round++) {
			double d = 0, f = 0;
			long t0 = CPU.getCurrentThreadCpuTime();
			for (int c = 0; c < CALLS; c++) d += doubles(STEPS);
			final double sd = (CPU.getCurrentThreadCpuTime() - t0) / 1e9;
			t0 = CPU.getCurrentThreadCpuTime();
			for (int c = 0; c < CALLS; c++) f += floats(STEPS);
			final double sf = (CPU.getCurrentThreadCpuTime() - t0) / 1e9;
			if (round >= 2) {
				System.out.printf(Locale.ROOT, "%d-bit vectors: double %.1f GFLOP/s, float %.1f GFLOP/s (checksums %.3g %.3g)%n",
					D.vectorBitSize(), 24.0 * D.length() * STEPS * CALLS / sd / 1e9, 24.0 * F.length() * STEPS * CALLS / sf / 1e9, d, f);
			}
		}
	}

	private static double doubles(final int steps) {
		final DoubleVector m = DoubleVector.broadcast(D, 0.999999), a = DoubleVector.broadcast(D, 1e-9);
		DoubleVector s0 = a, s1 = a, s2 = a, s3 = a, s4 = a, s5 = a, s6 = a, s7 = a, s8 = a, s9 = a, s10 = a, s11 = a;
		for (int i = 0; i < steps; i++) {
			s0 = s0.fma(m, a); s1 = s1.fma(m, a); s2 = s2.fma(m, a); s3 = s3.fma(m, a);
			s4 = s4.fma(m, a); s5 = s5.fma(m, a); s6 = s6.fma(m, a); s7 = s7.fma(m, a);
			s8 = s8.fma(m, a); s9 = s9.fma(m, a); s10 = s10.fma(m, a); s11 = s11.fma(m, a);
		}
		return s0.add(s1).add(s2).add(s3).add(s4).add(s5).add(s6).add(s7).add(s8).add(s9).add(s10).add(s11).reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
	}

	private static double floats(final int steps) {
		final FloatVector m = FloatVector.broadcast(F, 0.999f), a = FloatVector.broadcast(F, 1e-6f);
		FloatVector s0 = a, s1 = a, s2 = a, s3 = a, s4 = a, s5 = a, s6 = a, s7 = a, s8 = a, s9 = a, s10 = a, s11 = a;
		for (int i = 0; i < steps; i++) {
			s0 = s0.fma(m, a); s1 = s1.fma(m, a); s2 = s2.fma(m, a); s3 = s3.fma(m, a);
			s4 = s4.fma(m, a); s5 = s5.fma(m, a); s6 = s6.fma(m, a); s7 = s7.fma(m, a);
			s8 = s8.fma(m, a); s9 = s9.fma(m, a); s10 = s10.fma(m, a); s11 = s11.fma(m, a);
		}
		return s0.add(s1).add(s2).add(s3).add(s4).add(s5).add(s6).add(s7).add(s8).add(s9).add(s10).add(s11).reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
	}
}
