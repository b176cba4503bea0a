package io.zcbench.reports.compare;

import io.zcbench.reports.model.Estimate;
import io.zcbench.reports.model.RunData;
import io.zcbench.reports.testing.Reports;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * compare's first screen: counts tested as counts (no verdict from 0 or 1 event over two counted operations), throughput
 * first, better and worse coloured by the figure's direction, what differs between the runs said once and completely, and
 * the host's probes beside the changes. The A/A pairs and the run of another host are real runs made on this machine kind.
 */
class CompareFirstScreenTest {
    @TempDir
    Path tmp;

    static final String[] FILES = {"jmh.json.gz", "env.json", "paths.json", "metrics.json"};

    private static Estimate counts(double[][] forks) {
        return new Estimate(Double.NaN, 0, "#/op", new double[0], null, forks);
    }

    private static Estimate ones(int forks, int iterations) {
        double[][] f = new double[forks][iterations];
        for (double[] x : f) {
            java.util.Arrays.fill(x, 1);
        }
        return counts(f);
    }

    /** What an A/A pair of main jobs called certain: 0.5 switches/op against 0, "the same in every fork of each run". */
    @Test
    void zeroOrOneEventOverTwoCountedOperationsIsNoVerdict() {
        Counts.Tally a = Counts.of(counts(new double[][] {{1, 0}, {0, 1}}), ones(2, 2));
        Counts.Tally b = Counts.of(counts(new double[][] {{0, 0}, {0, 0}}), ones(2, 2));
        assertEquals(2, a.events());
        assertEquals(4, a.ops());
        Comparison.Ratio r = Counts.compare("receiver voluntary switches [#/op]", a, b, 0.05, Comparison.ALPHA);
        assertFalse(r.changed(), r.toString());
        assertTrue(r.note().startsWith("too few to resolve: 2 events over 4 and 4 counted operations"), r.note());
        // The old test made it certain: zero spread over two forks on each side.
        Comparison.Ratio old = Comparison.compare("m", new double[] {0.5, 0.5}, new double[] {0, 0}, 0.5, 0, 0.05);
        assertTrue(old.changed(), "the zero-spread rule this replaces called it");
    }

    /** A count that moved in every operation of five forks is a change, said as a difference from 0, never a ratio. */
    @Test
    void aCountThatMovedInEveryOperationIsCalledAsADifference() {
        Counts.Tally a = Counts.of(counts(new double[5][2]), ones(5, 2));
        Counts.Tally b = Counts.of(counts(new double[][] {{2, 1}, {1, 2}, {2, 2}, {1, 1}, {2, 1}}), ones(5, 2));
        Comparison.Ratio r = Counts.compare("involuntary context switches [#/op]", a, b, 0.05, Comparison.ALPHA / 10);
        assertTrue(r.changed(), r.toString());
        assertTrue(Double.isNaN(r.ratio()), "no ratio from 0");
        String text = ComparePage.change(r, new Comparison.Figure("#/op", "lower", 3));
        assertEquals("+1.50 #/op (from 0)", text);
        assertEquals(-1, new Comparison.Figure("#/op", "lower", 3).verdict(r.base(), r.other()), "more switches are worse");
    }

    /** Receiver calls that follow the host's regime (387 and 72 per operation in two A/A runs) are not a change. */
    @Test
    void countsThatVaryBetweenForksMoreThanCountingExplainsNeedTheForksToAgree() {
        Counts.Tally a = Counts.of(counts(new double[][] {{387, 392}, {72, 75}}), ones(2, 2));
        Counts.Tally b = Counts.of(counts(new double[][] {{651, 640}, {110, 118}}), ones(2, 2));
        Comparison.Ratio r = Counts.compare("receiver system calls [#/op]", a, b, 0.05, Comparison.ALPHA);
        assertFalse(r.changed(), r.toString());
        assertTrue(r.note().contains("the forks vary more than counting explains"), r.note());
        // the same counts steady in every fork are a change
        Counts.Tally c = Counts.of(counts(new double[][] {{387, 390}, {385, 389}, {388, 386}}), ones(3, 2));
        Counts.Tally d = Counts.of(counts(new double[][] {{651, 640}, {645, 650}, {648, 644}}), ones(3, 2));
        assertTrue(Counts.compare("receiver system calls [#/op]", c, d, 0.05, Comparison.ALPHA).changed());
    }

    @Test
    void theExactTestIsTheBinomialTail() {
        assertEquals(0.5, Counts.twoSided(2, 0.5, 0), 1e-12, "both events in one run of two equal ones: p = 2 x 1/4");
        assertEquals(1.0, Counts.twoSided(4, 0.5, 2), 1e-12);
        assertEquals(2 * Math.pow(0.5, 15), Counts.twoSided(15, 0.5, 15), 1e-15);
    }

    /** Two main jobs of one commit, back to back here: nothing called changed, no figure at all. */
    @Test
    void anAaPairOfMainJobsCallsNothing() throws Exception {
        assertNothingCalled("aa-main-1", "aa-main-2");
    }

    /** Two quick runs restricted to traditional, transfer-to and splice to a socket: nothing called changed. */
    @Test
    void anAaPairOfThreePathQuickRunsCallsNothing() throws Exception {
        assertNothingCalled("aa-quick3-1", "aa-quick3-2");
    }

    private void assertNothingCalled(String first, String second) throws Exception {
        Path a = Reports.resourceRun(first, tmp.resolve(first), FILES);
        Path b = Reports.resourceRun(second, tmp.resolve(second), FILES);
        Comparison c = Comparison.of(List.of(RunData.load(a), RunData.load(b)));
        List<String> called = c.lines().stream().flatMap(l -> l.ratios().stream().filter(Comparison.Ratio::changed)
                .map(r -> l.label() + " " + l.title() + ": " + r.metric() + " " + r.base() + " -> " + r.other() + " " + r.note())).toList();
        assertEquals(List.of(), called, "an A/A pair calls no figure changed");
        Path out = tmp.resolve(first + "-page");
        assertEquals(0, Reports.cli("compare", a.toString(), b.toString(), "-o", out.toString()).exit());
        assertTrue(Files.readString(out.resolve("index.html")).contains("Nothing changed beyond the noise"));
    }

    /**
     * The repo's main-job-netty run (another host: 2596 MHz, tsc) against a main job of this host: throughput changes
     * lead, worse is never green, no infinite ratio anywhere, what differs is said once with the CPU flags by name.
     */
    @Test
    void anotherHostsRunLeadsWithThroughputAndSaysWorseAsWorse() throws Exception {
        Path a = Reports.resourceRun("main-job-netty", tmp.resolve("fixture"), FILES);
        Path b = Reports.resourceRun("aa-main-1", tmp.resolve("today"), FILES);
        Path out = tmp.resolve("page");
        Reports.Run r = Reports.cli("compare", a.toString(), b.toString(), "-o", out.toString());
        assertEquals(0, r.exit(), r.err());
        String html = Files.readString(out.resolve("index.html"));
        for (String f : List.of("index.html", "comparison.csv", "comparison-long.csv")) {
            String text = Files.readString(out.resolve(f));
            assertFalse(text.contains("Infinity") || text.contains("∞"), f + " holds an infinite ratio");
        }
        List<String[]> rows = answerRows(html);
        assertTrue(rows.size() >= 3, "changes on the first screen: " + rows.size());
        assertTrue(rows.get(0)[1].startsWith("throughput") || rows.get(0)[1].startsWith("native twin"), "throughput leads: " + rows.get(0)[1]);
        int lastThroughput = -1;
        int firstOther = Integer.MAX_VALUE;
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i)[1].startsWith("throughput") || rows.get(i)[1].startsWith("native twin")) {
                lastThroughput = i;
            } else {
                firstOther = Math.min(firstOther, i);
            }
        }
        assertTrue(lastThroughput < firstOther, "every throughput change before any counter");
        for (String[] row : rows) {
            boolean more = row[2].startsWith("+");
            boolean lowerBetter = !row[1].startsWith("throughput") && !row[1].startsWith("native twin")
                    && !row[1].contains("mapped");
            if (lowerBetter && more || !lowerBetter && !more) {
                assertEquals("worse", row[0], "more CPU, calls or switches, or less throughput, is worse: " + String.join(" | ", row));
            }
        }
        assertEquals(1, count(html, "The runs differ in"), "what differs, said once");
        assertFalse(html.contains("the runs differ in:"), "no row repeats it");
        assertTrue(html.contains("CPU flags (only in"), "the CPU flags that differ, by name");
        assertTrue(html.contains("CPU MHz 2596.142 → "), "a short value as its change");
        assertTrue(html.contains("memory latency probe"), "the host's probes beside the changes");
    }

    private static int count(String s, String what) {
        return s.split(Pattern.quote(what), -1).length - 1;
    }

    /** The first screen's rows: {class of the change cell, figure, change}. */
    private static List<String[]> answerRows(String html) {
        String first = html.substring(html.indexOf("<section id=\"answer\">"), html.indexOf("</tbody>", html.indexOf("<section id=\"answer\">")));
        Matcher m = Pattern.compile("<tr><td>[^<]*</td><td>[^<]*</td><td>([^:<]*):[^<]*</td><td class=\"([a-z]+)\"><b>([^<]*)</b>")
                .matcher(first);
        List<String[]> out = new java.util.ArrayList<>();
        while (m.find()) {
            out.add(new String[] {m.group(2), m.group(1), m.group(3)});
        }
        return out;
    }
}
