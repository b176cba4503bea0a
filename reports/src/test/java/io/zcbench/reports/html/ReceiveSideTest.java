package io.zcbench.reports.html;

import io.zcbench.reports.model.RunData;
import io.zcbench.reports.table.ComparisonTable;
import io.zcbench.reports.testing.Reports;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The receive preset's real run (this VM, 5 forks, every receive method behind three sending paths, and transfer-to
 * again with SO_RCVLOWAT 256 KiB): each receive method beside both ends' calls, switches and wake-ups, the receiver's
 * CPU from the timed transfers, and where one that copies nothing ran slower than copy, why, from its own figures.
 */
class ReceiveSideTest {
    @TempDir
    Path tmp;

    private Map<String, Object> model() throws IOException {
        Path dir = Reports.resourceRun("receive-preset", tmp.resolve("recv"), "jmh.json.gz", "env.json", "paths.json",
                "metrics.json", "outcomes.jsonl");
        return ReceiveSide.model(ComparisonTable.of(RunData.load(dir)));
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> rows() throws IOException {
        return (List<Map<String, Object>>) model().get("rows");
    }

    private static Map<String, Object> row(List<Map<String, Object>> rows, String path, String method) {
        return rows.stream().filter(r -> r.get("path").equals(path) && r.get("method").equals(method)).findFirst().orElseThrow();
    }

    @Test
    void everyReceiveMethodShowsBothEndsCallsSwitchesAndWakeUps() throws IOException {
        List<Map<String, Object>> rows = rows();
        assertEquals(19, rows.size(), "3 sending paths x 5 receive methods, and transfer-to x 4 with SO_RCVLOWAT");
        Map<String, Object> trunc = row(rows, "transfer-to", "trunc");
        // the run's own figures: the receiver sleeps ~250 times per 64 MiB and the sender's softirqs wake it as often
        assertEquals("255", trunc.get("senderWakeups"));
        assertEquals("252", trunc.get("switches"));
        assertEquals("108", trunc.get("perCall"), "KiB per receiver call, at most the 1 MiB every method asks for");
        assertEquals("96.4%", trunc.get("senderBusy"));
        assertTrue(rows.stream().anyMatch(r -> r.get("method").equals("trunc (SO_RCVLOWAT 256KiB)")),
                "a low-water mark is part of the method's label: " + rows.stream().map(r -> r.get("method")).toList());
        rows.forEach(r -> assertFalse(r.values().contains("n/a"), "every figure measured: " + r));
    }

    /** The receiver's CPU from the timed transfers, its counted split scaled to it, and what counting cost, said. */
    @Test
    void theReceiversCpuComesFromTheTimedTransfers() throws IOException {
        List<Map<String, Object>> rows = rows();
        Map<String, Object> trunc = row(rows, "transfer-to", "trunc");
        assertEquals("82.1", trunc.get("receiver"), "timed, not the counted 106");
        String split = (String) trunc.get("split");
        assertTrue(split.contains("scaled to the timed total") && split.contains("counted transfers: 106 ns/KiB")
                && split.contains("counting cost the receiver 23.6 ns/KiB") && split.contains("duration per KiB: 160"), split);
        Map<String, Object> uring = row(rows, "transfer-to", "io-uring-recv");
        assertEquals("1.00", uring.get("copies"), "io-uring-recv copies every byte once: " + uring);
        assertEquals("959", uring.get("perCall"), "bundles: 68 calls for 64 MiB");
    }

    @SuppressWarnings("unchecked")
    @Test
    void aMethodThatCopiesNothingButRanSlowerIsExplainedBesideIt() throws IOException {
        List<String> why = (List<String>) model().get("why");
        String trunc = why.stream().filter(w -> w.startsWith("transfer-to → trunc")).findFirst().orElseThrow();
        assertTrue(trunc.contains("intervals overlap") && trunc.contains("sending thread was on-CPU 96.4% of the time (67.4% with "
                + "copy)") && trunc.contains("85.4 ns/KiB in network-receive softirq (34.6 with copy)"), trunc);
        String zc = why.stream().filter(w -> w.startsWith("transfer-to → zerocopy-receive")).findFirst().orElseThrow();
        assertTrue(zc.contains("ran slower") && zc.contains("the receiving thread is the bottleneck: on-CPU 249 ns/KiB (128 with "
                + "copy)"), zc);
        // io-uring-recv copies as much as copy: its copies predict no rank, so nothing is said; nor where one that copies
        // nothing was at least as fast (msg-zerocopy -> trunc)
        assertTrue(why.stream().noneMatch(w -> w.contains("io-uring-recv") || w.startsWith("msg-zerocopy → trunc")), why.toString());
        assertEquals(4, why.size(), why.toString());
    }
}
