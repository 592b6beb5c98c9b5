package sc.fiji.flowmodels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad parameters are refused before any work starts: every run below names a model file and an
 * input table that do not exist, so a message about the parameter (and not about those files)
 * shows that the parameter was checked before anything was read, computed or written.
 */
class BadParametersTest {

	@TempDir
	static Path dir;

	static Stream<Arguments> parameters() {
		return Stream.of(
			// train
			Arguments.of("train epoch=5", "unknown key 'epoch' (did you mean 'epochs'?)"),
			Arguments.of("train epochs=-3", "epochs must be at least 1, got -3"),
			Arguments.of("train epochs=ten", "epochs: 'ten' is not a whole number"),
			Arguments.of("train hidden=abc", "hidden: 'abc' is not a whole number"),
			Arguments.of("train hidden=0", "hidden: 0 is out of range"),
			Arguments.of("train validation=1.5", "validation must be a fraction in [0, 1), got 1.5"),
			Arguments.of("train couplings=0", "couplings must be auto or a whole number from 1 to 1024, got '0'"),
			Arguments.of("train couplings=many", "couplings must be auto or a whole number from 1 to 1024, got 'many'"),
			Arguments.of("train batch=0", "batch must be at least 1"),
			Arguments.of("train lr=0", "lr must be a positive number"),
			Arguments.of("train lr=abc", "lr: 'abc' is not a number"),
			Arguments.of("train clamp=-1", "clamp must be a positive number"),
			Arguments.of("train l2=-1", "l2 must be 0 or a positive number"),
			Arguments.of("train patience=-1", "patience must be 0 or more"),
			Arguments.of("train seed=1.5", "seed: '1.5' is not a whole number"),
			Arguments.of("train seed=1 seed=2", "key 'seed' is given twice"),
			Arguments.of("train epochs", "'epochs' is not key=value"),
			Arguments.of("train noise=1.5", "noise must be in [0, 1]"),
			Arguments.of("train noise=-0.1", "noise must be in [0, 1]"),
			Arguments.of("train coupling=quadratic", "coupling: 'quadratic' is not one of affine, spline"),
			Arguments.of("train coupling=spline bins=1", "bins must be a whole number between 2 and 256, got 1"),
			Arguments.of("train coupling=spline tail=0", "tail must be a positive number up to 100, got 0"),
			Arguments.of("train coupling=spline tail=abc", "tail: 'abc' is not a number"),
			// encode, decode, sample from a model
			Arguments.of("encode direction=sideways", "direction: 'sideways' is not one of encode, decode, sample"),
			Arguments.of("encode outliers=-1", "outliers must be at least 0"),
			Arguments.of("encode precision=half", "precision: 'half' is not one of double, float"),
			Arguments.of("decode precision=single", "precision: 'single' is not one of double, float"),
			Arguments.of("encode direction=sample samples=0", "samples must be at least 1"),
			Arguments.of("encode direction=sample temperature=0", "temperature must be a positive number"),
			Arguments.of("encode output=@/no-such-folder/out.csv", "the folder"),
			Arguments.of("decode direction=encode", "direction is set by the command name 'decode'"),
			// check, density, sample data
			Arguments.of("check samples=0", "samples must be at least 1"),
			Arguments.of("check tolerance=-1", "tolerance must be 0 or a positive number"),
			Arguments.of("check output=@/no-such-folder/c.csv", "the folder"),
			Arguments.of("density width=1 output=@/d.tif", "width must be at least 2"),
			Arguments.of("density output=@/d.jpg", "must end in .tif"),
			Arguments.of("density", "output: a .tif file for the density image is needed"),
			Arguments.of("density xmin=abc output=@/d.tif", "xmin: 'abc' is not a number"),
			Arguments.of("sample dataset=spiral", "dataset: 'spiral' is not one of moons, gmm8, mvn"),
			Arguments.of("sample samples=0", "samples must be at least 1"),
			Arguments.of("sample noise=-1", "noise must be a number of 0 or more"),
			Arguments.of("sample output=@/no-such-folder/s.csv", "the folder"),
			// no such command
			Arguments.of("trian", "unknown command 'trian'"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("parameters")
	void refusedBeforeAnyWork(final String words, final String phrase) throws IOException {
		final List<String> args = new ArrayList<>();
		for (final String w : words.split(" ")) args.add(w.replace("@", dir.toString()));
		final String command = args.get(0);
		final boolean usesModel = Arrays.asList("encode", "decode", "check", "density").contains(command);
		if (usesModel) args.add("model=" + dir.resolve("missing.json"));
		if (command.equals("train")) args.add("model=" + dir.resolve("new.json"));
		if (command.equals("train") || command.equals("encode") || command.equals("decode")) args.add("input=" + dir.resolve("missing.csv"));
		final CliTest.Run r = CliTest.flow(args.toArray(new String[0]));
		CliTest.assertBad(r, phrase);
		assertFalse(r.err.contains("missing.json") || r.err.contains("missing.csv"), "checked before the files are read: " + r.err);
		assertEquals("", r.out, "nothing on standard output");
		try (Stream<Path> files = Files.list(dir)) {
			assertEquals(0, files.count(), "nothing written");
		}
	}
}
