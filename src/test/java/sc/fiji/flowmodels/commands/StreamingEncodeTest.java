package sc.fiji.flowmodels.commands;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.flowmodels.flow.Architecture;
import sc.fiji.flowmodels.io.ModelFile;
import sc.fiji.flowmodels.plot.Figure;
import sc.fiji.flowmodels.train.FlowModel;
import sc.fiji.flowmodels.train.Trainer;
import sc.fiji.flowmodels.train.TrainingOptions;

/** The two encode paths (streaming a CSV in chunks, and a table in memory) agree byte for byte. */
class StreamingEncodeTest {

	@TempDir
	Path dir;

	@Test
	void streamingAndInMemoryEncodeWriteTheSameFile() throws IOException {
		final Random r = new Random(1);
		final int n = 2 * EncodeDecodeCommand.STREAM_CHUNK + 123;
		final StringBuilder csv = new StringBuilder("id,x,label,y\n");
		final DMatrixRMaj xy = new DMatrixRMaj(n, 2);
		for (int i = 0; i < n; i++) {
			final double a = r.nextGaussian(), b = a * a + 0.5 * r.nextGaussian();
			xy.set(i, 0, a);
			xy.set(i, 1, b);
			csv.append(i + 1).append(',').append(a).append(",\"cell, ").append(i % 7).append("\",").append(b).append('\n');
		}
		final Path in = dir.resolve("in.csv");
		Files.write(in, csv.toString().getBytes(StandardCharsets.UTF_8));
		final FlowModel m = Trainer.train(xy, Arrays.asList("x", "y"), new Architecture(2, new int[] { 16 }, 2, 2, Architecture.PermutationKind.REVERSE), new TrainingOptions().epochs(2), null);
		final Path model = dir.resolve("m.json");
		ModelFile.write(m, model);

		final PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
		final EncodeDecodeCommand streamed = new EncodeDecodeCommand();
		streamed.host(new FileHost(quiet, quiet));
		streamed.model = model.toFile();
		streamed.input = in.toString();
		streamed.output = dir.resolve("streamed.csv").toString();
		streamed.outliers = 25;
		streamed.execute();
		assertEquals(null, streamed.result(), "the file path streams: no table in memory");

		final EncodeDecodeCommand inMemory = new EncodeDecodeCommand();
		// a host that shows figures makes the command load the whole table
		inMemory.host(new FileHost(quiet, quiet) {

			@Override
			public boolean showsFigures() {
				return true;
			}

			@Override
			public void show(final String name, final Figure figure) {}
		});
		inMemory.model = model.toFile();
		inMemory.input = in.toString();
		inMemory.output = dir.resolve("memory.csv").toString();
		inMemory.outliers = 25;
		inMemory.execute();
		assertEquals(n, inMemory.result().rowCount());

		assertArrayEquals(Files.readAllBytes(dir.resolve("memory.csv")), Files.readAllBytes(dir.resolve("streamed.csv")));
	}

	@Test
	void aBadCellInALaterChunkStopsTheEncodeAndWritesNothing() throws IOException {
		// the first pass has encoded (and spilled) a whole chunk before it meets the bad cell: the
		// error must still name its row and leave no output
		final Random r = new Random(2);
		final int n = 2 * EncodeDecodeCommand.STREAM_CHUNK + 50, bad = EncodeDecodeCommand.STREAM_CHUNK + 700;
		final StringBuilder csv = new StringBuilder("x,y\n");
		final DMatrixRMaj xy = new DMatrixRMaj(n, 2);
		for (int i = 0; i < n; i++) {
			xy.set(i, 0, r.nextGaussian());
			xy.set(i, 1, r.nextGaussian());
			csv.append(xy.get(i, 0)).append(',').append(i == bad - 1 ? "oops" : Double.toString(xy.get(i, 1))).append('\n');
		}
		final Path in = dir.resolve("bad.csv");
		Files.write(in, csv.toString().getBytes(StandardCharsets.UTF_8));
		final Path model = dir.resolve("m2.json");
		ModelFile.write(Trainer.train(xy, Arrays.asList("x", "y"), new Architecture(2, new int[] { 8 }, 2, 2, Architecture.PermutationKind.REVERSE), new TrainingOptions().epochs(1), null), model);

		final PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
		final EncodeDecodeCommand enc = new EncodeDecodeCommand();
		enc.host(new FileHost(quiet, quiet));
		enc.model = model.toFile();
		enc.input = in.toString();
		enc.output = dir.resolve("out.csv").toString();
		final String message = org.junit.jupiter.api.Assertions.assertThrows(sc.fiji.flowmodels.InputException.class, enc::execute).getMessage();
		org.junit.jupiter.api.Assertions.assertTrue(message.contains("row " + bad + " (line " + (bad + 1) + "), column \"y\": \"oops\" is not a number"), message);
		org.junit.jupiter.api.Assertions.assertFalse(Files.exists(dir.resolve("out.csv")), "no output");
	}
}
