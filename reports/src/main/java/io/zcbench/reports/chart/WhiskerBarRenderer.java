package io.zcbench.reports.chart;

import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.CategoryItemRendererState;
import org.jfree.data.Range;
import org.jfree.data.category.CategoryDataset;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.Map;

/**
 * Bars with an asymmetric interval drawn as a whisker (JFreeChart's statistical renderer takes a symmetric
 * standard deviation; zcbench's intervals are order statistics, not symmetric). Series 0 is painted in each
 * category's own colour (a path keeps its colour), series 1 as a pale ghost of it (the native twin).
 * A missing or unbounded end is drawn to the bar's value with an open end: no whisker is invented.
 */
public final class WhiskerBarRenderer extends BarRenderer {
    private static final long serialVersionUID = 1L;
    private final transient Map<Cell, double[]> whiskers;
    private final transient Map<String, Color> colours;

    /** A bar: its series (row) index and its category (column) key. */
    record Cell(int series, String category) {
    }

    /** {@code whiskers}: a bar's cell → {low, high}; {@code colours}: per category (its key). */
    WhiskerBarRenderer(Map<Cell, double[]> whiskers, Map<String, Color> colours) {
        this.whiskers = whiskers;
        this.colours = colours;
    }

    private Color colour(int column) {
        CategoryDataset d = getPlot() == null ? null : getPlot().getDataset(getPlot().getIndexOf(this));
        return d == null || column >= d.getColumnCount() ? null : colours.get(d.getColumnKey(column).toString());
    }

    @Override
    public Paint getItemPaint(int row, int column) {
        Color c = colour(column);
        if (c == null) {
            return super.getItemPaint(row, column);
        }
        return row == 0 ? c : Charts.ghost(c);
    }

    @Override
    public Paint getItemOutlinePaint(int row, int column) {
        Color c = colour(column);
        return row == 0 || c == null ? super.getItemOutlinePaint(row, column) : c;
    }

    @Override
    public void drawItem(Graphics2D g2, CategoryItemRendererState state, Rectangle2D dataArea, CategoryPlot plot,
                         CategoryAxis domainAxis, ValueAxis rangeAxis, CategoryDataset dataset, int row, int column, int pass) {
        super.drawItem(g2, state, dataArea, plot, domainAxis, rangeAxis, dataset, row, column, pass);
        Number value = dataset.getValue(row, column);
        double[] w = whiskers.get(new Cell(row, dataset.getColumnKey(column).toString()));
        int visibleRow = state.getVisibleSeriesIndex(row);
        if (value == null || w == null || visibleRow < 0 || pass != 0) {
            return;
        }
        double v = value.doubleValue();
        double lo = Double.isNaN(w[0]) ? v : w[0];
        double hi = Double.isNaN(w[1]) || Double.isInfinite(w[1]) ? v : w[1];
        if (lo == v && hi == v) {
            return;
        }
        PlotOrientation o = plot.getOrientation();
        double w0 = calculateBarW0(plot, o, dataArea, domainAxis, state, visibleRow, column);
        double mid = w0 + state.getBarWidth() / 2.0;
        double cap = Math.max(2.0, state.getBarWidth() / 4.0);
        double jLo = rangeAxis.valueToJava2D(lo, dataArea, plot.getRangeAxisEdge());
        double jHi = rangeAxis.valueToJava2D(hi, dataArea, plot.getRangeAxisEdge());
        g2.setPaint(Color.DARK_GRAY);
        g2.setStroke(new BasicStroke(1.2f));
        if (o == PlotOrientation.HORIZONTAL) {
            g2.draw(new Line2D.Double(jLo, mid, jHi, mid));
            g2.draw(new Line2D.Double(jLo, mid - cap, jLo, mid + cap));
            if (!Double.isInfinite(w[1]) && !Double.isNaN(w[1])) {
                g2.draw(new Line2D.Double(jHi, mid - cap, jHi, mid + cap));
            }
        } else {
            g2.draw(new Line2D.Double(mid, jLo, mid, jHi));
            g2.draw(new Line2D.Double(mid - cap, jLo, mid + cap, jLo));
            if (!Double.isInfinite(w[1]) && !Double.isNaN(w[1])) {
                g2.draw(new Line2D.Double(mid - cap, jHi, mid + cap, jHi));
            }
        }
    }

    @Override
    public Range findRangeBounds(CategoryDataset dataset) {
        Range r = super.findRangeBounds(dataset);
        double max = r == null ? 0 : r.getUpperBound();
        for (double[] w : whiskers.values()) {
            if (!Double.isNaN(w[1]) && !Double.isInfinite(w[1])) {
                max = Math.max(max, w[1]);
            }
        }
        return r == null ? null : new Range(Math.min(0, r.getLowerBound()), max);
    }
}
