package io.zcbench.reports;

import io.zcbench.reports.testing.JmhFixture;
import io.zcbench.reports.testing.Reports;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input: one clear line, exit 2, and never a half-written report left looking complete. */
class ReportRobustnessTest {
    @TempDir
    Path tmp;

    private Path run(String jmhJson) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(dir.resolve("jmh.json"), jmhJson);
        return dir;
    }

    private static void assertFails(Reports.Run r, String... fragments) {
        assertEquals(2, r.exit(), r.out() + r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), "no stack trace: " + r.err());
        for (String f : fragments) {
            assertTrue(r.errLine().contains(f), "'" + f + "' in: " + r.errLine());
        }
    }

    private static void assertNoReport(Path runDir) throws IOException {
        assertFalse(Files.exists(runDir.resolve("report")), "no report folder");
        try (Stream<Path> s = Files.list(runDir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().contains(".tmp-")), "no temporary folder left");
        }
    }

    @Test
    void malformedJson() throws IOException {
        Path dir = run("[{\"benchmark\": \"x\", ");
        assertFails(Reports.cli("report", dir.toString()), "jmh.json", "is not valid JSON", "line 1", "truncated or corrupt");
        assertNoReport(dir);
    }

    @Test
    void truncatedRealOutput() throws IOException {
        Path full = new JmhFixture(1).add("ToSocket", "traditional", "1MiB", "warm", 300, 32).write(tmp.resolve("full"));
        String text = Files.readString(full.resolve("jmh.json"));
        Path dir = run(text.substring(0, text.length() / 2));
        assertFails(Reports.cli("report", dir.toString()), "is not valid JSON");
        assertNoReport(dir);
    }

    @Test
    void jsonThatIsNotJmhOutput() throws IOException {
        assertFails(Reports.cli("report", run("{\"hello\": 1}").toString()), "is not JMH output", "expected a JSON array");
        Files.writeString(tmp.resolve("run/jmh.json"), "[{\"name\": \"not a benchmark\"}]");
        assertFails(Reports.cli("report", tmp.resolve("run").toString()), "is not JMH output", "result 1");
    }

    @Test
    void emptyResultList() throws IOException {
        Path dir = run("[]");
        assertFails(Reports.cli("report", dir.toString()), "holds no results");
        assertNoReport(dir);
    }

    /** A metrics.json that is not a declaration is named; it was reported as "jmh.json holds no usable result". */
    @Test
    void aBrokenMetricsJsonIsBlamedNotJmhJson() throws IOException {
        Path dir = new JmhFixture(1).add("ToSocket", "traditional", "1MiB", "warm", 300, 32).write(tmp.resolve("run"));
        Files.writeString(dir.resolve("metrics.json"), "{\"format\": 1, \"prefix\": \"zc.\", \"metrics\": \"nope\"}");
        assertFails(Reports.cli("report", dir.toString()), "metrics.json in " + dir, "not zcbench's declaration of the metrics");
        assertNoReport(dir);
    }

    /** compare's refusal of an empty run names its folder. */
    @Test
    void anEmptyRunInACompareIsNamedByItsFolder() throws IOException {
        Path good = new JmhFixture(1).add("ToSocket", "traditional", "1MiB", "warm", 300, 32).write(tmp.resolve("good"));
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Files.writeString(empty.resolve("jmh.json"), "[]");
        assertFails(Reports.cli("compare", good.toString(), empty.toString(), "-o", tmp.resolve("out").toString()),
                "jmh.json in " + empty + " holds no results");
        assertFalse(Files.exists(tmp.resolve("out")));
    }

    /** The same result pasted many times (a 200 MB jmh.json was "4550 results") is refused, named, not reported. */
    @Test
    void duplicatedResultsAreRefused() throws IOException {
        Path one = new JmhFixture(1).add("ToSocket", "traditional", "1MiB", "warm", 300, 32)
                .add("ToSocket", "splice", "1MiB", "warm", 300, 32).write(tmp.resolve("one"));
        String text = Files.readString(one.resolve("jmh.json")).strip();
        String body = text.substring(1, text.length() - 1);
        Path dir = run("[" + body + "," + body + "," + body + "]");
        assertFails(Reports.cli("report", dir.toString()), "holds 2 benchmarks more than once", "(3 times)");
        assertNoReport(dir);
    }

    /** Iterations that are strings are not "no figure" in silence: the result is left out with the reason. */
    @Test
    void rawDataOfStringsIsSaid() throws IOException {
        Path dir = new JmhFixture(1).add("ToSocket", "traditional", "1MiB", "warm", 300, 32)
                .add("ToSocket", "splice", "1MiB", "warm", 300, 32).write(tmp.resolve("run"));
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ArrayNode results = (com.fasterxml.jackson.databind.node.ArrayNode) json.readTree(
                dir.resolve("jmh.json").toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) results.get(0).get("primaryMetric")).set("rawData",
                json.readTree("[[\"fast\", \"faster\"]]"));
        Files.writeString(dir.resolve("jmh.json"), results.toString());
        Reports.Run r = Reports.cli("report", dir.toString());
        assertEquals(0, r.exit(), r.err());
        String html = Files.readString(dir.resolve("report/index.html"));
        assertTrue(html.contains("rawData holds &quot;fast&quot;") || html.contains("rawData holds &#34;fast&#34;")
                || html.contains("rawData holds \"fast\""), "the left-out result says why");
    }

    /** An env.json field of the wrong type is said, not shown as "unknown (not recorded)" in silence. */
    @Test
    void anEnvFieldOfTheWrongTypeIsSaid() throws IOException {
        Path dir = new JmhFixture(1).add("ToSocket", "traditional", "1MiB", "warm", 300, 32).write(tmp.resolve("run"));
        Files.writeString(dir.resolve("env.json"), "{\"kernel\": 42}");
        Reports.Run r = Reports.cli("report", dir.toString());
        assertEquals(0, r.exit(), r.err());
        String html = Files.readString(dir.resolve("report/index.html"));
        assertTrue(html.contains("env.json: &quot;kernel&quot; is 42, not an object") || html.contains("env.json: &#34;kernel&#34; is 42")
                || html.contains("env.json: \"kernel\" is 42"), "warned");
    }

    @Test
    void aPathThisVersionDoesNotKnowGetsItsRowNotARefusal() throws IOException {
        Path dir = new JmhFixture(1).add("ToSocket", "carrier-pigeon", "1MiB", "warm", 300, 32)
                .add("ToSocket", "traditional", "1MiB", "warm", 300, 32).write(tmp.resolve("run"));
        Reports.Run r = Reports.cli("report", dir.toString());
        assertEquals(0, r.exit(), r.err());
        String html = Files.readString(dir.resolve("report/index.html"));
        assertTrue(html.contains("data-path=\"carrier-pigeon\""), "its row");
        assertTrue(html.contains("not described by this run"), "its model says it is unknown");
    }

    @Test
    void aPathTheRunDescribesIsRenderedFromItsPathsJsonWithItsModel() throws IOException {
        Path dir = new JmhFixture(1).add("ToSocket", "carrier-pigeon", "1MiB", "warm", 300, 32)
                .add("ToSocket", "traditional", "1MiB", "warm", 300, 32).write(tmp.resolve("run"));
        Files.writeString(dir.resolve("paths.json"), """
                {"format": "zcbench-paths/1", "paths": [
                 {"id": "carrier-pigeon", "order": 0, "mechanism": "a bird per chunk", "twin": "a C bird",
                  "destinations": ["socket"], "model": {"cpuCopies": {"socket": "7 feathers"}, "dmaCopies": "0",
                   "syscalls": "3 per chunk", "modeSwitches": "6 per chunk", "calls": {"socket": ["coo"]},
                   "perChunkCalls": ["coo"], "count": {"perOp": 1, "perChunk": 3, "bytesPerCall": 0}, "routeCalls": [],
                   "usesChunk": true, "bypassesPageCache": true, "offThread": "the flock carries half", "note": "by air"}},
                 {"id": "traditional", "order": 1, "mechanism": "read + write", "twin": "read + write in C",
                  "destinations": ["socket"], "model": {"cpuCopies": {"socket": "2"}, "dmaCopies": "2",
                   "syscalls": "2 per chunk", "modeSwitches": "4 per chunk", "calls": {"socket": ["read", "write"]},
                   "perChunkCalls": ["read", "write"], "count": {"perOp": 0, "perChunk": 2, "bytesPerCall": 0},
                   "routeCalls": [], "usesChunk": true, "bypassesPageCache": false, "offThread": null, "note": "n"}}]}
                """);
        Reports.Run r = Reports.cli("report", dir.toString());
        assertEquals(0, r.exit(), r.err());
        String html = Files.readString(dir.resolve("report/index.html"));
        assertTrue(html.contains("7 feathers"), "its CPU copies from paths.json");
        assertTrue(html.contains("a C bird"), "its twin");
        assertTrue(html.contains("the flock carries half"), "who else works for it");
        assertTrue(html.contains("carrier-pigeon bypasses the page cache"), "its page-cache flag");
        assertTrue(html.contains("vs carrier-pigeon"), "the catalogue's first path is the baseline");
        assertFalse(html.contains("not described by this run"), "nothing unknown");
        // 1 + 3 × 16 chunks of 64 KiB for 1 MiB: the model's count comes from paths.json as well.
        assertTrue(html.contains(">49 (3 per chunk)<") || html.contains("49 (3 per chunk)"), "predicted calls");
    }

    @Test
    void theCopyLedgerStandsBesideTheModelAndADisagreementIsMarkedAndExplained() throws IOException {
        Path dir = new JmhFixture(1).add("ToSocket", "traditional", "64MiB", "warm", 20000, 2048)
                .add("ToSocket", "transfer-to", "64MiB", "warm", 9000, 2).write(tmp.resolve("run"));
        ObjectMapper json = new ObjectMapper();
        ArrayNode a = (ArrayNode) json.readTree(
                dir.resolve("jmh.json").toFile());
        double[][] copies = {{2, 2}, {0, 0}};
        for (int i = 0; i < 2; i++) {
            ObjectNode sec = (ObjectNode) a.get(i).get("secondaryMetrics");
            // JMH divides by every iteration (here 5) though only 2 sampled: the report takes the sampled ones' mean.
            sec.set("zc.copies.sender", json.readTree("{\"score\": " + copies[i][0] * 2 / 5 + ", \"scoreError\": \"NaN\", "
                    + "\"scoreUnit\": \"CPU copies/B (sampled)\", \"rawData\": [[" + copies[i][0] + ", " + copies[i][1] + "]]}"));
            if (i == 0) {
                sec.set("zc.copies.site.filemap_read", json.readTree("{\"score\": 40, \"scoreError\": \"NaN\", "
                        + "\"scoreUnit\": \"ns/KiB (sampled): page cache → user (filemap_read)\", \"rawData\": [[100, 100]]}"));
            }
        }
        Files.writeString(dir.resolve("jmh.json"), a.toString());
        Reports.Run r = Reports.cli("report", dir.toString());
        assertEquals(0, r.exit(), r.err());
        String md = Files.readString(dir.resolve("report/table.md"));
        assertTrue(md.contains("2 (measured 2 (sampled))"), "traditional: model 2, measured 2:\n" + md);
        assertTrue(md.contains("(measured 0 (sampled) ⚠)"), "transfer-to: model 1, measured 0, marked:\n" + md);
        assertTrue(md.contains("CPU copies: the model says 1 (0 with SG-DMA), the sending thread's kernel made 0"), md);
        String html = Files.readString(dir.resolve("report/index.html"));
        assertTrue(html.contains("page cache → user (filemap_read): 100 ns/KiB"), "the site in the copy ledger section");
    }

    @Test
    void aBrokenPathsJsonIsAWarningAndTheOldModelsStand() throws IOException {
        Path dir = new JmhFixture(1).add("ToSocket", "traditional", "1MiB", "warm", 300, 32).write(tmp.resolve("run"));
        Files.writeString(dir.resolve("paths.json"), "{\"paths\": [{\"order\": 1}]}");
        Reports.Run r = Reports.cli("report", dir.toString());
        assertEquals(0, r.exit(), r.err());
        String html = Files.readString(dir.resolve("report/index.html"));
        assertTrue(html.contains("paths.json unusable"), "says why");
        assertTrue(html.contains("32 (2 per chunk)"), "the model of results written before paths.json");
    }

    @Test
    void oneBadEntryIsShownAsInvalidAndTheRestOfTheReportStands() throws IOException {
        Path dir = new JmhFixture(1).add("ToSocket", "traditional", "1MiB", "warm", 300, 32)
                .add("ToSocket", "splice", "1MiB", "warm", 200, 32).add("ToSocket", "transfer-to", "1MiB", "warm", 100, 2)
                .write(tmp.resolve("run"));
        ArrayNode a = (ArrayNode)
                new ObjectMapper().readTree(dir.resolve("jmh.json").toFile());
        ((ObjectNode) a.get(1).get("primaryMetric")).put("score", "NaN");
        ((ObjectNode) a.get(2).get("secondaryMetrics").get("zc.syscalls")).put("score", 1e308);
        Files.writeString(dir.resolve("jmh.json"), a.toString());
        Reports.Run r = Reports.cli("report", dir.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("left out, invalid: jmh.json result 2 has no usable score"), r.out());
        String md = Files.readString(dir.resolve("report/table.md"));
        assertTrue(md.contains("| traditional |") && md.contains("| transfer-to |") && !md.contains("| splice |"), md);
        assertTrue(md.contains("1.00×10^308"), "absurd values in a sane format: " + md);
        assertFalse(md.matches("(?s).*\\d{40,}.*"), "no 300-digit number");
        assertTrue(Files.readString(dir.resolve("report/index.html")).contains("left out, invalid"), "the page says so");
    }

    @Test
    void outputPathsThatHoldSomethingElseAreRefusedAndKept() throws IOException {
        Path results = tmp.resolve("results");
        Path a = new JmhFixture(1).add("ToSocket", "traditional", "1MiB", "warm", 300, 32).write(results.resolve("A"));
        Path b = new JmhFixture(2).add("ToSocket", "traditional", "1MiB", "warm", 310, 32).write(results.resolve("B"));
        for (Reports.Run r : List.of(Reports.cli("report", a.toString(), "-o", a.toString()),
                Reports.cli("report", a.toString(), "-o", a.resolve("jmh.json").toString()),
                Reports.cli("compare", a.toString(), b.toString(), "-o", results.toString()),
                Reports.cli("compare", a.toString(), b.toString(), "-o", b.toString()))) {
            assertFails(r, "refusing to write to", "give -o a new folder");
        }
        assertFails(Reports.cli("report", a.toString(), "-o", "/"), "refusing to write to /", "root of the file system");
        for (Path run : List.of(a, b)) {
            assertTrue(Files.exists(run.resolve("jmh.json")) && Files.exists(run.resolve("env.json")), "kept: " + run);
        }
        // Folders zcbench wrote are its own to replace, and readable by others (published as they are).
        Path out = tmp.resolve("cmp");
        assertEquals(0, Reports.cli("compare", a.toString(), b.toString(), "-o", out.toString()).exit());
        assertEquals(0, Reports.cli("compare", a.toString(), b.toString(), "-o", out.toString()).exit(), "rewritten");
        assertEquals(0, Reports.cli("report", a.toString()).exit());
        assertEquals(0, Reports.cli("report", a.toString()).exit(), "its own report folder is replaced");
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(a.resolve("report"))));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(out)));
    }

    @Test
    void aFileAUserAddedToAReportFolderIsNeverLost() throws IOException {
        Path a = new JmhFixture(1).add("ToSocket", "traditional", "1MiB", "warm", 300, 32).write(tmp.resolve("A"));
        Path out = tmp.resolve("published");
        assertEquals(0, Reports.cli("report", a.toString(), "-o", out.toString()).exit());
        Files.writeString(out.resolve("notes.txt"), "my notes");
        Files.writeString(out.resolve("charts/annotated.svg"), "<svg/>");
        assertFails(Reports.cli("report", a.toString(), "-o", out.toString()), "refusing to write to",
                "holds files zcbench did not write there (charts/annotated.svg, notes.txt): move them first");
        assertEquals("my notes", Files.readString(out.resolve("notes.txt")), "the user's file survives");
        assertTrue(Files.exists(out.resolve("charts/annotated.svg")));
        Files.delete(out.resolve("notes.txt"));
        Files.delete(out.resolve("charts/annotated.svg"));
        assertEquals(0, Reports.cli("report", a.toString(), "-o", out.toString()).exit(), "without them, it is zcbench's again");

        Path users = Files.createDirectories(tmp.resolve("users/charts"));
        Files.writeString(users.resolveSibling("index.html"), "<p>my page</p>");
        assertFails(Reports.cli("report", a.toString(), "-o", users.getParent().toString()), "refusing to write to",
                "zcbench did not write it (it holds index.html)");
        assertEquals("<p>my page</p>", Files.readString(users.resolveSibling("index.html")),
                "a folder of the user's that happens to hold an index.html is not taken for a report");
    }

    @Test
    void compareHelpPrintsNoPicocliWarnings() {
        // picocli's warnings go to System.err itself, not to the command's error stream.
        ByteArrayOutputStream sysErr = new ByteArrayOutputStream();
        PrintStream old = System.err;
        Reports.Run r;
        try {
            System.setErr(new PrintStream(sysErr, true, StandardCharsets.UTF_8));
            r = Reports.cli("compare", "--help");
        } finally {
            System.setErr(old);
        }
        assertEquals(0, r.exit());
        assertFalse(r.out().contains("WARN") || r.err().contains("WARN") || sysErr.toString().contains("WARN"),
                r.out() + r.err() + sysErr);
        assertTrue(r.out().contains("e.g. 0.05 = 5%"), r.out());
    }

    @Test
    void aRunThatWasKilledSaysHowFarItGot() throws IOException {
        JmhFixture f = new JmhFixture(1).add("ToSocket", "traditional", "1MiB", "warm", 300, 32)
                .add("ToSocket", "splice", "1MiB", "warm", 200, 32);
        ObjectNode env = JmhFixture.defaultEnv("6.1", "17");
        ObjectNode run = (ObjectNode) env.get("run");
        run.remove("status");
        run.put("benchmarks", 6);
        Path dir = f.env(env).write(tmp.resolve("run"));
        assertEquals(0, Reports.cli("report", dir.toString()).exit());
        String html = Files.readString(dir.resolve("report/index.html"));
        assertTrue(html.contains("did not finish: 2 of 6 benchmarks"), "status line");
    }

    @Test
    void mixedUnits() throws IOException {
        Path dir = new JmhFixture(1).add("ToSocket", "traditional", "1MiB", "warm", 300, 32).write(tmp.resolve("run"));
        String text = Files.readString(dir.resolve("jmh.json")).replaceFirst("\"us/op\"", "\"B/op\"");
        Files.writeString(dir.resolve("jmh.json"), text);
        assertFails(Reports.cli("report", dir.toString()), "score unit 'B/op'", "mixed or unknown units");
        Path dir2 = new JmhFixture(1).add("ToSocket", "traditional", "1MiB", "warm", 300, 32).write(tmp.resolve("run2"));
        String t2 = Files.readString(dir2.resolve("jmh.json"));
        int i = t2.indexOf("\"zc.cpu.sys\"");
        t2 = t2.substring(0, i) + t2.substring(i).replaceFirst("\"ns/op\"", "\"us/op\"");
        Files.writeString(dir2.resolve("jmh.json"), t2);
        assertFails(Reports.cli("report", dir2.toString()), "zc.cpu.sys is in 'us/op', expected 'ns/op'", "mixed units");
    }

    @Test
    void missingRunFolderAndMissingJmhJson() throws IOException {
        assertFails(Reports.cli("report", tmp.resolve("nope").toString()), "does not exist");
        Files.createDirectories(tmp.resolve("empty"));
        assertFails(Reports.cli("report", tmp.resolve("empty").toString()), "no jmh.json in", "results folder");
    }

    @Test
    void withoutEnvJsonTheReportIsWrittenAndSaysTheEnvironmentIsUnknown() throws IOException {
        Path dir = new JmhFixture(1).add("ToSocket", "traditional", "1MiB", "warm", 300, 32).env(null).write(tmp.resolve("run"));
        Reports.Run r = Reports.cli("report", dir.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("warning: environment unknown: no env.json in"), r.out());
        String html = Files.readString(dir.resolve("report/index.html"), StandardCharsets.UTF_8);
        assertTrue(html.contains("environment unknown: no env.json in"), "said on the page");
        assertTrue(html.contains("unknown: no env.json in"), "environment section marked unknown");
    }

    @Test
    void malformedEnvJsonStillGivesAReport() throws IOException {
        Path dir = new JmhFixture(1).add("ToSocket", "traditional", "1MiB", "warm", 300, 32).write(tmp.resolve("run"));
        Files.writeString(dir.resolve("env.json"), "{\"kernel\": ");
        Reports.Run r = Reports.cli("report", dir.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("env.json in") && r.out().contains("is not valid JSON"), r.out());
    }

    @Test
    void unwritableOutputFolderIsOneLineAndLeavesNothing() throws Exception {
        Path dir = new JmhFixture(1).add("ToSocket", "traditional", "1MiB", "warm", 300, 32).write(tmp.resolve("run"));
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "a read-only mount needs root");
        Path ro = Files.createDirectories(tmp.resolve("ro"));
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", ro.toString()).inheritIO().start();
        Assumptions.assumeTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "mount tmpfs read-only");
        try {
            Reports.Run r = Reports.cli("report", dir.toString(), "-o", ro.resolve("report").toString());
            assertFails(r, "cannot write the report in " + ro, "choose a writable output folder");
        } finally {
            new ProcessBuilder("umount", ro.toString()).inheritIO().start().waitFor();
        }
    }

    @Test
    void aFailedRewriteKeepsThePreviousReport() throws IOException {
        Path dir = new JmhFixture(1).add("ToSocket", "traditional", "1MiB", "warm", 300, 32).write(tmp.resolve("run"));
        assertEquals(0, Reports.cli("report", dir.toString()).exit());
        String before = Files.readString(dir.resolve("report/index.html"));
        Files.writeString(dir.resolve("jmh.json"), "[");
        assertEquals(2, Reports.cli("report", dir.toString()).exit());
        assertEquals(before, Files.readString(dir.resolve("report/index.html")), "the complete old report is untouched");
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of("env.json", "jmh.json", "report"), s.map(x -> x.getFileName().toString()).sorted().toList());
        }
    }
}
