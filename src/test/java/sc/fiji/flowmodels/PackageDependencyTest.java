package sc.fiji.flowmodels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The layering of DESIGN.md, read from the sources' imports and fully qualified names: the math
 * and training are a library without ImageJ, AWT or JFreeChart; the front ends depend on the
 * commands, never the other way; and no two packages depend on each other in a circle.
 */
class PackageDependencyTest {

	private static final Path MAIN = Paths.get("src/main/java/sc/fiji/flowmodels");
	private static final String OURS = "sc.fiji.flowmodels.";
	private static final Pattern REFERENCE = Pattern.compile("\\b(sc\\.fiji\\.flowmodels\\.[a-z0-9]+|ij|java\\.awt|javax\\.swing|org\\.jfree|org\\.scijava)\\.[A-Za-z]");

	/** What each package of ours may not use (prefixes). */
	private static List<String> forbidden(final String pkg) {
		switch (pkg) {
			case "flow":
			case "train":
				return Arrays.asList("ij", "java.awt", "javax.swing", "org.jfree", "org.scijava");
			case "io":
			case "data":
			case "analysis":
				return Arrays.asList("ij", "java.awt", "javax.swing", "org.jfree", "org.scijava");
			case "plot":
				// image export writes ImageJ TIFFs; no windows, no commands
				return Arrays.asList("org.scijava");
			case "commands":
				return Arrays.asList("ij", OURS + "ij1", OURS + "cli");
			default:
				return Collections.emptyList();
		}
	}

	@Test
	void packagesKeepTheirLayersAndFormNoCycle() throws IOException {
		assertTrue(Files.isDirectory(MAIN), "run from the project folder");
		final List<String> violations = new ArrayList<>();
		final Map<String, Set<String>> uses = new TreeMap<>();
		int files = 0;
		try (Stream<Path> all = Files.walk(MAIN)) {
			for (final Path f : (Iterable<Path>) all.filter(p -> p.toString().endsWith(".java"))::iterator) {
				files++;
				final Path rel = MAIN.relativize(f);
				final String pkg = rel.getNameCount() > 1 ? rel.getName(0).toString() : "";
				uses.computeIfAbsent(pkg, k -> new TreeSet<>());
				final String text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "");
				final Matcher m = REFERENCE.matcher(text);
				while (m.find()) {
					final String used = m.group(1);
					for (final String bad : forbidden(pkg)) {
						if (used.equals(bad) || used.startsWith(bad + ".")) violations.add(rel + " uses " + used);
					}
					if (used.startsWith(OURS)) {
						final String other = used.substring(OURS.length());
						if (!other.equals(pkg)) uses.get(pkg).add(other);
					}
				}
			}
		}
		assertTrue(files > 50, "sources found: " + files);
		assertEquals(new ArrayList<String>(), violations);
		for (final String start : uses.keySet()) {
			final List<String> cycle = cycleFrom(start, start, uses, new ArrayList<>(), new TreeSet<>());
			assertEquals(null, cycle, "a package cycle");
		}
	}

	/** A path start → … → start through the "uses" edges, or null. */
	private static List<String> cycleFrom(final String start, final String at, final Map<String, Set<String>> uses,
		final List<String> path, final Set<String> seen)
	{
		path.add(at);
		for (final String next : uses.getOrDefault(at, Collections.emptySet())) {
			if (next.equals(start)) {
				final List<String> cycle = new ArrayList<>(path);
				cycle.add(start);
				return cycle;
			}
			if (seen.add(next)) {
				final List<String> c = cycleFrom(start, next, uses, path, seen);
				if (c != null) return c;
			}
		}
		path.remove(path.size() - 1);
		return null;
	}
}
