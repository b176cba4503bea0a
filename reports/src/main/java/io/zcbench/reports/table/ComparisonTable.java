package io.zcbench.reports.table;

import io.zcbench.reports.model.Estimate;
import io.zcbench.reports.model.PathModel;
import io.zcbench.reports.model.Row;
import io.zcbench.reports.model.RunData;
import io.zcbench.reports.model.Units;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The table this project exists for: for each group of rows that differ only in path, the textbook
 * model beside what was measured, with the cells where they disagree marked and explained.
 */
public final class ComparisonTable {
    public static final String SYSCALLS = "zc.syscalls";
    private static final String BY_NAME = "zc.syscalls.";

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
                        .thenComparingInt(r -> PathModel.IDS.indexOf(r.path())))
                .forEach(r -> byGroup.computeIfAbsent(r.group(), k -> new ArrayList<>()).add(r));
        Map<String, Row> hardware = new LinkedHashMap<>();
        for (Row h : run.hardwareRows()) {
            hardware.put(h.group() + "|" + h.path(), h);
        }
        List<Group> groups = new ArrayList<>();
        int n = 0;
        for (List<Row> rows : byGroup.values()) {
            Row first = rows.get(0);
            double base = rows.stream().filter(r -> r.path().equals("traditional")).findFirst()
                    .map(r -> r.gbPerSecond()[0]).orElse(Double.NaN);
            List<TableRow> out = new ArrayList<>();
            for (Row r : rows) {
                out.add(tableRow(r, base, hardware.get(r.group() + "|" + r.path())));
            }
            String sweepKey = first.group().replaceFirst("size=[^,}]*,? ?", "");
            groups.add(new Group("g" + (++n), title(first), first.destination(), first.size(), first.cache(), sweepKey,
                    title(first).replace(", " + Units.formatSize(first.size()), ""), out));
        }
        return new ComparisonTable(groups);
    }

    /** The heading of a group: destination, size, cache, chunk and any other parameters. */
    public static String title(Row r) {
        StringBuilder sb = new StringBuilder();
        sb.append("file → ").append(r.destination()).append(", ").append(Units.formatSize(r.size())).append(", ")
                .append(r.cache()).append(" cache");
        if (!r.path().equals("transfer-to") || r.params().containsKey("chunk")) {
            sb.append(", chunk ").append(Units.formatSize(r.chunk()));
        }
        r.params().forEach((k, v) -> {
            if (!List.of("path", "size", "cache", "chunk", "dir").contains(k) && !v.isEmpty() && !v.equals("0")) {
                sb.append(", ").append(k).append(' ').append(v);
            }
        });
        if (r.threads() > 1) {
            sb.append(", ").append(r.threads()).append(" threads");
        }
        return sb.toString();
    }

    private static TableRow tableRow(Row r, double baseGbs, Row hw) {
        PathModel model = PathModel.of(r.path());
        double[] gbs = r.gbPerSecond();
        double kib = r.size() / 1024.0;
        double mib = r.size() / (1024.0 * 1024.0);
        double sys = r.value(SYSCALLS);
        Map<String, Double> breakdown = new TreeMap<>();
        for (Map.Entry<String, Estimate> e : r.secondary().entrySet()) {
            String k = e.getKey();
            if (k.startsWith(BY_NAME) && !k.equals("zc.syscalls.perMiB") && e.getValue().available()
                    && e.getValue().score() >= 0.005) {
                breakdown.put(k.substring(BY_NAME.length()), e.getValue().score());
            }
        }
        Map<String, String> unavailable = new TreeMap<>();
        r.secondary().forEach((k, e) -> {
            if (!e.available() && e.unavailableReason() != null) {
                unavailable.put(k, e.unavailableReason());
            }
        });
        if (!r.secondary().containsKey(SYSCALLS)) {
            unavailable.put(SYSCALLS, "this run had no zc profiler (-prof zc)");
        }
        long modelSys = model.syscallsPerOp(r.size(), r.chunk());
        double cyclesUser = hw == null ? Double.NaN : hw.value("zc.cycles.user.perByte");
        double cyclesKernel = hw == null ? Double.NaN : hw.value("zc.cycles.kernel.perByte");
        if (hw == null) {
            Estimate c = r.metric("zc.cycles.user.perByte");
            if (c != null && c.available()) {
                cyclesUser = c.score();
                cyclesKernel = r.value("zc.cycles.kernel.perByte");
            }
        }
        return new TableRow(r, model, gbs[0], gbs[1], gbs[2], gbs[0] / baseGbs, sys,
                Double.isNaN(sys) || mib == 0 ? Double.NaN : sys / mib, Double.isNaN(sys) ? Double.NaN : 2 * sys,
                r.value("zc.ctxsw.voluntary"), r.value("zc.ctxsw.involuntary"),
                kib == 0 ? Double.NaN : r.value("zc.cpu.user") / kib, kib == 0 ? Double.NaN : r.value("zc.cpu.sys") / kib,
                kib == 0 ? Double.NaN : r.value("zc.cpu.total") / kib,
                r.value("zc.faults.minor"), r.value("zc.faults.major"), cyclesUser, cyclesKernel, r.value("zc.counted.ops"),
                modelSys, disagreement(r, model, sys, modelSys, breakdown), breakdown, unavailable);
    }

    /** Why measured syscalls differ from the model, from the breakdown by name; {@code null} when they agree. */
    static String disagreement(Row r, PathModel model, double measured, long predicted, Map<String, Double> breakdown) {
        if (Double.isNaN(measured) || Math.abs(measured - predicted) <= Math.max(0.5, 0.01 * predicted)) {
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
            } else if (!r.path().equals("transfer-to") && !call.equals("mmap") && v > chunks * 1.01 + 0.5) {
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
