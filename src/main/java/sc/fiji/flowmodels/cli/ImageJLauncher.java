package sc.fiji.flowmodels.cli;

import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

import sc.fiji.flowmodels.InputException;
import sc.fiji.flowmodels.commands.FileHost;

/**
 * {@code ./flow imagej}: ImageJ 1.x with the plugin installed in a plugins folder, so that the
 * {@code Plugins › Flow} menu can be tried without Fiji. The launcher passes the built jar.
 */
final class ImageJLauncher {

	private ImageJLauncher() {}

	/** Starts ImageJ; returns −1 (keep running) once its window is up. */
	static int run(final Map<String, String> args, final PrintStream err) {
		for (final String k : args.keySet()) {
			if (!k.equals("plugins")) throw new InputException("unknown key '" + k + "'; the keys of imagej are: plugins");
		}
		if (GraphicsEnvironment.isHeadless()) throw new InputException("ImageJ needs a display (run it on a desktop, or under xvfb-run)");
		final String jar = System.getProperty("flow.jar");
		if (jar == null || !Files.isRegularFile(FileHost.path(jar))) throw new InputException("the plugin jar was not found; start ImageJ through ./flow imagej, which builds it");
		final Path plugins = FileHost.path(args.containsKey("plugins") ? args.get("plugins") : "target/imagej/plugins").toAbsolutePath();
		try {
			Files.createDirectories(plugins);
			Files.copy(FileHost.path(jar), plugins.resolve("Flow_Models.jar"), StandardCopyOption.REPLACE_EXISTING);
		}
		catch (final IOException e) {
			throw new InputException("plugins: cannot install the plugin in " + plugins + ": " + e.getMessage());
		}
		System.setProperty("plugins.dir", plugins.toString());
		err.println("starting ImageJ with plugins from " + plugins);
		new ij.ImageJ(ij.ImageJ.STANDALONE);
		return -1;
	}
}
