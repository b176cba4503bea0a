package io.zcbench.reports.html;

import io.zcbench.reports.chart.Charts;
import io.zcbench.reports.model.RunData;
import io.zcbench.reports.model.Units;
import io.zcbench.reports.table.ComparisonTable;
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
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code index.html} from a template resource. Every value from an input file goes through the
 * template engine's HTML escaping: a parameter or kernel string holding {@code <script>} renders as text.
 */
public final class HtmlReport {
    private static final Template TEMPLATE = compile("report.html.mustache");

    private HtmlReport() {
    }

    static Template compile(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name);
             Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return Mustache.compiler().escapeHTML(true).defaultValue("").compile(r);
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
        m.put("status", run.envText("/run/status"));
        List<String> warnings = new ArrayList<>(run.warnings());
        if ("interrupted".equals(run.env().at("/run/status").asText())) {
            warnings.add("This run was interrupted: " + run.env().at("/run/benchmarksFinished").asText() + " of "
                    + run.env().at("/run/benchmarksPlanned").asText() + " benchmarks finished; the report shows those.");
        }
        if ("tmpfs".equals(run.env().at("/dataDirectory/fileSystem").asText())) {
            warnings.add("The data directory is on tmpfs: file figures are memory figures, not disk figures.");
        }
        m.put("warnings", warnings);
        m.put("groups", table.groups().stream().map(HtmlReport::group).toList());
        m.put("charts", charts.stream().map(c -> Map.of("file", c.file(), "caption", c.caption())).toList());
        m.put("chartsOmitted", chartsOmitted);
        m.put("breakdowns", breakdowns(table));
        m.put("routes", routes(table, run));
        m.put("countingNote", countingNote(table));
        m.put("explainNotes", explainNotes(run));
        m.put("hasOutcomes", !run.outcomes().isEmpty());
        m.put("outcomes", run.outcomes().stream().map(o -> Map.of("benchmark", o.benchmark(), "params", o.params().toString(),
                "outcome", o.outcome(), "reason", o.reason())).toList());
        m.put("env", env(run));
        TEMPLATE.execute(m, out);
    }

    private static Map<String, Object> group(Group g) {
        Map<String, Object> m = new HashMap<>();
        m.put("id", g.id());
        m.put("title", g.title());
        List<Map<String, Object>> rows = new ArrayList<>();
        List<Map<String, String>> notes = new ArrayList<>();
        for (TableRow t : g.rows()) {
            Map<String, Object> r = new HashMap<>();
            String dest = g.destination();
            r.put("path", t.row().path());
            r.put("modelCpu", t.model().cpuCopies(dest));
            r.put("modelDma", t.model().dmaCopies() + ("socket".equals(dest) && isLoopback(t) ? " †" : ""));
            r.put("modelSyscalls", t.modelSyscalls() + (t.model().syscalls().equals("1") ? "" : " (" + t.model().syscalls() + ")"));
            r.put("modelModeSwitches", Long.toString(2 * t.modelSyscalls()));
            r.put("gbs", Units.num(t.gbs()));
            r.put("gbsLow", Units.num(t.gbsLow()));
            r.put("gbsHigh", Units.num(t.gbsHigh()));
            r.put("speedup", Double.isNaN(t.speedup()) ? "–" : Units.num(t.speedup()) + "×");
            boolean sysNa = Double.isNaN(t.syscalls());
            r.put("syscallsNa", sysNa);
            r.put("syscallsTitle", sysNa ? reason(t, "zc.syscalls") : breakdownText(t.breakdown()));
            r.put("syscalls", Units.num(t.syscalls()));
            r.put("syscallsPerMiB", Units.num(t.syscallsPerMiB()));
            r.put("modeSwitches", Units.num(t.modeSwitches()));
            r.put("disagree", t.disagrees());
            r.put("voluntary", Units.num(t.voluntary()));
            r.put("involuntary", Units.num(t.involuntary()));
            r.put("ctxTitle", Double.isNaN(t.voluntary()) ? reason(t, "zc.ctxsw.voluntary") : "scheduler switches per operation");
            r.put("cpuUser", Units.num(t.cpuUserPerKiB()));
            r.put("cpuSys", Units.num(t.cpuSysPerKiB()));
            r.put("cpuTitle", Double.isNaN(t.cpuSysPerKiB()) ? reason(t, "zc.cpu.sys")
                    : "service demand of the sending thread; on-CPU total (task-clock, exact) " + Units.num(t.cpuTotalPerKiB())
                    + " ns/KiB; the user/system split comes from getrusage's tick-based accounting and is coarse for "
                    + "operations shorter than a few milliseconds");
            r.put("faultsMinor", Units.num(t.minorFaults()));
            r.put("faultsMajor", Units.num(t.majorFaults()));
            boolean cyclesNa = Double.isNaN(t.cyclesUserPerByte());
            r.put("cyclesNa", cyclesNa);
            r.put("cycles", cyclesNa ? "n/a" : Units.num(t.cyclesUserPerByte()) + " / " + Units.num(t.cyclesKernelPerByte()));
            r.put("cyclesTitle", cyclesNa ? reason(t, "zc.cycles.user.perByte") : "from the separate hardware-counter pass");
            r.put("countedOps", Units.num(t.countedOps()));
            rows.add(r);
            if (t.disagrees()) {
                notes.add(Map.of("path", t.row().path(), "text", t.disagreement()));
            }
        }
        m.put("rows", rows);
        m.put("notes", notes);
        return m;
    }

    private static boolean isLoopback(TableRow t) {
        String sink = t.row().params().getOrDefault("sink", "");
        return sink.isEmpty() || sink.startsWith("127.") || sink.startsWith("[::1]") || sink.startsWith("localhost");
    }

    private static String reason(TableRow t, String metric) {
        String r = t.unavailable().get(metric);
        return r == null ? "not measured in this run" : "not counted: " + r;
    }

    private static String breakdownText(Map<String, Double> b) {
        return b.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .map(e -> e.getKey() + " " + Units.num(e.getValue())).collect(Collectors.joining(", "));
    }

    /** Per path and destination, the breakdown at the largest warm size (or any size) measured. */
    private static List<Map<String, String>> breakdowns(ComparisonTable table) {
        Map<String, TableRow> best = new LinkedHashMap<>();
        table.rows().stream()
                .filter(t -> !t.breakdown().isEmpty())
                .sorted(Comparator.comparing((TableRow t) -> "warm".equals(t.row().cache())).thenComparingLong(t -> t.row().size()))
                .forEach(t -> best.put(t.row().path() + "|" + t.row().destination(), t));
        List<Map<String, String>> out = new ArrayList<>();
        best.values().stream().sorted(Comparator.comparing((TableRow t) -> t.row().destination()).reversed()
                        .thenComparingInt(t -> io.zcbench.reports.model.PathModel.IDS.indexOf(t.row().path())))
                .forEach(t -> out.add(Map.of("path", t.row().path(), "destination", t.row().destination(),
                        "calls", breakdownText(t.breakdown()) + " (" + Units.formatSize(t.row().size()) + ", "
                                + t.row().cache() + ")")));
        return out;
    }

    /** Which route transfer-to took, per destination, read from the breakdown. */
    private static List<String> routes(ComparisonTable table, RunData run) {
        List<String> out = new ArrayList<>();
        for (String dest : List.of("socket", "file")) {
            table.rows().stream().filter(t -> t.row().path().equals("transfer-to") && t.row().destination().equals(dest)
                    && !t.breakdown().isEmpty()).findFirst().ifPresent(t -> {
                        Double cfr = t.breakdown().get("copy_file_range");
                        Double sendfile = t.breakdown().get("sendfile");
                        String route = cfr != null && sendfile != null
                                ? "copy_file_range first (" + Units.num(cfr) + "/op), then sendfile (" + Units.num(sendfile)
                                        + "/op) to carry the data"
                                : cfr != null ? "copy_file_range (" + Units.num(cfr) + "/op)"
                                : sendfile != null ? "sendfile (" + Units.num(sendfile) + "/op)"
                                : "neither sendfile nor copy_file_range (" + String.join(", ", t.breakdown().keySet()) + ")";
                        out.add("transfer-to, file → " + dest + ": the JDK (" + t.row().jdk() + ") used " + route + ".");
                    });
        }
        return out;
    }

    private static String countingNote(ComparisonTable table) {
        return "Counts come from perf_event_open on the sending thread: syscall tracepoints (raw_syscalls:sys_enter and "
                + "syscalls:sys_enter_*), sched:sched_switch split on prev_state, software events for faults and on-CPU time; "
                + "the user/system CPU split from getrusage(RUSAGE_THREAD), which the kernel derives from tick sampling: "
                + "exact in total (task-clock, in table.csv), coarse in its split for operations shorter than a few "
                + "milliseconds. The counted window holds only the path's own calls: "
                + "the sink protocol's header and reply, opening the destination file and fdatasync are timed but not counted. "
                + "Timed operations are never counted: after each iteration every sending thread makes a few more transfers "
                + "(2 per iteration by default; \"counted ops\" gives the total), prepared like the timed ones, with the counters on and "
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
        notes.add("TCP congestion control (system default): " + run.envText("/network/tcp/congestionControlDefault")
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
