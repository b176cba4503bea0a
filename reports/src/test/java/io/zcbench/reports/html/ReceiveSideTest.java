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
 * again with SO_RCVLOWAT 256 KiB): each receive method beside both ends' calls, switches and wake-ups, and where one
 * that copies less than copy ran slower, why, from its own figures.
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
    @Test
    void everyReceiveMethodShowsBothEndsCallsSwitchesAndWakeUps() throws IOException {
        List<Map<String, Object>> rows = (List<Map<String, Object>>) model().get("rows");
        assertEquals(16, rows.size(), "3 sending paths x 4 receive methods, and transfer-to x 4 with SO_RCVLOWAT");
        Map<String, Object> trunc = rows.stream().filter(r -> r.get("path").equals("transfer-to") && r.get("method").equals("trunc"))
                .findFirst().orElseThrow();
        // the run's own figures: the receiver sleeps ~220 times per 64 MiB and the sender's softirqs wake it as often
        assertEquals("220", trunc.get("senderWakeups"));
        assertEquals("219", trunc.get("switches"));
        assertEquals("116", trunc.get("perCall"), "KiB per receiver call, at most the 1 MiB every method asks for");
        assertTrue(rows.stream().anyMatch(r -> r.get("method").equals("trunc (SO_RCVLOWAT 256KiB)")),
                "a low-water mark is part of the method's label: " + rows.stream().map(r -> r.get("method")).toList());
        rows.forEach(r -> assertFalse(r.values().contains("n/a"), "every figure measured: " + r));
    }

    @SuppressWarnings("unchecked")
    @Test
    void aMethodThatCopiesLessButRanSlowerIsExplainedBesideIt() throws IOException {
        List<String> why = (List<String>) model().get("why");
        String trunc = why.stream().filter(w -> w.startsWith("transfer-to → trunc")).findFirst().orElseThrow();
        assertTrue(trunc.contains("intervals overlap") && trunc.contains("sending thread was on-CPU 96.2% of the time (54.9% with "
                + "copy)") && trunc.contains("76.6 ns/KiB in network-receive softirq (13.9 with copy)"), trunc);
        String zc = why.stream().filter(w -> w.startsWith("transfer-to → zerocopy-receive")).findFirst().orElseThrow();
        assertTrue(zc.contains("ran slower") && zc.contains("the receiving thread is the bottleneck: on-CPU 372 ns/KiB (144 with "
                + "copy)"), zc);
        // rows where the method that copies less ran at least as fast as copy need no sentence
        assertTrue(why.stream().noneMatch(w -> w.startsWith("msg-zerocopy → trunc")), why.toString());
        assertEquals(3, why.size(), why.toString());
    }
}
