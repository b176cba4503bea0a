package io.zcbench.reports.chart;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The comparison page's charts: ratios to the base run, and each group's throughput run by run. */
public final class CompareCharts {
    private CompareCharts() {
    }

    /** Run colours: the base dark grey, then the others; a run keeps its colour in every chart of a page. */
    private static final Color[] RUNS = {new Color(0x444444), new Color(0x4C72B0), new Color(0xDD8452), new Color(0x55A868),
        new Color(0xC44E52), new Color(0x8172B3), new Color(0x937860), new Color(0xDA8BC3)};

    static Color runColour(int run) {
        return RUNS[run % RUNS.length];
    }

    /** One bar of a ratio chart: its label, the path's catalogue place, the ratio, its interval, whether it is a change. */
    public record RatioBar(String label, String path, int order, double ratio, double low, double high, boolean changed) {
    }

    /**
     * Ratios other/base as horizontal bars around 1.0 (a marker), with their 99% interval as whiskers; a bar whose
     * change passed the test is solid in its path's colour and marked ▲/▼ in its label, the others are pale.
     */
    public static Charts.Chart ratios(String file, String title, String subtitle, String axisLabel, List<RatioBar> bars) {
        DefaultCategoryDataset d = new DefaultCategoryDataset();
        Map<WhiskerBarRenderer.Cell, double[]> whiskers = new LinkedHashMap<>();
        Map<String, Color> colours = new LinkedHashMap<>();
        for (RatioBar b : bars) {
            String label = b.label() + (b.changed() ? (b.ratio() > 1 ? " ▲" : " ▼") : "");
            d.addValue(Double.isNaN(b.ratio()) || Double.isInfinite(b.ratio()) ? null : b.ratio(), "ratio", label);
            whiskers.put(new WhiskerBarRenderer.Cell(0, label), new double[] {b.low(), b.high()});
            Color c = Charts.colour(b.order(), b.path());
            colours.put(label, b.changed() ? c : Charts.ghost(c));
        }
        WhiskerBarRenderer r = new WhiskerBarRenderer(whiskers, colours);
        r.setDrawBarOutline(true);
        r.setSeriesOutlinePaint(0, Color.GRAY);
        Charts.Chart c = Charts.bars(file, title, subtitle, d, axisLabel, r, false, "path (▲▼ a real change)");
        CategoryPlot plot = c.chart().getCategoryPlot();
        plot.addRangeMarker(new ValueMarker(1.0, Color.DARK_GRAY, new BasicStroke(1.5f)));
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(true);
        return c;
    }

    /** One run's figure for one row of a runs chart: the value and its interval (NaN: none). */
    public record Dot(double value, double low, double high) {
    }

    /**
     * A dot-and-whisker chart of one group across runs: a band per row (a path, or its native twin), in it one dot per
     * run at its median GB/s with the interval as a whisker, runs side by side in their own colours, so a reader sees at
     * once which runs differ and whether their intervals overlap.
     */
    public static Charts.Chart runs(String file, String title, String subtitle, String axisLabel, List<String> rows,
                                    List<String> runs, Map<String, List<Dot>> dots) {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        double step = runs.size() <= 1 ? 0 : 0.6 / (runs.size() - 1);
        for (int k = 0; k < runs.size(); k++) {
            YIntervalSeries s = new YIntervalSeries(runs.get(k));
            for (int i = 0; i < rows.size(); i++) {
                List<Dot> forRow = dots.get(rows.get(i));
                Dot d = forRow == null || k >= forRow.size() ? null : forRow.get(k);
                if (d != null && !Double.isNaN(d.value())) {
                    double lo = Double.isNaN(d.low()) ? d.value() : d.low();
                    double hi = Double.isNaN(d.high()) || Double.isInfinite(d.high()) ? d.value() : d.high();
                    // the first row at the top: bands count down, runs in their order inside each band
                    s.add(rows.size() - 1 - i + 0.3 - k * step, d.value(), lo, hi);
                }
            }
            data.addSeries(s);
        }
        SymbolAxis y = new SymbolAxis(null, reversed(rows));
        y.setGridBandsVisible(true);
        NumberAxis x = new NumberAxis(axisLabel);
        x.setAutoRangeIncludesZero(true);
        XYErrorRenderer r = new XYErrorRenderer();
        r.setDefaultLinesVisible(false);
        r.setDefaultShapesVisible(true);
        r.setDrawXError(false);
        r.setCapLength(5);
        Shape dot = new Ellipse2D.Double(-4, -4, 8, 8);
        for (int k = 0; k < runs.size(); k++) {
            r.setSeriesPaint(k, runColour(k));
            r.setSeriesShape(k, k == 0 ? new Rectangle2D.Double(-4, -4, 8, 8) : dot);
        }
        r.setErrorPaint(null);
        r.setErrorStroke(new BasicStroke(1.5f));
        XYPlot plot = new XYPlot(data, y, x, r);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        JFreeChart c = Charts.style(new JFreeChart(title, Charts.titleFont(), plot, true), subtitle);
        return new Charts.Chart(file, title + " — " + subtitle, c, Charts.WIDTH, 150 + rows.size() * Math.max(28, 10 * runs.size()));
    }

    private static String[] reversed(List<String> rows) {
        String[] out = new String[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            out[rows.size() - 1 - i] = rows.get(i);
        }
        return out;
    }
}
