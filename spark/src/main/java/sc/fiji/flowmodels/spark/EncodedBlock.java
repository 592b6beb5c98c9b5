package sc.fiji.flowmodels.spark;

import java.io.Serializable;

import sc.fiji.flowmodels.analysis.EncodeColumn;
import sc.fiji.flowmodels.analysis.OutlierScore;

/**
 * The {@link EncodeColumn.Stage#ROW} columns of one chunk of consecutive rows of one file: what the
 * encode's first pass keeps (Spark persists these blocks on the executors' disks, as the command
 * line spills them to a temporary file) until the ranks are known. A block without rows carries
 * the message of the bad input that ended its file.
 */
final class EncodedBlock implements Serializable {

	private static final long serialVersionUID = 1L;

	final int file;
	/** 0-based row of the file where this block starts. */
	final int first;
	final int rows;
	/** Row i's columns at {@code values[i·width …]}, width = {@link EncodeColumn#rowWidth}. */
	final double[] values;
	final String error;

	EncodedBlock(final int file, final int first, final int rows, final double[] values) {
		this.file = file;
		this.first = first;
		this.rows = rows;
		this.values = values;
		this.error = null;
	}

	/** The block that reports bad input in its file. */
	EncodedBlock(final int file, final String error) {
		this.file = file;
		this.first = 0;
		this.rows = 0;
		this.values = new double[0];
		this.error = error;
	}

	/** Where a block's rows hold what the scores are made of, for a flow of dimension D. */
	static final class Layout implements Serializable {

		private static final long serialVersionUID = 1L;

		/** Values per row: {@link EncodeColumn#rowWidth}. */
		final int width;
		private final int logPx, radius;

		Layout(final int d) {
			width = EncodeColumn.rowWidth(d);
			logPx = EncodeColumn.LOG_PX.offset(d);
			radius = EncodeColumn.Z_RADIUS.offset(d);
		}

		/** Row {@code i}'s score {@code s} in block {@code b}. */
		double score(final EncodedBlock b, final OutlierScore s, final int i) {
			return s.of(b.values[i * width + logPx], b.values[i * width + radius]);
		}
	}
}
