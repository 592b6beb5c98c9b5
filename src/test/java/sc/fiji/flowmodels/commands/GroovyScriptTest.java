package sc.fiji.flowmodels.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandService;
import org.scijava.log.LogService;

import groovy.lang.Binding;
import groovy.lang.GroovyShell;
import sc.fiji.flowmodels.io.ModelFile;
import sc.fiji.flowmodels.train.FlowModel;

/**
 * The batch-training Groovy script of {@code macros/scripts} run for real against a SciJava
 * context: its {@code #@} script parameters are bound the way SciJava's script processor binds
 * them (and those lines removed, as the processor does), then the script trains one model per
 * CSV file of a folder through the {@link CommandService} and checks each.
 */
class GroovyScriptTest {

	@TempDir
	Path dir;

	private Context context;
	private final ByteArrayOutputStream log = new ByteArrayOutputStream();

	@BeforeEach
	void start() {
		context = new Context(CommandService.class, LogService.class);
		final PrintStream quiet = new PrintStream(log, true);
		Hosts.install(() -> new FileHost(quiet, quiet));
	}

	@AfterEach
	void stop() {
		Hosts.install(null);
		context.dispose();
	}

	@Test
	void batchTrainsEveryTableOfAFolder() throws Exception {
		for (final String name : new String[] { "a", "b" }) {
			final SampleDataCommand sample = new SampleDataCommand();
			sample.dataset = name.equals("a") ? "moons" : "mvn";
			sample.samples = 300;
			sample.output = dir.resolve(name + ".csv").toString();
			sample.execute();
			assertTrue(Files.isRegularFile(dir.resolve(name + ".csv")), log.toString());
		}
		final Path script = Paths.get("macros", "scripts", "flow_batch_train.groovy");
		final StringBuilder body = new StringBuilder();
		for (final String line : Files.readAllLines(script, StandardCharsets.UTF_8)) {
			body.append(line.startsWith("#@") ? "" : line).append('\n');
		}
		final Binding binding = new Binding();
		binding.setVariable("folder", dir.toFile());
		binding.setVariable("columns", "");
		binding.setVariable("epochs", 3);
		binding.setVariable("seed", 1L);
		binding.setVariable("command", context.service(CommandService.class));
		binding.setVariable("log", context.service(LogService.class));
		try {
			new GroovyShell(getClass().getClassLoader(), binding).evaluate(body.toString(), "flow_batch_train.groovy");
		}
		catch (final RuntimeException e) {
			throw new AssertionError("the script failed; the commands said:\n" + log, e);
		}

		for (final String name : new String[] { "a", "b" }) {
			final File model = dir.resolve(name + "-model.json").toFile();
			assertTrue(model.isFile(), model + "\n" + log);
			final FlowModel m = ModelFile.read(model.toPath());
			assertEquals(3, m.options().epochs());
			assertEquals(java.util.Arrays.asList("x", "y"), m.flow().columns());
			final List<String> report = Files.readAllLines(dir.resolve(name + "-consistency.csv"), StandardCharsets.UTF_8);
			assertTrue(report.get(report.size() - 1).startsWith("verdict,PASS,"), report.toString());
		}
	}
}
