package io.zcbench.reports.compare;

import io.zcbench.reports.ReportWriter;
import io.zcbench.reports.chart.Charts;
import io.zcbench.reports.model.Catalogue;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The comparison page (index.html), comparison.csv and ratio charts, written atomically to OUT_DIR. */
public final class CompareWriter {
    private static final Template TEMPLATE = compile();

    private CompareWriter() {
    }

    private static Template compile() {
        try (InputStream in = CompareWriter.class.getResourceAsStream("/io/zcbench/reports/html/compare.html.mustache");
             Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return Mustache.compiler().escapeHTML(true).defaultValue("").compile(r);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("compare template missing from the jar", e);
        }
    }

    public static Path write(Comparison c, Path out) {
        List<Charts.Chart> charts = ratioCharts(c);
        return ReportWriter.writeAtomically(out, tmp -> {
            Path chartDir = Files.createDirectories(tmp.resolve("charts"));
            for (Charts.Chart ch : charts) {
                Files.writeString(chartDir.resolve(ch.file() + ".svg"), ch.svg(), StandardCharsets.UTF_8);
            }
            try (Writer w = Files.newBufferedWriter(tmp.resolve("comparison.csv"), StandardCharsets.UTF_8)) {
                csv(c, w);
            }
            try (Writer w = Files.newBufferedWriter(tmp.resolve("index.html"), StandardCharsets.UTF_8)) {
                TEMPLATE.execute(model(c, charts), w);
            }
        });
    }

    static void csv(Comparison c, Writer w) throws IOException {
        List<String> header = new ArrayList<>(List.of("benchmark", "base run", "other run", "destination", "path", "size [B]", "cache"));
        for (String m : c.metricHeadings()) {
            header.add(m + " base");
            header.add(m + " other");
            header.add(m + " ratio other/base");
            header.add(m + " ratio 99% CI low");
            header.add(m + " ratio 99% CI high");
            header.add(m + " Welch p");
            header.add(m + " changed");
            header.add(m + " resolves ± [%]");
        }
        header.add("system calls that changed, by name (cause)");
        try (CSVPrinter p = new CSVPrinter(w, CSVFormat.RFC4180.builder().setHeader(header.toArray(new String[0])).build())) {
            for (Comparison.Line l : c.lines()) {
                List<Object> v = new ArrayList<>(List.of(l.key(), c.runs().get(0).name(), l.other(), l.destination(), l.path(),
                        l.size(), l.cache()));
                for (Comparison.Ratio r : l.ratios()) {
                    v.add(num(r.base()));
                    v.add(num(r.other()));
                    v.add(num(r.ratio()));
                    v.add(num(r.low()));
                    v.add(num(r.high()));
                    v.add(num(r.pValue()));
                    v.add(Double.isNaN(r.pValue()) ? "" : Boolean.toString(r.changed()));
                    v.add(num(100 * r.resolves()));
                }
                v.add(String.join("; ", l.callChanges()));
                p.printRecord(v);
            }
        }
    }

    private static String num(double d) {
        return Double.isNaN(d) ? "" : Double.toString(d);
    }

    private static Map<String, Object> model(Comparison c, List<Charts.Chart> charts) {
        Map<String, Object> m = new HashMap<>();
        RunData base = c.runs().get(0);
        m.put("base", base.name());
        m.put("others", c.runs().subList(1, c.runs().size()).stream().map(RunData::name).toList());
        m.put("runNames", c.runs().stream().map(RunData::name).toList());
        m.put("alpha", Double.toString(Comparison.ALPHA));
        m.put("minChange", String.format(Locale.ROOT, "%.0f%%", 100 * c.minChange()));
        if (c.drift() != null) {
            m.put("drift", String.format(Locale.ROOT, "An A/A repeat of the base configuration (%s) moved throughput by a median of "
                    + "%.1f%%, %.1f%% at the 90th percentile and %.1f%% at most, over %d benchmarks: this machine's noise floor. "
                    + "A change is called real only beyond what that A/A pair resolved for its benchmark (each cell says it).",
                    c.drift().repeatRun(), 100 * c.drift().median(), 100 * c.drift().p90(), 100 * c.drift().max(),
                    c.drift().benchmarks()));
        } else {
            m.put("drift", "No A/A repeat of the base configuration was given (zcbench run --repeat, or compare --noise), so this "
                    + "machine's noise floor is not known: each ratio's interval holds the forks' noise within each run, not "
                    + "how the machine drifts between runs.");
        }
        List<String> warnings = new ArrayList<>();
        c.runs().forEach(r -> r.warnings().forEach(w -> warnings.add(r.name() + ": " + w)));
        m.put("warnings", warnings);
        m.put("envChanged", c.env().stream().filter(Comparison.EnvField::differs).map(CompareWriter::envRow).toList());
        m.put("envSame", c.env().stream().filter(f -> !f.differs()).map(CompareWriter::envRow).toList());
        m.put("hasEnvChanged", c.env().stream().anyMatch(Comparison.EnvField::differs));
        List<Map<String, Object>> groups = new ArrayList<>();
        Map<String, List<Comparison.Line>> byTitle = new LinkedHashMap<>();
        for (Comparison.Line l : c.lines()) {
            byTitle.computeIfAbsent(l.other() + " | " + l.title(), k -> new ArrayList<>()).add(l);
        }
        for (Map.Entry<String, List<Comparison.Line>> e : byTitle.entrySet()) {
            Map<String, Object> g = new HashMap<>();
            g.put("title", e.getValue().get(0).title());
            g.put("other", e.getValue().get(0).other());
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Comparison.Line l : e.getValue()) {
                Map<String, Object> row = new HashMap<>();
                row.put("path", l.path());
                List<Map<String, Object>> cells = new ArrayList<>();
                for (Comparison.Ratio r : l.ratios()) {
                    cells.add(cell(r));
                }
                row.put("cells", cells);
                row.put("calls", l.callChanges());
                rows.add(row);
            }
            g.put("rows", rows);
            groups.add(g);
        }
        m.put("metricNames", c.metricHeadings());
        m.put("groups", groups);
        m.put("missing", c.missing());
        m.put("hasMissing", !c.missing().isEmpty());
        m.put("charts", charts.stream().map(Charts.Chart::figure).toList());
        return m;
    }

    private static Map<String, Object> envRow(Comparison.EnvField f) {
        return Map.of("label", f.label(), "values", f.values());
    }

    private static Map<String, Object> cell(Comparison.Ratio r) {
        Map<String, Object> m = new HashMap<>();
        if (Double.isNaN(r.ratio())) {
            m.put("text", "n/a");
            m.put("title", r.note() == null ? "" : r.note());
            m.put("cls", "na");
            return m;
        }
        String arrow = !r.changed() ? "" : r.ratio() > 1 ? " ▲" : " ▼";
        m.put("text", String.format(Locale.ROOT, "%s → %s (×%s)%s", Units.num(r.base()), Units.num(r.other()),
                Units.num(r.ratio()), arrow) + (Double.isNaN(r.resolves()) ? ""
                : String.format(Locale.ROOT, " · resolves ±%s%%", Units.num(100 * r.resolves()))));
        m.put("title", (Double.isNaN(r.low()) ? "" : "ratio's 99% interval " + Units.num(r.low()) + "–" + Units.num(r.high())
                + (Double.isNaN(r.resolves()) ? "" : " (this pair of runs resolves ±" + Units.num(100 * r.resolves()) + "% or more)")
                + "; ")
                + (Double.isNaN(r.pValue()) ? "" : String.format(Locale.ROOT, "Welch p = %.2g; ", r.pValue()))
                + (r.changed() ? "a real change (p < " + Comparison.ALPHA + ", at least the minimum change)" : "not called a change")
                + (r.note() == null ? "" : "; " + r.note()));
        m.put("cls", r.changed() ? "changed" : "same");
        return m;
    }

    /**
     * Throughput ratio other/base per path, with its 99% interval and the changes that passed the test marked; one
     * chart per other run, destination and cache state.
     */
    static List<Charts.Chart> ratioCharts(Comparison c) {
        Map<String, List<Charts.RatioBar>> sets = new LinkedHashMap<>();
        Catalogue paths = Catalogue.merge(c.runs());
        Map<String, Integer> seen = new HashMap<>();
        for (Comparison.Line l : c.lines()) {
            String key = l.other() + "|" + l.destination() + "|" + l.cache();
            Comparison.Ratio t = l.throughput();
            String label = l.path() + (l.key().contains("impl=native") ? " (native twin)" : "") + " " + Units.formatSize(l.size())
                    + (l.title().contains("threads") ? ", " + l.title().replaceAll(".*, (\\d+ threads).*", "$1") : "");
            if (seen.merge(key + "|" + label, 1, Integer::sum) > 1) {
                // the same path and size again in this chart: a chunk (or other) sweep; its title tells them apart
                label += ", " + l.title().replaceFirst("^file → [a-z]+, [^,]+, [a-z]+ cache, ?", "");
            }
            sets.computeIfAbsent(key, k -> new ArrayList<>()).add(new Charts.RatioBar(label, l.path(), paths.order(l.path()),
                    t.ratio(), t.low(), t.high(), t.changed()));
        }
        List<Charts.Chart> out = new ArrayList<>();
        int n = 0;
        String base = c.runs().get(0).name();
        for (Map.Entry<String, List<Charts.RatioBar>> e : sets.entrySet()) {
            String[] k = e.getKey().split("\\|");
            List<Charts.RatioBar> bars = new ArrayList<>(e.getValue());
            bars.sort(Comparator.comparingInt(Charts.RatioBar::order).thenComparing(Charts.RatioBar::label));
            String subtitle = "file → " + k[1] + ", " + k[2] + " cache";
            out.add(Charts.ratios("ratio-" + (++n), "Throughput: " + k[0] + " ÷ " + base, subtitle,
                    "throughput ratio [×] (1.0 = unchanged; whiskers: 99% CI)", bars));
        }
        return out;
    }
}
