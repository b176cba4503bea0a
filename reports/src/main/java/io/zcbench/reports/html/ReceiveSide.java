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
            "io-uring-zcrx", "io_uring zero-copy receive into a NIC queue");

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

    static String method(TableRow t) {
        return t.row().receiveMethod();
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
            double receiver = r.value(MetricId.RECEIVER_CPU);
            Map<String, Object> m = new HashMap<>();
            m.put("path", r.path() + (r.impl() == Impl.NATIVE ? " (native twin)" : ""));
            m.put("method", method(t));
            m.put("what", WHAT.getOrDefault(method(t), ""));
            m.put("gbs", Units.num(t.throughput().gbs()));
            m.put("sender", Units.num(sender));
            m.put("receiver", num(r, MetricId.RECEIVER_CPU));
            m.put("split", "system calls " + Units.num(r.value(MetricId.RECEIVER_SPLIT_SYSCALL)) + ", softirq "
                    + Units.num(r.value(MetricId.RECEIVER_SPLIT_SOFTIRQ)) + ", user " + Units.num(r.value(MetricId.RECEIVER_SPLIT_USER))
                    + " ns/KiB");
            m.put("total", Double.isNaN(sender) || Double.isNaN(receiver) ? "n/a" : Units.num(sender + receiver));
            m.put("syscalls", num(r, MetricId.RECEIVER_SYSCALLS));
            m.put("switches", num(r, MetricId.RECEIVER_CTXSW));
            m.put("perCall", num(r, MetricId.RECEIVER_BYTES_PER_CALL));
            m.put("senderSwitches", num(r, MetricId.CTXSW_VOLUNTARY));
            m.put("senderWakeups", num(r, MetricId.WAKEUPS));
            m.put("receiverWakeups", num(r, MetricId.RECEIVER_WAKEUPS));
            m.put("copies", num(r, MetricId.RECEIVER_COPIES));
            m.put("read", num(r, MetricId.RECEIVER_READ));
            m.put("mapped", r.metric(MetricId.RECEIVER_MAPPED) == null ? "" : num(r, MetricId.RECEIVER_MAPPED) + "%");
            m.put("copiesTitle", why(r, MetricId.RECEIVER_COPIES));
            out.add(m);
        }
        Map<String, Object> m = new HashMap<>();
        m.put("rows", out);
        m.put("chart", chart(table).figure());
        return m;
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
            double receiver = t.row().value(MetricId.RECEIVER_CPU);
            d.addValue(Double.isNaN(sender) ? null : sender, "sending thread (timed operations)", label);
            d.addValue(Double.isNaN(receiver) ? null : receiver, "receiving thread (counted operations)", label);
        }
        StackedBarRenderer r = new StackedBarRenderer();
        r.setSeriesPaint(0, new Color(0x4C72B0));
        r.setSeriesPaint(1, new Color(0xDD8452));
        return Charts.stackedBars("receive-cpu", "CPU per KiB at both ends", "file → socket, by sending path and receive method",
                d, "on-CPU [ns/KiB]", r, "sending path → receive method");
    }
}
