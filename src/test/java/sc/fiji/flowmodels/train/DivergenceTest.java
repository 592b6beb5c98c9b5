package sc.fiji.flowmodels.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import sc.fiji.flowmodels.train.TrainingHistory.StopReason;

/** A training that diverges stops, says so, and returns its best weights, not its last ones. */
class DivergenceTest {

	@Test
	void divergenceRestoresTheBestWeightsNotTheLast() {
		final DMatrixRMaj data = TrainerTest.moons(400, 4);
		// an absurd learning rate: epoch 1 completes with a far worse validation NLL than the
		// initial flow's, and the loss overflows in epoch 2 (without the averaging, noise and
		// data-dependent start, whose smoothing would delay the overflow by a seed-dependent time)
		final TrainingOptions options = new TrainingOptions().epochs(30).lr(1e6).gradientClip(1e12).validation(0.2).patience(0).seed(5)
			.noise(0).averaging(0).dataInit(false);
		final FlowModel m = Trainer.train(data, TrainerTest.XY, TrainerTest.small(), options, null);
		final TrainingHistory h = m.history();
		assertEquals(StopReason.DIVERGED, h.stopReason(), h.message());
		assertEquals(1, h.epochs().size(), "diverged after one completed epoch: " + h.message());
		assertEquals(0, h.bestEpoch(), "the initial weights were better than epoch 1's: " + h.message());
		assertEquals("the loss became NaN or infinite in epoch 2 (try a smaller lr or clamp); kept the initial weights", h.message());

		// the weights returned are the initial ones, what a cancel before the first step keeps
		final FlowModel initial = Trainer.train(data, TrainerTest.XY, TrainerTest.small(), options, TrainerTest.cancelAfter(0, new int[1]));
		assertEquals(StopReason.CANCELED, initial.history().stopReason());
		assertArrayEquals(TrainerTest.weights(initial), TrainerTest.weights(m), 0);
		// not the last finite ones, those of epoch 1
		double nll = 0;
		for (final double v : m.flow().logProb(data)) {
			assertTrue(Double.isFinite(v));
			nll -= v / data.numRows;
		}
		final double epoch1 = h.epochs().get(0).validationNll;
		assertTrue(nll < 10 && epoch1 > 1e6, "returned NLL " + nll + ", epoch 1 validation NLL " + epoch1);
	}
}
