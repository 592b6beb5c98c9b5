package sc.fiji.flowmodels.ij1;

import static org.junit.jupiter.api.Assertions.fail;

import java.awt.GraphicsEnvironment;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

import ij.IJ;
import ij.ImageJ;

/**
 * A real ImageJ 1.x with the plugin installed the way a user installs it: a jar with
 * {@code plugins.config} at its root in the plugins folder. One ImageJ per test JVM.
 */
final class ImageJFixture {

	private static Path plugins;

	private ImageJFixture() {}

	/** Tests that need a display skip without one, except on CI, where they must run. */
	static void requireDisplay() {
		if (!GraphicsEnvironment.isHeadless()) return;
		if (System.getenv("CI") != null) fail("these tests need a display: run them under xvfb-run (.ci/run does)");
		Assumptions.abort("no display (run under xvfb-run -a mvn -B test)");
	}

	/** The plugins folder holding Flow_Models.jar, made once. */
	static synchronized Path pluginsDir() throws IOException {
		if (plugins != null) return plugins;
		final Path dir = Files.createTempDirectory("flow-ij-plugins");
		dir.toFile().deleteOnExit();
		final Path jar = dir.resolve("Flow_Models.jar");
		final Path classes = mainClasses();
		try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(classes)) {
			for (final Path p : (Iterable<Path>) files::iterator) {
				if (!Files.isRegularFile(p)) continue;
				out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace(File.separatorChar, '/')));
				Files.copy(p, out);
				out.closeEntry();
			}
		}
		jar.toFile().deleteOnExit();
		plugins = dir;
		return dir;
	}

	/** target/classes: the plugin's classes and resources (plugins.config at the root). */
	static Path mainClasses() {
		try {
			return Paths.get(CommandPlugin.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		}
		catch (final URISyntaxException e) {
			throw new IllegalStateException(e);
		}
	}

	/** target/test-classes. */
	static Path testClasses() {
		try {
			return Paths.get(TableDump.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		}
		catch (final URISyntaxException e) {
			throw new IllegalStateException(e);
		}
	}

	/** ImageJ with its (hidden) main window and menus built from the plugins folder. */
	static synchronized ImageJ start() throws IOException {
		requireDisplay();
		if (IJ.getInstance() != null) return IJ.getInstance();
		System.setProperty("plugins.dir", pluginsDir().toString());
		return new ImageJ(ImageJ.NO_SHOW);
	}

	/**
	 * A fresh ImageJ in its own JVM, running {@code macro} with {@code -batch}: the plugin comes
	 * only from the plugins folder (the class path holds ImageJ, the libraries and the test
	 * helpers, not the plugin's classes). Returns what it printed.
	 */
	static String runBatch(final Path macro, final long timeoutSeconds, final String... args) throws IOException, InterruptedException {
		final List<String> cp = new ArrayList<>();
		final Path main = mainClasses().toAbsolutePath().normalize();
		for (final String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
			if (e.isEmpty() || Paths.get(e).toAbsolutePath().normalize().equals(main)) continue;
			cp.add(e);
		}
		final String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
		final List<String> cmd = new ArrayList<>();
		cmd.add(java);
		// the same inference arithmetic as this JVM (Vector API kernels when it has their module)
		if (sc.fiji.flowmodels.flow.VectorProducts.enabled()) {
			cmd.add("--add-modules");
			cmd.add("jdk.incubator.vector");
		}
		cmd.add("-Xmx512m");
		cmd.add("-Dplugins.dir=" + pluginsDir());
		cmd.add("-cp");
		cmd.add(String.join(File.pathSeparator, cp));
		cmd.add("ij.ImageJ");
		cmd.add("-batch");
		cmd.add(macro.toString());
		for (final String a : args) cmd.add(a);
		final Path log = Files.createTempFile("flow-ij-batch", ".log");
		final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
			p.destroyForcibly();
			fail("ImageJ -batch did not finish in " + timeoutSeconds + " s:\n" + new String(Files.readAllBytes(log), "UTF-8"));
		}
		final String out = new String(Files.readAllBytes(log), "UTF-8");
		Files.delete(log);
		return out;
	}

	static void write(final Path file, final String text) throws IOException {
		try (OutputStream out = Files.newOutputStream(file)) {
			out.write(text.getBytes("UTF-8"));
		}
	}
}
