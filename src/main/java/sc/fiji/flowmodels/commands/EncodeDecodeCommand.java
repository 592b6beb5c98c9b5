package sc.fiji.flowmodels.commands;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.ejml.data.DMatrixRMaj;
import org.scijava.command.Command;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import sc.fiji.flowmodels.CanceledException;
import sc.fiji.flowmodels.InputException;
import sc.fiji.flowmodels.analysis.EncodeColumn;
import sc.fiji.flowmodels.analysis.OutlierRanks;
import sc.fiji.flowmodels.analysis.OutlierScore;
import sc.fiji.flowmodels.analysis.Outliers;
import sc.fiji.flowmodels.data.ColumnSelection;
import sc.fiji.flowmodels.data.DataTable;
import sc.fiji.flowmodels.data.TableMessages;
import sc.fiji.flowmodels.flow.Compute;
import sc.fiji.flowmodels.flow.Flow;
import sc.fiji.flowmodels.flow.Precision;
import sc.fiji.flowmodels.flow.FlowResult;
import sc.fiji.flowmodels.io.CsvChunk;
import sc.fiji.flowmodels.io.CsvChunkReader;
import sc.fiji.flowmodels.plot.RadiusDensityChart;
import sc.fiji.flowmodels.io.TempFiles;
import sc.fiji.flowmodels.io.TwoPassSource;
import sc.fiji.flowmodels.plot.ScatterPairFigure;
import sc.fiji.flowmodels.train.FlowModel;

/**
 * {@code Plugins › Flow › Encode/Decode}: maps points through a trained flow.
 * <ul>
 * <li>{@code encode}: data → latent; appends the {@link EncodeColumn}s ({@code z1…zD, log_px,
 * log_pz, log_det_j, z_radius, outlier_rank, outlier, radius_rank, density_rank}) to the input's
 * columns, the outliers ranked by {@code score}. A CSV file to a CSV file streams in chunks, so
 * tables far larger than memory work.</li>
 * <li>{@code decode}: latent columns {@code z1…zD} → the model's data columns and
 * {@code log_px}.</li>
 * <li>{@code sample}: new points, {@code z1…zD}, the data columns and {@code log_px}.</li>
 * </ul>
 */
@Plugin(type = Command.class, menuPath = "Plugins>Flow>Encode/Decode", label = "Encode/Decode", description = "Scores every row of a table with a trained model (how likely it is, where it lands in latent space) and marks the most outlying rows; or maps latent points back, or draws new points.")
public class EncodeDecodeCommand extends FlowCommand {

	/** Rows read per chunk when streaming a CSV file. */
	static final int STREAM_CHUNK = 8192;

	@Parameter(label = "Model file", style = FileWidget.OPEN_STYLE, required = false, description = "blank: the model trained or used last")
	public File model;

	@Parameter(label = "Direction", choices = { "encode", "decode", "sample" }, description = "encode: data → latent; decode: latent → data; sample: new points from the model")
	public String direction = "encode";

	@Parameter(label = "Input table", required = false, description = "results table title or CSV file (not used for sample)")
	public String input = "";

	@Parameter(label = "Samples", min = "1", description = "number of points for sample")
	public int samples = 1000;

	@Parameter(label = "Temperature", description = "sample: sd of the latent points (1 = the model itself)")
	public double temperature = 1.0;

	@Parameter(label = "Outliers", min = "0", description = "how many of the most outlying rows to mark (outlier_rank 1…K)")
	public int outliers = 10;

	@Parameter(label = "Outlier score", choices = { "density", "radius" }, description = "what makes a row an outlier: density = least likely in data space (largest −log p_X, in the units of your columns); radius = farthest from the latent origin (largest ‖z‖, the seed article's choice)")
	public String score = "density";

	@Parameter(label = "Output", required = false, description = "table title or CSV file; equal to input: add the columns to the input table")
	public String output = "";

	@Parameter(label = "x column (image)", required = false, description = "column with the x image coordinate, for outlier ROIs")
	public String x = "";

	@Parameter(label = "y column (image)", required = false, description = "column with the y image coordinate, for outlier ROIs")
	public String y = "";

	@Parameter(label = "Plot dims", required = false, description = "the two columns (1-based) shown in the plots when D > 2", attrs = @Attr(name = "advanced"))
	public String dims = "1,2";

	@Parameter(label = "Seed", description = "sample: the same seed gives the same points", attrs = @Attr(name = "advanced"))
	public long seed = 1;

	@Parameter(label = "Precision", choices = { "double", "float" }, description = "arithmetic of the coupling networks: float is about 1.5 times faster; z and log p_X then differ from double by about 1e-6 typically, up to 1e-4 relative in the far tails", attrs = @Attr(name = "advanced"))
	public String precision = "double";

	/** The result of the last run, for scripts. */
	private DataTable result;
	/** This run's threads and precision (the flow may be shared with other runs: ModelCache). */
	private Compute compute = Compute.defaults();
	private OutlierScore outlierScore = OutlierScore.DENSITY;

	public DataTable result() {
		return result;
	}

	@Override
	public void execute() {
		atLeast("outliers", outliers, 0);
		final String dir = direction == null ? "" : direction.trim();
		if (!Arrays.asList("encode", "decode", "sample").contains(dir)) throw new InputException("direction: '" + direction + "' is not one of encode, decode, sample");
		final String prec = precision == null ? "" : precision.trim();
		if (!Arrays.asList("double", "float").contains(prec)) throw new InputException("precision: '" + precision + "' is not one of double, float");
		compute = Compute.of(prec.equals("float") ? Precision.FLOAT : Precision.DOUBLE);
		outlierScore = OutlierScore.parse(score);
		if (dir.equals("sample")) {
			atLeast("samples", samples, 1);
			positive("temperature", temperature);
			atMost("temperature", temperature, 100, "the latent points are temperature × N(0, I): beyond 100 sd they are far outside anything the model was fitted to, and toward 1e300 the numbers overflow to NaN");
		}
		checkOutput(output, model, dir.equals("sample") ? "" : input, dir.equals("encode"));
		final FlowModel m = loadModel(model);
		final Flow flow = m.flow();
		if (host().showsFigures() && flow.dimension() >= 2) Figures.dims(dims, flow.dimension());
		switch (dir) {
			case "encode":
				if (host().isFile(input) && host().isFile(output) && !host().showsFigures()) streamEncode(flow);
				else encodeTable(flow);
				break;
			case "decode":
				decode(flow);
				break;
			default:
				sample(flow);
		}
	}

	/** Refuses a table that already has a column encode would append (it is never overwritten). */
	public static void refuseEncodeColumns(final int d, final java.util.function.Predicate<String> present, final String source) {
		for (final String name : EncodeColumn.names(d)) {
			if (present.test(name)) throw new InputException(TableMessages.columnExists(source, name));
		}
	}

	/**
	 * Encodes {@code points} and writes the {@link EncodeColumn.Stage#ROW} columns of each row into
	 * {@code out} (row i at {@code out[i·stride …]}); collects ‖z‖ and log p_X of row i at
	 * {@code radius[first + i]} and {@code logPx[first + i]}.
	 */
	private void encodeRows(final Flow flow, final DMatrixRMaj points, final double[] out, final int stride,
		final double[] radius, final double[] logPx, final int first)
	{
		final int d = flow.dimension();
		final int r = EncodeColumn.Z_RADIUS.offset(d), l = EncodeColumn.LOG_PX.offset(d);
		EncodeColumn.fillRows(flow.encode(points, compute), points.numRows, out, stride);
		for (int i = 0; i < points.numRows; i++) {
			radius[first + i] = out[i * stride + r];
			logPx[first + i] = out[i * stride + l];
		}
	}

	private void checkImageColumns(final List<String> available, final String source) {
		final boolean hasX = !x.trim().isEmpty(), hasY = !y.trim().isEmpty();
		if (hasX != hasY) throw new InputException("x and y: give both image-coordinate columns or neither");
		if (hasX) ColumnSelection.requireColumns(source, available, new String[] { x.trim(), y.trim() });
	}

	private void encodeTable(final Flow flow) {
		final DataTable table = host().readTable(input);
		final String[] cols = flow.columns().toArray(new String[0]);
		final ColumnSelection sel = ColumnSelection.select(table, cols);
		checkImageColumns(table.dataColumnNames(), table.source());
		final int d = flow.dimension(), n = sel.values().numRows, c = EncodeColumn.width(d);
		refuseEncodeColumns(d, name -> table.indexOf(name) >= 0, table.source());
		final DMatrixRMaj appended = new DMatrixRMaj(n, c);
		final double[] radius = new double[n], logPx = new double[n];
		encodeRows(flow, sel.values(), appended.data, c, radius, logPx, 0);
		final OutlierRanks ranks = new OutlierRanks(radius, logPx, n, outliers, outlierScore);
		EncodeColumn.fillRanks(ranks, 0, n, d, appended.data, c);
		final int[] top = ranks.top();
		final DataTable out = table.withNumericColumns(EncodeColumn.names(d), appended, EncodeColumn.integers(d));
		final boolean inPlace = !output.trim().isEmpty() && output.trim().equals(input.trim());
		if (inPlace) host().log("Encode/Decode: output equals input, adding the encode columns to " + table.source());
		host().writeTable(output, "Encoded", out);
		result = out;
		double[] px = null, py = null;
		if (!x.trim().isEmpty()) {
			final ColumnSelection xy = ColumnSelection.select(table, new String[] { x.trim(), y.trim() });
			px = new double[top.length];
			py = new double[top.length];
			for (int k = 0; k < top.length; k++) {
				px[k] = xy.values().get(top[k], 0);
				py[k] = xy.values().get(top[k], 1);
			}
		}
		// the input's rows: its particles' ROIs, or points at x, y
		host().outlierRois(table.source(), n, px, py, top);
		summary(table.source(), ranks, radius, logPx);
		if (host().showsFigures()) {
			if (d >= 2) {
				final DMatrixRMaj z = new DMatrixRMaj(n, d);
				for (int i = 0; i < n; i++) System.arraycopy(appended.data, i * c, z.data, i * d, d);
				host().show("data to latent", Figures.pair(sel.values(), flow.columns(), z, Figures.dims(dims, d), top, outlierScore, ScatterPairFigure.Direction.DATA_TO_LATENT));
			}
			host().show("latent radius", Figures.radius(radius, d));
			host().show("outliers stay outliers", new RadiusDensityChart(radius, logPx, ranks, table.source()));
		}
	}

	/**
	 * Encodes a CSV file into a CSV file in two passes: the first encodes every chunk, spills
	 * the values to a temporary file and keeps only ‖z‖ per row (8 bytes); the second copies
	 * each input row and appends its values with the outlier ranks, now known.
	 */
	private void streamEncode(final Flow flow) {
		if (input == null || input.trim().isEmpty()) throw new InputException("input: a CSV file is needed (input=points.csv)");
		final TwoPassSource in = TwoPassSource.open(FileHost.path(input));
		final String[] cols = flow.columns().toArray(new String[0]);
		final int d = flow.dimension(), c = EncodeColumn.width(d), spill = EncodeColumn.rowWidth(d);
		Path tmp = null;
		try {
			tmp = TempFiles.create("flow-encode-", ".bin");
			double[] radius = new double[1 << 16], logPx = new double[1 << 16];
			final double[] block = new double[STREAM_CHUNK * spill];
			int n = 0;
			String source;
			try (CsvChunkReader reader = in.first(cols, STREAM_CHUNK);
				DataOutputStream spillOut = new DataOutputStream(new BufferedOutputStream(TempFiles.output(tmp), 1 << 16)))
			{
				source = reader.source();
				checkImageColumns(reader.header(), reader.source());
				refuseEncodeColumns(d, reader.header()::contains, reader.source());
				for (CsvChunk chunk = reader.next(); chunk != null; chunk = reader.next()) {
					if (host().isCanceled()) throw new CanceledException("encode cancelled; nothing written");
					if (n + chunk.rows() > radius.length) {
						radius = Arrays.copyOf(radius, Math.max(2 * radius.length, n + chunk.rows()));
						logPx = Arrays.copyOf(logPx, radius.length);
					}
					encodeRows(flow, rowsOf(chunk), block, spill, radius, logPx, n);
					for (int i = 0; i < chunk.rows() * spill; i++) spillOut.writeDouble(block[i]);
					n += chunk.rows();
					host().progress("encoding", reader.rowsRead(), -1);
				}
			}
			// exactly n rows from here on: doubling left up to half of each array unused, and the
			// ranking and the second pass need the room (SubprocessTest: 600,000 rows in 40 MB)
			radius = Arrays.copyOf(radius, n);
			logPx = Arrays.copyOf(logPx, n);
			final OutlierRanks ranks = new OutlierRanks(radius, logPx, n, outliers, outlierScore);
			final Path spilled = tmp;
			host().writeCsv(output, csv -> {
				// the second pass copies the rows' text: no column is parsed again
				try (CsvChunkReader reader = in.second(new String[0], STREAM_CHUNK, ranks.rows());
					DataInputStream spillIn = new DataInputStream(new BufferedInputStream(Files.newInputStream(spilled), 1 << 16)))
				{
					csv.header(reader, EncodeColumn.names(d));
					final DMatrixRMaj out = new DMatrixRMaj(STREAM_CHUNK, c);
					final boolean[] integer = EncodeColumn.integers(d);
					int row = 0;
					for (CsvChunk chunk = reader.next(); chunk != null; chunk = reader.next()) {
						if (host().isCanceled()) throw new CanceledException("encode cancelled; nothing written");
						for (int i = 0; i < chunk.rows(); i++) {
							for (int j = 0; j < spill; j++) out.data[i * c + j] = spillIn.readDouble();
						}
						EncodeColumn.fillRanks(ranks, row, chunk.rows(), d, out.data, c);
						row += chunk.rows();
						csv.rows(chunk, out, integer, compute.threads());
					}
				}
			});
			summary(source, ranks, radius, logPx);
		}
		catch (final IOException e) {
			throw new InputException("encode: temporary file: " + e.getMessage());
		}
		finally {
			TempFiles.delete(tmp);
			in.close();
		}
	}

	/** The chunk's selected values as a matrix of exactly its rows. */
	private static DMatrixRMaj rowsOf(final CsvChunk chunk) {
		final DMatrixRMaj v = chunk.values();
		if (v.numRows == chunk.rows()) return v;
		final DMatrixRMaj m = new DMatrixRMaj(chunk.rows(), v.numCols);
		System.arraycopy(v.data, 0, m.data, 0, m.data.length);
		return m;
	}

	/**
	 * The Log's line about an encode: the rows, the outliers by the chosen score with their values,
	 * and how far the latent radius and the density agree.
	 */
	private void summary(final String source, final OutlierRanks ranks, final double[] radius, final double[] logPx) {
		final OutlierScore s = ranks.score();
		final StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "Encode/Decode: encoded %,d rows of %s", ranks.rows(), source));
		final int[] top = ranks.top();
		if (top.length > 0) {
			// "outliers by density: row 297 (-log p_X 2.962), row 799 (2.938), …"
			b.append(String.format(Locale.ROOT, "; outliers by %s:", s.key()));
			for (int k = 0; k < Math.min(top.length, 10); k++) {
				b.append(k == 0 ? " " : ", ").append(String.format(Locale.ROOT, "row %d (%s%.3f)", top[k] + 1, k == 0 ? s.plainSymbol() + " " : "", s.of(logPx[top[k]], radius[top[k]])));
			}
			if (top.length > 10) b.append(", …");
		}
		final String agreement = RadiusDensityChart.summary(ranks, OutlierScore.RADIUS.plainSymbol(), OutlierScore.DENSITY.plainSymbol());
		if (!agreement.isEmpty()) b.append("; ").append(agreement);
		if (ranks.nonFinite() > 0) {
			b.append(String.format(Locale.ROOT, "; %d row%s (first: row %d) gave a result that is not a finite number (values too large for the model?) and rank%s as the most outlying", ranks.nonFinite(), ranks.nonFinite() == 1 ? "" : "s", ranks.firstNonFinite() + 1, ranks.nonFinite() == 1 ? "s" : ""));
		}
		host().log(b.toString());
	}

	private void decode(final Flow flow) {
		final DataTable table = host().readTable(input);
		final int d = flow.dimension();
		final String[] zs = new String[d];
		for (int j = 0; j < d; j++) zs[j] = "z" + (j + 1);
		final ColumnSelection sel = ColumnSelection.select(table, zs);
		final FlowResult r = flow.decode(sel.values(), compute);
		final DataTable out = pointsTable(table.source() + " decoded", null, r.points, flow.columns(), r.logPx);
		host().writeTable(output, "Decoded", out);
		result = out;
		host().log(String.format(Locale.ROOT, "Encode/Decode: decoded %d rows", sel.values().numRows));
	}

	private void sample(final Flow flow) {
		Budget.requireSampling(samples, flow.dimension());
		final FlowResult r = flow.decode(flow.sampleLatent(samples, temperature, seed), compute);
		final int d = flow.dimension();
		final DataTable out = pointsTable("samples", r.source, r.points, flow.columns(), r.logPx);
		host().writeTable(output, "Samples", out);
		result = out;
		host().log(String.format(Locale.ROOT, "Encode/Decode: sampled %d points (temperature %s, seed %d)", samples, CommandInputs.format(temperature), seed));
		if (host().showsFigures() && d >= 2) {
			final double[] value = new double[samples];
			for (int i = 0; i < samples; i++) value[i] = outlierScore.of(r.logPx[i], Outliers.radius(r.source.data, i, d));
			final int[] top = Outliers.top(value, samples, outliers);
			host().show("latent to data", Figures.pair(r.points, flow.columns(), r.source, Figures.dims(dims, d), top, outlierScore, ScatterPairFigure.Direction.LATENT_TO_DATA));
		}
	}

	/** A new table: {@code z1…zD} (if given), the data columns, {@code log_px}. */
	private static DataTable pointsTable(final String source, final DMatrixRMaj z, final DMatrixRMaj x,
		final List<String> columns, final double[] logPx)
	{
		final int n = x.numRows, d = x.numCols;
		final DataTable.Builder b = DataTable.builder(source, n);
		if (z != null) {
			for (int j = 0; j < d; j++) b.addNumeric("z" + (j + 1), column(z, j));
		}
		for (int j = 0; j < d; j++) b.addNumeric(columns.get(j), column(x, j));
		b.addNumeric("log_px", logPx.clone());
		return b.build();
	}

	static double[] column(final DMatrixRMaj m, final int j) {
		final double[] v = new double[m.numRows];
		for (int i = 0; i < v.length; i++) v[i] = m.data[i * m.numCols + j];
		return v;
	}
}
