package io.zcbench.reports.chart;

import io.zcbench.reports.model.Impl;
import io.zcbench.reports.model.Units;
import io.zcbench.reports.table.Group;
import io.zcbench.reports.table.TableRow;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * The report's charts, drawn with JFreeChart into SVG (JFreeSVG): throughput against file size
 * (log scale, 99.9% intervals as error bars), CPU per KiB, system calls per operation beside the
 * model, and context switches per operation. Axes and legends name the quantity and its unit.
 */
public final class Charts {
    public static final int WIDTH = 600;
    public static final int HEIGHT = 400;

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
    public record Chart(String file, String caption, JFreeChart chart, int width, int height) {
        Chart(String file, String caption, JFreeChart chart) {
            this(file, caption, chart, WIDTH, HEIGHT);
        }

        /** What a page's template needs to place it: file, caption and its size in CSS pixels. */
        public Map<String, Object> figure() {
            return Map.of("file", file, "caption", caption, "width", width, "height", height);
        }

        public String svg() {
            SVGGraphics2D g = new SVGGraphics2D(width, height);
            chart.draw(g, new Rectangle(0, 0, width, height));
            return g.getSVGDocument();
        }
    }

    /** A horizontal bar chart's height: room for the titles, the axis and the legend, and a band per path. */
    static int barHeight(int categories, int series) {
        return 150 + categories * (series > 1 && series < 4 ? 30 : 22);
    }

    /** Throughput against size, one line per path, for rows sharing everything but path and size. */
    public static Chart throughputVsSize(String file, String subtitle, List<TableRow> rows) {
        return throughputVs(file, "file size", subtitle, rows, t -> t.row().size(), "file size per operation [bytes, log scale]");
    }

    /** Throughput against chunk size, one line per path that uses a chunk, for rows sharing everything else (full preset). */
    public static Chart throughputVsChunk(String file, String subtitle, List<TableRow> rows) {
        return throughputVs(file, "chunk size", subtitle, rows, t -> t.row().chunk(),
                "chunk: bytes per read/write or splice pair [bytes, log scale]");
    }

    private static Chart throughputVs(String file, String what, String subtitle, List<TableRow> rows,
                                      ToLongFunction<TableRow> xOf, String xLabel) {
        Map<String, YIntervalSeries> series = new LinkedHashMap<>();
        Map<String, Integer> order = new LinkedHashMap<>();
        rows.stream().sorted(Comparator.comparingInt((TableRow t) -> t.model().order()))
                .forEach(t -> order.putIfAbsent(t.row().path(), t.model().order()));
        order.keySet().forEach(id -> series.put(id, new YIntervalSeries(id)));
        for (TableRow t : rows) {
            double lo = Double.isNaN(t.throughput().low()) ? t.throughput().gbs() : Math.max(t.throughput().low(), 1e-6);
            double hi = Double.isNaN(t.throughput().high()) || Double.isInfinite(t.throughput().high()) ? t.throughput().gbs() : t.throughput().high();
            series.computeIfAbsent(t.row().path(), YIntervalSeries::new).add(Math.max(1, xOf.applyAsLong(t)), t.throughput().gbs(), lo, hi);
        }
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        series.values().stream().filter(s -> s.getItemCount() > 0).forEach(data::addSeries);
        LogAxis x = new LogAxis(xLabel);
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
        String title = "Throughput vs " + what + " (error bars: the forks' range)";
        return new Chart(file, "Throughput vs " + what + " — " + subtitle, style(new JFreeChart(title, titleFont(), plot, true),
                subtitle), WIDTH, 460);
    }

    /**
     * Throughput per path as horizontal bars (median GB/s) with its interval (the forks' range) as a whisker, in the ranking's
     * order; each path's native twin is the pale bar beside it, with its own whisker.
     */
    public static Chart throughput(String file, Group g) {
        List<TableRow> ranked = new ArrayList<>(g.rows());
        ranked.sort(Comparator.comparingDouble((TableRow t) -> t.throughput().gbs()).reversed());
        DefaultCategoryDataset d = new DefaultCategoryDataset();
        Map<WhiskerBarRenderer.Cell, double[]> whiskers = new LinkedHashMap<>();
        boolean twins = ranked.stream().anyMatch(t -> !Double.isNaN(t.partner().gbs()));
        Map<String, Color> colours = new LinkedHashMap<>();
        boolean frameworks = ranked.stream().anyMatch(t -> t.model().isFramework());
        String solid = frameworks ? "the path (solid)" : "Java path (solid)";
        String pale = frameworks ? "its native twin, or a framework path's raw baseline (pale)" : "its native twin: the same calls from C (pale)";
        for (TableRow t : ranked) {
            String path = t.row().path() + (t.impl() == Impl.NATIVE ? " (twin only)" : "") + t.row().variant();
            d.addValue(t.throughput().gbs(), solid, path);
            whiskers.put(new WhiskerBarRenderer.Cell(0, path), new double[] {t.throughput().low(), t.throughput().high()});
            if (twins) {
                d.addValue(Double.isNaN(t.partner().gbs()) ? null : t.partner().gbs(), pale, path);
                whiskers.put(new WhiskerBarRenderer.Cell(1, path), new double[] {t.partner().gbsLow(), t.partner().gbsHigh()});
            }
            colours.put(path, colour(t.model().order(), t.row().path()));
        }
        WhiskerBarRenderer r = new WhiskerBarRenderer(whiskers, colours);
        r.setSeriesPaint(0, new Color(0x4C72B0));
        r.setSeriesPaint(1, ghost(new Color(0x4C72B0)));
        r.setSeriesOutlinePaint(1, new Color(0x4C72B0));
        r.setDrawBarOutline(true);
        r.setSeriesOutlinePaint(0, new Color(0, 0, 0, 0));
        return bars(file, "Throughput per path (whiskers: the forks' range)", g.title(), d,
                "throughput [GB/s = 10^9 B/s], median of all measured iterations", r, false,
                null);
    }

    /** CPU time per KiB of the sending thread, stacked: its system calls, softirq work that ran on it, user space. */
    public static Chart cpuPerKiB(String file, Group g) {
        DefaultCategoryDataset d = new DefaultCategoryDataset();
        boolean split = g.rows().stream().anyMatch(t -> !Double.isNaN(t.cpu().parts().syscalls()));
        for (TableRow t : byOrder(g)) {
            String path = t.row().path();
            if (split) {
                d.addValue(nanToZeroOrSkip(t.cpu().parts().syscalls()), "own system calls", path);
                d.addValue(nanToZeroOrSkip(t.cpu().parts().softirq()), "softirq on this thread", path);
                d.addValue(nanToZeroOrSkip(t.cpu().parts().user()), "user space", path);
            } else {
                d.addValue(nanToZeroOrSkip(t.cpu().ticks().sysPerKiB()), "system (getrusage)", path);
                d.addValue(nanToZeroOrSkip(t.cpu().ticks().userPerKiB()), "user (getrusage)", path);
            }
        }
        StackedBarRenderer r = new StackedBarRenderer();
        r.setSeriesPaint(0, new Color(0xC44E52));
        r.setSeriesPaint(1, new Color(0xDD8452));
        r.setSeriesPaint(2, new Color(0x4C72B0));
        return bars(file, "Where the sending thread's CPU went", g.title(), d, "CPU time [ns per KiB transferred]", r, false, null);
    }

    /**
     * The copy ledger as a map: per path, the sampled time in each copy site (ns/KiB) stacked, user space last;
     * null when no path of the group has a ledger.
     */
    public static Chart copyMap(String file, Group g) {
        if (g.rows().stream().allMatch(t -> Double.isNaN(t.copies().sender()))) {
            return null;
        }
        DefaultCategoryDataset d = new DefaultCategoryDataset();
        Set<String> sites = new LinkedHashSet<>();
        for (TableRow t : byOrder(g)) {
            sites.addAll(t.copies().sites().keySet());
        }
        for (TableRow t : byOrder(g)) {
            if (Double.isNaN(t.copies().sender())) {
                continue;
            }
            String path = t.row().path() + " (" + Units.count(t.copies().sender()) + ")";
            for (String site : sites) {
                d.addValue(t.copies().sites().getOrDefault(site, 0.0), site, path);
            }
            d.addValue(nanToZeroOrSkip(t.copies().userPerKiB()), "user space (unattributed)", path);
        }
        StackedBarRenderer r = new StackedBarRenderer();
        int i = 0;
        for (String site : sites) {
            r.setSeriesPaint(i++, BY_ORDER[(i + 2) % BY_ORDER.length]);
        }
        r.setSeriesPaint(i, new Color(0xBBBBBB));
        return bars(file, "Copy map: time in each CPU copy (sending thread, sampled)", g.title(), d,
                "time in copy routines [ns per KiB], by site", r, false, "path (copies)");
    }

    /** Measured system calls per operation beside the model's count, per path. */
    public static Chart syscalls(String file, Group g) {
        DefaultCategoryDataset d = new DefaultCategoryDataset();
        double min = Double.MAX_VALUE;
        double max = 0;
        for (TableRow t : byOrder(g)) {
            d.addValue(Double.isNaN(t.counts().syscalls()) ? null : Math.max(t.counts().syscalls(), 0.1), "measured", t.row().path());
            d.addValue(t.check().syscalls() < 0 ? null : Math.max(t.check().syscalls(), 0.1), "textbook model", t.row().path());
            if (!Double.isNaN(t.counts().syscalls())) {
                min = Math.min(min, Math.max(t.counts().syscalls(), 0.1));
                max = Math.max(max, t.counts().syscalls());
            }
        }
        BarRenderer r = new BarRenderer();
        r.setSeriesPaint(0, new Color(0x55A868));
        r.setSeriesPaint(1, new Color(0xBBBBBB));
        return bars(file, "System calls per operation", g.title(), d, "system calls [#/op]", r, max / min > 50, null);
    }

    /** Scheduler context switches of the sending thread per operation: voluntary and involuntary. */
    public static Chart contextSwitches(String file, Group g) {
        DefaultCategoryDataset d = new DefaultCategoryDataset();
        for (TableRow t : byOrder(g)) {
            d.addValue(nanToZeroOrSkip(t.counts().voluntary()), "voluntary", t.row().path());
            d.addValue(nanToZeroOrSkip(t.counts().involuntary()), "involuntary (preempted)", t.row().path());
        }
        StackedBarRenderer r = new StackedBarRenderer();
        r.setSeriesPaint(0, new Color(0x8172B3));
        r.setSeriesPaint(1, new Color(0xDD8452));
        return bars(file, "Scheduler context switches per operation", g.title(), d, "context switches [#/op]", r, false, null);
    }

    /**
     * The large-file question at a glance: per path and cgroup limit a point at (share of the hot set still cached at
     * the end of the operation, throughput), labelled with the path; the control (no cgroup) as open points.
     * {@code points}: path, catalogue order, whether it is the control, hot set cached at the end [%], GB/s.
     */
    public record LargePoint(String path, int order, boolean control, double hotCachedAfter, double gbs) {
    }

    public static Chart largeFiles(String file, String subtitle, List<LargePoint> points) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYSeries squeezed = new XYSeries("in the memory cgroup (file larger than it)", false, true);
        XYSeries control = new XYSeries("control: no cgroup (the file fits)", false, true);
        record Item(boolean control, int index) {
        }
        Map<Item, String> labels = new LinkedHashMap<>();
        for (LargePoint p : points) {
            XYSeries s = p.control() ? control : squeezed;
            labels.put(new Item(p.control(), s.getItemCount()), p.path());
            s.add(p.hotCachedAfter(), p.gbs());
        }
        if (!squeezed.isEmpty()) {
            data.addSeries(squeezed);
        }
        if (!control.isEmpty()) {
            data.addSeries(control);
        }
        NumberAxis x = new NumberAxis("hot set still cached at the end of the operation [%]");
        x.setRange(-4, 108);
        x.setTickUnit(new NumberTickUnit(10));
        NumberAxis y = new NumberAxis("throughput of the large file [GB/s = 10^9 B/s]");
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
        r.setDefaultItemLabelGenerator((dataset, series, item) -> labels.getOrDefault(
                new Item(dataset.getSeriesKey(series).toString().startsWith("control"), item), ""));
        r.setDefaultItemLabelsVisible(true);
        r.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        r.setSeriesPaint(0, new Color(0xC44E52));
        r.setSeriesPaint(1, new Color(0x4C72B0));
        r.setSeriesShapesFilled(1, false);
        XYPlot plot = new XYPlot(data, x, y, r);
        String title = "Large file: throughput against what it left of the hot set";
        return new Chart(file, title + " — " + subtitle, style(new JFreeChart(title, titleFont(), plot, true), subtitle), 760, 480);
    }

    private static List<TableRow> byOrder(Group g) {
        List<TableRow> rows = new ArrayList<>(g.rows());
        rows.sort(Comparator.comparingInt((TableRow t) -> t.model().order()).thenComparing(t -> t.row().path()));
        return rows;
    }

    static Color ghost(Color c) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), 70);
    }

    private static Number nanToZeroOrSkip(double v) {
        return Double.isNaN(v) ? null : v;
    }

    /** Horizontal stacked bars (a series per part), for the pages' own sections. */
    public static Chart stackedBars(String file, String title, String subtitle, DefaultCategoryDataset d, String axisLabel,
                                    StackedBarRenderer r, String categoryLabel) {
        return bars(file, title, subtitle, d, axisLabel, r, false, categoryLabel);
    }

    static Chart bars(String file, String title, String subtitle, DefaultCategoryDataset d, String yLabel,
                              BarRenderer r, boolean log, String categoryLabel) {
        CategoryAxis x = new CategoryAxis(categoryLabel == null ? "copy path" : categoryLabel);
        x.setMaximumCategoryLabelWidthRatio(0.45f);
        ValueAxis y;
        if (log) {
            LogAxis la = new LogAxis(yLabel + ", log scale");
            la.setSmallestValue(0.1);
            y = la;
        } else {
            y = new NumberAxis(yLabel);
        }
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        r.setItemMargin(0.05);
        CategoryPlot plot = new CategoryPlot(d, x, y, r);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        plot.setRangeAxisLocation(AxisLocation.BOTTOM_OR_LEFT);
        JFreeChart c = style(new JFreeChart(title, titleFont(), plot, d.getRowCount() > 1), subtitle);
        return new Chart(file, title + " — " + subtitle, c, WIDTH, barHeight(d.getColumnCount(), d.getRowCount()));
    }

    static Font titleFont() {
        return new Font(Font.SANS_SERIF, Font.BOLD, 15);
    }

    static JFreeChart style(JFreeChart c, String subtitle) {
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

    /** Per chart kind drawn for each group (throughput, CPU, copy map where measured, syscalls, switches). */
    public static final int PER_GROUP = 5;

    /** Every chart for a table: per size sweep one line chart, per group its bar charts, at most {@code limit}. */
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
        // Groups that differ only in chunk (the full preset's chunk sweep): one line chart, paths that use a chunk.
        Map<String, List<TableRow>> chunkSweeps = new LinkedHashMap<>();
        Map<String, String> chunkTitles = new LinkedHashMap<>();
        for (Group g : groups) {
            String key = g.rows().get(0).row().group().replaceFirst("chunk=[^,}]*,? ?", "");
            g.rows().stream().filter(t -> t.model().usesChunk())
                    .forEach(t -> chunkSweeps.computeIfAbsent(key, k -> new ArrayList<>()).add(t));
            chunkTitles.putIfAbsent(key, g.title().replaceFirst(", chunk [^,]+", ""));
        }
        int c = 0;
        for (Map.Entry<String, List<TableRow>> e : chunkSweeps.entrySet()) {
            long chunks = e.getValue().stream().mapToLong(t -> t.row().chunk()).distinct().count();
            if (chunks >= 2 && out.size() < limit) {
                out.add(throughputVsChunk("chunks-" + (++c), chunkTitles.get(e.getKey()), e.getValue()));
            }
        }
        boolean anyToRank = groups.stream().anyMatch(g -> g.rows().size() > 1);
        for (Group g : groups) {
            if (anyToRank && g.rows().size() < 2) {
                continue; // one path alone (a receive method's row): its figures are in the table and its own section
            }
            List<Chart> mine = new ArrayList<>(List.of(throughput("gbs-" + g.id(), g), cpuPerKiB("cpu-" + g.id(), g)));
            Chart copies = copyMap("copies-" + g.id(), g);
            if (copies != null) {
                mine.add(copies);
            }
            mine.add(syscalls("syscalls-" + g.id(), g));
            mine.add(contextSwitches("ctxsw-" + g.id(), g));
            if (out.size() + mine.size() > limit) {
                break;
            }
            out.addAll(mine);
        }
        return out;
    }
}
