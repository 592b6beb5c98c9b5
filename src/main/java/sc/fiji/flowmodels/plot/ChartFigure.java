package sc.fiji.flowmodels.plot;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;

import javax.swing.JComponent;

import org.jfree.chart.ChartPanel;
import org.jfree.chart.JFreeChart;

/** A figure made of a single JFreeChart. */
public abstract class ChartFigure implements Figure {

	/** A new chart showing this figure. */
	public abstract JFreeChart createChart();

	@Override
	public void draw(final Graphics2D g2, final Rectangle2D area) {
		createChart().draw(g2, area);
	}

	@Override
	public JComponent createPanel() {
		return ChartStyle.panel(createChart(), preferredSize());
	}
}
