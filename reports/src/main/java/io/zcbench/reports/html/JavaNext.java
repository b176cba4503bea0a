package io.zcbench.reports.html;

import io.zcbench.reports.model.Impl;
import io.zcbench.reports.model.MetricId;
import io.zcbench.reports.model.Row;
import io.zcbench.reports.model.Units;
import io.zcbench.reports.table.ComparisonTable;
import io.zcbench.reports.table.TableRow;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Java's newer I/O as measured dimensions: each path on a platform and on a virtual thread side by side (GB/s, the
 * system calls by name, sleeps, on-CPU time per KiB and JFR's pinned events, all per operation, the virtual thread's
 * counted on its one carrier), and each path whose kernel calls went through FFM beside the same path through JNI,
 * alternating in the same forks (FFM ÷ JNI from the paired iterations). Absent when a run has neither.
 */
public final class JavaNext {
    private JavaNext() {
    }

    /** Calls per operation below this are left out of the named list unless the other thread kind made more. */
    private static final double NAMED_AT_LEAST = 0.5;
    private static final String SYSCALLS = "zc.syscalls.";

    /** The section's model, or null when the run has neither virtual-thread nor FFM rows. */
    static Map<String, Object> model(ComparisonTable table) {
        List<Map<String, Object>> threads = threads(table);
        List<Map<String, Object>> ffm = ffm(table);
        if (threads.isEmpty() && ffm.isEmpty()) {
            return null;
        }
        Map<String, Object> m = new HashMap<>();
        m.put("threads", threads.isEmpty() ? null : Map.of("rows", threads));
        m.put("ffm", ffm.isEmpty() ? null : Map.of("rows", ffm));
        return m;
    }

    /** The same benchmark on either kind of thread: its benchmark, parameters but the thread kind, and threads. */
    private record PairKey(String benchmark, Map<String, String> params, int threads) {
        static PairKey of(TableRow t) {
            Map<String, String> p = new TreeMap<>(t.row().params());
            p.remove("thread");
            return new PairKey(t.row().benchmark(), p, t.row().threads());
        }
    }

    private static List<Map<String, Object>> threads(ComparisonTable table) {
        Map<PairKey, TableRow[]> pairs = new LinkedHashMap<>();
        for (TableRow t : table.rows()) {
            if (t.impl() == Impl.NATIVE || t.impl() == Impl.FFM || !t.row().params().containsKey("thread")) {
                continue;
            }
            TableRow[] pair = pairs.computeIfAbsent(PairKey.of(t), k -> new TableRow[2]);
            pair[t.row().thread().equals("virtual") ? 1 : 0] = t;
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (TableRow[] p : pairs.values()) {
            if (p[0] == null || p[1] == null) {
                continue;
            }
            Row platform = p[0].row();
            Row virtual = p[1].row();
            Map<String, Object> m = new HashMap<>();
            m.put("path", platform.path());
            m.put("dest", platform.destination());
            m.put("gbs", Units.num(p[0].throughput().gbs()) + " / " + Units.num(p[1].throughput().gbs()));
            m.put("gbsTitle", "platform " + Units.range(p[0].throughput().low(), p[0].throughput().high()) + ", virtual "
                    + Units.range(p[1].throughput().low(), p[1].throughput().high()) + " (" + p[1].gbsCoverage() + ")");
            double ratio = p[1].throughput().gbs() / p[0].throughput().gbs();
            boolean overlap = p[1].throughput().low() <= p[0].throughput().high()
                    && p[0].throughput().low() <= p[1].throughput().high();
            m.put("ratio", Double.isNaN(ratio) ? "n/a" : Units.num(ratio) + "×" + (overlap ? " (intervals overlap)" : ""));
            m.put("calls", calls(platform, virtual));
            m.put("sleeps", num(platform, MetricId.CTXSW_VOLUNTARY) + " / " + num(virtual, MetricId.CTXSW_VOLUNTARY));
            m.put("cpu", Units.num(p[0].cpu().runtime()) + " / " + Units.num(p[1].cpu().runtime()));
            m.put("pinned", num(virtual, MetricId.VTHREAD_PINNED));
            out.add(m);
        }
        return out;
    }

    /** The system calls either kind made per operation, by name: "sendfile 1 → 6, epoll_ctl 0 → 2". */
    static String calls(Row platform, Row virtual) {
        TreeSet<String> names = new TreeSet<>();
        for (Row r : List.of(platform, virtual)) {
            for (String k : r.secondary().keySet()) {
                if (k.startsWith(SYSCALLS) && !k.equals("zc.syscalls.perMiB") && r.value(k) >= NAMED_AT_LEAST) {
                    names.add(k.substring(SYSCALLS.length()));
                }
            }
        }
        if (names.isEmpty()) {
            return "n/a (not counted)";
        }
        List<String> parts = new ArrayList<>();
        for (String n : names) {
            parts.add(n + " " + count(platform.value(SYSCALLS + n)) + " → " + count(virtual.value(SYSCALLS + n)));
        }
        return String.join(", ", parts);
    }

    private static List<Map<String, Object>> ffm(ComparisonTable table) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (TableRow t : table.rows()) {
            if (t.impl() != Impl.FFM) {
                continue;
            }
            TableRow.Partner jni = t.partner();
            Map<String, Object> m = new HashMap<>();
            m.put("path", t.row().path());
            m.put("dest", t.row().destination());
            m.put("gbs", Units.num(t.throughput().gbs()));
            m.put("jni", Units.num(jni.gbs()));
            boolean none = Double.isNaN(jni.ratio());
            m.put("ratio", none ? "n/a" : Units.num(jni.ratio()) + "×");
            m.put("range", none || Double.isNaN(jni.ratioLow()) ? "" : Units.range(jni.ratioLow(), jni.ratioHigh()));
            m.put("halfWidth", none || Double.isNaN(jni.ratioLow()) ? "" : String.format(Locale.ROOT, "±%.1f%%",
                    50 * (jni.ratioHigh() - jni.ratioLow()) / jni.ratio()));
            m.put("coverage", jni.ratioCoverage());
            m.put("syscalls", Double.isNaN(t.counts().syscalls()) ? "n/a" : Units.count(t.counts().syscalls()));
            m.put("cpu", Units.num(t.cpu().runtime()));
            out.add(m);
        }
        return out;
    }

    private static String num(Row r, MetricId id) {
        double v = r.value(id);
        return Double.isNaN(v) ? "n/a" : Units.num(v);
    }

    private static String count(double v) {
        return Double.isNaN(v) ? "–" : Units.count(v);
    }
}
