package io.zcbench.reports.compare;

import io.zcbench.reports.chart.Charts;
import io.zcbench.reports.chart.CompareCharts;
import io.zcbench.reports.compare.Comparison.Line;
import io.zcbench.reports.compare.Comparison.Ratio;
import io.zcbench.reports.model.ForkStats;
import io.zcbench.reports.model.MetricCatalogue;
import io.zcbench.reports.model.RunData;
import io.zcbench.reports.model.Units;

import org.apache.commons.math3.stat.descriptive.rank.Percentile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What the comparison page shows, in the order a reader needs it: first the answer (per run against the base, what
 * changed beyond the noise, largest first, with its cause), then each group as a matrix of runs (GB/s with interval and
 * ratio to the base, the fastest marked, twins as rows of their own) with its dot-and-whisker chart, then every
 * compared figure per pair of runs, the environment and the data.
 */
final class ComparePage {
    /** Changes shown on the first screen per run before the rest is folded away. */
    static final int FIRST_SCREEN = 8;

    private final Comparison c;
    private final List<String> letters = new ArrayList<>();

    ComparePage(Comparison c) {
        this.c = c;
        for (int i = 0; i < c.runs().size(); i++) {
            letters.add(String.valueOf((char) ('A' + i)));
        }
    }

    Map<String, Object> runs() {
        Map<String, Object> m = new HashMap<>();
        List<Map<String, Object>> runs = new ArrayList<>();
        for (int i = 0; i < c.runs().size(); i++) {
            RunData r = c.runs().get(i);
            runs.add(Map.of("letter", letters.get(i), "label", r.name(), "id", r.dir().toAbsolutePath().normalize().getFileName()
                    .toString(), "base", i == 0));
        }
        m.put("runs", runs);
        return m;
    }

    /**
     * Per other run: what changed against the base beyond the noise, most important first (throughput, then CPU per KiB,
     * then copies and system calls per operation, then the rest; within each, the largest change first, a change from 0
     * by its size), better and worse said as such; what differs between the runs and the host's own probes once above.
     */
    List<Map<String, Object>> answers() {
        List<Map<String, Object>> out = new ArrayList<>();
        MetricCatalogue metrics = MetricCatalogue.merge(c.runs());
        for (int k = 1; k < c.runs().size(); k++) {
            String other = c.runs().get(k).name();
            List<Line> lines = c.lines().stream().filter(l -> l.other().equals(other)).toList();
            List<HostProbes.Probe> probes = HostProbes.of(c.runs().get(0), c.runs().get(k), metrics);
            List<Map<String, Object>> items = new ArrayList<>();
            List<double[]> order = new ArrayList<>();
            for (Line l : lines) {
                for (Ratio r : l.ratios()) {
                    if (r.changed()) {
                        Comparison.Figure f = c.figures().get(r.metric());
                        boolean fromZero = Double.isNaN(r.ratio()) || r.base() == 0;
                        Map<String, Object> item = new HashMap<>();
                        item.put("group", l.title());
                        item.put("path", r.metric().equals(Comparison.TWIN_THROUGHPUT) ? l.path() + " (" + pairName(l.path()) + ")" : l.label());
                        item.put("what", r.metric().equals(Comparison.PAIRED) ? c.runs().get(0).paths().model(l.path()).pairRatio()
                                : what(r.metric()));
                        item.put("values", Units.quantity(r.base(), f.unit()) + " → " + Units.quantity(r.other(), f.unit()));
                        item.put("change", change(r, f));
                        int verdict = f.verdict(r.base(), r.other());
                        item.put("cls", verdict > 0 ? "better" : verdict < 0 ? "worse" : "neutral");
                        item.put("verdict", verdict > 0 ? "better" : verdict < 0 ? "worse" : "");
                        // a ratio of neighbouring operations shares the host's state: no probe accounts for it
                        String host = f.tier() == 0 && !r.metric().equals(Comparison.PAIRED)
                                ? HostProbes.accounts(r.ratio(), probes, diskBound(l)) : null;
                        item.put("host", host == null ? "" : host);
                        item.put("cause", cause(l, r));
                        items.add(item);
                        // tier first; then ratios by |log|, largest first, and changes from 0 after them by their size
                        double size = fromZero ? Math.abs(r.other() - r.base()) : Math.abs(Math.log(r.ratio()));
                        order.add(new double[] {f.tier(), fromZero ? 1 : 0, -size, items.size() - 1});
                    }
                }
            }
            order.sort(Comparator.comparingDouble((double[] o) -> o[0]).thenComparingDouble(o -> o[1]).thenComparingDouble(o -> o[2]));
            List<Map<String, Object>> sorted = order.stream().map(o -> items.get((int) o[3])).toList();
            Map<String, Object> a = new HashMap<>();
            a.put("letter", letters.get(k));
            a.put("label", other);
            a.put("baseLetter", letters.get(0));
            a.put("baseLabel", c.runs().get(0).name());
            List<String> differs = differs(k);
            a.put("differs", differs);
            a.put("hasDiffers", !differs.isEmpty());
            a.put("probes", probes.stream().map(HostProbes.Probe::describe).toList());
            a.put("hasProbes", !probes.isEmpty());
            a.put("first", sorted.subList(0, Math.min(FIRST_SCREEN, sorted.size())));
            a.put("rest", sorted.subList(Math.min(FIRST_SCREEN, sorted.size()), sorted.size()));
            a.put("hasRest", sorted.size() > FIRST_SCREEN);
            a.put("restCount", Math.max(0, sorted.size() - FIRST_SCREEN));
            a.put("nothing", sorted.isEmpty() ? nothing(lines) : "");
            a.put("summary", sorted.isEmpty() ? "" : String.format(Locale.ROOT, "%d change%s beyond the noise in %d benchmarks compared%s",
                    sorted.size(), sorted.size() == 1 ? "" : "s", lines.size(), resolvesPhrase(lines)));
            out.add(a);
        }
        return out;
    }

    /** "nothing changed beyond ±X% here", with what this pair of runs resolves. */
    private String nothing(List<Line> lines) {
        if (lines.isEmpty()) {
            return "No benchmark of this run pairs with one of the base run (see “Benchmarks in only one run”).";
        }
        return "Nothing changed beyond the noise: " + lines.size() + " benchmarks compared" + resolvesPhrase(lines) + ".";
    }

    private String resolvesPhrase(List<Line> lines) {
        double[] hw = lines.stream().mapToDouble(l -> l.throughput().resolves()).filter(x -> !Double.isNaN(x)).sorted().toArray();
        if (hw.length == 0) {
            return "; these runs have too few forks to say what they resolve";
        }
        double median = new Percentile().evaluate(hw, 50);
        return "; throughput here resolves " + resolves(Math.max(median, c.minChange())) + " at the median (" + resolves(hw[0])
                + " to " + resolves(hw[hw.length - 1]) + ")" + adjustedPhrase(lines) + pairedPhrase(lines)
                + ", and a change must be at least " + Units.pct(c.minChange());
    }

    /** "; Java ÷ native, paired inside each fork, ±9.1% (23 benchmarks)", or nothing where no benchmark was paired in both. */
    private static String pairedPhrase(List<Line> lines) {
        double[] hw = lines.stream().mapToDouble(l -> l.paired().resolves()).filter(x -> !Double.isNaN(x)).sorted().toArray();
        if (hw.length == 0) {
            return "";
        }
        return "; Java ÷ native, paired inside each fork, resolves " + resolves(new Percentile().evaluate(hw, 50))
                + " at the median (" + hw.length + " paired benchmark" + (hw.length == 1 ? ")" : "s)");
    }

    /**
     * What the host adjustment did to the resolution: " (3 of 20 benchmarks adjusted for a host probe that follows their
     * forks; the forks alone resolve ±25% at the median)", or nothing where none was adjusted.
     */
    private static String adjustedPhrase(List<Line> lines) {
        long n = lines.stream().filter(l -> l.adjusted() != null).count();
        if (n == 0) {
            return "";
        }
        double[] raw = lines.stream().mapToDouble(l -> l.adjusted() != null ? l.adjusted().rawHalfWidth() : l.throughput().resolves())
                .filter(x -> !Double.isNaN(x)).sorted().toArray();
        return " (" + n + " of " + lines.size() + " benchmarks adjusted for a host probe that follows their forks; the forks alone "
                + "resolve " + resolves(new Percentile().evaluate(raw, 50)) + " at the median)";
    }

    /** "±14%"; past ±100% (two forks a side give Student's t at one degree of freedom) it says so instead of a number. */
    static String resolves(double halfWidth) {
        return halfWidth > 1 ? "more than ±100% (too few forks)" : "±" + Units.pct(halfWidth);
    }

    /**
     * The settings and environment fields in which run {@code k} differs from the base, every one spelled out: the first
     * suspects, said once above the changes. A long value (CPU flags, JVM flags) says which of its words differ.
     */
    List<String> differs(int k) {
        List<String> parts = new ArrayList<>();
        for (String s : c.settings()) {
            String a = c.runs().get(0).rows().get(0).params().get(s);
            String b = c.runs().get(k).rows().get(0).params().get(s);
            if (!Objects.equals(a, b)) {
                parts.add(s + " " + a + " → " + b);
            }
        }
        for (Comparison.EnvField f : c.env()) {
            String a = f.values().get(0);
            String b = f.values().get(k);
            if (!a.equals(b) && !(c.settings().contains("cc") && f.label().startsWith("cc for"))
                    && !(c.settings().contains("pin") && f.label().equals("pinning"))) {
                parts.add(f.label() + " " + valueChange(a, b));
            }
        }
        return parts;
    }

    /** "a → b"; for values longer than a line, the words only one side has: "only in A: x, y; only in B: z". */
    static String valueChange(String a, String b) {
        if (a.length() + b.length() <= 100) {
            return a + " → " + b;
        }
        List<String> wa = List.of(a.split("[\\s,\\[\\]\"]+"));
        List<String> wb = List.of(b.split("[\\s,\\[\\]\"]+"));
        List<String> onlyA = wa.stream().filter(w -> !w.isEmpty() && !wb.contains(w)).distinct().toList();
        List<String> onlyB = wb.stream().filter(w -> !w.isEmpty() && !wa.contains(w)).distinct().toList();
        List<String> out = new ArrayList<>();
        if (!onlyA.isEmpty()) {
            out.add("only in the base: " + String.join(" ", onlyA));
        }
        if (!onlyB.isEmpty()) {
            out.add("only in this run: " + String.join(" ", onlyB));
        }
        return out.isEmpty() ? "(the same words in another order)" : "(" + String.join("; ", out) + ")";
    }

    /** What is a row's own cause: the system calls whose count per operation changed, by name; nothing otherwise. */
    private static String cause(Line l, Ratio r) {
        if (!l.callChanges().isEmpty() && !r.metric().equals(Comparison.TWIN_THROUGHPUT)) {
            return String.join("; ", l.callChanges());
        }
        return "";
    }

    private static String what(String heading) {
        int bracket = heading.indexOf(" [");
        return bracket < 0 ? heading : heading.substring(0, bracket);
    }

    /** "−21% (×0.79, 99% interval 0.70–0.88)"; from 0 (no ratio): the difference with its unit, "+1.50 #/op". */
    static String change(Ratio r) {
        if (Double.isNaN(r.ratio()) || Double.isInfinite(r.ratio())) {
            double d = r.other() - r.base();
            return Double.isNaN(d) ? "n/a" : (d >= 0 ? "+" : "−") + Units.num(Math.abs(d)) + " (from " + Units.num(r.base()) + ")";
        }
        String pct = (r.ratio() >= 1 ? "+" : "−") + Units.pct(Math.abs(r.ratio() - 1));
        String interval = Double.isNaN(r.low()) ? "" : r.low() == r.high() ? ", the same in every fork of each run"
                : ", 99% interval " + Units.num(r.low()) + "–" + (Double.isNaN(r.high()) ? "…" : Units.num(r.high()));
        return pct + " (×" + Units.num(r.ratio()) + interval + ")";
    }

    /** As {@link #change(Ratio)}, a difference carrying the figure's unit. */
    static String change(Ratio r, Comparison.Figure f) {
        String s = change(r);
        return Double.isNaN(r.ratio()) && !s.equals("n/a") ? s.replaceFirst(" \\(from", " " + f.unit() + " (from") : s;
    }

    /** Whether the disk bounds a line's path: it writes to a file, or reads with O_DIRECT. */
    private boolean diskBound(Line l) {
        return Comparison.diskBound(l.destination(), c.runs().get(0).paths().model(l.path()));
    }

    /** What a path alternates with under impl=paired, as the base run's catalogue says: "native twin", or "raw transfer-to". */
    private String pairName(String path) {
        return c.runs().get(0).paths().model(path).pairName();
    }

    /** One group's benchmarks across runs: a row per path (and per paired twin), a column per run. */
    record Matrix(String title, List<String> rows, Map<String, List<CompareCharts.Dot>> dots, List<Map<String, Object>> table) {
    }

    /** The groups as matrices, in the comparison's order. */
    List<Matrix> matrices() {
        Map<String, Map<String, List<Line>>> groups = new LinkedHashMap<>();
        for (Line l : c.lines()) {
            groups.computeIfAbsent(l.title(), t -> new LinkedHashMap<>()).computeIfAbsent(l.key(), k -> new ArrayList<>()).add(l);
        }
        List<Matrix> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, List<Line>>> g : groups.entrySet()) {
            List<String> rows = new ArrayList<>();
            Map<String, List<CompareCharts.Dot>> dots = new LinkedHashMap<>();
            List<Map<String, Object>> table = new ArrayList<>();
            for (List<Line> perRun : g.getValue().values()) {
                Line first = perRun.get(0);
                addRow(rows, dots, table, first.label(), perRun, false);
                if (!first.gbs().twinBase().equals(ForkStats.Estimate.NONE)) {
                    addRow(rows, dots, table, first.path() + " · " + pairName(first.path()), perRun, true);
                }
            }
            out.add(new Matrix(g.getKey(), rows, dots, table));
        }
        return out;
    }

    private void addRow(List<String> rows, Map<String, List<CompareCharts.Dot>> dots, List<Map<String, Object>> table,
                        String label, List<Line> perRun, boolean twin) {
        List<ForkStats.Estimate> est = new ArrayList<>();
        List<Ratio> ratios = new ArrayList<>();
        est.add(twin ? perRun.get(0).gbs().twinBase() : perRun.get(0).gbs().base());
        ratios.add(null);
        for (int k = 1; k < c.runs().size(); k++) {
            String other = c.runs().get(k).name();
            Line l = perRun.stream().filter(x -> x.other().equals(other)).findFirst().orElse(null);
            est.add(l == null ? ForkStats.Estimate.NONE : twin ? l.gbs().twinOther() : l.gbs().other());
            ratios.add(l == null ? null : twin ? l.twin() : l.throughput());
        }
        double best = est.stream().mapToDouble(ForkStats.Estimate::value).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
        List<Map<String, Object>> cells = new ArrayList<>();
        List<CompareCharts.Dot> row = new ArrayList<>();
        for (int k = 0; k < est.size(); k++) {
            ForkStats.Estimate e = est.get(k);
            Ratio r = ratios.get(k);
            row.add(new CompareCharts.Dot(e.value(), e.low(), e.high()));
            Map<String, Object> cell = new HashMap<>();
            cell.put("value", Double.isNaN(e.value()) ? "not in this run" : Units.num(e.value()));
            cell.put("interval", Double.isNaN(e.low()) ? "" : Units.num(e.low()) + "–" + Units.num(e.high()));
            cell.put("coverage", e.label());
            cell.put("best", est.size() > 1 && e.value() == best);
            cell.put("ratio", r == null || Double.isNaN(r.ratio()) ? "" : "×" + Units.num(r.ratio())
                    + (r.changed() ? (r.ratio() > 1 ? " ▲" : " ▼") : ""));
            cell.put("ratioTitle", r == null ? "" : CompareWriter.ratioTitle(r));
            cell.put("changed", r != null && r.changed());
            cells.add(cell);
        }
        rows.add(label);
        dots.put(label, row);
        table.add(Map.of("label", label, "twin", twin, "cells", cells));
    }

    /** Each group's throughput across runs as a dot-and-whisker chart. */
    List<Charts.Chart> charts(List<Matrix> matrices) {
        List<Charts.Chart> out = new ArrayList<>();
        List<String> runs = new ArrayList<>();
        for (int i = 0; i < c.runs().size(); i++) {
            runs.add(letters.get(i) + ": " + c.runs().get(i).name());
        }
        int n = 0;
        for (Matrix m : matrices) {
            out.add(CompareCharts.runs("runs-" + (++n), "Throughput run by run", m.title(),
                    "throughput [GB/s = 10^9 B/s] (whiskers: each run's interval)", m.rows(), runs, m.dots()));
        }
        return out;
    }

    List<String> letters() {
        return letters;
    }
}
