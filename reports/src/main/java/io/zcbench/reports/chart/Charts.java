package io.zcbench.reports.chart;

import io.zcbench.reports.model.Units;
import io.zcbench.reports.table.Group;
import io.zcbench.reports.table.TableRow;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Rectangle;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report's charts, drawn with JFreeChart into SVG (JFreeSVG): throughput against file size
 * (log scale, 99.9% intervals as error bars), CPU per KiB, system calls per operation beside the
 * model, and context switches per operation. Axes and legends name the quantity and its unit.
 */
public final class Charts {
    public static final int WIDTH = 760;
    public static final int HEIGHT = 420;

    /** Colours by a path's place in the catalogue: a path keeps its colour in every chart and every report. */
    private static final Color[] BY_ORDER = {new Color(0x4C72B0), new Color(0x8C8C8C), new Color(0xDD8452),
        new Color(0x55A868), new Color(0xC44E52), new Color(0x8172B3), new Color(0x937860), new Color(0xDA8BC3),
        new Color(0xCCB974), new Color(0x64B5CD), new Color(0x2F4F4F), new Color(0xB8860B), new Color(0x17BECF),
        new Color(0x9467BD)};

    /** A path's colour from its catalogue place; a path without one (or past the palette) gets one chosen by its id. */
    static Color colour(int order, String id) {
        return order >= 0 && order < BY_ORDER.length ? BY_ORDER[order] : BY_ORDER[Math.floorMod(id.hashCode(), BY_ORDER.length)];
    }

    private Charts() {
    }

    /** A chart to draw: file name (without .svg), title for the page, and the chart. */
    public record Chart(String file, String caption, JFreeChart chart) {
        public String svg() {
            SVGGraphics2D g = new SVGGraphics2D(WIDTH, HEIGHT);
            chart.draw(g, new Rectangle(0, 0, WIDTH, HEIGHT));
            return g.getSVGDocument();
        }
    }

    /** Throughput against size, one line per path, for rows sharing everything but path and size. */
    public static Chart throughputVsSize(String file, String subtitle, List<TableRow> rows) {
        Map<String, YIntervalSeries> series = new LinkedHashMap<>();
        Map<String, Integer> order = new LinkedHashMap<>();
        rows.stream().sorted(java.util.Comparator.comparingInt((TableRow t) -> t.model().order()))
                .forEach(t -> order.putIfAbsent(t.row().path(), t.model().order()));
        order.keySet().forEach(id -> series.put(id, new YIntervalSeries(id)));
        for (TableRow t : rows) {
            double lo = Double.isNaN(t.gbsLow()) ? t.gbs() : Math.max(t.gbsLow(), 1e-6);
            double hi = Double.isNaN(t.gbsHigh()) || Double.isInfinite(t.gbsHigh()) ? t.gbs() : t.gbsHigh();
            series.computeIfAbsent(t.row().path(), YIntervalSeries::new).add(Math.max(1, t.row().size()), t.gbs(), lo, hi);
        }
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        series.values().stream().filter(s -> s.getItemCount() > 0).forEach(data::addSeries);
        LogAxis x = new LogAxis("file size per operation [bytes, log scale]");
        x.setBase(2);
        x.setNumberFormatOverride(new SizeFormat());
        x.setSmallestValue(1);
        NumberAxis y = new NumberAxis("throughput [GB/s = 10^9 B/s]");
        XYErrorRenderer r = new XYErrorRenderer();
        r.setDefaultLinesVisible(true);
        r.setDefaultShapesVisible(true);
        r.setDrawXError(false);
        r.setCapLength(6);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            String id = (String) data.getSeriesKey(i);
            Paint p = colour(order.getOrDefault(id, -1), id);
            r.setSeriesPaint(i, p);
            r.setSeriesStroke(i, new BasicStroke(2f));
        }
        r.setErrorPaint(null);
        XYPlot plot = new XYPlot(data, x, y, r);
        return new Chart(file, "Throughput vs file size — " + subtitle,
                style(new JFreeChart("Throughput vs file size (error bars: 99.9% CI)", titleFont(), plot, true), subtitle));
    }

    /** CPU time per KiB of the sending thread, user and system stacked, per path. */
    public static Chart cpuPerKiB(String file, Group g) {
        DefaultCategoryDataset d = new DefaultCategoryDataset();
        for (TableRow t : g.rows()) {
            d.addValue(nanToZeroOrSkip(t.cpuUserPerKiB()), "user", t.row().path());
            d.addValue(nanToZeroOrSkip(t.cpuSysPerKiB()), "system", t.row().path());
        }
        StackedBarRenderer r = new StackedBarRenderer();
        r.setSeriesPaint(0, new Color(0x4C72B0));
        r.setSeriesPaint(1, new Color(0xC44E52));
        return bars(file, "CPU per KiB (sending thread)", g.title(), d, "CPU time [ns per KiB transferred]", r, false);
    }

    /** Measured system calls per operation beside the model's count, per path. */
    public static Chart syscalls(String file, Group g) {
        DefaultCategoryDataset d = new DefaultCategoryDataset();
        double min = Double.MAX_VALUE;
        double max = 0;
        for (TableRow t : g.rows()) {
            d.addValue(Double.isNaN(t.syscalls()) ? null : Math.max(t.syscalls(), 0.1), "measured", t.row().path());
            d.addValue(Math.max(t.modelSyscalls(), 0.1), "textbook model", t.row().path());
            if (!Double.isNaN(t.syscalls())) {
                min = Math.min(min, Math.max(t.syscalls(), 0.1));
                max = Math.max(max, t.syscalls());
            }
        }
        BarRenderer r = new BarRenderer();
        r.setSeriesPaint(0, new Color(0x55A868));
        r.setSeriesPaint(1, new Color(0xBBBBBB));
        return bars(file, "System calls per operation", g.title(), d, "system calls [#/op]", r, max / min > 50);
    }

    /** Scheduler context switches of the sending thread per operation: voluntary and involuntary. */
    public static Chart contextSwitches(String file, Group g) {
        DefaultCategoryDataset d = new DefaultCategoryDataset();
        for (TableRow t : g.rows()) {
            d.addValue(nanToZeroOrSkip(t.voluntary()), "voluntary", t.row().path());
            d.addValue(nanToZeroOrSkip(t.involuntary()), "involuntary (preempted)", t.row().path());
        }
        StackedBarRenderer r = new StackedBarRenderer();
        r.setSeriesPaint(0, new Color(0x8172B3));
        r.setSeriesPaint(1, new Color(0xDD8452));
        return bars(file, "Scheduler context switches per operation", g.title(), d, "context switches [#/op]", r, false);
    }

    private static Number nanToZeroOrSkip(double v) {
        return Double.isNaN(v) ? null : v;
    }

    private static Chart bars(String file, String title, String subtitle, DefaultCategoryDataset d, String yLabel,
                              BarRenderer r, boolean log) {
        CategoryAxis x = new CategoryAxis("copy path");
        x.setCategoryLabelPositions(CategoryLabelPositions.STANDARD);
        ValueAxis y;
        if (log) {
            LogAxis la = new LogAxis(yLabel + ", log scale");
            la.setSmallestValue(0.1);
            y = la;
        } else {
            NumberAxis na = new NumberAxis(yLabel);
            y = na;
        }
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        CategoryPlot plot = new CategoryPlot(d, x, y, r);
        plot.setOrientation(PlotOrientation.VERTICAL);
        return new Chart(file, title + " — " + subtitle, style(new JFreeChart(title, titleFont(), plot, true), subtitle));
    }

    private static Font titleFont() {
        return new Font(Font.SANS_SERIF, Font.BOLD, 15);
    }

    private static JFreeChart style(JFreeChart c, String subtitle) {
        c.setBackgroundPaint(Color.WHITE);
        c.addSubtitle(new TextTitle(subtitle, new Font(Font.SANS_SERIF, Font.PLAIN, 12)));
        c.getPlot().setBackgroundPaint(new Color(0xFAFAFA));
        return c;
    }

    /** Tick labels of a log2 byte axis: 4 KiB, 1 MiB, 1 GiB. */
    static final class SizeFormat extends NumberFormat {
        @Override
        public StringBuffer format(double number, StringBuffer to, FieldPosition pos) {
            return to.append(Units.formatSize(Math.round(number)));
        }

        @Override
        public StringBuffer format(long number, StringBuffer to, FieldPosition pos) {
            return to.append(Units.formatSize(number));
        }

        @Override
        public Number parse(String source, ParsePosition parsePosition) {
            return null;
        }
    }

    /** Every chart for a table: per size sweep one line chart, per group three bar charts, at most {@code limit}. */
    public static List<Chart> all(List<Group> groups, int limit) {
        List<Chart> out = new ArrayList<>();
        Map<String, List<TableRow>> sweeps = new LinkedHashMap<>();
        Map<String, String> sweepTitles = new LinkedHashMap<>();
        for (Group g : groups) {
            sweeps.computeIfAbsent(g.sweepKey(), k -> new ArrayList<>()).addAll(g.rows());
            sweepTitles.putIfAbsent(g.sweepKey(), g.sweepTitle());
        }
        int n = 0;
        for (Map.Entry<String, List<TableRow>> e : sweeps.entrySet()) {
            long sizes = e.getValue().stream().mapToLong(t -> t.row().size()).distinct().count();
            if (sizes >= 2 && out.size() < limit) {
                out.add(throughputVsSize("throughput-" + (++n), sweepTitles.get(e.getKey()), e.getValue()));
            }
        }
        for (Group g : groups) {
            if (out.size() + 3 > limit) {
                break;
            }
            out.add(cpuPerKiB("cpu-" + g.id(), g));
            out.add(syscalls("syscalls-" + g.id(), g));
            out.add(contextSwitches("ctxsw-" + g.id(), g));
        }
        return out;
    }
}
