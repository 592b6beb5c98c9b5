package sc.fiji.flowmodels.commands;

import java.util.List;

import org.ejml.data.DMatrixRMaj;

import sc.fiji.flowmodels.InputException;
import sc.fiji.flowmodels.analysis.OutlierScore;
import sc.fiji.flowmodels.plot.LatentRadiusChart;
import sc.fiji.flowmodels.plot.Points2D;
import sc.fiji.flowmodels.plot.ScatterPairFigure;

/** The figures the commands show, built from their results. */
final class Figures {

	private Figures() {}

	/** Two distinct 1-based column numbers in 1…d from a {@code dims} text, as 0-based indices. */
	static int[] dims(final String text, final int d) {
		if (d < 2) throw new InputException("dims: the model has only " + d + " column; pictures need 2");
		final int[] v = FlowCommand.ints("dims", text == null || text.trim().isEmpty() ? "1,2" : text, 1, d);
		if (v.length != 2 || v[0] == v[1]) throw new InputException("dims: two different column numbers between 1 and " + d + " are needed, e.g. dims=1,2");
		return new int[] { v[0] - 1, v[1] - 1 };
	}

	/**
	 * The data ↔ latent pair: {@code source} is where the map starts (data for encode, latent
	 * for sample), {@code outliers} are rows in rank order.
	 */
	static ScatterPairFigure pair(final DMatrixRMaj data, final List<String> columns,
		final DMatrixRMaj latent, final int[] dims, final int[] outliers, final OutlierScore score,
		final ScatterPairFigure.Direction direction)
	{
		final Points2D x = Points2D.columns(data, dims[0], dims[1], columns.get(dims[0]), columns.get(dims[1]));
		final Points2D z = Points2D.columns(latent, dims[0], dims[1], "z" + (dims[0] + 1), "z" + (dims[1] + 1));
		return ScatterPairFigure.builder(x, z).outliers(outliers).outliersBy(score).direction(direction).latentDimension(latent.numCols).build();
	}

	static LatentRadiusChart radius(final double[] radius, final int d) {
		return new LatentRadiusChart(radius, d);
	}
}
