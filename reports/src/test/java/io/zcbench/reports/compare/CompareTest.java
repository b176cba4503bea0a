package io.zcbench.reports.compare;

import io.zcbench.reports.model.RunData;
import io.zcbench.reports.testing.JmhFixture;
import io.zcbench.reports.testing.Reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompareTest {
    @TempDir
    Path tmp;

    @Test
    void flagsRealChangesNotNoiseAndDiffsTheEnvironment() throws Exception {
        Path a = JmhFixture.quickShape(1, 1.0).write(tmp.resolve("a"));
        JmhFixture fb = JmhFixture.quickShape(2, 1.0);
        fb.env(JmhFixture.defaultEnv("6.19.0-other", "25.0.1"));
        Path b = fb.write(tmp.resolve("b"));
        // make splice 30% faster in b: rewrite its times
        Path c = JmhFixture.quickShape(3, 1.0).write(tmp.resolve("c"));
        Comparison same = Comparison.of(List.of(RunData.load(a), RunData.load(b)));
        long changed = same.lines().stream().filter(l -> l.throughput().changed()).count();
        assertTrue(changed <= 2, "noise of 2% per iteration is mostly not a change: " + changed + " of " + same.lines().size());
        assertTrue(same.env().stream().anyMatch(f -> f.label().equals("kernel") && f.differs()
                && f.values().equals(List.of("6.18.44-test", "6.19.0-other"))));
        assertTrue(same.env().stream().anyMatch(f -> f.label().equals("JDK version") && f.differs()));
        assertTrue(same.env().stream().filter(f -> f.label().equals("CPU")).allMatch(f -> !f.differs()));

        JmhFixture faster = JmhFixture.quickShape(4, 1.3);
        Path d = faster.write(tmp.resolve("d"));
        Comparison real = Comparison.of(List.of(RunData.load(c), RunData.load(d)));
        for (Comparison.Line l : real.lines()) {
            Comparison.Ratio t = l.throughput();
            assertEquals(1.3, t.ratio(), 0.05, l.key());
            assertTrue(t.changed() && t.pValue() < Comparison.ALPHA, "30% faster is a real change: " + l.key() + " p=" + t.pValue());
            assertTrue(t.low() > 1 && t.low() < t.ratio() && t.ratio() < t.high(),
                    "its 99% interval holds the ratio and excludes 1: " + t.low() + " - " + t.high());
        }
        for (Comparison.Line l : same.lines()) {
            Comparison.Ratio t = l.throughput();
            if (!t.changed() && !Double.isNaN(t.pValue()) && t.pValue() > 0.05) {
                assertTrue(t.low() < 1 && 1 < t.high(), "no change: the interval holds 1 " + l.key() + ": " + t.low() + " - " + t.high());
            }
        }
    }

    /** Two copies of the main job with Netty: a framework path's pair is its raw baseline in the matrix, not a twin. */
    @Test
    void aFrameworkPathsPairIsNamedAsItsRawBaseline() throws Exception {
        String[] files = {"jmh.json.gz", "env.json", "paths.json", "metrics.json"};
        Path a = Reports.resourceRun("main-job-netty", tmp.resolve("netty-a"), files);
        Path b = Reports.resourceRun("main-job-netty", tmp.resolve("netty-b"), files);
        Path out = tmp.resolve("netty-out");
        Reports.Run r = Reports.cli("compare", a.toString(), b.toString(), "-o", out.toString());
        assertEquals(0, r.exit(), r.err());
        String html = Files.readString(out.resolve("index.html"));
        assertTrue(html.contains("netty-epoll-fileregion · raw transfer-to") && html.contains("netty-io-uring-fileregion · raw io-uring-splice")
                && html.contains("netty-epoll-bytebuf · raw traditional"), "each framework path's pair row names its baseline");
        assertTrue(html.contains("traditional · native twin"), "zcbench's own paths keep their twins");
        assertFalse(html.contains("netty-epoll-fileregion · native twin"));
    }

    @Test
    void aTinyButSignificantChangeNeedsTheMinimumChange() throws Exception {
        Path a = JmhFixture.quickShape(5, 1.0).write(tmp.resolve("a"));
        Path b = JmhFixture.quickShape(6, 1.03).write(tmp.resolve("b"));
        List<RunData> runs = List.of(RunData.load(a), RunData.load(b));
        Comparison strict = Comparison.of(runs);
        assertTrue(strict.lines().stream().noneMatch(l -> l.throughput().changed()), () -> "3% is below the default 5%: "
                + strict.lines().stream().filter(l -> l.throughput().changed()).map(l -> l.key() + " " + l.throughput().ratio()).toList());
        List<Comparison.Line> significant = strict.lines().stream().filter(l -> l.throughput().pValue() < Comparison.ALPHA).toList();
        assertTrue(significant.size() >= 5, "some pass the test: " + significant.size());
        assertTrue(significant.stream().allMatch(l -> l.throughput().note().contains("smaller than the minimum change")));
        Comparison loose = Comparison.of(runs, 0.01);
        assertEquals(significant.size(), loose.lines().stream().filter(l -> l.throughput().changed()).count(),
                "with a 1% minimum, exactly the significant ones are changes");
    }

    @Test
    void aRepeatRunRaisesTheBarToTheMachinesDrift() throws Exception {
        Path base = JmhFixture.quickShape(1, 1.0).write(tmp.resolve("base"));
        Path repeat = JmhFixture.quickShape(2, 1.15).write(tmp.resolve("repeat"));   // the machine drifted 15%
        Path other = JmhFixture.quickShape(3, 1.12).write(tmp.resolve("other"));     // "faster" by less than that
        List<RunData> runs = List.of(RunData.load(base), RunData.load(other));
        assertTrue(Comparison.of(runs).lines().stream().anyMatch(l -> l.throughput().changed()), "without a repeat: changes");
        Comparison c = Comparison.of(runs, Comparison.DEFAULT_MIN_CHANGE, RunData.load(repeat));
        assertEquals(0.15, c.drift().median(), 0.03);
        assertTrue(c.lines().stream().allMatch(l -> l.throughput().resolves() >= 0.13),
                "each benchmark resolves no finer than its A/A pair moved");
        assertTrue(c.lines().stream().noneMatch(l -> l.throughput().changed()), "12% is within the 15% drift");
        Reports.Run r = Reports.cli("compare", base.toString(), other.toString(), "-o", tmp.resolve("out").toString(),
                "--noise", repeat.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("drift between repeated runs: median"), r.out());
        assertTrue(Files.readString(tmp.resolve("out/index.html")).contains("this machine&#39;s noise floor")
                || Files.readString(tmp.resolve("out/index.html")).contains("this machine&#x27;s noise floor"));
    }

    @Test
    void aRunBeforeANewParameterPairsWithOneThatRanItsNeutralValue() throws Exception {
        // runs made before thread= and rcvlowat= existed measured what thread=platform and rcvlowat=0 measure
        Path before = new JmhFixture(1).add("ToSocket", "splice", "1MiB", "warm", 250, 32).write(tmp.resolve("before"));
        Path after = new JmhFixture(2).add("ToSocket", "splice", "1MiB", "warm", 250, 32,
                Map.of("thread", "platform", "rcvlowat", "0")).add("ToSocket", "splice", "1MiB", "warm", 300, 32,
                Map.of("thread", "virtual", "rcvlowat", "0")).write(tmp.resolve("after"));
        Comparison c = Comparison.of(List.of(RunData.load(before), RunData.load(after)));
        assertEquals(1, c.lines().size(), "the platform row pairs with the old one; the virtual row has no partner: "
                + c.lines().stream().map(Comparison.Line::key).toList());
        assertTrue(c.lines().get(0).key().contains("splice") && !c.lines().get(0).key().contains("thread="), c.lines().get(0).key());
        assertTrue(c.missing().toString().contains("thread=virtual"), c.missing().toString());
    }

    @Test
    void benchmarksMissingFromOneSideAreListed() throws Exception {
        Path a = new JmhFixture(1).add("ToSocket", "traditional", "1MiB", "warm", 300, 32)
                .add("ToSocket", "splice", "1MiB", "warm", 250, 32).write(tmp.resolve("a"));
        Path b = new JmhFixture(2).add("ToSocket", "traditional", "1MiB", "warm", 300, 32)
                .add("ToFile", "splice", "1MiB", "warm", 250, 32).write(tmp.resolve("b"));
        Comparison c = Comparison.of(List.of(RunData.load(a), RunData.load(b)));
        assertEquals(1, c.lines().size());
        assertEquals(2, c.missing().size(), c.missing().toString());
        assertTrue(c.missing().stream().anyMatch(m -> m.startsWith("ToSocket") && m.contains("path=splice") && m.contains("in a but not in b")));
        assertTrue(c.missing().stream().anyMatch(m -> m.startsWith("ToFile") && m.contains("in b but not in a")));
    }

    @Test
    void cliWritesPageCsvAndCharts() throws Exception {
        Path a = JmhFixture.quickShape(1, 1.0).write(tmp.resolve("run-a"));
        JmhFixture fb = JmhFixture.quickShape(2, 1.3);
        fb.env(JmhFixture.defaultEnv("6.19.0-other", "25.0.1"));
        Path b = fb.write(tmp.resolve("run-b"));
        Path out = tmp.resolve("cmp");
        Reports.Run r = Reports.cli("compare", a.toString(), b.toString(), "-o", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("36 benchmarks compared, 36 with a real throughput change, 0 with a real Java ÷ native change, 2 environment fields differ"), r.out());
        String html = Files.readString(out.resolve("index.html"));
        assertTrue(html.contains("6.18.44-test") && html.contains("6.19.0-other"), "environment diff at the top");
        assertTrue(html.indexOf("What changed: <span class=\"letter\">B</span>") < html.indexOf("Throughput run by run")
                && html.indexOf("Throughput run by run") < html.indexOf("The environment"), "the answer first, then the groups");
        try (Reader rd = Files.newBufferedReader(out.resolve("comparison.csv"));
             CSVParser p = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build().parse(rd)) {
            List<CSVRecord> recs = p.getRecords();
            assertEquals(36, recs.size());
            assertTrue(p.getHeaderNames().contains("throughput [GB/s] ratio other/base"));
            assertEquals("true", recs.get(0).get("throughput [GB/s] changed"));
        }
        try (var s = Files.list(out.resolve("charts"))) {
            assertEquals(4 + 6, s.count(), "one ratio chart per destination and cache state, one runs chart per group");
        }
    }

    /**
     * Three real runs made on this machine kind with the quick preset (traditional, transfer-to and splice, paired twins,
     * both destinations): the default (JDK 17, cc cubic), -p cc=reno, and the default on Temurin 25. One page pairs every
     * benchmark across the three, names each run by what differs, marks the twins, prints no exponent, answers first.
     */
    @Test
    void threeRealRunsOnOnePageAnswerFirst() throws Exception {
        Path a = Reports.comparedRun("default", tmp.resolve("default"));
        Path b = Reports.comparedRun("cc-reno", tmp.resolve("cc-reno"));
        Path c = Reports.comparedRun("jdk25", tmp.resolve("jdk25"));
        Path out = tmp.resolve("three");
        Reports.Run r = Reports.cli("compare", a.toString(), b.toString(), c.toString(), "-o", out.toString());
        assertEquals(0, r.exit(), r.err());
        Comparison cmp = Comparison.of(List.of(RunData.load(a), RunData.load(b), RunData.load(c)));
        int benchmarks = RunData.load(a).rows().size();
        assertEquals(2 * benchmarks, cmp.lines().size(), "every benchmark paired in both other runs");
        assertEquals(List.of(), cmp.missing());
        assertEquals(Set.of("cc"), cmp.settings(), "cc differs as a setting; the JDK as the environment");
        String html = Files.readString(out.resolve("index.html"));
        List<String> labels = RunLabels.defaultLabels(List.of(RunData.load(a), RunData.load(b), RunData.load(c)));
        assertTrue(labels.get(1).contains("cc=reno") && labels.get(2).contains("JDK 25"), labels.toString());
        for (String label : labels) {
            assertTrue(html.contains("<b>" + label.replace("=", "&#x3D;") + "</b>"), "labelled by what differs: " + label);
        }
        assertTrue(html.contains("What changed: <span class=\"letter\">B</span>") && html.contains("What changed: <span class=\"letter\">C</span>"));
        assertTrue(html.contains("· native twin"), "the paired twins are rows of their own, marked");
        assertFalse(Pattern.compile("\\b\\d+(\\.\\d+)?[eE][+-]\\d+\\b").matcher(html).find(), "no exponent notation");
        try (Reader rd = Files.newBufferedReader(out.resolve("comparison-long.csv"));
             CSVParser p = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build().parse(rd)) {
            List<CSVRecord> recs = p.getRecords();
            assertEquals(List.of("run", "run label", "run id", "benchmark", "path", "impl", "destination", "size [B]", "cache", "figure",
                    "unit", "value", "low", "high", "ratio to base", "ratio low", "ratio high", "changed"), p.getHeaderNames());
            for (String run : List.of("A", "B", "C")) {
                assertEquals(benchmarks, recs.stream().filter(x -> x.get("run").equals(run) && x.get("figure").equals("throughput"))
                        .count(), "a throughput line per benchmark of run " + run);
            }
            assertTrue(recs.stream().anyMatch(x -> x.get("figure").equals("native twin's throughput") && x.get("run").equals("C")));
        }
    }

    /** A real pair: the default run against -p pin=0:0 (sender and sink on one CPU) calls the slowdown real, with its size. */
    @Test
    void sharingOneCpuIsCalledARealSlowdownWithItsSize() throws Exception {
        Path a = Reports.comparedRun("default", tmp.resolve("default"));
        Path b = Reports.comparedRun("pin-0-0", tmp.resolve("pin"));
        Comparison cmp = Comparison.of(List.of(RunData.load(a), RunData.load(b)));
        assertEquals(Set.of("pin"), cmp.settings());
        List<Comparison.Line> socket = cmp.lines().stream().filter(l -> l.destination().equals("socket")).toList();
        assertEquals(3, socket.size());
        PIN_SLOWDOWN.forEach((path, ratio) -> {
            Comparison.Ratio t = socket.stream().filter(l -> l.path().equals(path)).findFirst().orElseThrow().throughput();
            assertTrue(t.changed() && t.ratio() < 1, path + ": a real slowdown, " + t);
            assertEquals(ratio, t.ratio(), 0.01, path);
        });
        Path out = tmp.resolve("pin-cmp");
        assertEquals(0, Reports.cli("compare", a.toString(), b.toString(), "-o", out.toString()).exit());
        String html = Files.readString(out.resolve("index.html"));
        assertTrue(html.contains("pin auto → 0:0"), "the setting that differs is named");
        assertTrue(html.contains("−" + Math.round(100 * (1 - PIN_SLOWDOWN.get("splice")))), "its size on the first screen");
    }

    /** What the fixture runs measured (traditional, transfer-to, splice to a socket): pin=0:0 ÷ pin=auto. */
    static final Map<String, Double> PIN_SLOWDOWN = Map.of("traditional", 0.825, "splice", 0.689);

    @Test
    void singleFileComparisonAndReportCarryTheirCharts() throws Exception {
        Path a = JmhFixture.quickShape(1, 1.0).write(tmp.resolve("a"));
        Path b = JmhFixture.quickShape(2, 1.3).write(tmp.resolve("b"));
        Path out = tmp.resolve("single");
        assertEquals(0, Reports.cli("compare", a.toString(), b.toString(), "-o", out.toString(), "--single-file").exit());
        assertFalse(Files.exists(out.resolve("charts")), "no charts folder");
        String html = Files.readString(out.resolve("index.html"));
        assertFalse(html.contains("src=\"charts/"), "no reference to a chart file");
        assertEquals(10, html.split("src=\"data:image/svg\\+xml;base64,", -1).length - 1, "every chart inlined");
        Path report = tmp.resolve("single-report");
        assertEquals(0, Reports.cli("report", a.toString(), "-o", report.toString(), "--single-file").exit());
        assertFalse(Files.exists(report.resolve("charts")));
        String page = Files.readString(report.resolve("index.html"));
        assertFalse(page.contains("src=\"charts/"));
        assertTrue(page.contains("src=\"data:image/svg+xml;base64,"));
        // the marker lists what is there: a second run replaces it
        assertEquals(0, Reports.cli("report", a.toString(), "-o", report.toString(), "--single-file").exit());
    }

    @Test
    void aJdkUpgradeIsLabelledByJdkAndTransferTosExtraCallIsNamedWithItsCause() throws Exception {
        Path a = JmhFixture.quickShape(1, 1.0).write(tmp.resolve("jdk17"));
        JmhFixture fb = JmhFixture.quickShape(2, 1.0);
        fb.env(JmhFixture.defaultEnv("6.18.44-test", "25.0.1"));
        Path b = fb.write(tmp.resolve("jdk25"));
        ObjectMapper json = new ObjectMapper();
        ArrayNode rows = (ArrayNode) json.readTree(
                b.resolve("jmh.json").toFile());
        for (JsonNode r : rows) {
            if (r.get("benchmark").asText().contains("ToFile") && r.get("params").get("path").asText().equals("transfer-to")) {
                // JDK 25 tries copy_file_range before sendfile: one more call per operation.
                ((ObjectNode) r.get("secondaryMetrics")).set("zc.syscalls.copy_file_range",
                        json.readTree("{\"score\": 1.0, \"scoreError\": 0, \"scoreUnit\": \"#/op\", \"rawData\": [[1, 1, 1, 1, 1]]}"));
            }
        }
        Files.writeString(b.resolve("jmh.json"), rows.toString());
        Path out = tmp.resolve("jdk-cmp");
        Reports.Run r = Reports.cli("compare", a.toString(), b.toString(), "-o", out.toString());
        assertEquals(0, r.exit(), r.err());
        String html = Files.readString(out.resolve("index.html"));
        assertTrue(html.contains("JDK 17.0.15") && html.contains("JDK 25.0.1"), "runs labelled by what differs");
        assertTrue(html.contains("<b>JDK 25.0.1</b> <small>(jdk25"), "labelled by the JDK, the folder beside it");
        assertTrue(html.contains("copy_file_range 0 → 1 per operation: the JDK&#39;s route for transfer-to changed")
                || html.contains("copy_file_range 0 → 1 per operation: the JDK's route for transfer-to changed"), "the cause");
        String csv = Files.readString(out.resolve("comparison.csv"));
        assertTrue(csv.contains("copy_file_range 0 → 1 per operation"), "in the CSV too");

        Path labelled = tmp.resolve("labelled");
        Reports.Run l = Reports.cli("compare", a.toString(), b.toString(), "-o", labelled.toString(), "--label", "A=before",
                "--label", "B=after");
        assertEquals(0, l.exit(), l.err());
        String page = Files.readString(labelled.resolve("index.html"));
        assertTrue(page.contains("before") && page.contains("after") && !page.contains("JDK 25.0.1 ("), "the user's labels");
        Reports.Run bad = Reports.cli("compare", a.toString(), b.toString(), "-o", tmp.resolve("bad").toString(), "--label", "C=x");
        assertEquals(2, bad.exit());
        assertTrue(bad.errLine().contains("there is no run C"), bad.err());
        assertFalse(Files.exists(tmp.resolve("bad")), "nothing written");
    }

    /** A benchmark's counters are tested together: a p that passes alone does not pass as one of eleven. */
    @Test
    void countersAreTestedTogether() {
        double[] a = {10, 11, 9, 10.5, 9.5};
        double[] b = {11.9, 12.9, 10.9, 12.4, 11.4};
        Comparison.Ratio alone = Comparison.compare("m", a, b, 10, 11.9, 0.05, Comparison.ALPHA);
        Comparison.Ratio together = Comparison.compare("m", a, b, 10, 11.9, 0.05, Comparison.ALPHA / 11);
        assertTrue(alone.pValue() < Comparison.ALPHA && alone.pValue() > Comparison.ALPHA / 11, "p " + alone.pValue());
        assertTrue(alone.changed());
        assertFalse(together.changed());
        assertTrue(together.note().contains("counters tested at once"), together.note());
    }

    @Test
    void badInputIsOneLine() throws Exception {
        Path a = JmhFixture.quickShape(1, 1.0).write(tmp.resolve("a"));
        Reports.Run r = Reports.cli("compare", a.toString(), tmp.resolve("nope").toString(), "-o", tmp.resolve("o").toString());
        assertEquals(2, r.exit());
        assertTrue(r.errLine().startsWith("zcbench compare: ") && r.errLine().contains("does not exist"), r.err());
        Reports.Run one = Reports.cli("compare", a.toString(), "-o", tmp.resolve("o").toString());
        assertEquals(2, one.exit());
        assertEquals(1, one.err().strip().lines().count(), one.err());
        Reports.Run noOut = Reports.cli("compare", a.toString(), a.toString());
        assertEquals(2, noOut.exit());
        assertTrue(noOut.err().contains("-o"), noOut.err());
        assertFalse(Files.exists(tmp.resolve("o")));
    }
}
