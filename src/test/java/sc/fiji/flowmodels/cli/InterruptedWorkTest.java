package sc.fiji.flowmodels.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.flowmodels.InputException;
import sc.fiji.flowmodels.commands.EncodeDecodeCommand;
import sc.fiji.flowmodels.commands.FileHost;

/**
 * Work that is cut short or whose input is not an ordinary file: a streaming encode stopped by
 * TERM leaves no temporary file, an input that can be read only once (a FIFO, a pipe on
 * standard input) is encoded, an input that changes between the two passes is reported, and
 * {@code kill -9} of the launcher ends Java with it.
 */
class InterruptedWorkTest {

	@TempDir
	static Path dir;

	static Path data, model;

	@BeforeAll
	static void trainSmallModel() {
		final Path[] dm = CliTest.smallModel(dir, 2000);
		data = dm[0];
		model = dm[1];
	}

	@Test
	void anInputThatCanBeReadOnlyOnceIsEncoded() throws Exception {
		final Path expected = dir.resolve("expected.csv");
		assertEquals(0, CliTest.flow("encode", "model=" + model, "input=" + data, "output=" + expected).status);
		// a named pipe: the second pass used to open it again and wait forever for a writer
		final Path fifo = OutputTargetsTest.mkfifo(dir.resolve("in.fifo"));
		final Thread writer = new Thread(() -> {
			try (OutputStream out = Files.newOutputStream(fifo)) {
				Files.copy(data, out);
			}
			catch (final IOException e) {
				// the test fails on the missing output
			}
		});
		writer.setDaemon(true);
		writer.start();
		final Path fromFifo = dir.resolve("from-fifo.csv");
		final CliTest.Run r = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> CliTest.flow("encode", "model=" + model, "input=" + fifo, "output=" + fromFifo));
		assertEquals(0, r.status, r.toString());
		assertArrayEquals(Files.readAllBytes(expected), Files.readAllBytes(fromFifo));
		// cat data.csv | ./flow encode input=/dev/stdin … (compared with the same JVM's encode of
		// the file: the test JVM may compute with other kernels, which round differently)
		final Path fromFile = dir.resolve("from-file.csv"), fromStdin = dir.resolve("from-stdin.csv");
		assertEquals(0, SubprocessTest.flow("200m", dir, "encode", "model=" + model, "input=" + data, "output=" + fromFile).status);
		final Process p = SubprocessTest.start("200m", dir, dir.resolve("stdout.txt"), "encode", "model=" + model, "input=/dev/stdin", "output=" + fromStdin);
		try (OutputStream in = p.getOutputStream()) {
			Files.copy(data, in);
		}
		assertTrue(p.waitFor(60, TimeUnit.SECONDS), "finished");
		assertEquals(0, p.exitValue(), new String(Files.readAllBytes(dir.resolve("stderr.txt")), StandardCharsets.UTF_8));
		assertArrayEquals(Files.readAllBytes(fromFile), Files.readAllBytes(fromStdin));
		assertNoTemporaryFiles(dir);
	}

	@Test
	void anInputThatGrowsBetweenThePassesIsReported() throws IOException {
		final Path input = dir.resolve("growing.csv"), out = dir.resolve("grown-encoded.csv");
		Files.copy(data, input);
		final PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
		// the first pass reports progress after each chunk: another program appends rows then
		final FileHost host = new FileHost(quiet, quiet) {

			private boolean grown;

			@Override
			public void progress(final String task, final long done, final long total) {
				if (grown) return;
				grown = true;
				try {
					Files.write(input, "0.5,0.25\n0.75,0.5\n".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
				}
				catch (final IOException e) {
					throw new IllegalStateException(e);
				}
			}
		};
		final Map<String, String> keys = new LinkedHashMap<>();
		keys.put("model", model.toString());
		keys.put("input", input.toString());
		keys.put("output", out.toString());
		final InputException e = assertThrows(InputException.class, () -> Main.create("encode", EncodeDecodeCommand.class, keys, host).execute());
		assertEquals(input + ": the file changed while it was being encoded (it was written to or replaced between the two passes); nothing was written, run the command again once the file is complete", e.getMessage());
		assertFalse(Files.exists(out));
		assertNoTemporaryFiles(dir);
	}

	@Test
	void termDuringAStreamingEncodeLeavesNoTemporaryFile() throws Exception {
		// 400,000 rows: the first pass takes about a second, long enough to be interrupted
		final Path big = dir.resolve("big.csv");
		try (BufferedWriter w = Files.newBufferedWriter(big)) {
			w.write("x,y\n");
			for (int i = 0; i < 400_000; i++) w.write((i % 997) * 0.002 - 1 + "," + ((i % 991) * 0.001 - 0.3) + "\n");
		}
		final Path tmp = Files.createDirectory(dir.resolve("tmp")), out = dir.resolve("big-encoded.csv");
		final Process p = SubprocessTest.start(Arrays.asList("-Xmx200m", "-Djava.io.tmpdir=" + tmp), dir, dir.resolve("stdout.txt"), "encode", "model=" + model, "input=" + big, "output=" + out);
		try {
			final long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
			while (spillFiles(tmp) == 0 && p.isAlive() && System.nanoTime() < until) Thread.sleep(5);
			assertEquals(1, spillFiles(tmp), "the encode started spilling");
			p.destroy(); // SIGTERM
			assertTrue(p.waitFor(30, TimeUnit.SECONDS));
		}
		finally {
			p.destroyForcibly();
		}
		assertEquals(143, p.exitValue(), "ended by TERM, mid-work");
		assertEquals(0, spillFiles(tmp), "the spill file was removed");
		assertFalse(Files.exists(out));
		assertNoTemporaryFiles(dir);
	}

	private static long spillFiles(final Path tmp) throws IOException {
		try (Stream<Path> s = Files.list(tmp)) {
			return s.filter(f -> f.getFileName().toString().startsWith("flow-encode-")).count();
		}
	}

	/** No hidden .part file of an atomic write is left in the folder. */
	static void assertNoTemporaryFiles(final Path folder) throws IOException {
		try (Stream<Path> s = Files.list(folder)) {
			assertEquals(0, s.filter(f -> f.getFileName().toString().endsWith(".part")).count());
		}
	}

	@Test
	void killingTheLauncherEndsJava() throws Exception {
		// what ./flow does on Java 16+: java as a child of the launcher, told the launcher's id
		final Path pidFile = dir.resolve("java.pid"), err = dir.resolve("launcher-err.txt"), m = dir.resolve("never.json");
		final String java = new File(System.getProperty("java.home"), "bin/java").getPath();
		final Process launcher = new ProcessBuilder("bash", "-c", "\"$1\" -Dflow.launcher=$$ -cp \"$2\" " + Main.class.getName() +
			" train input=\"$3\" model=\"$4\" hidden=16 couplings=2 epochs=1000000 2>\"$5\" & echo $! >\"$6\"; wait", "launcher", java, System.getProperty("java.class.path"), data.toString(), m.toString(), err.toString(), pidFile.toString()).start();
		long pid = -1;
		try {
			final long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
			while (!(Files.exists(err) && new String(Files.readAllBytes(err), StandardCharsets.UTF_8).contains("epoch 1/")) && System.nanoTime() < until) Thread.sleep(20);
			pid = Long.parseLong(new String(Files.readAllBytes(pidFile), StandardCharsets.UTF_8).trim());
			assertTrue(running(pid), "java trains");
			launcher.destroyForcibly(); // SIGKILL to the launcher only
			final long killed = System.nanoTime();
			while (running(pid) && System.nanoTime() - killed < TimeUnit.SECONDS.toNanos(10)) Thread.sleep(10);
			assertFalse(running(pid), "java ended with its launcher");
			Thread.sleep(500);
			assertFalse(Files.exists(m), "no model was written after the kill");
		}
		finally {
			if (pid > 0 && running(pid)) new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
		}
	}

	/** Whether a process runs (an exited one waiting to be reaped does not). */
	private static boolean running(final long pid) throws IOException {
		final Path stat = new File("/proc/" + pid + "/stat").toPath();
		if (!Files.exists(stat)) return false;
		try {
			final String s = new String(Files.readAllBytes(stat), StandardCharsets.UTF_8);
			return !s.substring(s.lastIndexOf(')') + 2).startsWith("Z");
		}
		catch (final IOException e) {
			return false;
		}
	}
}
