package sc.fiji.flowmodels.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.Module;

import sc.fiji.flowmodels.data.DataTable;
import sc.fiji.flowmodels.io.CsvReader;

/**
 * The commands as Fiji and scripts see them: found in SciJava's plugin index (written at
 * compile time by scijava-common's annotation processor) under their menu paths, and run
 * headless through the {@link CommandService} with every input given as a string, the way a
 * script passes them.
 */
class SciJavaCommandsTest {

	@TempDir
	static Path dir;

	static Context context;
	static CommandService commands;
	static final ByteArrayOutputStream log = new ByteArrayOutputStream();

	@BeforeAll
	static void start() {
		context = new Context(CommandService.class);
		commands = context.service(CommandService.class);
		// the CSV host whatever else runs in this JVM (an ImageJ window would select the ImageJ host)
		final PrintStream quiet = new PrintStream(log, true);
		Hosts.install(() -> new FileHost(quiet, quiet));
	}

	@AfterAll
	static void stop() {
		Hosts.install(null);
		context.dispose();
	}

	@Test
	void indexedUnderTheirMenuPaths() {
		final Map<String, Class<? extends FlowCommand>> expected = new LinkedHashMap<>();
		expected.put("Sample Data", SampleDataCommand.class);
		expected.put("Train", TrainCommand.class);
		expected.put("Encode/Decode", EncodeDecodeCommand.class);
		expected.put("Check Consistency", CheckConsistencyCommand.class);
		expected.put("Density Image", DensityImageCommand.class);
		for (final Map.Entry<String, Class<? extends FlowCommand>> e : expected.entrySet()) {
			final CommandInfo info = commands.getCommand(e.getValue());
			assertNotNull(info, e.getKey() + " is not in the plugin index");
			assertEquals("Plugins > Flow > " + e.getKey(), info.getMenuPath().getMenuString());
		}
	}

	/** Runs a command as a script does: all inputs as strings, process = true. */
	private static Module run(final Class<? extends FlowCommand> type, final String... keyValues) throws Exception {
		final Map<String, Object> inputs = new LinkedHashMap<>();
		for (int i = 0; i < keyValues.length; i += 2) inputs.put(keyValues[i], keyValues[i + 1]);
		return commands.run(type, true, inputs).get();
	}

	private static String p(final String name) {
		return dir.resolve(name).toString();
	}

	@Test
	void everyCommandRunsFromStringInputs() throws Exception {
		run(SampleDataCommand.class, "dataset", "gmm8", "samples", "400", "noise", "0.1", "seed", "2", "output", p("gmm8.csv"));
		final DataTable points = CsvReader.read(dir.resolve("gmm8.csv"));
		assertEquals(400, points.rowCount());

		final Module train = run(TrainCommand.class, "input", p("gmm8.csv"), "columns", "", "model", p("gmm8.json"), "hidden", "16,16", "couplings", "4", "epochs", "5", "batch", "64", "lr", "0.002", "validation", "0.1", "patience", "10", "clamp", "2.0", "l2", "0", "seed", "1");
		assertNotNull(((TrainCommand) train.getDelegateObject()).trained());
		assertTrue(Files.isRegularFile(dir.resolve("gmm8.json")), log.toString());

		run(EncodeDecodeCommand.class, "model", p("gmm8.json"), "direction", "encode", "input", p("gmm8.csv"), "samples", "1000", "temperature", "1.0", "outliers", "7", "output", p("encoded.csv"), "x", "", "y", "", "dims", "1,2", "seed", "1");
		final DataTable encoded = CsvReader.read(dir.resolve("encoded.csv"));
		assertEquals(Arrays.asList("x", "y", "z1", "z2", "log_px", "log_pz", "log_det_j", "z_radius", "outlier_rank", "outlier", "radius_rank", "density_rank"), encoded.names());
		double flagged = 0;
		for (final double v : encoded.numeric(encoded.indexOf("outlier"))) flagged += v;
		assertEquals(7, flagged, 0);

		run(EncodeDecodeCommand.class, "model", p("gmm8.json"), "direction", "sample", "samples", "50", "output", p("samples.csv"), "seed", "4");
		assertEquals(50, CsvReader.read(dir.resolve("samples.csv")).rowCount());

		final Module check = run(CheckConsistencyCommand.class, "model", p("gmm8.json"), "input", p("gmm8.csv"), "samples", "100", "tolerance", "1e-9", "output", p("consistency.csv"), "seed", "1");
		assertTrue(((CheckConsistencyCommand) check.getDelegateObject()).report().passed());
		final DataTable report = CsvReader.read(dir.resolve("consistency.csv"));
		assertEquals("PASS", report.text(report.indexOf("quantity"))[report.rowCount() - 1]);

		run(DensityImageCommand.class, "model", p("gmm8.json"), "width", "40", "height", "30", "xmin", "", "xmax", "", "ymin", "-3", "ymax", "3", "dims", "1,2", "log", "true", "output", p("density.tif"), "input", p("gmm8.csv"), "outliers", "5");
		assertTrue(Files.size(dir.resolve("density.tif")) > 40 * 30 * 4);
		assertTrue(Files.isRegularFile(dir.resolve("density.png")));
	}

	/** What macros/scripts/flow_batch_train.groovy does for each table: typed values, no preprocessing. */
	@Test
	void batchTrainingAsTheGroovyScriptDoes() throws Exception {
		run(SampleDataCommand.class, "dataset", "mvn", "samples", "200", "output", p("mvn.csv"));
		final java.io.File model = dir.resolve("mvn-model.json").toFile();
		final Module train = commands.run(TrainCommand.class, false, "input", p("mvn.csv"), "columns", "", "model", model,
			"hidden", "8,8", "couplings", 2, "epochs", 3, "batch", 128, "lr", 0.001d, "validation", 0.1d, "patience", 10,
			"clamp", 2.0d, "l2", 0d, "seed", 1L).get();
		assertNotNull(((TrainCommand) train.getDelegateObject()).trained());
		final Module check = commands.run(CheckConsistencyCommand.class, false, "model", model, "input", p("mvn.csv"),
			"samples", 100, "tolerance", 1e-9d, "output", p("mvn-consistency.csv"), "seed", 1L).get();
		assertTrue(((CheckConsistencyCommand) check.getDelegateObject()).report().passed());
		assertTrue(Files.isRegularFile(dir.resolve("mvn-consistency.csv")));
	}

	@Test
	void badInputIsReportedNotThrown() throws Exception {
		log.reset();
		run(TrainCommand.class, "input", p("missing.csv"), "model", p("never.json"), "epochs", "3");
		assertTrue(new String(log.toByteArray(), StandardCharsets.UTF_8).contains("error: "), log.toString());
		assertTrue(!Files.exists(dir.resolve("never.json")));
	}
}
