package io.zcbench.reports.compare;

import io.zcbench.reports.ReportWriter;
import io.zcbench.reports.chart.Charts;
import io.zcbench.reports.chart.CompareCharts;
import io.zcbench.reports.html.HtmlReport;
import io.zcbench.reports.model.Catalogue;
import io.zcbench.reports.model.ForkStats;
import io.zcbench.reports.model.RunData;
import io.zcbench.reports.model.Units;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The comparison page (index.html), comparison.csv and ratio charts, written atomically to OUT_DIR. */
public final class CompareWriter {
    private static final Template TEMPLATE = compile();

    private CompareWriter() {
    }

    private static Template compile() {
        try (InputStream in = CompareWriter.class.getResourceAsStream("/io/zcbench/reports/html/compare.html.mustache");
             Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return HtmlReport.compiler().emptyStringIsFalse(true).compile(r);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("compare template missing from the jar", e);
        }
    }

    public static Path write(Comparison c, Path out) {
        return write(c, out, false);
    }

    /**
     * Writes index.html, comparison.csv (one line per benchmark and other run), comparison-long.csv (one line per run,
     * benchmark and figure) and the charts; with {@code singleFile} the charts are inlined in index.html, which then opens
     * alone from anywhere.
     */
    public static Path write(Comparison c, Path out, boolean singleFile) {
        ComparePage page = new ComparePage(c);
        List<ComparePage.Matrix> matrices = page.matrices();
        List<Charts.Chart> runCharts = page.charts(matrices);
        List<Charts.Chart> ratioCharts = ratioCharts(c);
        List<Charts.Chart> all = new ArrayList<>(runCharts);
        all.addAll(ratioCharts);
        return ReportWriter.writeAtomically(out, tmp -> {
            Path chartDir = Files.createDirectories(tmp.resolve("charts"));
            for (Charts.Chart ch : all) {
                Files.writeString(chartDir.resolve(ch.file() + ".svg"), ch.svg(), StandardCharsets.UTF_8);
            }
            try (Writer w = Files.newBufferedWriter(tmp.resolve("comparison.csv"), StandardCharsets.UTF_8)) {
                csv(c, w);
            }
            try (Writer w = Files.newBufferedWriter(tmp.resolve("comparison-long.csv"), StandardCharsets.UTF_8)) {
                longCsv(c, page, w);
            }
            try (Writer w = Files.newBufferedWriter(tmp.resolve("index.html"), StandardCharsets.UTF_8)) {
                TEMPLATE.execute(model(c, page, matrices, runCharts, ratioCharts), w);
            }
            if (singleFile) {
                ReportWriter.inlineCharts(tmp);
            }
        });
    }

    static void csv(Comparison c, Writer w) throws IOException {
        List<String> header = new ArrayList<>(List.of("benchmark", "base run", "other run", "destination", "path", "impl", "size [B]", "cache"));
        for (String m : c.metricHeadings()) {
            header.add(m + " base");
            header.add(m + " other");
            header.add(m + " ratio other/base");
            header.add(m + " difference other-base");
            header.add(m + " ratio 99% CI low");
            header.add(m + " ratio 99% CI high");
            header.add(m + " Welch p");
            header.add(m + " changed");
            header.add(m + " resolves ± [%]");
        }
        header.add("system calls that changed, by name (cause)");
        header.add("throughput adjusted for host probe");
        header.add("throughput ratio unadjusted");
        header.add("throughput unadjusted resolves ± [%]");
        try (CSVPrinter p = new CSVPrinter(w, CSVFormat.RFC4180.builder().setHeader(header.toArray(new String[0])).build())) {
            for (Comparison.Line l : c.lines()) {
                List<Object> v = new ArrayList<>(List.of(l.key(), c.runs().get(0).name(), l.other(), l.destination(), l.path(),
                        l.impl(), l.size(), l.cache()));
                for (Comparison.Ratio r : l.ratios()) {
                    v.add(num(r.base()));
                    v.add(num(r.other()));
                    v.add(num(r.ratio()));
                    v.add(num(r.other() - r.base()));
                    v.add(num(r.low()));
                    v.add(num(r.high()));
                    v.add(num(r.pValue()));
                    v.add(Double.isNaN(r.pValue()) ? "" : Boolean.toString(r.changed()));
                    v.add(num(100 * r.resolves()));
                }
                v.add(String.join("; ", l.callChanges()));
                HostAdjustment h = l.adjusted();
                v.add(h == null ? "" : h.probe());
                v.add(h == null ? "" : num(h.rawRatio()));
                v.add(h == null ? "" : num(100 * h.rawHalfWidth()));
                p.printRecord(v);
            }
        }
    }

    /** A figure for the CSV; none (empty) where there is none, and never "Infinity": a change from 0 has no ratio. */
    private static String num(double d) {
        return Double.isNaN(d) || Double.isInfinite(d) ? "" : Double.toString(d);
    }

    /**
     * Long form, for spreadsheets and continuous-benchmarking services: one line per run, benchmark and figure with its
     * value, interval and unit, and against the base its ratio, the ratio's interval and whether it is a change.
     */
    static void longCsv(Comparison c, ComparePage page, Writer w) throws IOException {
        String[] header = {"run", "run label", "run id", "benchmark", "path", "impl", "destination", "size [B]", "cache", "figure",
            "unit", "value", "low", "high", "ratio to base", "ratio low", "ratio high", "changed"};
        try (CSVPrinter p = new CSVPrinter(w, CSVFormat.RFC4180.builder().setHeader(header).build())) {
            record Written(String line, String heading) {
            }
            Set<Written> baseDone = new HashSet<>();
            for (Comparison.Line l : c.lines()) {
                int k = runIndex(c, l.other());
                for (int i = 0; i < l.ratios().size(); i++) {
                    Comparison.Ratio r = l.ratios().get(i);
                    String heading = c.metricHeadings().get(i);
                    String unit = c.units().get(heading);
                    String figure = heading.substring(0, heading.lastIndexOf(" ["));
                    ForkStats.Estimate eb = i == 0 ? l.gbs().base() : i == 1 ? l.gbs().twinBase() : null;
                    ForkStats.Estimate eo = i == 0 ? l.gbs().other() : i == 1 ? l.gbs().twinOther() : null;
                    if (baseDone.add(new Written(l.key(), heading)) && !(eb != null ? Double.isNaN(eb.value()) : Double.isNaN(r.base()))) {
                        p.printRecord(longRow(c, page, 0, l, figure, unit, eb, r.base(), null));
                    }
                    if (!(eo != null ? Double.isNaN(eo.value()) : Double.isNaN(r.other()))) {
                        p.printRecord(longRow(c, page, k, l, figure, unit, eo, r.other(), r));
                    }
                }
            }
        }
    }

    private static List<Object> longRow(Comparison c, ComparePage page, int run, Comparison.Line l, String figure, String unit,
                                        ForkStats.Estimate e, double mean, Comparison.Ratio r) {
        RunData data = c.runs().get(run);
        return List.of(page.letters().get(run), data.name(), data.dir().toAbsolutePath().normalize().getFileName().toString(),
                l.key(), l.path(), l.impl(), l.destination(), l.size(), l.cache(), figure, unit,
                num(e != null ? e.value() : mean), num(e != null ? e.low() : Double.NaN), num(e != null ? e.high() : Double.NaN),
                r == null ? "" : num(r.ratio()), r == null ? "" : num(r.low()), r == null ? "" : num(r.high()),
                r == null || Double.isNaN(r.pValue()) ? "" : Boolean.toString(r.changed()));
    }

    private static int runIndex(Comparison c, String name) {
        for (int i = 0; i < c.runs().size(); i++) {
            if (c.runs().get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalStateException("no run " + name);
    }

    private static Map<String, Object> model(Comparison c, ComparePage page, List<ComparePage.Matrix> matrices,
                                             List<Charts.Chart> runCharts, List<Charts.Chart> ratioCharts) {
        Map<String, Object> m = new HashMap<>(page.runs());
        RunData base = c.runs().get(0);
        m.put("base", base.name());
        m.put("title", String.join(" vs ", c.runs().stream().map(RunData::name).toList()));
        m.put("runLetters", page.letters());
        m.put("answers", page.answers());
        m.put("alpha", Double.toString(Comparison.ALPHA));
        m.put("minChange", String.format(Locale.ROOT, "%.0f%%", 100 * c.minChange()));
        m.put("drift", drift(c));
        List<String> warnings = new ArrayList<>();
        c.runs().forEach(r -> r.warnings().forEach(w -> warnings.add(r.name() + ": " + w)));
        m.put("warnings", warnings);
        m.put("envChanged", c.env().stream().filter(Comparison.EnvField::differs).map(CompareWriter::envRow).toList());
        m.put("envSame", c.env().stream().filter(f -> !f.differs()).map(CompareWriter::envRow).toList());
        m.put("hasEnvChanged", c.env().stream().anyMatch(Comparison.EnvField::differs));
        List<Map<String, Object>> groups = new ArrayList<>();
        for (int i = 0; i < matrices.size(); i++) {
            ComparePage.Matrix mx = matrices.get(i);
            Map<String, Object> g = new HashMap<>();
            g.put("title", mx.title());
            g.put("rows", mx.table());
            g.put("chart", runCharts.get(i).figure());
            g.put("details", details(c, mx.title()));
            groups.add(g);
        }
        m.put("groups", groups);
        m.put("missing", c.missing());
        m.put("hasMissing", !c.missing().isEmpty());
        m.put("charts", ratioCharts.stream().map(Charts.Chart::figure).toList());
        return m;
    }

    private static String drift(Comparison c) {
        if (c.drift() != null) {
            return String.format(Locale.ROOT, "An A/A repeat of the base configuration (%s) moved throughput by a median of "
                    + "%.1f%%, %.1f%% at the 90th percentile and %.1f%% at most, over %d benchmarks: this machine's noise floor. "
                    + "A change is called real only beyond what that A/A pair resolved for its benchmark.",
                    c.drift().repeatRun(), 100 * c.drift().median(), 100 * c.drift().p90(), 100 * c.drift().max(),
                    c.drift().benchmarks());
        }
        return "No A/A repeat of the base configuration was given (zcbench run --repeat, or compare --noise), so this "
                + "machine's drift between runs is not known: each ratio's interval holds the forks' noise within each run.";
    }

    /** Per other run, every compared figure of a group's benchmarks, one line per path and figure (a tall table, not a wide one). */
    private static List<Map<String, Object>> details(Comparison c, String title) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (RunData other : c.runs().subList(1, c.runs().size())) {
            List<Map<String, Object>> rows = new ArrayList<>();
            List<String> calls = new ArrayList<>();
            int changed = 0;
            for (Comparison.Line l : c.lines()) {
                if (!l.title().equals(title) || !l.other().equals(other.name())) {
                    continue;
                }
                for (int i = 0; i < l.ratios().size(); i++) {
                    Comparison.Ratio r = l.ratios().get(i);
                    if (Double.isNaN(r.base()) && Double.isNaN(r.other())) {
                        continue;
                    }
                    String unit = c.units().get(c.metricHeadings().get(i));
                    Map<String, Object> row = new HashMap<>();
                    row.put("path", l.label());
                    row.put("figure", c.metricHeadings().get(i).substring(0, c.metricHeadings().get(i).lastIndexOf(" [")));
                    row.put("base", Units.quantity(r.base(), unit));
                    row.put("other", Units.quantity(r.other(), unit));
                    row.put("ratio", Double.isNaN(r.ratio()) ? "n/a" : ComparePage.change(r) + (r.changed() ? (r.ratio() > 1 ? " ▲" : " ▼") : ""));
                    row.put("resolves", Double.isNaN(r.resolves()) ? "" : ComparePage.resolves(r.resolves()));
                    row.put("title", ratioTitle(r));
                    row.put("cls", r.changed() ? "changed" : "same");
                    changed += r.changed() ? 1 : 0;
                    rows.add(row);
                }
                l.callChanges().forEach(x -> calls.add(l.label() + ": " + x));
            }
            if (!rows.isEmpty()) {
                out.add(Map.of("other", other.name(), "base", c.runs().get(0).name(), "rows", rows, "changed", changed,
                        "calls", calls));
            }
        }
        return out;
    }

    private static Map<String, Object> envRow(Comparison.EnvField f) {
        return Map.of("label", f.label(), "values", f.values());
    }

    /** A ratio's interval, p-value and verdict in words (a cell's tooltip). */
    static String ratioTitle(Comparison.Ratio r) {
        if (Double.isNaN(r.ratio())) {
            return r.note() == null ? "" : r.note();
        }
        return (Double.isNaN(r.low()) ? "" : "ratio's 99% interval " + Units.num(r.low()) + "–" + Units.num(r.high())
                + (Double.isNaN(r.resolves()) ? "" : " (this pair of runs resolves " + ComparePage.resolves(r.resolves()) + ")")
                + "; ")
                + (Double.isNaN(r.pValue()) ? "" : "Welch p = " + (r.pValue() < 1e-4 ? "< 0.0001" : Units.num(r.pValue())) + "; ")
                + (r.changed() ? "a real change (p < " + Comparison.ALPHA + ", at least the minimum change)" : "not called a change")
                + (r.note() == null ? "" : "; " + r.note());
    }

    /**
     * Throughput ratio other/base per path, with its 99% interval and the changes that passed the test marked; one
     * chart per other run, destination and cache state.
     */
    static List<Charts.Chart> ratioCharts(Comparison c) {
        record Chart(String other, String destination, String cache) {
        }
        record Bar(Chart chart, String label) {
        }
        Map<Chart, List<CompareCharts.RatioBar>> sets = new LinkedHashMap<>();
        Catalogue paths = Catalogue.merge(c.runs());
        Map<Bar, Integer> seen = new HashMap<>();
        for (Comparison.Line l : c.lines()) {
            Chart key = new Chart(l.other(), l.destination(), l.cache());
            Comparison.Ratio t = l.throughput();
            String label = l.label() + " " + Units.formatSize(l.size())
                    + (l.title().contains("threads") ? ", " + l.title().replaceAll(".*, (\\d+ threads).*", "$1") : "");
            if (seen.merge(new Bar(key, label), 1, Integer::sum) > 1) {
                // the same path and size again in this chart: a chunk (or other) sweep; its title tells them apart
                label += ", " + l.title().replaceFirst("^file → [a-z]+, [^,]+, [a-z]+ cache, ?", "");
            }
            sets.computeIfAbsent(key, k -> new ArrayList<>()).add(new CompareCharts.RatioBar(label, l.path(), paths.order(l.path()),
                    t.ratio(), t.low(), t.high(), t.changed()));
        }
        List<Charts.Chart> out = new ArrayList<>();
        int n = 0;
        String base = c.runs().get(0).name();
        for (Map.Entry<Chart, List<CompareCharts.RatioBar>> e : sets.entrySet()) {
            Chart k = e.getKey();
            List<CompareCharts.RatioBar> bars = new ArrayList<>(e.getValue());
            bars.sort(Comparator.comparingInt(CompareCharts.RatioBar::order).thenComparing(CompareCharts.RatioBar::label));
            String subtitle = "file → " + k.destination() + ", " + k.cache() + " cache";
            out.add(CompareCharts.ratios("ratio-" + (++n), "Throughput: " + k.other() + " ÷ " + base, subtitle,
                    "throughput ratio [×] (1.0 = unchanged; whiskers: 99% CI)", bars));
        }
        return out;
    }
}
