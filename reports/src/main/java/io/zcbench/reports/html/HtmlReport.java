package io.zcbench.reports.html;

import io.zcbench.reports.chart.Charts;
import io.zcbench.reports.model.Impl;
import io.zcbench.reports.model.MetricCatalogue;
import io.zcbench.reports.model.MetricId;
import io.zcbench.reports.model.PathAt;
import io.zcbench.reports.model.PathModel;
import io.zcbench.reports.model.Row;
import io.zcbench.reports.model.RunData;
import io.zcbench.reports.model.Units;
import io.zcbench.reports.table.ComparisonTable;
import io.zcbench.reports.table.DeclaredColumns;
import io.zcbench.reports.table.Group;
import io.zcbench.reports.table.TableRow;

import com.fasterxml.jackson.databind.JsonNode;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code index.html} from a template resource. Every value from an input file goes through the
 * template engine's HTML escaping: a parameter or kernel string holding {@code <script>} renders as text.
 */
public final class HtmlReport {
    /** impl=ffm rows: what their ratio is, and what it is taken against. */
    static final String FFM_RATIO = "FFM ÷ JNI";
    static final String FFM_PAIR = "the same Java loop with its kernel calls through libzcbench's JNI, alternating one by one "
            + "with the FFM operations in the same forks";

    private static final Template TEMPLATE = compile("report.html.mustache");

    private HtmlReport() {
    }

    /**
     * The template compiler of every page: values HTML-escaped; a key the model does not hold fails the render (a
     * misspelt key never renders blank), while a key that holds null renders empty or skips its section.
     */
    public static Mustache.Compiler compiler() {
        return Mustache.compiler().escapeHTML(true).nullValue("").strictSections(true);
    }

    static Template compile(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name);
             Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return compiler().compile(r);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("report template " + name + " missing from the jar", e);
        }
    }

    public static void write(RunData run, ComparisonTable table, List<Charts.Chart> charts, List<String> chartsOmitted,
                             Writer out) throws IOException {
        Map<String, Object> m = new HashMap<>();
        m.put("runName", run.name());
        m.put("host", run.envText("/host"));
        m.put("kernel", run.envText("/kernel/release"));
        m.put("jdk", run.envText("/jdk/vendor") + " " + run.envText("/jdk/version"));
        m.put("cpu", run.envText("/cpu/model") + ", " + run.envText("/cpu/availableProcessors") + " CPUs");
        m.put("started", run.envText("/run/start"));
        m.put("preset", run.envText("/run/preset"));
        List<String> warnings = new ArrayList<>(run.warnings());
        if (run.env().at("/run/status").isMissingNode() && run.env().at("/run/benchmarks").isNumber()) {
            long done = run.rows().stream().map(r -> r.benchmark() + r.params() + r.threads()).distinct().count();
            String planned = run.env().at("/run/benchmarks").asText();
            m.put("status", "did not finish: " + done + " of " + planned + " benchmarks");
            warnings.add("This run did not finish (killed, or its machine stopped): " + done + " of " + planned
                    + " benchmarks have results; the report shows those.");
        } else {
            m.put("status", run.envText("/run/status"));
        }
        if ("interrupted".equals(run.env().at("/run/status").asText())) {
            warnings.add("This run was interrupted: " + run.env().at("/run/benchmarksFinished").asText() + " of "
                    + run.env().at("/run/benchmarksPlanned").asText() + " benchmarks finished; the report shows those.");
        }
        String pacingWarning = pacingWarning(run, table);
        if (pacingWarning != null) {
            warnings.add(pacingWarning);
        }
        if ("tmpfs".equals(run.env().at("/dataDirectory/fileSystem").asText())) {
            warnings.add("The data directory is on tmpfs: file figures are memory figures, not disk figures.");
        }
        m.put("outlierForks", null);
        JsonNode outliers = run.env().at("/run/forkOrder/outliers");
        if (outliers.isArray() && outliers.size() > 0) {
            List<String> named = new ArrayList<>();
            outliers.forEach(o -> named.add(o.asText()));
            // not a warning: the figures hold them as they are; said under the ranking, folded, so the answer stays first
            m.put("outlierForks", Map.of("count", named.size(), "forks", named));
        }
        m.put("warnings", warnings);
        m.put("groups", table.groups().stream().map(HtmlReport::group).toList());
        m.put("everyFigure", table.groups().stream().map(EveryFigure::model).toList());
        m.put("charts", charts.stream().map(Charts.Chart::figure).toList());
        m.put("chartsOmitted", chartsOmitted);
        m.put("breakdowns", breakdowns(table));
        m.put("routes", routes(table, run));
        m.put("copies", copies(table));
        m.put("ledgerReceiver", ledgerReceiver(table));
        m.put("countingNote", countingNote(table));
        m.put("explainNotes", explainNotes(run));
        m.put("hasOutcomes", !run.outcomes().isEmpty());
        m.put("outcomes", run.outcomes().stream().map(o -> Map.of("benchmark", o.benchmark(), "params", o.params().toString(),
                "outcome", o.outcome(), "reason", o.reason())).toList());
        m.put("env", env(run));
        m.put("headline", headline(table, run));
        m.put("anyFramework", table.rows().stream().anyMatch(t -> t.model().isFramework()));
        m.put("large", LargeFiles.model(table));
        m.put("receive", ReceiveSide.model(table));
        m.put("javaNext", JavaNext.model(table));
        m.put("conditions", conditions(run));
        List<String> coverages = table.rows().stream().map(TableRow::gbsCoverage).distinct().toList();
        m.put("coverage", coverages.size() == 1 ? coverages.get(0) : "it varies by row: " + String.join("; ", coverages));
        m.put("coverageShort", coverages.size() == 1 ? coverages.get(0).replaceFirst(": order statistics of", " interval,")
                : "interval: hover for its coverage");
        m.put("baseline", run.paths().baseline().isEmpty() ? "the catalogue's first path" : run.paths().baseline());
        m.put("baselineHeading", run.paths().baselineHeading());
        List<PathModel> measured = run.rows().stream().map(Row::path).distinct().map(run.paths()::model)
                .sorted(Comparator.comparingInt(PathModel::order)).toList();
        m.put("bypassing", measured.stream().filter(PathModel::bypassesPageCache).map(PathModel::id).toList());
        m.put("twins", measured.stream().filter(p -> p.known() && !p.isFramework()).map(p -> Map.of("id", p.id(), "twin", p.twin())).toList());
        m.put("frameworks", measured.stream().filter(PathModel::isFramework).map(p -> Map.of("id", p.id(), "framework",
                p.frameworkName(), "baseline", p.baseline(), "mechanism", p.mechanism(), "twin", p.twin(),
                "who", p.offThread() == null ? "" : p.offThread())).toList());
        TEMPLATE.execute(m, out);
    }

    /** Where the on-CPU figure comes from, what counting cost, and the duration it must not exceed. */
    static String cpuTitle(TableRow t) {
        TableRow.CpuSplit c = t.cpu();
        if (Double.isNaN(c.runtime())) {
            return Double.isNaN(t.cpu().ticks().totalPerKiB()) ? reason(t, MetricId.CPU_RUNTIME)
                    : "task-clock (the scheduler runtime was not recorded by this run)";
        }
        String head = c.source().equals("timed")
                ? "the sending thread's on-CPU time (scheduler runtime) per KiB in the timed operations themselves, read "
                + "around each with clock_gettime(CLOCK_THREAD_CPUTIME_ID); the split comes from the counted operations "
                + "(tracepoints on), scaled by " + Units.num(c.parts().scale()) + " to this figure. Counting cost a counted operation "
                + Units.num(c.counting().overheadUs()) + " us (" + Units.num(c.counting().overheadShare()) + "% of a timed one's duration)"
                : "the sending thread's scheduler runtime per KiB in the counted operations (this run predates on-CPU time "
                + "from the timed operations, so the figure carries the counters' own cost)";
        return head + "; duration of an operation " + Units.num(c.duration()) + " ns/KiB"
                + (c.invariant() != null ? ". ⚠ " + c.invariant() : "") + "; getrusage's tick-sampled split: user "
                + Units.num(t.cpu().ticks().userPerKiB()) + " / system " + Units.num(t.cpu().ticks().sysPerKiB());
    }

    /** One row of the detailed table: the model beside the measured figures, each with its tooltip. */
    private static Map<String, Object> row(TableRow t, String dest) {
        Map<String, Object> r = new HashMap<>();
        r.put("path", t.row().path());
        r.put("modelCpu", t.model().cpuCopies(dest));
        r.put("modelDma", t.model().dmaCopies() + ("socket".equals(dest) && isLoopback(t) ? " †" : ""));
        boolean known = t.check().syscalls() >= 0;
        r.put("modelCount", known);
        r.put("modelSyscalls", !known ? (t.model().known() ? t.model().syscalls() : "? (" + t.model().note() + ")")
                : t.check().syscalls() + (t.model().syscalls().equals("1") ? "" : " (" + t.model().syscalls() + ")"));
        r.put("modelModeSwitches", known ? Long.toString(2 * t.check().syscalls()) : "?");
        r.put("gbs", Units.num(t.throughput().gbs()));
        r.put("gbsRaw", Double.toString(t.throughput().gbs()));
        r.put("gbsRange", Units.range(t.throughput().low(), t.throughput().high()));
        r.put("speedup", Double.isNaN(t.throughput().speedup()) ? "–" : Units.num(t.throughput().speedup()) + "×");
        r.put("indistinct", Boolean.FALSE.equals(t.throughput().distinctFromBase()));
        r.put("impl", (t.impl() == Impl.NATIVE ? " (native twin only)" : "") + t.row().variant());
        r.put("cacheNote", t.model().bypassesPageCache() ? "page cache bypassed: warm/cold does not apply" : null);
        r.put("ownNote", t.own().text().isEmpty() ? null : t.own().text());
        r.put("copiesMeasured", Double.isNaN(t.copies().sender()) ? null : t.copies().text());
        r.put("copiesDisagree", t.copies().disagreement() != null);
        r.put("copiesTitle", "copy ledger of the sending thread: " + t.copies().sitesText());
        r.put("forkSpread", t.throughput().forkSpread().isEmpty() ? "one fork" : "GB/s per fork: " + t.throughput().forkSpread());
        TableRow.Partner tw = t.partner();
        boolean noTwin = Double.isNaN(tw.gbs());
        r.put("twinNa", noTwin);
        r.put("twinGbs", noTwin ? "n/a" : Units.num(tw.gbs()));
        r.put("twinRange", noTwin ? "" : "(" + Units.range(tw.gbsLow(), tw.gbsHigh()) + ")");
        r.put("twinRatio", noTwin ? "n/a" : Units.num(tw.ratio()) + "×" + (Double.isNaN(tw.ratioLow()) ? ""
                : " (" + Units.range(tw.ratioLow(), tw.ratioHigh()) + ")"));
        PathModel pm = t.model();
        boolean ffm = t.impl() == Impl.FFM;
        r.put("twinLabel", ffm ? "JNI: " : pm.isFramework() ? pm.pairName() + ": " : "");
        r.put("twinRatioLabel", ffm ? FFM_RATIO + " " : pm.isFramework() ? pm.pairRatio() + " " : "");
        r.put("twinTitle", noTwin ? "no " + (ffm ? "JNI operations" : pm.pairName()) + " in this run"
                : (ffm ? FFM_PAIR + "; " + FFM_RATIO + ": "
                : pm.isFramework() ? pm.baseline() + ", the same kernel calls without " + pm.frameworkName() + ", alternating in "
                + "the same forks; " + pm.pairRatio() + " is what the framework costs: " : "the same loop in C, one JNI call; Java ÷ native: ")
                + tw.ratioCoverage() + "; "
                + (tw.forkSpread().isEmpty() ? "one fork" : pm.pairName() + " GB/s per fork: " + tw.forkSpread()));
        TableRow.CpuSplit c = t.cpu();
        boolean runNa = Double.isNaN(c.runtime());
        r.put("cpuNa", runNa);
        r.put("cpuRuntime", (runNa ? Units.num(t.cpu().ticks().totalPerKiB()) : Units.num(c.runtime())) + (c.invariant() != null ? " ⚠" : ""));
        r.put("cpuInvariant", c.invariant() != null);
        r.put("cpuSplit", Double.isNaN(c.parts().syscalls()) ? "n/a" : Units.num(c.parts().syscalls()) + " / " + Units.num(c.parts().softirq()) + " / "
                + Units.num(c.parts().user()));
        r.put("cpuSplitTitle", Double.isNaN(c.parts().syscalls()) ? reason(t, MetricId.SPLIT_SYSCALL)
                : "from the thread's own timeline (sys_enter/exit, softirq_entry/exit, context switches): softirq "
                + Units.num(c.parts().softirqShare()) + "% of on-CPU time, of it net receive " + Units.num(c.parts().netRx())
                + " and timers " + Units.num(c.parts().timers()) + " ns/KiB; user includes page faults taken in user space");
        boolean sysNa = Double.isNaN(t.counts().syscalls());
        r.put("syscallsNa", sysNa);
        r.put("syscallsTitle", sysNa ? reason(t, MetricId.SYSCALLS) : breakdownText(t.counts().byName()));
        r.put("syscalls", Units.count(t.counts().syscalls()));
        r.put("syscallsPerMiB", Units.num(t.counts().syscallsPerMiB()));
        r.put("modeSwitches", Units.count(t.counts().modeSwitches()) + " mode sw.");
        r.put("disagree", t.disagrees());
        r.put("voluntary", Units.num(t.counts().voluntary()));
        r.put("involuntary", Units.num(t.counts().involuntary()));
        r.put("ctxTitle", Double.isNaN(t.counts().voluntary()) ? reason(t, MetricId.CTXSW_VOLUNTARY) : "scheduler switches per operation");
        r.put("cpuUser", Units.num(t.cpu().ticks().userPerKiB()));
        r.put("cpuSys", Units.num(t.cpu().ticks().sysPerKiB()));
        r.put("cpuTitle", cpuTitle(t));
        r.put("faultsMinor", Units.num(t.counts().minorFaults()));
        r.put("faultsMajor", Units.num(t.counts().majorFaults()));
        boolean cyclesNa = Double.isNaN(t.cpu().cycles().userPerByte());
        r.put("cyclesNa", cyclesNa);
        r.put("cycles", cyclesNa ? "n/a" : Units.num(t.cpu().cycles().userPerByte()) + " / " + Units.num(t.cpu().cycles().kernelPerByte()));
        r.put("cyclesTitle", cyclesNa ? reason(t, MetricId.CYCLES_USER) : "from the separate hardware-counter pass");
        r.put("countedOps", Units.num(t.counts().countedOps()));
        return r;
    }

    private static Map<String, Object> group(Group g) {
        Map<String, Object> m = new HashMap<>();
        m.put("id", g.id());
        m.put("title", g.title());
        List<Map<String, Object>> rows = new ArrayList<>();
        List<Map<String, String>> notes = new ArrayList<>();
        List<MetricCatalogue.Info> declared = DeclaredColumns.of(g.rows());
        m.put("columns", declared.stream().map(i -> Map.of("label", i.label(), "unit", i.unit(), "about", i.description()))
                .toList());
        for (TableRow t : g.rows()) {
            Map<String, Object> row = row(t, g.destination());
            row.put("extra", declared.stream().map(i -> DeclaredColumns.cell(t, i))
                    .map(c -> Map.of("value", c.text(), "why", c.why(), "na", c.missing())).toList());
            rows.add(row);
            if (t.disagrees()) {
                notes.add(Map.of("path", t.row().path(), "text", t.check().disagreement()));
            }
            if (t.copies().disagreement() != null) {
                notes.add(Map.of("path", t.row().path(), "text", t.copies().disagreement()));
            }
        }
        m.put("rows", rows);
        m.put("notes", notes);
        return m;
    }

    /**
     * BBR on a device without a qdisc paces inside TCP from a timer: the figures then measure pacing
     * (timer softirqs, runt segments), not the path. Said in plain words when any socket row ran so.
     */
    static String pacingWarning(RunData run, ComparisonTable table) {
        String qdisc = run.env().at("/network/interface/qdisc").asText("");
        String sys = run.envText("/network/tcp/congestionControlDefault");
        boolean pacing = table.rows().stream().filter(t -> t.row().destination().equals("socket"))
                .map(t -> ComparisonTable.ccInForce(t.row(), sys)).anyMatch(cc -> cc.startsWith("bbr"));
        if (!pacing || !qdisc.equals("noqueue")) {
            return null;
        }
        return "Socket figures here ran with BBR congestion control on " + run.envText("/network/interface/name")
                + ", which has no queueing discipline (qdisc noqueue). BBR then paces inside TCP with a timer: thousands of "
                + "pacing timers and runt segments per transfer, and the timer and loopback-receive softirqs billed to the "
                + "sending thread. The socket figures measure that pacing more than the copy path, and move up to 2x between "
                + "minutes. Run with the default cc=auto (a non-pacing algorithm, set per socket) to measure the paths.";
    }

    private static boolean isLoopback(TableRow t) {
        String sink = t.row().params().getOrDefault("sink", "");
        return sink.isEmpty() || sink.startsWith("127.") || sink.startsWith("[::1]") || sink.startsWith("localhost");
    }

    private static String reason(TableRow t, MetricId metric) {
        String r = t.unavailable().get(t.row().metrics().name(metric));
        return r == null ? "not measured in this run" : "not counted: " + r;
    }

    private static String breakdownText(Map<String, Double> b) {
        return b.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .map(e -> e.getKey() + " " + Units.num(e.getValue())).collect(Collectors.joining(", "));
    }

    /** Per path and destination, the breakdown at the largest warm size (or any size) measured. */
    private static List<Map<String, String>> breakdowns(ComparisonTable table) {
        Map<PathAt, TableRow> best = new LinkedHashMap<>();
        table.rows().stream()
                .filter(t -> !t.counts().byName().isEmpty())
                .sorted(Comparator.comparing((TableRow t) -> "warm".equals(t.row().cache())).thenComparingLong(t -> t.row().size()))
                .forEach(t -> best.put(t.row().pathAt(), t));
        List<Map<String, String>> out = new ArrayList<>();
        best.values().stream().sorted(Comparator.comparing((TableRow t) -> t.row().destination()).reversed()
                        .thenComparingInt(t -> t.model().order()))
                .forEach(t -> out.add(Map.of("path", t.row().path(), "destination", t.row().destination(),
                        "calls", breakdownText(t.counts().byName()) + " (" + Units.formatSize(t.row().size()) + ", "
                                + t.row().cache() + ")")));
        return out;
    }

    /**
     * The answer first: per group, the paths ranked by GB/s (median), each with its ratio to the baseline path,
     * "not distinguishable" where the intervals overlap, Java ÷ native, and one sentence on measured vs textbook.
     */
    static List<Map<String, Object>> headline(ComparisonTable table, RunData run) {
        List<Map<String, Object>> out = new ArrayList<>();
        String base = run.paths().baseline();
        boolean anyToRank = table.groups().stream().anyMatch(g -> g.rows().size() > 1);
        for (Group g : table.groups()) {
            if (anyToRank && g.rows().size() < 2) {
                continue; // nothing to rank: a receive method's row alone, shown in its section and the table
            }
            List<TableRow> ranked = new ArrayList<>(g.rows());
            ranked.sort(Comparator.comparingDouble((TableRow t) -> t.throughput().gbs()).reversed());
            List<Map<String, Object>> entries = new ArrayList<>();
            int rank = 0;
            for (TableRow t : ranked) {
                Map<String, Object> e = new HashMap<>();
                e.put("rank", ++rank);
                e.put("id", t.row().path());
                e.put("path", t.row().path() + (t.impl() == Impl.NATIVE ? " (native twin only)" : "") + t.row().variant());
                e.put("framework", t.model().isFramework() ? t.model().frameworkName() : null);
                e.put("gbs", Units.num(t.throughput().gbs()));
                e.put("gbsRaw", Double.toString(t.throughput().gbs()));
                e.put("range", Units.range(t.throughput().low(), t.throughput().high()));
                e.put("vsBase", Double.isNaN(t.throughput().speedup()) ? "–" : t.row().path().equals(base) ? "1 (the baseline)"
                        : Units.num(t.throughput().speedup()) + "×");
                e.put("indistinct", Boolean.FALSE.equals(t.throughput().distinctFromBase()));
                PathModel pm = t.model();
                e.put("twin", Double.isNaN(t.partner().ratio()) ? "n/a" : Units.num(t.partner().ratio()) + "×");
                boolean ffm = t.impl() == Impl.FFM;
                e.put("twinVs", ffm ? "÷ JNI" : pm.isFramework() ? "÷ " + pm.baseline() : null);
                e.put("twinTitle", Double.isNaN(t.partner().ratio()) ? "" : (ffm ? FFM_RATIO + " (" + FFM_PAIR + ")"
                        : pm.pairRatio() + (pm.isFramework() ? " (raw: " + pm.baseline()
                        + ", the same kernel calls without " + pm.frameworkName() + ")" : "")) + ": " + Units.num(t.partner().ratio()) + "×"
                        + (Double.isNaN(t.partner().ratioLow()) ? "" : ", interval " + Units.range(t.partner().ratioLow(), t.partner().ratioHigh())
                        + " (" + t.partner().ratioCoverage() + ")"));
                e.put("sentence", sentence(t, g.destination()));
                entries.add(e);
            }
            out.add(Map.of("id", g.id(), "title", g.title(), "entries", entries, "base", base.isEmpty() ? "baseline" : base));
        }
        return out;
    }

    /** Measured against the textbook, in one sentence: CPU copies, system calls, context switches. */
    static String sentence(TableRow t, String destination) {
        List<String> parts = new ArrayList<>();
        String model = t.model().cpuCopies(destination);
        if (!Double.isNaN(t.copies().sender())) {
            parts.add("CPU copies " + t.copies().text() + " against the model's " + model
                    + (t.copies().disagreement() != null ? " (differs: see the note below its table)" : ""));
        } else {
            parts.add("CPU copies: model " + model + ", not measured in this run");
        }
        if (!Double.isNaN(t.counts().syscalls())) {
            parts.add(Units.count(t.counts().syscalls()) + " system calls per operation"
                    + (t.check().syscalls() >= 0 ? (t.disagrees() ? " (model " + t.check().syscalls() + ": differs)" : ", as modelled")
                    : " (model: " + t.model().syscalls() + ")"));
        }
        if (!Double.isNaN(t.counts().voluntary())) {
            parts.add(Units.num(t.counts().voluntary()) + " voluntary context switches per operation");
        }
        return String.join("; ", parts) + ".";
    }

    /** One line with the conditions that decide the figures. */
    static String conditions(RunData run) {
        return "Conditions: kernel " + run.envText("/kernel/release") + "; " + run.envText("/jdk/vendor") + " "
                + run.envText("/jdk/version") + "; TCP congestion control " + (run.env().at("/run/congestion").isObject()
                ? run.envText("/run/congestion/inForce") : run.envText("/network/tcp/congestionControlDefault"))
                + ", qdisc " + run.envText("/network/interface/qdisc") + "; pinning " + run.envText("/run/pinning")
                + "; data on " + run.envText("/dataDirectory/fileSystem") + " (" + run.envText("/dataDirectory/blockDevice/disk")
                + "). Ranked by the median GB/s; ratios to " + (run.paths().baseline().isEmpty() ? "the catalogue's first path"
                : run.paths().baseline()) + " in the same group.";
    }

    /** Per path and destination, the copy ledger at the largest warm size measured. */
    private static List<Map<String, Object>> copies(ComparisonTable table) {
        Map<PathAt, TableRow> best = new LinkedHashMap<>();
        table.rows().stream().filter(t -> !Double.isNaN(t.copies().sender()))
                .sorted(Comparator.comparing((TableRow t) -> "warm".equals(t.row().cache())).thenComparingLong(t -> t.row().size()))
                .forEach(t -> best.put(t.row().pathAt(), t));
        List<Map<String, Object>> out = new ArrayList<>();
        best.values().stream().sorted(Comparator.comparing((TableRow t) -> t.row().destination()).reversed()
                        .thenComparingInt(t -> t.model().order()))
                .forEach(t -> out.add(Map.of("path", t.row().path(), "destination", t.row().destination(),
                        "model", t.model().cpuCopies(t.row().destination()), "measured", t.copies().text(),
                        "disagree", t.copies().disagreement() != null, "sites", t.copies().sitesText())));
        return out;
    }

    /** Which route a path whose model names routes (transfer-to) took, per destination, read from the breakdown. */
    private static List<String> routes(ComparisonTable table, RunData run) {
        List<String> out = new ArrayList<>();
        Map<PathAt, TableRow> first = new LinkedHashMap<>();
        table.rows().stream().filter(t -> !t.model().routeCalls().isEmpty() && !t.counts().byName().isEmpty())
                .forEach(t -> first.putIfAbsent(t.row().pathAt(), t));
        for (TableRow t : first.values()) {
            List<String> routes = t.model().routeCalls();
            List<String> used = routes.stream().filter(t.counts().byName()::containsKey)
                    .map(c -> c + " (" + Units.num(t.counts().byName().get(c)) + "/op)").toList();
            String route = used.size() > 1
                    ? String.join(" first, then ", used) + " to carry the data"
                    : used.size() == 1 ? used.get(0)
                    : "none of " + String.join(", ", routes) + " (" + String.join(", ", t.counts().byName().keySet()) + ")";
            out.add(t.row().path() + ", file → " + t.row().destination() + ": the JDK (" + t.row().jdk() + ") used " + route + ".");
        }
        return out;
    }

    /** What the receiving side of this run's socket benchmarks did with the bytes: it is not sampled here. */
    static String ledgerReceiver(ComparisonTable table) {
        List<String> drains = table.rows().stream().filter(t -> t.row().destination().equals("socket"))
                .map(t -> t.row().receiveMethod()).distinct().toList();
        if (drains.isEmpty()) {
            return "";
        }
        return "The receiving side is not sampled in benchmarks (the sink is a process of its own); here it received with "
                + String.join(" and ", drains) + (drains.contains("copy") ? " (recv into a buffer: one more CPU copy there)" : "")
                + (drains.contains("splice") ? " (splice to /dev/null: no copy to user space there)" : "") + ".";
    }

    private static String countingNote(ComparisonTable table) {
        boolean timed = table.rows().stream().anyMatch(t -> t.cpu().source().equals("timed"));
        return (timed ? "On-CPU time is the sending thread's scheduler runtime in the timed operations themselves: "
                + "clock_gettime(CLOCK_THREAD_CPUTIME_ID) read around each (with getrusage for its context switches and "
                + "faults), a few system calls against milliseconds. It cannot exceed the operation's duration, and a row "
                + "where it does is marked. Its split into system calls, softirq and user comes from a timeline the thread "
                + "records about itself in separate counted operations (raw_syscalls:sys_enter/sys_exit, "
                + "irq:softirq_entry/softirq_exit and context-switch records, sampled into one perf ring), scaled to the "
                + "timed on-CPU time: counting slows an operation (shown per row, and in table.csv), so the counted "
                + "operations' own CPU time is not the path's. "
                : "On-CPU time is the sending thread's scheduler runtime in the counted operations (this run predates "
                + "on-CPU time from the timed operations, so it carries the counters' own cost); its split comes from a "
                + "timeline the thread records about itself. ")
                + "Softirq work is charged to the thread it ran on, which is how this kernel bills it without IRQ time "
                + "accounting. Counts come from perf_event_open on the sending thread: syscall tracepoints (raw_syscalls:sys_enter and "
                + "syscalls:sys_enter_*), sched:sched_switch split on prev_state, software events for faults; "
                + "the user/system CPU split from getrusage(RUSAGE_THREAD), which the kernel derives from tick sampling. "
                + "The counted window holds only the path's own calls: "
                + "the sink protocol's header and reply, opening the destination file and fdatasync are timed but not counted. "
                + "Timed operations are never counted: after each iteration every sending thread makes more transfers "
                + "(\"counted ops\" gives the total), prepared like the timed ones, with the counters on and "
                + "outside the timed region; the timed operations only pay for registered but disabled tracepoints. "
                + "Where a counter could not be counted it shows n/a with the reason, never 0.";
    }

    private static List<String> explainNotes(RunData run) {
        List<String> notes = new ArrayList<>();
        String paranoid = run.envText("/perf/perfEventParanoid");
        notes.add("perf_event_paranoid: " + paranoid + "; counter source: " + run.envText("/perf/counterSource") + ".");
        notes.add("Data directory: " + run.envText("/dataDirectory/path") + " on " + run.envText("/dataDirectory/fileSystem")
                + " (" + run.envText("/dataDirectory/blockDevice/disk") + ", rotational " + run.envText("/dataDirectory/blockDevice/rotational")
                + ", scheduler " + run.envText("/dataDirectory/blockDevice/ioScheduler") + "). File destinations end each "
                + "operation with fdatasync unless sync=none.");
        if (run.env().at("/run/congestion").isObject()) {
            notes.add("TCP congestion control for the socket benchmarks: " + run.envText("/run/congestion/inForce") + ", because "
                    + run.envText("/run/congestion/why") + ".");
        }
        notes.add("Native twins (impl=native) run each path's whole loop in C in one JNI call, with the same descriptors, "
                + "buffers, chunk and pipe, in the same fork setup; Java ÷ native is the JVM's own cost per path.");
        if (run.rows().stream().map(Row::path).distinct().map(run.paths()::model).anyMatch(PathModel::isFramework)) {
            notes.add("Framework paths (Netty) have no native twin: impl=paired alternates each with its raw baseline, the "
                    + "zcbench path making the same kernel calls without the framework, over the same socket; framework ÷ raw "
                    + "is what the framework costs. Their counters, CPU split and copy ledger are the event loop thread's "
                    + "(it makes every call); their on-CPU time per KiB is the calling thread's plus the event loop's.");
        }
        run.rows().stream().map(Row::path).distinct().map(run.paths()::model).filter(m -> m.offThread() != null)
                .sorted(Comparator.comparingInt(PathModel::order))
                .forEach(m -> notes.add(m.id() + ": " + m.offThread() + "."));
        notes.add("TCP congestion control (system default): " + run.envText("/network/tcp/congestionControlDefault")
                + "; qdisc of the route's device: " + run.envText("/network/interface/qdisc")
                + "; interface to the sink: " + run.envText("/network/interface/name") + ", driver "
                + run.envText("/network/interface/driver") + ", scatter-gather " + run.envText("/network/interface/offloads/scatterGather") + ".");
        return notes;
    }

    /** env.json flattened to "a.b.c → value" lines; unknown facts show their reason. */
    private static List<Map<String, Object>> env(RunData run) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (run.envProblem() != null) {
            out.add(Map.of("key", "environment", "value", "unknown: " + run.envProblem(), "unknown", true));
            return out;
        }
        flatten("", run.env(), out);
        return out;
    }

    private static void flatten(String prefix, JsonNode n, List<Map<String, Object>> out) {
        if (n.isObject() && n.has("unknown") && n.size() == 1) {
            out.add(Map.of("key", prefix, "value", "unknown: " + n.get("unknown").asText(), "unknown", true));
        } else if (n.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = n.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else if (n.isArray()) {
            List<String> items = new ArrayList<>();
            n.forEach(v -> items.add(v.isValueNode() ? v.asText() : v.toString()));
            out.add(Map.of("key", prefix, "value", String.join(" ", items), "unknown", false));
        } else {
            out.add(Map.of("key", prefix, "value", n.asText(), "unknown", false));
        }
    }
}
