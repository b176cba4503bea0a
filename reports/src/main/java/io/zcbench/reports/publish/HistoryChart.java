package io.zcbench.reports.publish;

import io.zcbench.reports.chart.Charts;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.List;

/**
 * One benchmark's history as an SVG chart: throughput per run with its interval (the runs of one point side by side,
 * so repeats show their spread) and the points' means joined, above CPU per KiB, system calls and CPU copies per
 * operation; the steps found as dashed lines between the points they separate.
 */
final class HistoryChart {
    static final int WIDTH = 880;
    static final int HEIGHT = 620;

    /** A run's figures on the chart: its point, its place among the point's repeats, and the four measures (NaN: none). */
    record Run(int point, int repeat, int repeats, double gbs, double low, double high, double cpu, double syscalls,
               double copies) {
        double x() {
            return repeats <= 1 ? point : point - 0.18 + 0.36 * repeat / (repeats - 1);
        }
    }

    private HistoryChart() {
    }

    static Charts.Chart of(String file, String title, List<String> pointLabels, List<Run> runs, List<Steps.Step> steps) {
        SymbolAxis x = new SymbolAxis(null, pointLabels.stream().map(HistoryChart::shorten).toArray(String[]::new));
        x.setRange(-0.6, pointLabels.size() - 0.4);
        x.setGridBandsVisible(false);
        x.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        if (pointLabels.size() > 8) {
            x.setVerticalTickLabels(true);
        }
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(x);
        plot.setGap(8);
        plot.add(throughput(runs), 3);
        plot.add(measure(runs, "CPU [ns/KiB]", Run::cpu, new Color(0x55A868), 10), 1);
        plot.add(measure(runs, "syscalls [#/op]", Run::syscalls, new Color(0x8172B3), 1), 1);
        if (runs.stream().anyMatch(r -> !Double.isNaN(r.copies()))) {
            plot.add(measure(runs, "CPU copies [#/B]", Run::copies, new Color(0xC44E52), 1), 1);
        }
        for (Object o : plot.getSubplots()) {
            XYPlot p = (XYPlot) o;
            p.setBackgroundPaint(Color.WHITE);
            p.setRangeGridlinePaint(new Color(0xDDDDDD));
            for (Steps.Step s : steps) {
                ValueMarker m = new ValueMarker(s.after() + 0.5, new Color(0xC44E52), new BasicStroke(1.5f,
                        BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1, new float[] {5, 4}, 0));
                p.addDomainMarker(m);
            }
        }
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.addSubtitle(new TextTitle(title, new Font(Font.SANS_SERIF, Font.PLAIN, 12)));
        return new Charts.Chart(file, title, chart, WIDTH, HEIGHT);
    }

    private static XYPlot throughput(List<Run> runs) {
        YIntervalSeries each = new YIntervalSeries("each run (whiskers: its forks' interval)");
        XYSeries means = new XYSeries("mean of the point's runs");
        int points = runs.stream().mapToInt(Run::point).max().orElse(-1) + 1;
        double[] sum = new double[points];
        int[] n = new int[points];
        for (Run r : runs) {
            if (Double.isNaN(r.gbs())) {
                continue;
            }
            double lo = Double.isNaN(r.low()) ? r.gbs() : r.low();
            double hi = Double.isNaN(r.high()) ? r.gbs() : r.high();
            each.add(r.x(), r.gbs(), lo, hi);
            sum[r.point()] += Math.log(r.gbs());
            n[r.point()]++;
        }
        for (int p = 0; p < points; p++) {
            if (n[p] > 0) {
                means.add(p, Math.exp(sum[p] / n[p]));
            }
        }
        YIntervalSeriesCollection d = new YIntervalSeriesCollection();
        d.addSeries(each);
        XYErrorRenderer err = new XYErrorRenderer();
        err.setSeriesPaint(0, new Color(0x4C72B0));
        err.setErrorPaint(new Color(0x4C72B0));
        err.setDefaultLinesVisible(false);
        NumberAxis y = new NumberAxis("throughput [GB/s]");
        y.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(d, null, y, err);
        XYLineAndShapeRenderer line = new XYLineAndShapeRenderer(true, false);
        line.setSeriesPaint(0, new Color(0x999999));
        plot.setDataset(1, new XYSeriesCollection(means));
        plot.setRenderer(1, line);
        return plot;
    }

    /** A measure's own plot; {@code span} is the least range its axis shows (a flat series of 0 copies stays readable). */
    private static XYPlot measure(List<Run> runs, String label, java.util.function.ToDoubleFunction<Run> f, Color colour,
                                  double span) {
        XYSeries s = new XYSeries(label);
        for (Run r : runs) {
            double v = f.applyAsDouble(r);
            if (!Double.isNaN(v)) {
                s.add(r.x(), v);
            }
        }
        XYLineAndShapeRenderer dots = new XYLineAndShapeRenderer(false, true);
        dots.setSeriesPaint(0, colour);
        NumberAxis y = new NumberAxis(label);
        y.setAutoRangeIncludesZero(false);
        y.setAutoRangeMinimumSize(span);
        y.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        return new XYPlot(new XYSeriesCollection(s), null, y, dots);
    }

    private static String shorten(String s) {
        return s.length() > 24 ? s.substring(0, 22) + "…" : s;
    }
}
