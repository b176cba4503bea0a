package io.zcbench.reports.publish;

import io.zcbench.reports.testing.JmhFixture;
import io.zcbench.reports.testing.Reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * publish on eight real runs made here: four with the defaults (a1..a4) and four with -p pipeSize=4KiB (b1..b4), made
 * alternately (a, b, a, b, ...) with traditional, transfer-to and splice to a socket and to a file. A 4 KiB pipe only
 * touches splice: its two benchmarks step, nothing else does, and each series of one setting alone has no step.
 */
public class PublishTest {
    @TempDir
    Path tmp;

    /** The series' runs {@code names} (a1..a4, b1..b4) as run folders under {@code tmp}. */
    public static List<Path> series(Path tmp, String... names) throws IOException {
        List<Path> out = new ArrayList<>();
        for (String n : names) {
            out.add(Reports.resourceRun("series/" + n, tmp.resolve(n), "jmh.json.gz", "env.json", "paths.json", "metrics.json"));
        }
        return out;
    }

    static JsonNode index(Path site) throws IOException {
        return new ObjectMapper().readTree(site.resolve("index.json").toFile());
    }

    private static List<String> args(String order, Path out, List<Path> runs) {
        List<String> a = new ArrayList<>(List.of("publish", "--order", order, "-o", out.toString()));
        runs.forEach(r -> a.add(r.toString()));
        return a;
    }

    @Test
    void theCausedStepsAndOnlyThoseAreFoundEachWithItsComparePage() throws IOException {
        List<Path> runs = series(tmp, "a1", "b1", "a2", "b2", "a3", "b3", "a4", "b4");
        Path site = tmp.resolve("site");
        Reports.Run r = Reports.cli(args("param:pipeSize", site, runs).toArray(new String[0]));
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("8 runs in 2 points, 6 benchmarks, 2 steps found"), r.out());
        JsonNode idx = index(site);
        List<String> stepped = new ArrayList<>();
        for (JsonNode b : idx.path("benchmarks")) {
            for (JsonNode s : b.path("steps")) {
                stepped.add(b.path("title").asText().replaceFirst(",.*", ""));
                assertEquals("0", s.path("from").asText());
                assertEquals("4KiB", s.path("to").asText());
                assertTrue(s.path("high").asDouble() < 0.5, "a 4 KiB pipe costs splice more than half: " + s);
                assertTrue(Files.isRegularFile(site.resolve(s.path("compare").asText())), "its compare page: " + s);
            }
        }
        assertEquals(List.of("splice: → socket", "splice: → file"), stepped);
        assertEquals(8, idx.path("runs").size());
        for (JsonNode run : idx.path("runs")) {
            assertTrue(Files.isRegularFile(site.resolve(run.path("report").asText())), "every run's own report: " + run);
        }
        String csv = Files.readString(site.resolve("figures.csv"));
        assertTrue(csv.startsWith("order key,point,run,benchmark"), csv.substring(0, 80));
        assertEquals(8 * 6, csv.lines().filter(l -> l.contains(",throughput,\"throughput, median\",")).count(),
                "a throughput line per run and benchmark");
    }

    @Test
    void aSeriesOfOneSettingHasNoStep() throws IOException {
        for (List<String> names : List.of(List.of("a1", "a2", "a3", "a4"), List.of("b1", "b2", "b3", "b4"))) {
            List<Path> runs = series(tmp.resolve(names.get(0)), names.toArray(new String[0]));
            Path site = tmp.resolve("site-" + names.get(0));
            Reports.Run r = Reports.cli(args("date", site, runs).toArray(new String[0]));
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.out().contains("4 runs in 4 points, 6 benchmarks, 0 steps found"), r.out());
        }
    }

    @Test
    void republishingReusesTheRunsThatDidNotChange() throws IOException {
        List<Path> runs = series(tmp, "a1", "a2", "b1");
        Path site = tmp.resolve("site");
        SiteWriter.Summary first = SiteWriter.publish(runs.subList(0, 2), site, Order.parse("given"), 0.05);
        assertEquals(0, first.reused());
        assertEquals(0, first.cached());
        String csvBefore = Files.readString(site.resolve("figures.csv"));
        Path kept = site.resolve("runs").resolve("a1").resolve("index.html");
        SiteWriter.Summary second = SiteWriter.publish(runs, site, Order.parse("given"), 0.05);
        assertEquals(2, second.reused(), "the two runs already published are copied, not rendered again");
        assertEquals(2, second.cached(), "and read from the site's cache, not from their JMH JSON");
        assertTrue(Files.isRegularFile(kept) && Files.isRegularFile(site.resolve("runs/b1/index.html")));
        assertEquals(3, index(site).path("runs").size());
        assertTrue(Files.readString(site.resolve("figures.csv")).startsWith(csvBefore),
                "the cached runs' figures come back as they were written");
        // a run whose files changed is read again
        Files.setLastModifiedTime(runs.get(0).resolve("jmh.json"), java.nio.file.attribute.FileTime.fromMillis(0));
        SiteWriter.Summary third = SiteWriter.publish(runs, site, Order.parse("given"), 0.05);
        assertEquals(2, third.cached(), "b1 and a2 from the cache, a1 read again");
        assertEquals(2, third.reused());
    }

    @Test
    void kernelsSortNaturallyAndRunsOfOneKernelArePointRepeats() throws IOException {
        List<Path> runs = new ArrayList<>();
        String[] kernels = {"6.12.3", "6.6.1", "6.1.0", "6.6.1"};
        for (int i = 0; i < kernels.length; i++) {
            runs.add(JmhFixture.quickShape(i, 1.0).env(JmhFixture.defaultEnv(kernels[i], "17.0.15")).write(tmp.resolve("k" + i)));
        }
        Path site = tmp.resolve("site");
        Reports.Run r = Reports.cli(args("kernel", site, runs).toArray(new String[0]));
        assertEquals(0, r.exit(), r.err());
        List<String> order = new ArrayList<>();
        index(site).path("runs").forEach(n -> order.add(n.path("point").asText()));
        assertEquals(List.of("6.1.0", "6.6.1", "6.6.1", "6.12.3"), order);
        assertTrue(r.out().contains("4 runs in 3 points"), r.out());
    }

    @Test
    void stringsFromRunFilesAreEscaped() throws IOException {
        ObjectNode env = JmhFixture.defaultEnv("6.18.0", "17.0.15");
        env.put("host", "<script>alert(1)</script>");
        Path run = JmhFixture.quickShape(1, 1.0).env(env).write(tmp.resolve("x<y>"));
        Path site = tmp.resolve("site");
        assertEquals(0, Reports.cli("publish", run.toString(), "-o", site.toString()).exit());
        String html = Files.readString(site.resolve("index.html"));
        assertFalse(html.contains("<script>alert"), "no markup from a run file");
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertTrue(Files.isDirectory(site.resolve("runs/x_y_")), "the run's folder name made safe for a path");
    }

    @Test
    void badInputIsOneLineAndAForeignFolderIsLeftAlone() throws IOException {
        Path run = JmhFixture.quickShape(1, 1.0).write(tmp.resolve("r"));
        Path mine = Files.createDirectories(tmp.resolve("mine"));
        Files.writeString(mine.resolve("notes.txt"), "keep me");
        Reports.Run foreign = Reports.cli("publish", run.toString(), "-o", mine.toString());
        assertEquals(2, foreign.exit());
        assertEquals(1, foreign.err().strip().lines().count(), foreign.err());
        assertTrue(foreign.err().contains("zcbench did not write it"), foreign.err());
        assertEquals("keep me", Files.readString(mine.resolve("notes.txt")));
        Reports.Run order = Reports.cli("publish", run.toString(), "--order", "colour", "-o", tmp.resolve("s").toString());
        assertEquals(2, order.exit());
        assertTrue(order.err().contains("--order colour: choose kernel, jdk, date, param:NAME"), order.err());
        Reports.Run param = Reports.cli("publish", run.toString(), "--order", "param:nope", "-o", tmp.resolve("s").toString());
        assertEquals(2, param.exit());
        assertTrue(param.err().contains("has no parameter nope"), param.err());
        assertFalse(Files.exists(tmp.resolve("s")), "nothing half-written");
        Reports.Run missing = Reports.cli("publish", tmp.resolve("nope").toString(), "-o", tmp.resolve("s").toString());
        assertEquals(2, missing.exit());
        assertEquals(1, missing.err().strip().lines().count(), missing.err());
    }
}
