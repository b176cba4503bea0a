package io.zcbench.reports.publish;

import io.zcbench.reports.ReportException;
import io.zcbench.reports.ReportWriter;
import io.zcbench.reports.chart.Charts;
import io.zcbench.reports.compare.CompareWriter;
import io.zcbench.reports.compare.Comparison;
import io.zcbench.reports.compare.RunLabels;
import io.zcbench.reports.html.HtmlReport;
import io.zcbench.reports.model.Row;
import io.zcbench.reports.model.RunData;
import io.zcbench.reports.model.Units;
import io.zcbench.reports.table.ComparisonTable;
import io.zcbench.reports.table.LongCsv;
import io.zcbench.reports.table.TableRow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.samskivert.mustache.Template;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * {@code zcbench publish}: many runs as one static site that opens from disk — an index of the runs in order with what
 * differs between neighbours, every run's own report, each benchmark's history across the runs as a chart and a table
 * with the steps found in it ({@link Steps}), a compare page for each step's two runs, every figure of every run in one
 * long CSV and the whole as JSON. Republishing into the same folder reuses what did not change (a run's report, a
 * step's compare page); everything is written next to the folder and swapped in, as report and compare do.
 */
public final class SiteWriter {
    private static final Template INDEX = template("site-index.html.mustache");
    private static final Template BENCH = template("site-bench.html.mustache");
    /** The manifest of what a site holds, so a later publish reuses what did not change. */
    static final String MANIFEST = "site.json";

    private SiteWriter() {
    }

    /** What publish says when it is done. */
    public record Summary(Path index, int runs, int points, int benchmarks, int steps, int reused, int cached, long millis) {
    }

    /** One benchmark across the runs: its identity, its title, its entry in each run (null where it did not run). */
    record Bench(String key, String slug, String title, String path, String destination, List<RunSummary.Entry> rows) {
    }

    /** Where a site keeps what it read of each run ({@link RunSummary}). */
    static final String CACHE = "cache";

    public static Summary publish(List<Path> dirs, Path out, Order order, double minChange) {
        long start = System.nanoTime();
        if (dirs.isEmpty()) {
            throw new ReportException("give at least one results folder to publish");
        }
        List<String> ids = ids(dirs);
        Path abs = out.toAbsolutePath().normalize();
        Map<String, String> previous = previousFingerprints(abs);
        // each run read once, in parallel: from the site's cache when its files did not change since it was published
        // there, else from its folder (the bulk of publishing many runs is reading JMH's JSON)
        int[] cached = {0};
        List<RunSummary> runs = IntStream.range(0, dirs.size()).parallel().mapToObj(i -> {
            String fp = fingerprint(dirs.get(i));
            if (fp.equals(previous.get(ids.get(i)))) {
                RunSummary c = RunSummary.read(abs.resolve(CACHE), ids.get(i));
                if (c != null && c.fingerprint().equals(fp)) {
                    synchronized (cached) {
                        cached[0]++;
                    }
                    return c;
                }
            }
            RunData r = RunData.load(dirs.get(i));
            ComparisonTable t = ComparisonTable.of(r);
            return RunSummary.of(r, t, csvRecords(ids.get(i), t), fp);
        }).toList();
        debug("loaded (" + cached[0] + " from the site's cache)", start);
        List<List<Integer>> points = order.points(runs, dirs);
        List<String> pointLabels = points.stream().map(p -> order.value(runs.get(p.get(0)), dirs.get(p.get(0)), p.get(0)))
                .toList();
        int[] pointOf = new int[runs.size()];
        for (int p = 0; p < points.size(); p++) {
            for (int r : points.get(p)) {
                pointOf[r] = p;
            }
        }
        List<Integer> inOrder = points.stream().flatMap(List::stream).toList();
        List<Bench> benches = benches(runs);
        int[] reused = {0};
        List<Map<String, Object>> stepsOut = new ArrayList<>();
        ReportWriter.writeAtomically(out, tmp -> {
            // every run's own report: reused from the site being replaced when its files did not change, else the one
            // its run folder holds (zcbench run wrote it), else written here
            Path runsDir = Files.createDirectories(tmp.resolve("runs"));
            IntStream.range(0, runs.size()).parallel().forEach(i -> {
                String id = ids.get(i);
                Path target = runsDir.resolve(id);
                try {
                    Path old = abs.resolve("runs").resolve(id);
                    Path own = dirs.get(i).resolve("report");
                    if (runs.get(i).fingerprint().equals(previous.get(id)) && Files.isDirectory(old)) {
                        copyTree(old, target);
                        synchronized (reused) {
                            reused[0]++;
                        }
                    } else if (Files.isRegularFile(own.resolve(ReportWriter.MARKER)) && Files.isRegularFile(own.resolve("index.html"))) {
                        copyTree(own, target);
                    } else {
                        ReportWriter.write(RunData.load(dirs.get(i)), target);
                    }
                    Path cache = tmp.resolve(CACHE);
                    Path oldCache = abs.resolve(CACHE);
                    if (runs.get(i).fingerprint().equals(previous.get(id)) && Files.isRegularFile(oldCache.resolve(id + ".json"))
                            && Files.isRegularFile(oldCache.resolve(id + ".csv"))) {
                        Files.createDirectories(cache);
                        link(oldCache.resolve(id + ".json"), cache.resolve(id + ".json"));
                        link(oldCache.resolve(id + ".csv"), cache.resolve(id + ".csv"));
                    } else {
                        runs.get(i).write(cache, id);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            debug("run reports", start);
            Path hist = Files.createDirectories(tmp.resolve("history"));
            List<Map<String, Object>> benchModels = new ArrayList<>();
            List<Charts.Chart> charts = new ArrayList<>();
            for (Bench b : benches) {
                List<Steps.Value> values = new ArrayList<>();
                List<HistoryChart.Run> chartRuns = new ArrayList<>();
                List<Map<String, Object>> lines = new ArrayList<>();
                for (int p = 0; p < points.size(); p++) {
                    List<Integer> members = points.get(p).stream().filter(i -> b.rows().get(i) != null).toList();
                    for (int k = 0; k < members.size(); k++) {
                        int i = members.get(k);
                        RunSummary.Figures f = b.rows().get(i).figures();
                        values.add(new Steps.Value(p, f.gbs()));
                        chartRuns.add(new HistoryChart.Run(p, k, members.size(), f.gbs(), f.low(), f.high(), f.cpu(),
                                f.syscalls(), f.copies()));
                        lines.add(line(b.rows().get(i), pointLabels.get(p), ids.get(i)));
                    }
                }
                Steps.Noise noise = Steps.noise(values, points.size());
                List<Steps.Step> steps = Steps.find(values, points.size(), noise, minChange, Steps.ALPHA);
                List<Map<String, Object>> stepModels = new ArrayList<>();
                for (Steps.Step s : steps) {
                    List<Integer> left = points.get(s.after()).stream().filter(i -> b.rows().get(i) != null).toList();
                    List<Integer> right = points.get(s.after() + 1).stream().filter(i -> b.rows().get(i) != null).toList();
                    int a = left.get(left.size() - 1);
                    int c = right.get(0);
                    Map<String, Object> sm = new HashMap<>();
                    sm.put("bench", b.title());
                    sm.put("page", b.slug() + ".html");
                    sm.put("from", pointLabels.get(s.after()));
                    sm.put("to", pointLabels.get(s.after() + 1));
                    sm.put("runA", ids.get(a));
                    sm.put("runB", ids.get(c));
                    sm.put("size", s.text());
                    sm.put("better", s.ratio() > 1);
                    sm.put("compare", ids.get(a) + "__" + ids.get(c));
                    sm.put("ratio", s.ratio());
                    sm.put("low", s.low());
                    sm.put("high", s.high());
                    stepModels.add(sm);
                    stepsOut.add(sm);
                }
                charts.add(HistoryChart.of(b.slug(), b.title(), pointLabels, chartRuns, steps));
                Map<String, Object> bm = new HashMap<>();
                bm.put("slug", b.slug());
                bm.put("title", b.title());
                bm.put("path", b.path());
                bm.put("destination", b.destination());
                bm.put("runs", lines.size());
                bm.put("steps", stepModels);
                bm.put("stepCount", stepModels.size());
                bm.put("noise", Double.isNaN(noise.sigma()) ? "unknown (" + noise.how() + ")"
                        : String.format(java.util.Locale.ROOT, "±%.1f%% (1 sd) %s", 100 * (Math.exp(noise.sigma()) - 1), noise.how()));
                bm.put("lines", lines);
                benchModels.add(bm);
            }
            debug("steps", start);
            renderCharts(charts, hist);
            debug("charts", start);
            for (Map<String, Object> bm : benchModels) {
                try (Writer w = Files.newBufferedWriter(hist.resolve(bm.get("slug") + ".html"), StandardCharsets.UTF_8)) {
                    Map<String, Object> m = new HashMap<>(bm);
                    m.put("order", order.kind().equals("param") ? "param " + order.param() : order.kind());
                    BENCH.execute(m, w);
                }
            }
            // a compare page for each step's two runs (reused when both runs are unchanged)
            Path cmpDir = Files.createDirectories(tmp.resolve("compare"));
            for (String cmp : stepsOut.stream().map(s -> (String) s.get("compare")).distinct().toList()) {
                String[] pair = cmp.split("__", 2);
                int a = ids.indexOf(pair[0]);
                int b = ids.indexOf(pair[1]);
                Path old = abs.resolve("compare").resolve(cmp);
                if (runs.get(a).fingerprint().equals(previous.get(pair[0]))
                        && runs.get(b).fingerprint().equals(previous.get(pair[1])) && Files.isDirectory(old)) {
                    copyTree(old, cmpDir.resolve(cmp));
                    continue;
                }
                CompareWriter.write(Comparison.of(List.of(RunData.load(dirs.get(a)).withName(pair[0]),
                        RunData.load(dirs.get(b)).withName(pair[1])), minChange), cmpDir.resolve(cmp));
            }
            writeIndex(tmp, runs, ids, points, pointLabels, inOrder, pointOf, order, benchModels, stepsOut);
            debug("index", start);
            writeCsv(tmp, runs.stream().map(RunSummary::csv).toList(), pointLabels, pointOf);
            debug("csv", start);
            writeJson(tmp, runs, ids, dirs, pointLabels, pointOf, inOrder, order, benchModels);
            ObjectNode manifest = new ObjectMapper().createObjectNode().put("format", "zcbench-site/1");
            ObjectNode fp = manifest.putObject("runs");
            for (int i = 0; i < runs.size(); i++) {
                fp.put(ids.get(i), runs.get(i).fingerprint());
            }
            Files.writeString(tmp.resolve(MANIFEST), manifest.toPrettyString(), StandardCharsets.UTF_8);
        });
        return new Summary(abs.resolve("index.html"), runs.size(), points.size(), benches.size(), stepsOut.size(), reused[0],
                cached[0], (System.nanoTime() - start) / 1_000_000);
    }

    /** With ZCBENCH_DEBUG=1: how long publish has taken so far, after each stage. */
    private static void debug(String stage, long start) {
        if ("1".equals(System.getenv("ZCBENCH_DEBUG"))) {
            System.err.printf(java.util.Locale.ROOT, "publish: %s done at %.2f s%n", stage, (System.nanoTime() - start) / 1e9);
        }
    }

    /** One history line: the run's point, its figures and links. */
    private static Map<String, Object> line(RunSummary.Entry e, String point, String id) {
        RunSummary.Figures f = e.figures();
        Map<String, Object> m = new HashMap<>();
        m.put("point", point);
        m.put("run", id);
        m.put("gbs", Units.num(f.gbs()));
        m.put("range", Units.range(f.low(), f.high()));
        m.put("cpu", Units.num(f.cpu()));
        m.put("syscalls", Units.num(f.syscalls()));
        m.put("copies", f.copiesText());
        m.put("jdk", e.id().jdk());
        return m;
    }

    /** Each benchmark of any run, keyed as compare pairs them (its parameters without the settings the runs differ in). */
    private static List<Bench> benches(List<RunSummary> runs) {
        Set<String> settings = Comparison.settingsOf(runs.stream().map(RunSummary::params).toList());
        Map<String, RunSummary.Entry[]> byKey = new LinkedHashMap<>();
        Map<String, RunSummary.Entry> first = new LinkedHashMap<>();
        for (int i = 0; i < runs.size(); i++) {
            for (RunSummary.Entry e : runs.get(i).entries()) {
                RunSummary.Identity id = e.id();
                String key = Comparison.key(id.benchmark(), id.params(), id.threads(), id.mode(), settings);
                byKey.computeIfAbsent(key, k -> new RunSummary.Entry[runs.size()])[i] = e;
                first.putIfAbsent(key, e);
            }
        }
        List<Bench> out = new ArrayList<>();
        int n = 0;
        for (Map.Entry<String, RunSummary.Entry[]> k : byKey.entrySet()) {
            RunSummary.Entry e = first.get(k.getKey());
            String title = e.path() + (e.impl().equals("java") ? "" : " (" + e.impl() + ")") + ": "
                    + e.title().replaceFirst("^file → ", "→ ");
            for (String s : settings) {
                title = title.replace(", " + s + " " + e.id().params().get(s), "");
            }
            out.add(new Bench(k.getKey(), String.format(java.util.Locale.ROOT, "b%03d", ++n), title, e.path(),
                    e.destination(), java.util.Arrays.asList(k.getValue())));
        }
        return out;
    }

    /** Runs' ids in the site: their folder names, made unique and safe for a file name. */
    static List<String> ids(List<Path> dirs) {
        List<String> out = new ArrayList<>();
        for (Path d : dirs) {
            Path name = d.toAbsolutePath().normalize().getFileName();
            String base = (name == null ? "run" : name.toString()).replaceAll("[^A-Za-z0-9._-]", "_");
            String id = base;
            for (int k = 2; out.contains(id); k++) {
                id = base + "-" + k;
            }
            out.add(id);
        }
        return out;
    }

    /** What identifies a run's files as they were: their sizes and modification times. */
    static String fingerprint(Path dir) {
        StringBuilder sb = new StringBuilder();
        for (String f : List.of("jmh.json", "jmh.json.gz", "env.json", "metrics.json", "paths.json", "jmh-hw.json")) {
            Path p = dir.resolve(f);
            try {
                if (Files.exists(p)) {
                    sb.append(f).append(':').append(Files.size(p)).append(':').append(Files.getLastModifiedTime(p).toMillis()).append(';');
                }
            } catch (IOException e) {
                sb.append(f).append(":?;");
            }
        }
        return sb.toString();
    }

    private static Map<String, String> previousFingerprints(Path site) {
        Map<String, String> out = new HashMap<>();
        Path manifest = site.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest) || !Files.isRegularFile(site.resolve(ReportWriter.MARKER))) {
            return out;
        }
        try {
            JsonNode runs = new ObjectMapper().readTree(manifest.toFile()).path("runs");
            runs.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        } catch (IOException e) {
            return Map.of(); // an unreadable manifest: rebuild everything
        }
        return out;
    }

    private static void writeIndex(Path tmp, List<RunSummary> runs, List<String> ids, List<List<Integer>> points,
                                   List<String> pointLabels, List<Integer> inOrder, int[] pointOf, Order order,
                                   List<Map<String, Object>> benches, List<Map<String, Object>> steps) throws IOException {
        List<Map<String, Object>> runRows = new ArrayList<>();
        RunSummary prev = null;
        for (int i : inOrder) {
            RunSummary r = runs.get(i);
            Map<String, Object> m = new HashMap<>();
            m.put("id", ids.get(i));
            m.put("point", pointLabels.get(pointOf[i]));
            m.put("host", r.envText("/host"));
            m.put("kernel", r.envText("/kernel/release"));
            m.put("jdk", r.envText("/jdk/version"));
            m.put("cpu", r.envText("/cpu/model"));
            m.put("nic", r.envText("/network/interface/name") + " (" + r.envText("/network/interface/driver") + ")");
            m.put("preset", r.envText("/run/preset"));
            m.put("date", r.envText("/run/start"));
            m.put("commit", shortCommit(r.envText("/git/commit")));
            m.put("differs", prev == null ? "" : differs(prev, r));
            runRows.add(m);
            prev = r;
        }
        Map<String, Object> m = new HashMap<>();
        m.put("order", order.kind().equals("param") ? "the parameter " + order.param() : order.kind().equals("given")
                ? "the order given" : order.kind());
        m.put("runCount", runs.size());
        m.put("pointCount", points.size());
        m.put("runs", runRows);
        m.put("benches", benches);
        m.put("steps", steps);
        m.put("stepCount", steps.size());
        m.put("hasSteps", !steps.isEmpty());
        try (Writer w = Files.newBufferedWriter(tmp.resolve("index.html"), StandardCharsets.UTF_8)) {
            INDEX.execute(m, w);
        }
    }

    /** The environment fields and settings in which a run differs from the one before it. */
    private static String differs(RunSummary a, RunSummary b) {
        List<String> out = new ArrayList<>();
        Set<String> settings = Comparison.settingsOf(List.of(a.params(), b.params()));
        for (String s : settings) {
            out.add(s + " " + a.params().get(0).get(s) + " → " + b.params().get(0).get(s));
        }
        for (Map.Entry<String, String> f : RunLabels.ENV_FIELDS.entrySet()) {
            if (List.of("CPU flags", "fork JVM flags", "CPU MHz").contains(f.getKey())) {
                continue;
            }
            String va = a.envText(f.getValue());
            String vb = b.envText(f.getValue());
            if (!va.equals(vb)) {
                out.add(f.getKey() + " " + abbreviate(va) + " → " + abbreviate(vb));
            }
        }
        return out.isEmpty() ? "nothing recorded" : String.join("; ", out);
    }

    private static String abbreviate(String v) {
        return v.length() > 32 ? v.substring(0, 30) + "…" : v;
    }

    private static String shortCommit(String v) {
        return v.matches("[0-9a-f]{13,}.*") ? v.substring(0, 12) : v;
    }

    /** figures.csv: each run's records after its point's key value and number, in the runs' order. */
    private static void writeCsv(Path tmp, List<List<String>> records, List<String> pointLabels, int[] pointOf)
            throws IOException {
        List<String> header = new ArrayList<>(List.of("order key", "point"));
        header.addAll(LongCsv.HEADER);
        try (Writer w = Files.newBufferedWriter(tmp.resolve("figures.csv"), StandardCharsets.UTF_8);
             CSVPrinter head = new CSVPrinter(w, CSVFormat.RFC4180.builder().setHeader(header.toArray(new String[0])).build())) {
            head.flush();
            for (int i = 0; i < records.size(); i++) {
                String prefix = CSVFormat.RFC4180.format(pointLabels.get(pointOf[i]), pointOf[i] + 1) + ",";
                for (String record : records.get(i)) {
                    w.write(prefix);
                    w.write(record);
                }
            }
        }
    }

    /** One run's records of figures.csv ({@link LongCsv}'s columns), each with its line end, to follow its prefix. */
    private static List<String> csvRecords(String id, ComparisonTable table) {
        List<String> out = new ArrayList<>();
        StringBuilder sb = new StringBuilder(512);
        try (CSVPrinter p = new CSVPrinter(sb, CSVFormat.RFC4180)) {
            for (List<Object> row : LongCsv.rows(id, table)) {
                p.printRecord(row);
                out.add(sb.toString());
                sb.setLength(0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static void writeJson(Path tmp, List<RunSummary> runs, List<String> ids, List<Path> dirs, List<String> pointLabels,
                                  int[] pointOf, List<Integer> inOrder, Order order, List<Map<String, Object>> benches)
            throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode().put("format", "zcbench-site/1")
                .put("order", order.kind().equals("param") ? "param:" + order.param() : order.kind());
        ArrayNode rs = root.putArray("runs");
        for (int i : inOrder) {
            RunSummary r = runs.get(i);
            rs.addObject().put("id", ids.get(i)).put("point", pointLabels.get(pointOf[i])).put("dir", dirs.get(i).toString())
                    .put("report", "runs/" + ids.get(i) + "/index.html").put("host", r.envText("/host"))
                    .put("kernel", r.envText("/kernel/release")).put("jdk", r.envText("/jdk/version"))
                    .put("date", r.envText("/run/start")).put("commit", r.envText("/git/commit"));
        }
        ArrayNode bs = root.putArray("benchmarks");
        for (Map<String, Object> b : benches) {
            ObjectNode o = bs.addObject().put("title", (String) b.get("title")).put("page", "history/" + b.get("slug") + ".html")
                    .put("noise", (String) b.get("noise"));
            ArrayNode st = o.putArray("steps");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> steps = (List<Map<String, Object>>) b.get("steps");
            for (Map<String, Object> s : steps) {
                st.addObject().put("from", (String) s.get("from")).put("to", (String) s.get("to"))
                        .put("runBefore", (String) s.get("runA")).put("runAfter", (String) s.get("runB"))
                        .put("ratio", (Double) s.get("ratio")).put("low", (Double) s.get("low")).put("high", (Double) s.get("high"))
                        .put("compare", "compare/" + s.get("compare") + "/index.html");
            }
        }
        Files.writeString(tmp.resolve("index.json"), root.toPrettyString(), StandardCharsets.UTF_8);
    }

    private static void renderCharts(List<Charts.Chart> charts, Path dir) {
        charts.parallelStream().forEach(c -> {
            try {
                Files.writeString(dir.resolve(c.file() + ".svg"), c.svg(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * A copy of a report folder: hard links where the file system allows (a report is never rewritten in place: report
     * and publish write a new folder and swap it in, so a linked file keeps what it held), else copies.
     */
    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    link(p, q);
                }
            }
        }
    }

    /** A hard link to {@code from} at {@code to}, or a copy where the file system has none. */
    private static void link(Path from, Path to) throws IOException {
        try {
            Files.createLink(to, from);
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static Template template(String name) {
        try (InputStream in = SiteWriter.class.getResourceAsStream("/io/zcbench/reports/html/" + name);
             Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return HtmlReport.compiler().compile(r);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("site template " + name + " missing from the jar", e);
        }
    }
}
