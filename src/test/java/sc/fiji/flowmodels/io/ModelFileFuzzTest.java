package sc.fiji.flowmodels.io;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.flowmodels.InputException;
import sc.fiji.flowmodels.flow.Architecture;
import sc.fiji.flowmodels.train.FlowModel;
import sc.fiji.flowmodels.train.Trainer;
import sc.fiji.flowmodels.train.TrainingOptions;

/**
 * Seeded mutations of a valid model file: whatever the damage, loading either succeeds with a
 * model that computes finite densities, or fails with the product's own {@link InputException}
 * — never another exception, never a hang.
 */
class ModelFileFuzzTest {

	@TempDir
	Path dir;

	@Test
	void mutatedModelFilesFailCleanly() throws IOException {
		final DMatrixRMaj x = new DMatrixRMaj(200, 2);
		final Random data = new Random(1);
		for (int i = 0; i < x.data.length; i++) x.data[i] = data.nextGaussian();
		final FlowModel m = Trainer.train(x, Arrays.asList("a", "b"), new Architecture(2, new int[] { 6, 5 }, 3, 2, Architecture.PermutationKind.RANDOM), new TrainingOptions().epochs(2).batch(50), null);
		final Path good = dir.resolve("good.json");
		ModelFile.write(m, good);
		final byte[] original = Files.readAllBytes(good);
		final Path p = dir.resolve("fuzz.json");
		final Random r = new Random(20261129);
		final int[] outcome = new int[2];
		assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
			for (int trial = 0; trial < 3000; trial++) {
				final byte[] mutated = mutate(original, r);
				Files.write(p, mutated);
				try {
					final FlowModel back = ModelFile.read(p);
					for (final double v : back.flow().logProb(x)) {
						if (Double.isNaN(v)) fail("trial " + trial + ": a loaded model gives NaN");
					}
					outcome[0]++;
				}
				catch (final InputException e) {
					assertTrue(e.getMessage().contains("fuzz.json"), e.getMessage());
					outcome[1]++;
				}
				catch (final RuntimeException | Error e) {
					Files.write(dir.resolve("failing-" + trial + ".json"), mutated);
					throw new AssertionError("trial " + trial + ": " + e, e);
				}
			}
		});
		assertTrue(outcome[1] > 1000, "most mutations are rejected: " + Arrays.toString(outcome));
		assertTrue(outcome[0] > 10, "some harmless mutations load: " + Arrays.toString(outcome));
	}

	private static final String[] TOKENS = { "{", "}", "[", "]", ",", ":", "\"", "null", "true", "-", "1e308", "1e-320", "NaN", "-0", "999999999999", "\"format\"", "\"couplings\"", "\"weights\"", "\"hidden\"", "[[[[[[[[", "\\u0000", "0.5" };

	private static byte[] mutate(final byte[] in, final Random r) {
		final StringBuilder s = new StringBuilder(new String(in, StandardCharsets.UTF_8));
		final int edits = 1 + r.nextInt(3);
		for (int e = 0; e < edits; e++) {
			final int at = r.nextInt(Math.max(1, s.length()));
			switch (r.nextInt(6)) {
				case 0: // delete a span
					s.delete(at, Math.min(s.length(), at + 1 + r.nextInt(20)));
					break;
				case 1: // insert a token
					s.insert(at, TOKENS[r.nextInt(TOKENS.length)]);
					break;
				case 2: // replace a digit
					if (Character.isDigit(s.charAt(at))) s.setCharAt(at, (char) ('0' + r.nextInt(10)));
					else s.setCharAt(at, (char) (32 + r.nextInt(95)));
					break;
				case 3: // truncate
					s.setLength(at);
					break;
				case 4: // duplicate a span
					final int end = Math.min(s.length(), at + r.nextInt(200));
					s.insert(at, s.substring(at, end));
					break;
				default: // random byte
					s.setCharAt(at, (char) r.nextInt(256));
			}
			if (s.length() == 0) break;
		}
		return s.toString().getBytes(StandardCharsets.UTF_8);
	}
}
