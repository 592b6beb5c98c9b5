package sc.fiji.flowmodels.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.scijava.plugin.Parameter;

import sc.fiji.flowmodels.flow.ElementwiseMap;

/** The Train dialog's coupling choices are the coupling kinds (the annotation must list them by hand). */
class CouplingChoicesTest {

	@Test
	void trainOffersEveryCouplingKind() throws Exception {
		final List<String> kinds = new ArrayList<>();
		for (final ElementwiseMap.Kind k : ElementwiseMap.Kind.values()) kinds.add(k.key());
		final Parameter p = TrainCommand.class.getField("coupling").getAnnotation(Parameter.class);
		assertEquals(kinds, Arrays.asList(p.choices()));
		assertEquals(ElementwiseMap.Kind.AFFINE.key(), new TrainCommand().coupling, "the default stays RealNVP's");
	}
}
