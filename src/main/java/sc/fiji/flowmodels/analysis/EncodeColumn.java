package sc.fiji.flowmodels.analysis;

import java.util.ArrayList;
import java.util.List;

import sc.fiji.flowmodels.flow.FlowResult;

/**
 * The columns encode appends to a table, declared once: name, whether the values are whole
 * numbers, and how each value is computed. Every front end (results tables, CSV files, the
 * streaming encode) writes from this list, in this order. A new column is one more constant.
 * <p>
 * Two kinds: {@link Stage#ROW} columns follow from the row's own flow result; {@link Stage#RANKS}
 * columns need every row's score first. All ROW columns come before the RANKS ones, so a streaming
 * encode can keep the first kind aside per row and append the second once all rows are known.
 */
public enum EncodeColumn {

	/** z1…zD: the latent point. */
	Z("z", Stage.ROW, false) {

		@Override
		public int count(final int d) {
			return d;
		}

		@Override
		public String name(final int j) {
			return "z" + (j + 1);
		}

		@Override
		double value(final FlowResult r, final int row, final int j) {
			return r.points.data[row * r.points.numCols + j];
		}
	},
	/** log p_X(x), in the units of the data columns. */
	LOG_PX("log_px", Stage.ROW, false) {

		@Override
		double value(final FlowResult r, final int row, final int j) {
			return r.logPx[row];
		}
	},
	/** log p_Z(z) of the standard normal. */
	LOG_PZ("log_pz", Stage.ROW, false) {

		@Override
		double value(final FlowResult r, final int row, final int j) {
			return r.logPz[row];
		}
	},
	/** log|det ∂f/∂x| of the whole data → latent map. */
	LOG_DET_J("log_det_j", Stage.ROW, false) {

		@Override
		double value(final FlowResult r, final int row, final int j) {
			return r.logDetJ[row];
		}
	},
	/** ‖z‖, the latent radius. */
	Z_RADIUS("z_radius", Stage.ROW, false) {

		@Override
		double value(final FlowResult r, final int row, final int j) {
			return Outliers.radius(r.points.data, row, r.points.numCols);
		}
	},
	/** 1…K for the K most outlying rows by the chosen score, else 0. */
	OUTLIER_RANK("outlier_rank", Stage.RANKS, true) {

		@Override
		double value(final RowRanks ranks, final int row) {
			return ranks.outlierRank(row);
		}
	},
	/** 1 for the K marked rows, else 0. */
	OUTLIER("outlier", Stage.RANKS, true) {

		@Override
		double value(final RowRanks ranks, final int row) {
			return ranks.outlierRank(row) > 0 ? 1 : 0;
		}
	},
	/** Every row's rank by ‖z‖, 1 = farthest from the latent origin. */
	RADIUS_RANK("radius_rank", Stage.RANKS, true) {

		@Override
		double value(final RowRanks ranks, final int row) {
			return ranks.radiusRank(row);
		}
	},
	/** Every row's rank by −log p_X, 1 = least likely. */
	DENSITY_RANK("density_rank", Stage.RANKS, true) {

		@Override
		double value(final RowRanks ranks, final int row) {
			return ranks.densityRank(row);
		}
	};

	/** When a column's values are known. */
	public enum Stage {
		/** from the row's own flow result */
		ROW,
		/** once every row's score is known */
		RANKS
	}

	private final String name;
	private final Stage stage;
	private final boolean integer;

	EncodeColumn(final String name, final Stage stage, final boolean integer) {
		this.name = name;
		this.stage = stage;
		this.integer = integer;
	}

	/** How many table columns this one is for D latent dimensions. */
	public int count(final int d) {
		return 1;
	}

	/** The name of table column {@code j} of this one (0 ≤ j < count). */
	public String name(final int j) {
		return name;
	}

	public Stage stage() {
		return stage;
	}

	public boolean integer() {
		return integer;
	}

	/** Table column {@code j} of this one for row {@code row} of a flow result (ROW columns). */
	double value(final FlowResult r, final int row, final int j) {
		throw new UnsupportedOperationException(name + " needs the ranks");
	}

	/** The value for row {@code row} (RANKS columns). */
	double value(final RowRanks ranks, final int row) {
		throw new UnsupportedOperationException(name + " is a row value");
	}

	// -- the layout of the appended block --------------------------------------------------

	/** The appended column names for D latent dimensions, in order. */
	public static String[] names(final int d) {
		final List<String> names = new ArrayList<>();
		for (final EncodeColumn c : values()) {
			for (int j = 0; j < c.count(d); j++) names.add(c.name(j));
		}
		return names.toArray(new String[0]);
	}

	/** Which appended columns hold whole numbers. */
	public static boolean[] integers(final int d) {
		final boolean[] integer = new boolean[width(d)];
		int at = 0;
		for (final EncodeColumn c : values()) {
			for (int j = 0; j < c.count(d); j++) integer[at++] = c.integer;
		}
		return integer;
	}

	/** How many columns encode appends. */
	public static int width(final int d) {
		int w = 0;
		for (final EncodeColumn c : values()) w += c.count(d);
		return w;
	}

	/** How many of them are {@link Stage#ROW} columns (they come first). */
	public static int rowWidth(final int d) {
		int w = 0;
		for (final EncodeColumn c : values()) {
			if (c.stage == Stage.ROW) w += c.count(d);
		}
		return w;
	}

	/** The index of this column (its first, for z) among the appended ones. */
	public int offset(final int d) {
		int at = 0;
		for (final EncodeColumn c : values()) {
			if (c == this) return at;
			at += c.count(d);
		}
		throw new AssertionError();
	}

	/**
	 * Writes the ROW columns of rows {@code 0…rows−1} of {@code r} into {@code out}, row i at
	 * {@code out[i·stride …]}.
	 */
	public static void fillRows(final FlowResult r, final int rows, final double[] out, final int stride) {
		final int d = r.points.numCols;
		for (int i = 0; i < rows; i++) {
			int at = i * stride;
			for (final EncodeColumn c : values()) {
				if (c.stage != Stage.ROW) continue;
				for (int j = 0; j < c.count(d); j++) out[at++] = c.value(r, i, j);
			}
		}
	}

	/**
	 * Writes the RANKS columns of table rows {@code first…first+rows−1} into {@code out}: table row
	 * {@code first + i} at {@code out[i·stride + rowWidth(d) …]}.
	 */
	public static void fillRanks(final RowRanks ranks, final int first, final int rows, final int d,
		final double[] out, final int stride)
	{
		final int from = rowWidth(d);
		for (int i = 0; i < rows; i++) {
			int at = i * stride + from;
			for (final EncodeColumn c : values()) {
				if (c.stage == Stage.RANKS) out[at++] = c.value(ranks, first + i);
			}
		}
	}

	static {
		boolean ranks = false;
		for (final EncodeColumn c : values()) {
			if (c.stage == Stage.RANKS) ranks = true;
			else if (ranks) throw new AssertionError("ROW columns must come before RANKS columns: " + c);
		}
	}
}
