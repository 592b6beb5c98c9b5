package sc.fiji.flowmodels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.flowmodels.data.DataTable;
import sc.fiji.flowmodels.io.CsvReader;

/**
 * Jobs too large for Java are refused before they start, with the limit and the reason (they
 * ended in IllegalArgumentException "Matrix size exceeds the size of an integer", or ran out of
 * memory after 25 s); numbers beyond the range a flow computes in are refused with their name.
 */
class SizesAndRangesTest {

	@TempDir
	static Path dir;

	static Path model;

	@BeforeAll
	static void trainSmallModel() {
		model = CliTest.smallModel(dir, 300)[1];
	}

	@Test
	void countsBeyondWhatAJavaArrayHoldsAreRefused() {
		final String limit = "samples must be at most 1,073,741,819 for 2 columns, got ";
		CliTest.assertBad(CliTest.flow("sample", "model=" + model, "samples=2147483647", "output=" + dir.resolve("s.csv")), limit + "2,147,483,647 (one matrix holds samples × 2 numbers");
		CliTest.assertBad(CliTest.flow("check", "model=" + model, "samples=2000000000"), limit + "2,000,000,000");
		assertFalse(Files.exists(dir.resolve("s.csv")));
	}

	@Test
	void jobsBeyondTheHeapAreRefusedBeforeTheyStart() throws Exception {
		final Path out = dir.resolve("big.csv");
		final String[][] jobs = { { "sample", "model=" + model, "samples=100000000", "output=" + out, "about 11200 MB" },
			{ "sample", "dataset=moons", "samples=100000000", "output=" + out, "about 4000 MB" },
			{ "check", "model=" + model, "samples=100000000", "output=" + out, "about 24000 MB" } };
		for (final String[] job : jobs) {
			final SubprocessTest.Result r = SubprocessTest.flow("100m", dir, java.util.Arrays.copyOf(job, 4));
			assertEquals(2, r.status, r.err);
			assertTrue(r.err.startsWith("flow " + job[0] + ": samples=100000000 needs " + job[4] + " of Java memory but only "), r.err);
			assertTrue(r.err.contains("raise the maximum heap (FLOW_JAVA_OPTS=-Xmx... for ./flow"), r.err);
			assertFalse(Files.exists(out));
		}
	}

	@Test
	void aTemperatureBeyondTheSaneRangeIsRefused() throws IOException {
		final Path out = dir.resolve("hot.csv");
		CliTest.assertBad(CliTest.flow("sample", "model=" + model, "temperature=1e308", "output=" + out), "temperature must be at most 100, got 1.0E308 (the latent points are temperature × N(0, I)");
		assertFalse(Files.exists(out), "was: NaN and infinite samples, exit 0");
		assertEquals(0, CliTest.flow("sample", "model=" + model, "temperature=100", "samples=2000", "output=" + out).status);
		final DataTable t = CsvReader.read(out);
		for (int j = 0; j < t.columnCount(); j++) {
			for (final double v : t.numeric(j)) assertTrue(Double.isFinite(v), "finite at the largest temperature: " + t.name(j));
		}
	}
}
