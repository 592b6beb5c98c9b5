package sc.fiji.flowmodels.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.Random;
import java.util.SplittableRandom;

import org.ejml.data.DMatrixRMaj;

import sc.fiji.flowmodels.data.ColumnSelection;
import sc.fiji.flowmodels.data.DataTable;

/**
 * Speed and memory of the CSV code; a harness, not a test. Run after {@code mvn test-compile}:
 *
 * <pre>
 * mvn -q dependency:build-classpath -Dmdep.outputFile=cp.txt
 * java -Xmx1g -cp target/classes:target/test-classes:$(cat cp.txt) sc.fiji.flowmodels.io.CsvBenchmark MODE [ARGS]
 * </pre>
 *
 * Modes: {@code parse} (numbers per second, fast and slow path, against
 * Double.parseDouble); {@code format [count]} (doubles written per second);
 * {@code read FILE} (whole-file reading and selection); {@code stream FILE OUT [chunk]}
 * (streaming with passthrough and two appended columns); {@code make FILE ROWS} (a test
 * file with three numeric columns).
 */
public final class CsvBenchmark {

	private CsvBenchmark() {}

	public static void main(final String[] args) throws IOException {
		switch (args.length == 0 ? "" : args[0]) {
			case "parse":
				parse();
				break;
			case "format":
				format(args.length > 1 ? Integer.parseInt(args[1]) : 10_000_000);
				break;
			case "make":
				make(Paths.get(args[1]), Long.parseLong(args[2]));
				break;
			case "read":
				read(Paths.get(args[1]));
				break;
			case "stream":
				stream(Paths.get(args[1]), Paths.get(args[2]), args.length > 3 ? Integer.parseInt(args[3]) : 10_000);
				break;
			default:
				System.err.println("modes: parse | format [count] | make FILE ROWS | read FILE | stream FILE OUT [chunk]");
				System.exit(2);
		}
	}

	private static void parse() {
		final int n = 2_000_000;
		final SplittableRandom r = new SplittableRandom(1);
		for (final boolean shortest : new boolean[] { false, true }) {
			// one contiguous buffer, as the CSV reader parses from
			final StringBuilder all = new StringBuilder();
			final int[] ends = new int[n];
			final String[] t = new String[n];
			for (int i = 0; i < n; i++) {
				final double v = (r.nextDouble() - 0.5) * 2000;
				t[i] = shortest ? Double.toString(v) : String.format(Locale.ROOT, "%.4f", v);
				all.append(t[i]);
				ends[i] = all.length();
			}
			final byte[] bytes = all.toString().getBytes(StandardCharsets.US_ASCII);
			final NumberParser p = new NumberParser();
			double bestOurs = Double.MAX_VALUE;
			double bestJava = Double.MAX_VALUE;
			double check = 0;
			for (int round = 0; round < 7; round++) {
				long t0 = System.nanoTime();
				for (int i = 0, from = 0; i < n; from = ends[i++]) {
					p.parse(bytes, from, ends[i]);
					check += p.value();
				}
				bestOurs = Math.min(bestOurs, (System.nanoTime() - t0) / (double) n);
				t0 = System.nanoTime();
				for (int i = 0; i < n; i++)
					check -= Double.parseDouble(t[i]);
				bestJava = Math.min(bestJava, (System.nanoTime() - t0) / (double) n);
			}
			System.out.printf(Locale.ROOT, "%s: NumberParser %.1f ns/number, Double.parseDouble %.1f ns/number" +
				" (best of 7 rounds of %d; check %g)%n", shortest ? "Double.toString forms, 16-17 digits" :
					"4-decimal numbers", bestOurs, bestJava, n, check);
		}
	}

	private static void format(final int count) throws IOException {
		final Random r = new Random(2);
		final int cols = 10;
		final DMatrixRMaj m = new DMatrixRMaj(count / cols, cols);
		for (int i = 0; i < m.data.length; i++)
			m.data[i] = r.nextGaussian();
		final long[] bytes = { 0 };
		final OutputStream sink = new OutputStream() {

			@Override
			public void write(final int b) {
				bytes[0]++;
			}

			@Override
			public void write(final byte[] b, final int off, final int len) {
				bytes[0] += len;
			}
		};
		for (int round = 0; round < 3; round++) {
			bytes[0] = 0;
			final long t0 = System.nanoTime();
			final CsvWriter w = new CsvWriter(sink);
			w.rows(m, null);
			w.flush();
			final double s = (System.nanoTime() - t0) / 1e9;
			System.out.printf(Locale.ROOT, "format %d doubles: %.2f s (%.0f ns/double, %.0f MB)%n", m.data.length, s, s *
				1e9 / m.data.length, bytes[0] / 1e6);
		}
	}

	private static void make(final Path file, final long rows) throws IOException {
		final Random r = new Random(3);
		try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
			w.write("x,y,z\n");
			for (long i = 0; i < rows; i++) {
				w.write(String.format(Locale.ROOT, "%.5f,%.6f,%.3e%n", r.nextGaussian(), r.nextDouble() * 100, r
					.nextGaussian()));
			}
		}
		System.out.printf("%s: %d rows, %.0f MB%n", file, rows, Files.size(file) / 1e6);
	}

	private static void read(final Path file) {
		for (final boolean keep : new boolean[] { false, true }) {
			System.gc();
			final long t0 = System.nanoTime();
			final DataTable t = CsvReader.read(file, keep);
			final DMatrixRMaj x = ColumnSelection.select(t, "").values();
			final double s = (System.nanoTime() - t0) / 1e9;
			System.gc();
			final Runtime rt = Runtime.getRuntime();
			System.out.printf(Locale.ROOT,
				"read + select (keepCellText=%s): %d rows x %d columns in %.2f s, heap in use %.0f MB (table and matrix)%n",
				keep, x.numRows, x.numCols, s, (rt.totalMemory() - rt.freeMemory()) / 1e6);
		}
	}

	private static void stream(final Path in, final Path out, final int chunkRows) {
		final long t0 = System.nanoTime();
		final long[] rows = { 0 };
		final long[] peak = { 0 };
		try (CsvChunkReader reader = CsvChunkReader.open(in, new String[] { "x", "y", "z" }, chunkRows)) {
			CsvWriter.write(out, csv -> {
				csv.header(reader, "norm", "rank");
				final DMatrixRMaj appended = new DMatrixRMaj(chunkRows, 2);
				final Runtime rt = Runtime.getRuntime();
				for (CsvChunk c = reader.next(); c != null; c = reader.next()) {
					final double[] v = c.values().data;
					for (int i = 0; i < c.rows(); i++) {
						appended.data[2 * i] = Math.sqrt(v[3 * i] * v[3 * i] + v[3 * i + 1] * v[3 * i + 1] + v[3 * i + 2] *
							v[3 * i + 2]);
						appended.data[2 * i + 1] = c.firstRow() + i;
					}
					csv.rows(c, appended, new boolean[] { false, true });
					rows[0] += c.rows();
					peak[0] = Math.max(peak[0], rt.totalMemory() - rt.freeMemory());
				}
			});
		}
		final double s = (System.nanoTime() - t0) / 1e9;
		System.out.printf(Locale.ROOT, "streamed %d rows (chunks of %d) with passthrough + 2 columns in %.1f s; max heap %.0f MB, peak heap seen %.0f MB%n",
			rows[0], chunkRows, s, Runtime.getRuntime().maxMemory() / 1e6, peak[0] / 1e6);
	}
}
