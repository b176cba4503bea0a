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
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Throughput adjusted for a host probe that follows a path's forks: a change the forks' spread hides is called through
 * the probe, an A/A pair stays quiet, and a probe that does not follow, or host states the runs do not share, leave the
 * forks' own ratio alone.
 */
class HostAdjustmentTest {
    @TempDir
    Path tmp;

    /** Five forks per run in host states 25% apart, as on this kind of VM; the second run's states overlap the first's. */
    private static final double[] STATES_A = {1.0, 0.8, 1.05, 0.85, 0.95};
    private static final double[] STATES_B = {0.82, 1.02, 0.9, 1.0, 0.86};

    private Comparison compare(double change, double[] statesB, double probeNoise, boolean probeFollows) throws Exception {
        JmhFixture a = new JmhFixture(1).add("ToSocket", "traditional", "64MiB", "warm", 20_000, 2048, Map.of("impl", "java"))
                .hostStates(STATES_A, 12, probeNoise);
        JmhFixture b = new JmhFixture(2).add("ToSocket", "traditional", "64MiB", "warm", 20_000 / change, 2048, Map.of("impl", "java"))
                .hostStates(statesB, 12, probeNoise);
        if (!probeFollows) {
            // the probe moves by 10% from iteration to iteration, but not with these forks
            a.hostStates(new double[] {1, 1, 1, 1, 1}, 12, 0.1);
            b.hostStates(new double[] {1, 1, 1, 1, 1}, 12, 0.1);
        }
        Path pa = a.write(tmp.resolve("a" + change + probeFollows + probeNoise));
        Path pb = b.write(tmp.resolve("b" + change + probeFollows + probeNoise));
        return Comparison.of(List.of(RunData.load(pa), RunData.load(pb)));
    }

    @Test
    void aChangeTheHostsStatesHideIsCalledThroughAProbeThatFollowsTheForks() throws Exception {
        Comparison c = compare(0.88, STATES_B, 0.01, true);
        Comparison.Line l = c.lines().get(0);
        HostAdjustment h = l.adjusted();
        assertNotNull(h, "the probe follows the forks (r near 1): the ratio is adjusted for it");
        assertTrue(h.rawHalfWidth() > 0.10, "the forks alone resolve no better than ±10%: " + h.rawHalfWidth());
        assertTrue(h.halfWidth() < h.rawHalfWidth() / 2, "the probe takes the host's states out: " + h.halfWidth());
        Comparison.Ratio t = l.throughput();
        assertEquals(0.88, t.ratio(), 0.02, "the path's own change");
        assertTrue(t.changed() && t.pValue() < Comparison.ALPHA, "12% slower is called: p=" + t.pValue());
        assertTrue(t.note().startsWith("adjusted for the host's memory bandwidth probe"), t.note());
        assertEquals(t.resolves(), h.halfWidth(), 1e-12, "what the pair resolves is the adjusted interval's");
        assertEquals(t.base(), l.gbs().base().value(), t.base() * 0.2, "the runs' own GB/s stay as measured");
    }

    @Test
    void anAaPairStaysQuietAdjusted() throws Exception {
        for (double noise : new double[] {0.005, 0.01, 0.02}) {
            Comparison.Line l = compare(1.0, STATES_B, noise, true).lines().get(0);
            assertNotNull(l.adjusted());
            assertFalse(l.throughput().changed(), "nothing changed: " + l.throughput());
            assertTrue(l.throughput().low() < 1 && 1 < l.throughput().high(), "the interval holds 1: " + l.throughput());
        }
    }

    @Test
    void aProbeThatDoesNotFollowTheForksAdjustsNothing() throws Exception {
        Comparison.Line l = compare(0.88, STATES_B, 0, false).lines().get(0);
        assertNull(l.adjusted(), "a probe that moves apart from the forks explains nothing");
        assertTrue(l.throughput().note() == null || !l.throughput().note().startsWith("adjusted"), l.throughput().note());
    }

    @Test
    void hostStatesTheRunsDoNotShareAreNotExtrapolated() throws Exception {
        double[] faster = {1.4, 1.3, 1.45, 1.35, 1.5}; // every fork of the other run above every fork of the base
        Comparison.Line l = compare(1.0, faster, 0.01, true).lines().get(0);
        assertNull(l.adjusted(), "the probe's values do not overlap: the fit would extrapolate");
        assertFalse(HostAdjustment.overlap(new double[] {1, 2}, new double[] {2.5, 3}));
        assertTrue(HostAdjustment.overlap(new double[] {1, 2}, new double[] {2, 3}));
    }

    @Test
    void theFitNeedsAlignedForksAndEnoughOfThem() {
        assertNull(HostAdjustment.fit(new double[] {1}, new double[] {1}, new double[] {1, 2}, new double[] {1, 2}, "p", 1, 0.2),
                "one fork on a side");
        assertNull(HostAdjustment.fit(new double[] {1, 2}, new double[] {1, -1}, new double[] {1, 2}, new double[] {1, 2}, "p", 1,
                0.2), "a probe that is not positive has no logarithm");
        assertNull(HostAdjustment.fit(new double[] {1, 2, 3}, new double[] {5, 5, 5}, new double[] {1, 2}, new double[] {5, 5}, "p", 1,
                0.2), "a probe constant in both runs has no slope");
    }

    @Test
    void thePageAndTheCsvSayWhatWasAdjustedAndByHowMuch() throws Exception {
        JmhFixture a = new JmhFixture(1).add("ToSocket", "traditional", "64MiB", "warm", 20_000, 2048, Map.of("impl", "java"))
                .hostStates(STATES_A, 12, 0.01);
        JmhFixture b = new JmhFixture(2).add("ToSocket", "traditional", "64MiB", "warm", 20_000, 2048, Map.of("impl", "java"))
                .hostStates(STATES_B, 12, 0.01);
        Path out = tmp.resolve("out");
        Reports.Run r = Reports.cli("compare", a.write(tmp.resolve("pa")).toString(), b.write(tmp.resolve("pb")).toString(), "-o",
                out.toString());
        assertEquals(0, r.exit(), r.err());
        String html = Files.readString(out.resolve("index.html"));
        assertTrue(html.contains("1 of 1 benchmarks adjusted for a host probe that follows their forks; the forks alone resolve"),
                "the first screen says how many were adjusted and what the forks alone resolve");
        assertTrue(html.contains("adjusted for the host&#39;s memory bandwidth probe") || html.contains("adjusted for the host's memory bandwidth probe"),
                "the benchmark's figure says which probe");
        String csv = Files.readString(out.resolve("comparison.csv"));
        assertTrue(csv.lines().findFirst().orElseThrow().contains("throughput adjusted for host probe,throughput ratio unadjusted,"
                + "throughput unadjusted resolves ± [%]"), csv.lines().findFirst().orElseThrow());
        assertTrue(csv.contains(",memory bandwidth probe,"), "the row names the probe");
    }
}
