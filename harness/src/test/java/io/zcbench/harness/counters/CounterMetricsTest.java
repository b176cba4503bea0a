package io.zcbench.harness.counters;

import io.zcbench.harness.metrics.Metrics;

import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CounterMetricsTest {
    @Test
    void unitsKeepNothingJmhsJsonTidyingWouldBreak() {
        String safe = CounterMetrics.jmhSafe("a, b [c] {d} <e> \"f\" \\g & h\ni");
        for (char bad : ",[]{}<>\"\\&\n".toCharArray()) {
            assertFalse(safe.indexOf(bad) >= 0, "'" + bad + "' in " + safe);
        }
        assertEquals("a; b (c) (d) (e) 'f' 'g + h i", safe);
    }

    @Test
    void missingCountersAreNaNWithAReasonAndNeverZero() {
        Map<Counter, Long> v = new EnumMap<>(Counter.class);
        v.put(Counter.CPU_USER_NS, 1000L);
        v.put(Counter.CPU_SYSTEM_NS, 3000L);
        Map<String, String> why = new TreeMap<>();
        why.put("syscalls", "perf_event_open refused (EACCES)");
        why.put("syscallsByName", "perf_event_open refused (EACCES)");
        CounterTotals t = new CounterTotals(2, v, Map.of(), why, "getrusage");
        for (CounterMetrics.Metric m : CounterMetrics.perOp(t, 4096)) {
            if (m.label().startsWith("zc.syscalls") || m.label().equals("zc.modeSwitches")) {
                assertTrue(Double.isNaN(m.value()), m.toString());
                assertTrue(m.reason().contains("refused"), m.toString());
            }
            if (m.label().equals("zc.cpu.sys.perKiB")) {
                assertEquals(375.0, m.value(), 1e-9, "3000 ns over 2 ops of 4 KiB");
                assertEquals("ns/KiB", m.unit());
            }
        }
    }

    @Test
    void modeSwitchesAreDerivedAndLabelledSo() {
        Map<Counter, Long> v = new EnumMap<>(Counter.class);
        v.put(Counter.SYSCALLS, 10L);
        CounterTotals t = new CounterTotals(5, v, Map.of("read", 10L), Map.of(), "perf");
        CounterMetrics.Metric m = CounterMetrics.perOp(t, 1 << 20).stream().filter(x -> x.label().equals("zc.modeSwitches"))
                .findFirst().orElseThrow();
        assertEquals(4.0, m.value());
        assertEquals("#/op", m.unit());
        // What it is, said once where the metric is declared (and so in metrics.json and the report).
        assertTrue(Metrics.MODE_SWITCHES.label().contains("derived"), Metrics.MODE_SWITCHES.label());
        assertTrue(Metrics.MODE_SWITCHES.description().contains("2 per system call"), Metrics.MODE_SWITCHES.description());
    }
}
