package io.zcbench.reports.table;

import io.zcbench.reports.compare.Comparison;
import io.zcbench.reports.model.Impl;
import io.zcbench.reports.model.Estimate;
import io.zcbench.reports.model.ForkStats;
import io.zcbench.reports.model.MetricId;
import io.zcbench.reports.model.PathModel;
import io.zcbench.reports.model.Row;
import io.zcbench.reports.model.RunData;
import io.zcbench.reports.model.Units;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The table this project exists for: for each group of rows that differ only in path, the textbook
 * model beside what was measured, with the cells where they disagree marked and explained.
 */
public final class ComparisonTable {
    private final List<Group> groups;

    private ComparisonTable(List<Group> groups) {
        this.groups = groups;
    }

    public List<Group> groups() {
        return groups;
    }

    public List<TableRow> rows() {
        return groups.stream().flatMap(g -> g.rows().stream()).toList();
    }

    public static ComparisonTable of(RunData run) {
        Map<String, List<Row>> byGroup = new LinkedHashMap<>();
        run.rows().stream()
                .sorted(Comparator.comparing(Row::destination, Comparator.reverseOrder())
                        .thenComparing(Row::cache, Comparator.reverseOrder())
                        .thenComparingLong(Row::size)
                        .thenComparing(Row::group)
                        .thenComparingInt(r -> run.paths().order(r.path())))
                .forEach(r -> byGroup.computeIfAbsent(r.group(), k -> new ArrayList<>()).add(r));
        record InGroup(String group, String path) {
        }
        Map<InGroup, Row> hardware = new LinkedHashMap<>();
        for (Row h : run.hardwareRows()) {
            hardware.put(new InGroup(h.group(), h.path()), h);
        }
        List<Group> groups = new ArrayList<>();
        int n = 0;
        for (List<Row> all : byGroup.values()) {
            // A path's native twin is shown in its Java row; a twin without its Java path keeps a row of its own.
            Map<String, Row> twins = new LinkedHashMap<>();
            List<Row> rows = new ArrayList<>();
            for (Row r : all) {
                if (r.impl() == Impl.NATIVE) {
                    twins.put(r.path(), r);
                }
            }
            for (Row r : all) {
                boolean hasJava = all.stream().anyMatch(o -> o.path().equals(r.path()) && o.impl() != Impl.NATIVE);
                if (r.impl() != Impl.NATIVE || !hasJava) {
                    rows.add(r);
                }
            }
            Row first = rows.get(0);
            Row baseRow = rows.stream().filter(r -> r.path().equals(run.paths().baseline())).findFirst().orElse(null);
            double base = baseRow == null ? Double.NaN : baseRow.gbPerSecond()[0];
            List<TableRow> out = new ArrayList<>();
            for (Row r : rows) {
                Row twin = r.impl() == Impl.NATIVE ? null : twins.get(r.path());
                out.add(tableRow(run.paths().model(r.path()), r, base, baseRow, hardware.get(new InGroup(r.group(), r.path())), twin));
            }
            String sweepKey = first.group().replaceFirst("size=[^,}]*,? ?", "");
            String title = title(first, run.envText("/network/tcp/congestionControlDefault"),
                    rows.stream().anyMatch(r -> run.paths().model(r.path()).usesChunk()));
            groups.add(new Group("g" + (++n), title, first.destination(), first.size(), first.cache(), sweepKey,
                    title.replace(", " + Units.formatSize(first.size()), ""), out));
        }
        return new ComparisonTable(groups);
    }

    /** The heading of a group, without knowing the run's system default congestion control. */
    public static String title(Row r) {
        return title(r, null, true);
    }

    /**
     * The heading of a group: destination, size, cache, chunk (when a path in it uses one), the congestion control in force (always,
     * for a socket) and any other parameters.
     */
    public static String title(Row r, String systemCc, boolean chunked) {
        StringBuilder sb = new StringBuilder();
        sb.append("file → ").append(r.destination()).append(", ").append(Units.formatSize(r.size())).append(", ")
                .append(r.cache()).append(" cache");
        if (chunked || r.params().containsKey("chunk")) {
            sb.append(", chunk ").append(Units.formatSize(r.chunk()));
        }
        r.params().forEach((k, v) -> {
            if (!List.of("path", "impl", "size", "cache", "chunk", "dir", "cc").contains(k) && !v.isEmpty() && !v.equals("0")
                    && !Comparison.NEUTRAL.getOrDefault(k, "").equals(v)) {
                sb.append(", ").append(k).append(' ').append(v);
            }
        });
        if (r.threads() > 1) {
            sb.append(", ").append(r.threads()).append(" threads (GB/s: all of them together)");
        }
        if (r.destination().equals("socket")) {
            sb.append(", cc ").append(ccInForce(r, systemCc));
        }
        return sb.toString();
    }

    /** The congestion control a socket row ran with: its name, or the system default named as such. */
    public static String ccInForce(Row r, String systemCc) {
        String cc = r.cc();
        String sys = systemCc == null || systemCc.startsWith("unknown") ? "the system default" : systemCc + " (system default)";
        return cc.isEmpty() || cc.equals("system") || cc.equals("auto") ? sys : cc;
    }

    /** Each fork's GB/s (the median of its iterations) as "a / b / c" (one fork: empty). */
    static String forkSpread(Row r) {
        return spread(r.forkGbs());
    }

    private static String spread(double[] forks) {
        if (forks.length < 2) {
            return "";
        }
        return String.join(" / ", Arrays.stream(forks).mapToObj(Units::num).toList());
    }

    private static TableRow tableRow(PathModel model, Row r, double baseGbs, Row baseRow, Row hw, Row twinRow) {
                double[] gbs = r.gbPerSecond();
        double mib = r.size() / (1024.0 * 1024.0);
        double sys = r.value(MetricId.SYSCALLS);
        Map<String, Double> breakdown = callsByName(r);
        Map<String, String> unavailable = new TreeMap<>();
        r.secondary().forEach((k, e) -> {
            if (!e.available() && e.unavailableReason() != null) {
                unavailable.put(k, e.unavailableReason());
            }
        });
        if (r.metric(MetricId.SYSCALLS) == null) {
            unavailable.put(r.metrics().name(MetricId.SYSCALLS), "this run had no zc profiler (-prof zc)");
        }
        if (hw != null) {
            // The hardware pass ran: its own word on cycles replaces the main pass's "off by default".
            for (String k : List.of(r.metrics().name(MetricId.CYCLES_USER), r.metrics().name(MetricId.CYCLES_KERNEL))) {
                Estimate e = hw.metric(k);
                if (e == null) {
                    unavailable.put(k, "the hardware-counter pass (--hw, jmh-hw.json) recorded no " + k + " for this benchmark");
                } else if (!e.available()) {
                    unavailable.put(k, "the hardware-counter pass (--hw, jmh-hw.json) could not count it: " + e.unavailableReason());
                } else {
                    unavailable.remove(k);
                }
            }
        }
        long modelSys = model.syscallsPerOp(r.size(), r.chunk());
        double cyclesUser = hw == null ? Double.NaN : hw.value(MetricId.CYCLES_USER);
        double cyclesKernel = hw == null ? Double.NaN : hw.value(MetricId.CYCLES_KERNEL);
        if (hw == null) {
            Estimate c = r.metric(MetricId.CYCLES_USER);
            if (c != null && c.available()) {
                cyclesUser = c.score();
                cyclesKernel = r.value(MetricId.CYCLES_KERNEL);
            }
        }
        TableRow.Partner partner = partner(r, twinRow, model);
        TableRow.CpuSplit cpu = cpuSplit(r, gbs[0], new TableRow.Cycles(cyclesUser, cyclesKernel));
        Boolean distinct = null;
        if (baseRow != null && baseRow != r) {
            double[] b = baseRow.gbPerSecond();
            distinct = !(Double.isNaN(gbs[1]) || Double.isNaN(b[1])) ? gbs[1] > b[2] || gbs[2] < b[1] : null;
        }
        TableRow.Throughput throughput = new TableRow.Throughput(gbs[0], gbs[1], gbs[2], gbs[0] / baseGbs, distinct,
                forkSpread(r));
        TableRow.Counts counts = new TableRow.Counts(sys, Double.isNaN(sys) || mib == 0 ? Double.NaN : sys / mib,
                r.value(MetricId.CTXSW_VOLUNTARY), r.value(MetricId.CTXSW_INVOLUNTARY), r.value(MetricId.FAULTS_MINOR),
                r.value(MetricId.FAULTS_MAJOR), r.value(MetricId.COUNTED_OPS), breakdown);
        TableRow.ModelCheck check = new TableRow.ModelCheck(modelSys, disagreement(r, model, sys, modelSys, breakdown));
        TableRow.PathOwn own = new TableRow.PathOwn(r.value(MetricId.ZC_COMPLETIONS), r.value(MetricId.ZC_COPIED_SHARE),
                r.value(MetricId.WORKER_CPU_PER_KIB), r.value(MetricId.WORKER_CTXSW));
        return new TableRow(r, model, throughput, counts, check, unavailable, partner, cpu, own, copies(r, model));
    }

    /**
     * The sending thread's CPU per KiB: from the timed operations where the run read it there, its split from the
     * counted operations scaled to it, and the check that one thread's on-CPU time does not exceed the duration.
     */
    static TableRow.CpuSplit cpuSplit(Row r, double gbs, TableRow.Cycles cycles) {
        double counted = r.value(MetricId.CPU_RUNTIME_PER_KIB);
        double timed = r.value(MetricId.TIMED_CPU);
        double sys = r.value(MetricId.SPLIT_SYSCALL);
        double soft = r.value(MetricId.SPLIT_SOFTIRQ);
        double user = r.value(MetricId.SPLIT_USER);
        boolean hasTimed = !Double.isNaN(timed);
        double scale = hasTimed ? timed / (sys + soft + user) : Double.NaN;
        double f = hasTimed && !Double.isNaN(scale) ? scale : 1;
        double runtime = hasTimed ? timed : counted;
        double wall = r.value(MetricId.TIMED_WALL);
        double duration = !Double.isNaN(wall) ? wall : gbs > 0 ? 1024.0 * r.threads() / gbs : Double.NaN; // one thread's
        String invariant = null;
        if (r.threads() == 1 && runtime > duration * 1.01) {
            invariant = String.format(Locale.ROOT, "on-CPU %s ns/KiB exceeds the operation's duration, %s ns/KiB: %s",
                    Units.num(runtime), Units.num(duration), hasTimed
                            ? "the clocks disagree (the thread's CPU clock against the wall clock)"
                            : "this run has on-CPU time only from its counted operations, which counting slowed");
        }
        double kib = r.size() / 1024.0;
        TableRow.Ticks ticks = new TableRow.Ticks(kib == 0 ? Double.NaN : r.value(MetricId.CPU_USER) / kib,
                kib == 0 ? Double.NaN : r.value(MetricId.CPU_SYS) / kib, kib == 0 ? Double.NaN : r.value(MetricId.CPU_TOTAL) / kib);
        TableRow.Parts parts = new TableRow.Parts(sys * f, soft * f, user * f, r.value(MetricId.SOFTIRQ_NET_RX) * f,
                r.value(MetricId.SOFTIRQ_TIMER) * f, r.value(MetricId.SOFTIRQ_SHARE), scale);
        return new TableRow.CpuSplit(runtime, hasTimed ? "timed" : "counted", duration, invariant, parts,
                new TableRow.Counting(r.value(MetricId.COUNTING_OVERHEAD), r.value(MetricId.COUNTING_OVERHEAD_SHARE)),
                ticks, cycles);
    }

    /** What the row was measured beside: paired in its own forks (impl=paired: a twin or a framework's raw baseline), or a twin row of its own (impl=native), or none. */
    static TableRow.Partner partner(Row r, Row twinRow, PathModel model) {
        if (r.paired()) {
            ForkStats.Estimate g = ForkStats.estimate(r.twinForkGbs());
            ForkStats.Estimate ratio = ForkStats.estimate(r.javaOverNativePairs(), "paired iterations");
            return new TableRow.Partner(g.value(), g.low(), g.high(), ratio.value(), ratio.low(), ratio.high(),
                    ratio.label(), true, spread(r.twinForkGbs()));
        }
        if (twinRow == null) {
            return TableRow.Partner.none(model);
        }
        ForkStats.Estimate g = twinRow.gbs();
        return new TableRow.Partner(g.value(), g.low(), g.high(), r.gbs().value() / g.value(), Double.NaN, Double.NaN,
                "no interval: the twin ran in forks of its own (impl=native), so the ratio carries the forks' noise", false,
                forkSpread(twinRow));
    }

    /** The copy ledger of a row, beside the model's CPU copies for its destination. */
    static TableRow.Copies copies(Row r, PathModel model) {
        Estimate sender = r.metric(MetricId.COPIES_SENDER);
        if (sender == null) {
            return TableRow.Copies.NONE;
        }
        if (!sender.available()) {
            return new TableRow.Copies(Double.NaN, sender.unavailableReason(), Map.of(), Double.NaN, null);
        }
        Map<String, Double> sites = new LinkedHashMap<>();
        r.secondary().entrySet().stream()
                .filter(e -> r.metrics().member(MetricId.COPY_SITES, e.getKey()) != null && e.getValue().available())
                .sorted((a, b) -> Double.compare(b.getValue().score(), a.getValue().score()))
                .forEach(e -> {
                    String unit = e.getValue().unit();
                    int at = unit.indexOf("): ");
                    sites.put(at >= 0 ? unit.substring(at + 3) : r.metrics().member(MetricId.COPY_SITES, e.getKey()),
                            e.getValue().score());
                });
        double measured = Math.round(sender.score() * 100) / 100.0;
        String modelText = model.cpuCopies(r.destination());
        Matcher m = Pattern.compile("^(\\d+)").matcher(modelText);
        String disagreement = null;
        if (m.find() && Integer.parseInt(m.group(1)) != Math.round(measured)) {
            disagreement = String.format(Locale.ROOT, "CPU copies: the model says %s, the sending thread's kernel made %s "
                    + "(sampled: copy sites seen)%s", modelText, Units.num(measured),
                    model.copiesNote() == null ? "" : ": " + model.copiesNote());
        }
        return new TableRow.Copies(measured, null, sites, r.value(MetricId.COPIES_USER), disagreement);
    }

    /** The system calls of a row by name (0.005 per operation or more), from the family its metrics.json declares. */
    public static Map<String, Double> callsByName(Row r) {
        Map<String, Double> m = new TreeMap<>();
        r.secondary().forEach((k, e) -> {
            String call = r.metrics().member(MetricId.SYSCALLS_BY_NAME, k);
            if (call != null && e.available() && e.score() >= 0.005) {
                m.put(call, e.score());
            }
        });
        return m;
    }

    /** Why measured syscalls differ from the model, from the breakdown by name; {@code null} when they agree. */
    static String disagreement(Row r, PathModel model, double measured, long predicted, Map<String, Double> breakdown) {
        if (Double.isNaN(measured) || predicted < 0 || Math.abs(measured - predicted) <= Math.max(0.5, 0.01 * predicted)) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        long chunks = r.size() == 0 ? 0 : (r.size() + r.chunk() - 1) / r.chunk();
        for (Map.Entry<String, Double> e : breakdown.entrySet()) {
            String call = e.getKey();
            double v = e.getValue();
            if (!model.expectedCalls(r.destination()).contains(call)) {
                if (v >= 0.05) {
                    parts.add(String.format(Locale.ROOT, "%s %s/op: %s", call, Units.num(v), PathModel.explain(call)));
                }
            } else if (model.perChunkCalls().contains(call) && v > chunks * 1.01 + 0.5) {
                parts.add(String.format(Locale.ROOT, "%s %s/op for %d chunks: %s", call, Units.num(v), chunks,
                        PathModel.explain(call)));
            }
        }
        String direction = measured > predicted ? "more" : "fewer";
        String head = String.format(Locale.ROOT, "%s system calls than the model (%s vs %d per operation)", direction,
                Units.num(measured), predicted);
        return parts.isEmpty() ? head : head + ": " + String.join("; ", parts);
    }
}
