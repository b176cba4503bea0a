package io.zcbench.reports.compare;

import io.zcbench.reports.chart.Charts;
import io.zcbench.reports.chart.CompareCharts;
import io.zcbench.reports.compare.Comparison.Line;
import io.zcbench.reports.compare.Comparison.Ratio;
import io.zcbench.reports.model.ForkStats;
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

    /** Per other run: what changed against the base beyond the noise, largest first, or that nothing did. */
    List<Map<String, Object>> answers() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int k = 1; k < c.runs().size(); k++) {
            String other = c.runs().get(k).name();
            List<Line> lines = c.lines().stream().filter(l -> l.other().equals(other)).toList();
            String differs = differs(k);
            List<Map<String, Object>> items = new ArrayList<>();
            List<double[]> order = new ArrayList<>();
            for (Line l : lines) {
                for (Ratio r : l.ratios()) {
                    if (r.changed() && !Double.isNaN(r.ratio())) {
                        Map<String, Object> item = new HashMap<>();
                        item.put("group", l.title());
                        item.put("path", r.metric().equals(Comparison.TWIN_THROUGHPUT) ? l.path() + " (" + pairName(l.path()) + ")" : l.label());
                        item.put("what", what(r.metric()));
                        item.put("values", Units.quantity(r.base(), c.units().get(r.metric())) + " → "
                                + Units.quantity(r.other(), c.units().get(r.metric())));
                        item.put("change", change(r));
                        item.put("up", r.ratio() > 1);
                        item.put("cause", cause(l, r, differs));
                        items.add(item);
                        order.add(new double[] {Math.abs(Math.log(r.ratio())), items.size() - 1});
                    }
                }
            }
            order.sort(Comparator.comparingDouble((double[] o) -> -o[0]));
            List<Map<String, Object>> sorted = order.stream().map(o -> items.get((int) o[1])).toList();
            Map<String, Object> a = new HashMap<>();
            a.put("letter", letters.get(k));
            a.put("label", other);
            a.put("baseLetter", letters.get(0));
            a.put("baseLabel", c.runs().get(0).name());
            a.put("differs", differs);
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
                + " to " + resolves(hw[hw.length - 1]) + "), and a change must be at least " + Units.pct(c.minChange());
    }

    /** "±14%"; past ±100% (two forks a side give Student's t at one degree of freedom) it says so instead of a number. */
    static String resolves(double halfWidth) {
        return halfWidth > 1 ? "more than ±100% (too few forks)" : "±" + Units.pct(halfWidth);
    }

    /** The settings and environment fields in which run {@code k} differs from the base: the first suspects. */
    String differs(int k) {
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
                parts.add(f.label() + (a.length() + b.length() < 60 ? " " + a + " → " + b : ""));
            }
        }
        if (parts.isEmpty()) {
            return "nothing zcbench records differs between the runs";
        }
        return parts.size() <= 4 ? String.join("; ", parts)
                : String.join("; ", parts.subList(0, 4)) + "; and " + (parts.size() - 4) + " more (see the environment)";
    }

    private static String cause(Line l, Ratio r, String differs) {
        if (!l.callChanges().isEmpty() && !r.metric().equals(Comparison.TWIN_THROUGHPUT)) {
            return String.join("; ", l.callChanges());
        }
        return "the runs differ in: " + differs;
    }

    private static String what(String heading) {
        int bracket = heading.indexOf(" [");
        return bracket < 0 ? heading : heading.substring(0, bracket);
    }

    /** "−21% (×0.79, 99% interval 0.70–0.88)". */
    static String change(Ratio r) {
        String pct = (r.ratio() >= 1 ? "+" : "−") + Units.pct(Math.abs(r.ratio() - 1));
        String interval = Double.isNaN(r.low()) ? "" : r.low() == r.high() ? ", the same in every fork of each run"
                : ", 99% interval " + Units.num(r.low()) + "–" + Units.num(r.high());
        return pct + " (×" + Units.num(r.ratio()) + interval + ")";
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
