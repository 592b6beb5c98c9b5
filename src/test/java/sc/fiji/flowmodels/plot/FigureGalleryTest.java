package sc.fiji.flowmodels.plot;

import java.nio.file.Paths;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** Runs only on request: {@code -Dflow.gallery=/some/folder}. */
class FigureGalleryTest {

	static {
		System.setProperty("java.awt.headless", "true");
	}

	@Test
	@EnabledIfSystemProperty(named = "flow.gallery", matches = ".+")
	void writeExamplePictures() throws Exception {
		FigureGallery.writeAll(Paths.get(System.getProperty("flow.gallery")));
	}
}
