package io.zcbench.reports.compare;

import io.zcbench.reports.model.RunData;
import io.zcbench.reports.testing.JmhFixture;
import io.zcbench.reports.testing.Reports;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Java ÷ native between two runs: the pair shares each fork's host state, so a change in the Java path alone is called
 * where the host's states hide it from throughput, and an A/A pair calls nothing.
 */
class PairedCompareTest {
    @TempDir
    Path tmp;

    /** Forks in host states 30% apart, the second run's different from the first's; the probe follows nothing here. */
    private static final double[] STATES_A = {1.0, 0.75, 1.05, 0.8, 0.95};
    private static final double[] STATES_B = {0.78, 1.02, 0.85, 1.0, 0.9};

    private Comparison compare(double javaOverNativeA, double javaOverNativeB) throws Exception {
        // the Java path 10% slower in b costs throughput 10% too; the twin's time stays
        JmhFixture a = new JmhFixture(1).add("ToSocket", "traditional", "64MiB", "warm", 20_000, 2048, Map.of())
                .hostStates(STATES_A, 12, 0.3).twins(javaOverNativeA, 0.01);
        JmhFixture b = new JmhFixture(2).add("ToSocket", "traditional", "64MiB", "warm", 20_000 * javaOverNativeA / javaOverNativeB,
                2048, Map.of()).hostStates(STATES_B, 12, 0.3).twins(javaOverNativeB, 0.01);
        String name = javaOverNativeA + "-" + javaOverNativeB;
        return Comparison.of(List.of(RunData.load(a.write(tmp.resolve("a" + name))), RunData.load(b.write(tmp.resolve("b" + name)))));
    }

    @Test
    void aChangeInTheJavaPathAloneIsCalledThroughItsTwin() throws Exception {
        Comparison.Line l = compare(0.95, 0.85).lines().get(0);
        Comparison.Ratio p = l.paired();
        assertEquals(Comparison.PAIRED, p.metric());
        assertEquals(0.85 / 0.95, p.ratio(), 0.01, "the Java path's own loss against its twin");
        assertTrue(p.changed() && p.pValue() < Comparison.ALPHA, "called: " + p);
        assertTrue(p.resolves() < 0.05, "pairing resolves a few per cent: " + p.resolves());
        assertFalse(l.throughput().changed(), "throughput's forks, 30% apart, hide the same 10%: " + l.throughput());
    }

    @Test
    void anAaPairCallsNoPairedChange() throws Exception {
        Comparison.Line l = compare(0.95, 0.95).lines().get(0);
        assertFalse(l.paired().changed(), l.paired().toString());
        assertTrue(l.paired().low() < 1 && 1 < l.paired().high(), l.paired().toString());
    }

    @Test
    void anUnpairedBenchmarkSaysWhyThereIsNoRatio() throws Exception {
        Path a = new JmhFixture(1).add("ToSocket", "traditional", "64MiB", "warm", 20_000, 2048).write(tmp.resolve("ua"));
        Path b = new JmhFixture(2).add("ToSocket", "traditional", "64MiB", "warm", 20_000, 2048).write(tmp.resolve("ub"));
        Comparison.Ratio p = Comparison.of(List.of(RunData.load(a), RunData.load(b))).lines().get(0).paired();
        assertTrue(Double.isNaN(p.ratio()) && !p.changed());
        assertEquals("the path did not alternate with its pair (impl=paired) in both runs", p.note());
    }

    @Test
    void theFirstScreenNamesThePairedRatioAndBlamesNoHost() throws Exception {
        JmhFixture a = new JmhFixture(1).add("ToSocket", "traditional", "64MiB", "warm", 20_000, 2048, Map.of())
                .hostStates(STATES_A, 12, 0.01).twins(0.95, 0.01);
        // b: every fork in a slower host state (its probe too) and the Java path 10% slower against its twin
        double[] slower = {0.7, 0.72, 0.69, 0.71, 0.7};
        JmhFixture b = new JmhFixture(2).add("ToSocket", "traditional", "64MiB", "warm", 20_000 * 0.95 / 0.85, 2048, Map.of())
                .hostStates(slower, 12, 0.01).twins(0.85, 0.01);
        Path out = tmp.resolve("out");
        Reports.Run r = Reports.cli("compare", a.write(tmp.resolve("fa")).toString(), b.write(tmp.resolve("fb")).toString(), "-o",
                out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("1 benchmarks compared, 1 with a real throughput change, 1 with a real Java ÷ native change"),
                r.out());
        String html = Files.readString(out.resolve("index.html"));
        int at = html.indexOf("<td>Java ÷ native: 0.9");
        assertTrue(at > 0, "the first screen names the paired ratio by its own name, with its values");
        String item = html.substring(html.lastIndexOf("<tr>", at), html.indexOf("</tr>", at));
        assertTrue(item.contains("worse"), item);
        assertFalse(item.contains("possibly the host"), "a ratio of neighbouring operations is not the host's: " + item);
        assertTrue(html.contains("; Java ÷ native, paired inside each fork, resolves ±"), "the first screen says what the paired ratio resolves");
        assertTrue(html.contains(" at the median (1 paired benchmark)"));
        String csv = Files.readString(out.resolve("comparison.csv"));
        assertTrue(csv.lines().findFirst().orElseThrow().contains("Java ÷ native (framework ÷ raw) [×] ratio other/base"));
    }
}
