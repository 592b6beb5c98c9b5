package sc.fiji.flowmodels.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Font;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.swing.JComponent;
import javax.swing.SwingUtilities;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Training and validation NLL per epoch, growing while a model trains.
 * <p>
 * {@link #addEpoch} may be called from any thread (typically the trainer's worker). Every
 * panel from {@link #createPanel()} is brought up to date on the Swing event thread; several
 * epochs arriving quickly cause one repaint, not one each. Drawing and export use a snapshot of
 * the epochs so far and never touch a chart on screen, so they work headless and from any thread.
 * <p>
 * A dashed line marks the epoch with the lowest validation NLL: the weights early stopping
 * keeps. That may be epoch 0, the initial weights, whose validation NLL {@link #addInitial}
 * records before the first epoch. When training has ended, {@link #finish} adds how it ended
 * and, if the model learned nothing, a warning with what to try, as lines under the title.
 */
public final class TrainingCurve extends ChartFigure {

	private static final String TRAIN = "training NLL";
	private static final String VALIDATION = "validation NLL";

	private final Object lock = new Object();
	private final List<double[]> epochs = new ArrayList<>(); // {epoch, train, validation}
	private final List<LiveChart> live = new CopyOnWriteArrayList<>();
	private final String title;
	/** How training ended and a warning, or null while it runs. */
	private volatile String ending, warning;

	public TrainingCurve() {
		this("Training curve");
	}

	public TrainingCurve(final String title) {
		this.title = title;
	}

	/** A finished history: epochs 1, 2, …; {@code validation} may be null or hold NaN. */
	public static TrainingCurve of(final double[] train, final double[] validation) {
		final TrainingCurve curve = new TrainingCurve();
		for (int e = 0; e < train.length; e++) {
			curve.addEpoch(e + 1, train[e], validation == null || e >= validation.length ? Double.NaN : validation[e]);
		}
		return curve;
	}

	/**
	 * Records the validation NLL of the initial weights, as epoch 0 (before the first epoch).
	 * Thread-safe; returns at once.
	 */
	public void addInitial(final double validation) {
		addEpoch(0, Double.NaN, validation);
	}

	/**
	 * Says how training ended, and (or null) a warning, under the title of every chart, also
	 * those on screen. Thread-safe.
	 */
	public void finish(final String how, final String warn) {
		ending = how;
		warning = warn;
		for (final LiveChart chart : live) chart.schedule();
	}

	/** How training ended ({@link #finish}), or null while it runs. */
	public String ending() {
		return ending;
	}

	/** The warning given to {@link #finish}, or null. */
	public String warning() {
		return warning;
	}

	/**
	 * Records one epoch. Thread-safe; returns at once.
	 *
	 * @param train mean NLL on the training set (nats per point)
	 * @param validation mean NLL on the validation set, or NaN when there is none. Values that are
	 *          not finite (a diverged run) leave a gap in the line.
	 */
	public void addEpoch(final int epoch, final double train, final double validation) {
		synchronized (lock) {
			epochs.add(new double[] { epoch, finiteOrNaN(train), finiteOrNaN(validation) });
		}
		for (final LiveChart chart : live) chart.schedule();
	}

	/** Number of epochs recorded so far. */
	public int size() {
		synchronized (lock) {
			return epochs.size();
		}
	}

	private double[][] snapshot(final int from) {
		synchronized (lock) {
			final int n = epochs.size();
			final double[][] copy = new double[Math.max(0, n - from)][];
			for (int i = from; i < n; i++) copy[i - from] = epochs.get(i).clone();
			return copy;
		}
	}

	@Override
	public String title() {
		return title;
	}

	@Override
	public Dimension preferredSize() {
		return new Dimension(720, 460);
	}

	/** A new chart of the epochs so far (it does not follow later epochs). */
	@Override
	public JFreeChart createChart() {
		final Parts parts = new Parts();
		parts.append(snapshot(0));
		parts.ending();
		return parts.chart;
	}

	/** A panel that follows new epochs as they arrive. Call on the EDT. */
	@Override
	public JComponent createPanel() {
		final LiveChart chart = new LiveChart();
		live.add(chart);
		chart.sync();
		return ChartStyle.panel(chart.parts.chart, preferredSize());
	}

	/** How many spreads of the middle half above its top a value is left off the axis. */
	static final double FENCE = 10;

	/** The value above which points are left off the NLL axis: see {@code Parts.scale}. */
	static double fence(final List<double[]> points) {
		if (points.size() < 4) return Double.POSITIVE_INFINITY;
		final double[] v = new double[points.size()];
		for (int i = 0; i < v.length; i++) v[i] = points.get(i)[1];
		java.util.Arrays.sort(v);
		final double q1 = v[(v.length - 1) / 4], q3 = v[3 * (v.length - 1) / 4];
		return q3 + FENCE * Math.max(q3 - q1, 1);
	}

	private static double finiteOrNaN(final double v) {
		return Double.isFinite(v) ? v : Double.NaN;
	}

	/** One chart with its series and best-epoch marker. */
	private final class Parts {

		final XYSeries train = new XYSeries(TRAIN, false, true);
		final XYSeries validation = new XYSeries(VALIDATION, false, true);
		final XYSeriesCollection dataset = new XYSeriesCollection();
		final XYPlot plot;
		final JFreeChart chart;
		final ValueMarker best = new ValueMarker(0);
		/** Says which values lie above the scale, or null while none do. */
		TextTitle offScale;
		double bestValue = Double.POSITIVE_INFINITY;
		boolean markerShown, ended;

		Parts() {
			dataset.addSeries(train);
			plot = ChartStyle.plot(new XYPlot(), "epoch", "NLL = \u2212mean log p_X (nats per point)");
			plot.setDataset(dataset);
			final XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
			renderer.setSeriesPaint(0, PlotColors.TRAIN);
			renderer.setSeriesPaint(1, PlotColors.VALIDATION);
			renderer.setSeriesStroke(0, new BasicStroke(2f));
			renderer.setSeriesStroke(1, new BasicStroke(2f));
			renderer.setDefaultToolTipGenerator((data, series, item) -> String.format(Locale.ROOT,
				"%s, epoch %d: %.5g", data.getSeriesKey(series), Math.round(data.getXValue(series, item)), data
					.getYValue(series, item)));
			plot.setRenderer(renderer);
			final NumberAxis epochAxis = (NumberAxis) plot.getDomainAxis();
			epochAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
			best.setPaint(new Color(0x55, 0x55, 0x55));
			best.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] { 4f,
				3f }, 0f));
			best.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
			best.setLabelPaint(new Color(0x33, 0x33, 0x33));
			best.setLabelOffset(new RectangleInsets(4, 4, 4, 4));
			best.setLabelBackgroundColor(new Color(255, 255, 255, 210));
			chart = ChartStyle.chart(title, plot, true);
		}

		/** Adds rows (in order) to the series, without one event per point. */
		void append(final double[][] rows) {
			if (rows.length == 0) return;
			for (final double[] row : rows) {
				// epoch 0 has only a validation NLL; later NaNs (a diverged run) leave gaps
				if (row[0] > 0) train.add(row[0], row[1], false);
				if (!Double.isNaN(row[2])) {
					if (dataset.getSeriesCount() < 2) dataset.addSeries(validation);
					validation.add(row[0], row[2], false);
					if (row[2] < bestValue) {
						bestValue = row[2];
						best.setValue(row[0]);
						best.setLabel(String.format(Locale.ROOT, "best validation: epoch %d%s", Math.round(row[0]), row[0] == 0 ? " (initial weights)" : ""));
					}
				}
			}
			if (bestValue < Double.POSITIVE_INFINITY) {
				// label on the side of the line with more room, so it is never cut off
				final boolean late = train.getItemCount() > 0 && best.getValue() > 0.5 * (train.getMinX() + train.getMaxX());
				best.setLabelAnchor(late ? RectangleAnchor.TOP_LEFT : RectangleAnchor.TOP_RIGHT);
				best.setLabelTextAnchor(late ? TextAnchor.TOP_RIGHT : TextAnchor.TOP_LEFT);
				if (!markerShown) {
					plot.addDomainMarker(best, Layer.BACKGROUND);
					markerShown = true;
				}
			}
			train.fireSeriesChanged();
			validation.fireSeriesChanged();
			scale();
		}

		/**
		 * The NLL axis: every value, unless a few lie far above the rest (more than
		 * {@value #FENCE} times the spread of the middle half above its top, the spread at
		 * least 1 nat); the axis then ends above the others and a line says what it leaves
		 * out. Why: a 16-coupling flow on the moons averaged a training NLL of 8.3 million
		 * in its first epoch and about 1 after; on an axis up to 8.5 million the whole curve
		 * after epoch 1 was a flat line at 0.
		 */
		void scale() {
			final List<double[]> points = new ArrayList<>(); // {epoch, value, series}
			for (int k = 0; k < dataset.getSeriesCount(); k++) {
				final XYSeries series = dataset.getSeries(k);
				for (int i = 0; i < series.getItemCount(); i++) {
					final double y = series.getY(i) == null ? Double.NaN : series.getY(i).doubleValue();
					if (Double.isFinite(y)) points.add(new double[] { series.getX(i).doubleValue(), y, k });
				}
			}
			final double fence = fence(points);
			final StringBuilder out = new StringBuilder();
			double low = Double.POSITIVE_INFINITY, high = Double.NEGATIVE_INFINITY;
			for (final double[] p : points) {
				if (p[1] > fence) {
					out.append(out.length() == 0 ? "above the scale: " : "; ").append(String.format(Locale.ROOT, "%s of epoch %d, %.3g", p[2] == 0 ? TRAIN : VALIDATION, Math.round(p[0]), p[1]));
					continue;
				}
				low = Math.min(low, p[1]);
				high = Math.max(high, p[1]);
			}
			final NumberAxis axis = (NumberAxis) plot.getRangeAxis();
			if (out.length() == 0 || !(high > low)) {
				axis.setAutoRange(true);
				if (offScale != null) chart.removeSubtitle(offScale);
				offScale = null;
				return;
			}
			final double pad = 0.05 * (high - low);
			axis.setRange(low - pad, high + pad);
			if (offScale == null) {
				offScale = new TextTitle("", ChartStyle.WARNING);
				offScale.setPaint(PlotColors.WARNING);
				chart.addSubtitle(offScale);
			}
			offScale.setText(out.toString());
		}

		/** Once training has ended: its ending, and the warning in a colour that stands out. */
		void ending() {
			final String how = ending;
			if (how == null || ended) return;
			ended = true;
			ChartStyle.subtitle(chart, how);
			final String warn = warning;
			if (warn != null) {
				final TextTitle t = new TextTitle(warn, ChartStyle.WARNING);
				t.setPaint(PlotColors.WARNING);
				t.setMargin(new RectangleInsets(2, 8, 6, 8));
				chart.addSubtitle(t);
			}
		}
	}

	/** A chart on screen, updated on the EDT. */
	private final class LiveChart {

		final Parts parts = new Parts();
		final AtomicBoolean pending = new AtomicBoolean();
		int shown;

		void schedule() {
			if (pending.compareAndSet(false, true)) SwingUtilities.invokeLater(this::sync);
		}

		/** On the EDT: copy what arrived since the last update. */
		void sync() {
			pending.set(false);
			final double[][] rows = snapshot(shown);
			shown += rows.length;
			parts.append(rows);
			parts.ending();
		}
	}
}
