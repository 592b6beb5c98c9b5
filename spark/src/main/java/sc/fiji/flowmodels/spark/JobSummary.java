package sc.fiji.flowmodels.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import sc.fiji.flowmodels.analysis.OutlierScore;

/** What a job did, for standard output: rows, files, seconds, rows per second, and its findings. */
final class JobSummary {

	private final String command;
	private final long rows;
	private final int files;
	private final long nanos;
	private final List<String> lines = new ArrayList<>();

	JobSummary(final String command, final long rows, final int files, final long nanos) {
		this.command = command;
		this.rows = rows;
		this.files = files;
		this.nanos = nanos;
	}

	long rows() {
		return rows;
	}

	/** The most outlying rows, rank 1 first, with their files. */
	void top(final OutlierScore score, final List<EncodeJob.Top> top, final InputFiles in) {
		if (top.isEmpty()) return;
		lines.add(String.format(Locale.ROOT, "top outliers by %s (%s): rank, file, row, score", score.key(), score.plainSymbol()));
		for (final EncodeJob.Top t : top) {
			lines.add(String.format(Locale.ROOT, "  %2d  %s  row %,d  %.6g", t.rank, in.source(t.file), t.row, t.score));
		}
	}

	/** The rows whose results are not finite numbers, as the command line's encode reports them. */
	void nonFinite(final FileScan[] scans, final InputFiles in) {
		long n = 0;
		String first = null;
		for (final FileScan s : scans) {
			if (s.nonFinite > 0 && first == null) first = String.format(Locale.ROOT, "%s row %,d", in.source(s.file), s.firstNonFinite + 1);
			n += s.nonFinite;
		}
		if (n == 0) return;
		lines.add(String.format(Locale.ROOT, "%,d row%s (first: %s) gave a result that is not a finite number (values too large for the model?) and rank%s as the most outlying", n, n == 1 ? "" : "s", first, n == 1 ? "s" : ""));
	}

	void line(final String text) {
		lines.add(text);
	}

	String format() {
		final double seconds = nanos / 1e9;
		final StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "flow spark %s: %,d rows in %,d file%s, %.1f s, %,.0f rows/s%n", command, rows, files, files == 1 ? "" : "s", seconds, rows / seconds));
		for (final String l : lines) b.append(l).append(System.lineSeparator());
		return b.toString();
	}
}
