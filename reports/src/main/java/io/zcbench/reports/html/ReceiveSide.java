package io.zcbench.reports.html;

import io.zcbench.reports.chart.Charts;
import io.zcbench.reports.model.Impl;
import io.zcbench.reports.model.Estimate;
import io.zcbench.reports.model.MetricId;
import io.zcbench.reports.model.Row;
import io.zcbench.reports.model.Units;
import io.zcbench.reports.table.ComparisonTable;
import io.zcbench.reports.table.TableRow;

import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.data.category.DefaultCategoryDataset;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The receiving end as a measured dimension: every socket row whose sink counted its receiving thread, as a row per
 * sending path and receive method — CPU per KiB on each end and in all, the receiver's system calls and the
 * copies it made (exact where the kernel's records are complete, and the receive loop's own count), the share
 * zerocopy-receive mapped — and a chart of the two ends' CPU stacked. Absent when no row has receiver figures.
 */
public final class ReceiveSide {
    private ReceiveSide() {
    }

    private static final Map<String, String> WHAT = Map.of(
            "copy", "recv into a buffer: one copy", "splice", "splice to /dev/null: no copy", "trunc",
            "recv with MSG_TRUNC: dropped in the kernel", "zerocopy-receive", "TCP_ZEROCOPY_RECEIVE: pages mapped, the rest read",
            "io-uring-recv", "io_uring multishot recv into provided buffers: one copy",
            "io-uring-zcrx", "io_uring zero-copy receive into a NIC queue");

    /** The receive methods whose model copies nothing to user space: behind one sender they should outrun copy. */
    static final java.util.Set<String> NO_COPY = java.util.Set.of("splice", "trunc", "zerocopy-receive", "io-uring-zcrx");

    /** The socket rows with receiver figures, by path then receive method. */
    static List<TableRow> rows(ComparisonTable table) {
        List<TableRow> out = new ArrayList<>();
        for (TableRow t : table.rows()) {
            Estimate e = t.row().metric(MetricId.RECEIVER_CPU);
            if (t.row().destination().equals("socket") && e != null) {
                out.add(t);
            }
        }
        out.sort(Comparator.comparingInt((TableRow t) -> t.model().order()).thenComparing(ReceiveSide::method));
        return out;
    }

    /** The receive method, with the receive low-water mark where the run set one (rcvlowat, SO_RCVLOWAT). */
    static String method(TableRow t) {
        String mark = t.row().params().getOrDefault("rcvlowat", "0");
        return t.row().receiveMethod() + (mark.equals("0") ? "" : " (SO_RCVLOWAT " + mark + ")");
    }

    /** The section's model, or null when no row has receiver figures. */
    static Map<String, Object> model(ComparisonTable table) {
        List<TableRow> rows = rows(table);
        if (rows.isEmpty()) {
            return null;
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (TableRow t : rows) {
            Row r = t.row();
            double sender = t.cpu().runtime();
            double receiver = receiverCpu(r);
            Map<String, Object> m = new HashMap<>();
            m.put("path", r.path() + (r.impl() == Impl.NATIVE ? " (native twin)" : ""));
            m.put("method", method(t));
            m.put("what", WHAT.getOrDefault(r.receiveMethod(), ""));
            m.put("gbs", Units.num(t.throughput().gbs()));
            m.put("sender", Units.num(sender));
            m.put("receiver", Double.isNaN(receiver) ? "n/a" : Units.num(receiver) + (timed(r) ? "" : " (counted)"));
            m.put("split", split(r));
            m.put("total", Double.isNaN(sender) || Double.isNaN(receiver) ? "n/a" : Units.num(sender + receiver));
            m.put("syscalls", num(r, MetricId.RECEIVER_SYSCALLS));
            m.put("switches", num(r, MetricId.RECEIVER_CTXSW));
            m.put("perCall", num(r, MetricId.RECEIVER_BYTES_PER_CALL));
            m.put("senderSwitches", num(r, MetricId.CTXSW_VOLUNTARY));
            m.put("senderWakeups", num(r, MetricId.WAKEUPS));
            m.put("senderSoftirq", num(r, MetricId.SOFTIRQ_NET_RX));
            double busy = busy(r);
            m.put("senderBusy", Double.isNaN(busy) ? "n/a" : Units.num(busy) + "%");
            m.put("receiverWakeups", num(r, MetricId.RECEIVER_WAKEUPS));
            m.put("copies", num(r, MetricId.RECEIVER_COPIES));
            m.put("read", num(r, MetricId.RECEIVER_READ));
            m.put("mapped", r.metric(MetricId.RECEIVER_MAPPED) == null ? "" : num(r, MetricId.RECEIVER_MAPPED) + "%");
            m.put("copiesTitle", why(r, MetricId.RECEIVER_COPIES));
            out.add(m);
        }
        Map<String, Object> m = new HashMap<>();
        m.put("rows", out);
        m.put("why", explanations(rows));
        m.put("chart", chart(table).figure());
        return m;
    }

    /** Whether the run has the receiver's CPU from its timed transfers (runs before it have the counted figure only). */
    static boolean timed(Row r) {
        Estimate e = r.metric(MetricId.RECEIVER_TIMED_CPU);
        return e != null && e.available();
    }

    /** The receiving thread's on-CPU ns per KiB: from the timed transfers where the run has them, else the counted ones. */
    static double receiverCpu(Row r) {
        return timed(r) ? r.value(MetricId.RECEIVER_TIMED_CPU) : r.value(MetricId.RECEIVER_CPU);
    }

    /**
     * The receiver's CPU split, counted on its thread in the counted transfers and scaled to the timed transfers' total,
     * as the sender's is; and what counting cost it (counted minus timed).
     */
    static String split(Row r) {
        double counted = r.value(MetricId.RECEIVER_CPU);
        double scale = timed(r) && counted > 0 ? r.value(MetricId.RECEIVER_TIMED_CPU) / counted : 1;
        String parts = "system calls " + Units.num(scale * r.value(MetricId.RECEIVER_SPLIT_SYSCALL)) + ", softirq "
                + Units.num(scale * r.value(MetricId.RECEIVER_SPLIT_SOFTIRQ)) + ", user "
                + Units.num(scale * r.value(MetricId.RECEIVER_SPLIT_USER)) + " ns/KiB";
        return timed(r) ? parts + " (the counted transfers' split, scaled to the timed total); counted transfers: "
                + Units.num(counted) + " ns/KiB, so counting cost the receiver " + Units.num(counted - r.value(MetricId.RECEIVER_TIMED_CPU))
                + " ns/KiB; its duration per KiB: " + Units.num(r.value(MetricId.RECEIVER_TIMED_WALL)) : parts + " (counted transfers)";
    }

    /** The sending thread's on-CPU share of its timed operations' duration (%), or NaN. */
    static double busy(Row r) {
        double cpu = r.value(MetricId.TIMED_CPU);
        double wall = r.value(MetricId.TIMED_WALL);
        return Double.isNaN(cpu) || !(wall > 0) ? Double.NaN : 100 * cpu / wall;
    }

    /**
     * Where a receive method that copies less than copy (splice, trunc, zerocopy-receive) ran slower than copy behind the
     * same sending path, a sentence from what both rows measured: whether the sending thread became the bottleneck (its
     * on-CPU share of the duration) with the receive path's softirq work on its CPU, or, where it did not, that the
     * figures here do not explain it. Each row's rank is then either the one its copies predict or said beside it.
     */
    static List<String> explanations(List<TableRow> rows) {
        List<String> out = new ArrayList<>();
        for (TableRow copy : rows) {
            Row c = copy.row();
            if (!c.receiveMethod().equals("copy") || !c.params().getOrDefault("rcvlowat", "0").equals("0")) {
                continue;
            }
            for (TableRow other : rows) {
                Row o = other.row();
                if (o == c || !o.path().equals(c.path()) || o.impl() != c.impl() || !NO_COPY.contains(o.receiveMethod())
                        || !o.params().getOrDefault("rcvlowat", "0").equals("0")
                        || !(other.throughput().gbs() < copy.throughput().gbs())) {
                    continue;
                }
                double bo = busy(o);
                double bc = busy(c);
                double so = o.value(MetricId.SOFTIRQ_NET_RX);
                double sc = c.value(MetricId.SOFTIRQ_NET_RX);
                double ro = receiverCpu(o);
                double rc = receiverCpu(c);
                String why = null;
                if (bo >= 90 && bc <= bo - 15 && so > sc) {
                    why = "the sending thread was on-CPU " + Units.num(bo) + "% of the time (" + Units.num(bc)
                            + "% with copy) and spent " + Units.num(so) + " ns/KiB in network-receive softirq (" + Units.num(sc)
                            + " with copy), with " + num(o, MetricId.WAKEUPS) + " wake-ups made per operation (" + num(c, MetricId.WAKEUPS)
                            + "). On loopback the receive path's TCP work runs where the packet arrives, in the sender's softirq, "
                            + "unless the receiving thread is inside its receive call holding the socket, when it queues to the "
                            + "receiver; a receiver that copies is in that call most of the time and does the work on its own CPU, "
                            + "one that does not sleeps, and the work, with waking it, lands on the sender, which becomes the "
                            + "bottleneck.";
                } else if (bo < bc && ro > rc) {
                    why = "the receiving thread is the bottleneck: on-CPU " + Units.num(ro) + " ns/KiB (" + Units.num(rc)
                            + " with copy) in " + num(o, MetricId.RECEIVER_SYSCALLS) + " system calls per operation ("
                            + num(o, MetricId.RECEIVER_BYTES_PER_CALL) + " KiB each; " + num(c, MetricId.RECEIVER_SYSCALLS)
                            + " with copy), while the sending thread waited (on-CPU " + Units.num(bo) + "% of the time, "
                            + Units.num(bc) + "% with copy): what it saves in copies it spends per call.";
                }
                TableRow.Throughput to = other.throughput();
                TableRow.Throughput tc = copy.throughput();
                if (to.high() >= tc.low()) {
                    out.add(c.path() + " → " + method(other) + " and → copy: " + Units.num(to.gbs()) + " (" + Units.num(to.low())
                            + "–" + Units.num(to.high()) + ") against " + Units.num(tc.gbs()) + " (" + Units.num(tc.low()) + "–"
                            + Units.num(tc.high()) + ") GB/s: the intervals overlap, no rank between them here"
                            + (why == null ? "." : "; why it is no faster though its receiver copies less: " + why));
                } else {
                    out.add(c.path() + " → " + method(other) + " ran slower than → copy (" + Units.num(to.gbs()) + " against "
                            + Units.num(tc.gbs()) + " GB/s, medians) though its receiver copies less: " + (why != null ? why
                            : "not explained by the figures here (sending thread on-CPU " + (Double.isNaN(bo) ? "n/a" : Units.num(bo) + "%")
                            + " against " + (Double.isNaN(bc) ? "n/a" : Units.num(bc) + "%") + " with copy)."));
                }
            }
        }
        return out;
    }

    private static String num(Row r, MetricId id) {
        Estimate e = r.metric(id);
        return e == null ? "n/a" : !e.available() ? "n/a" : Units.num(e.score());
    }

    private static String why(Row r, MetricId id) {
        Estimate e = r.metric(id);
        return e == null ? "not measured by this run" : e.available() ? "exact: skb:skb_copy_datagram_iovec's len on the sink's "
                + "receiving thread, per byte received" : e.unavailableReason();
    }

    /** Both ends' on-CPU time per KiB, stacked, one bar per sending path and receive method; null without receiver figures. */
    public static Charts.Chart chart(ComparisonTable table) {
        List<TableRow> rows = rows(table);
        if (rows.isEmpty()) {
            return null;
        }
        DefaultCategoryDataset d = new DefaultCategoryDataset();
        for (TableRow t : rows) {
            String label = t.row().path() + " → " + method(t);
            double sender = t.cpu().runtime();
            double receiver = receiverCpu(t.row());
            d.addValue(Double.isNaN(sender) ? null : sender, "sending thread (timed operations)", label);
            d.addValue(Double.isNaN(receiver) ? null : receiver, timed(t.row()) ? "receiving thread (timed transfers)"
                    : "receiving thread (counted operations)", label);
        }
        StackedBarRenderer r = new StackedBarRenderer();
        r.setSeriesPaint(0, new Color(0x4C72B0));
        r.setSeriesPaint(1, new Color(0xDD8452));
        return Charts.stackedBars("receive-cpu", "CPU per KiB at both ends", "file → socket, by sending path and receive method",
                d, "on-CPU [ns/KiB]", r, "sending path → receive method");
    }
}
