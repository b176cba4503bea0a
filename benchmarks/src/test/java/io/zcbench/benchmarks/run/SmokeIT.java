package io.zcbench.benchmarks.run;

import io.zcbench.harness.path.CopyPaths;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JMH suite from the shaded jar, as the runner runs it: every benchmark once, very short. */
class SmokeIT {
    static final Path JAR = Path.of(System.getProperty("zcbench.benchmarksJar", "target/benchmarks.jar"));
    final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path results;

    @TempDir
    Path data;

    record Run(int exit, String out, String err) {
    }

    static Process start(List<String> args) throws IOException {
        return start(List.of(), args);
    }

    static Process start(List<String> jvmFlags, List<String> args) throws IOException {
        // SIGINT and SIGTERM at their defaults whatever this test inherited: a test run from a background job starts with
        // SIGINT ignored, which the run's JVM would inherit and keep (the JVM leaves an ignored SIGINT ignored)
        List<String> cmd = new ArrayList<>(List.of("env", "--default-signal=INT,TERM",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1"));
        cmd.addAll(jvmFlags);
        cmd.addAll(List.of("-cp", JAR.toString(), "io.zcbench.benchmarks.run.RunMain", "--report-jar",
                PowerIT.REPORTS.toString()));
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectErrorStream(false).start();
    }

    /** The process's standard output, read to its end on a thread of its own (so stderr can be read meanwhile). */
    static CompletableFuture<String> stdout(Process p) {
        var out = new CompletableFuture<String>();
        new Thread(() -> {
            try {
                out.complete(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                out.complete("");
            }
        }).start();
        return out;
    }

    static Run run(List<String> args) throws Exception {
        return run(List.of(), args);
    }

    static Run run(List<String> jvmFlags, List<String> args) throws Exception {
        Process p = start(jvmFlags, args);
        p.getOutputStream().close();
        var out = stdout(p);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.MINUTES));
        return new Run(p.exitValue(), out.get(), err);
    }

    static Path runDir(Path results) throws IOException {
        try (Stream<Path> s = Files.list(results)) {
            List<Path> dirs = s.toList();
            assertEquals(1, dirs.size(), dirs.toString());
            return dirs.get(0);
        }
    }

    @Test
    void everyPathToEveryDestinationHasAResultWithItsCounters() throws Exception {
        Run r = run(List.of("--preset", "smoke", "--results", results.toString(), "-p", "dir=" + data));
        assertEquals(0, r.exit(), r.out() + r.err());
        Path dir = runDir(results);
        assertTrue(dir.getFileName().toString().matches(".+_.+_\\d{8}-\\d{6}"), "run id names host, kernel and time: " + dir);
        JsonNode jmh = json.readTree(dir.resolve("jmh.json").toFile());
        Set<String> pairs = new HashSet<>();
        Set<String> drains = new HashSet<>();
        for (JsonNode b : jmh) {
            String dest = b.get("benchmark").asText().contains("ToSocket") ? "socket" : "file";
            if (!b.get("params").path("receive").asText("splice").equals("splice")) {
                drains.add(b.get("params").get("receive").asText());
                receiverCounted(b);
                continue;
            }
            pairs.add(b.get("params").get("path").asText() + "/" + dest + "/" + b.get("params").get("impl").asText());
            if (dest.equals("socket")) {
                receiverCounted(b);
            }
            JsonNode sec = b.get("secondaryMetrics");
            for (String metric : List.of("zc.syscalls", "zc.modeSwitches", "zc.ctxsw.voluntary", "zc.ctxsw.involuntary",
                    "zc.cpu.user", "zc.cpu.sys", "zc.cpu.sys.perKiB", "zc.faults.minor", "zc.cycles.user.perByte",
                    "zc.syscalls.read", "zc.syscalls.sendfile", "zc.syscalls.splice", "zc.syscalls.other",
                    "zc.cpu.runtime", "zc.cpu.runtime.perKiB", "zc.cpu.split.syscall.perKiB", "zc.cpu.split.softirq.perKiB",
                    "zc.cpu.split.user.perKiB", "zc.softirq.netRx.perKiB", "zc.cpu.split.softirq.share")) {
                JsonNode m = sec.get(metric);
                assertTrue(m != null, metric + " in " + b.get("params"));
                if (m.get("score").isTextual()) { // "NaN": then the unit must say why
                    assertTrue(m.get("scoreUnit").asText().contains("n/a: "), metric + ": " + m);
                }
            }
            assertTrue(b.get("primaryMetric").get("score").asDouble() > 0);
        }
        long declared = CopyPaths.all().stream().mapToLong(p -> p.destinations().size()).sum();
        assertEquals(declared, pairs.size(), "every declared path x destination pair, its twin paired in its forks: " + pairs);
        assertEquals(Set.of("copy", "trunc", "zerocopy-receive", "io-uring-recv"), drains, "transfer-to with every other receive method");
        for (JsonNode b : jmh) {
            if (!b.get("params").path("receive").asText("splice").equals("splice")) {
                continue; // impl=java: no twin
            }
            // a framework path's partner is its raw baseline, published as such; every other path's is its native twin
            boolean framework = CopyPaths.byId(b.get("params").get("path").asText()).framework() != null;
            JsonNode twin = b.get("secondaryMetrics").get(framework ? "zc.baseline.time" : "zc.twin.time");
            assertTrue(twin != null && twin.get("score").asDouble() > 0, (framework ? "the raw baseline" : "the native twin")
                    + " ran beside the path: " + b.get("params"));
            assertTrue(b.get("secondaryMetrics").get(framework ? "zc.twin.time" : "zc.baseline.time") == null,
                    "a partner is published under its own name only: " + b.get("params"));
            JsonNode cpu = b.get("secondaryMetrics").get("zc.timed.cpu.perKiB");
            JsonNode wall = b.get("secondaryMetrics").get("zc.timed.wall.perKiB");
            assertTrue(cpu != null && wall != null && cpu.get("score").asDouble() > 0
                    && cpu.get("score").asDouble() <= wall.get("score").asDouble() * 1.01,
                    "on-CPU from the timed operations, within their duration: " + b.get("params"));
        }
        assertFalse(Files.exists(dir.resolve("outcomes.jsonl")), "nothing skipped or failed");
        try (Stream<Path> s = Files.list(data)) {
            assertEquals(0, s.count(), "fixture files deleted");
        }
        JsonNode env = json.readTree(dir.resolve("env.json").toFile());
        assertEquals("completed", env.at("/run/status").asText());
        // The forks after the first start from its class archive (removed with the fixtures: the data folder is empty above)
        assertTrue(env.at("/run/classArchive/made").asBoolean(), env.at("/run/classArchive").toString());
        assertEquals(declared + drains.size() - 1, env.at("/run/classArchive/forksMappingIt").asInt(), env.at("/run/classArchive").toString());
        // Each shared sink was fed before its first fork, so no fork measures its one-time start
        assertEquals(1 + drains.size(), env.at("/run/sharedSinks").size(), env.at("/run/sharedSinks").toString());
        env.at("/run/sharedSinks").forEach(sink -> assertTrue(sink.path("warmed").asText().matches("\\d+ transfers of 64 MiB .*"),
                sink.toString()));
        // Every metric the forks published is declared in the run's own metrics.json (name, unit, label).
        JsonNode catalogue = json.readTree(dir.resolve("metrics.json").toFile());
        Set<String> names = new HashSet<>();
        catalogue.get("metrics").forEach(m -> names.add(catalogue.get("prefix").asText() + m.get("id").asText()));
        for (JsonNode b : jmh) {
            b.get("secondaryMetrics").fieldNames().forEachRemaining(n -> assertTrue(names.contains(n)
                    || names.stream().anyMatch(f -> f.endsWith(".") && n.startsWith(f)), n + " is declared in metrics.json"));
        }
        assertTrue(r.out().contains("results in " + dir), r.out());
        // The console: one line per finished fork with its figure and the time left; JMH's own output in the log.
        long forkLines = r.out().lines().filter(l -> l.matches("\\[ *\\d+/\\d+] .* GB/s .*; .* left")).count();
        assertEquals(declared + drains.size(), forkLines, "one line per fork (smoke: one fork per benchmark):\n" + r.out());
        assertFalse(r.out().contains("# JMH version"), "JMH's own output stays out of the console");
        assertTrue(r.out().lines().count() < declared * 2 + 60, "a short console: " + r.out().lines().count() + " lines");
        assertTrue(r.out().contains("Java/native (interval)"), "the summary is the report's: " + r.out());
        String log = Files.readString(dir.resolve("jmh-output.log"));
        assertTrue(log.contains("# JMH version") && log.contains("[zcbench] benchmark JVM"), "JMH's and the forks' output in the log");
    }

    /** The sink counted its receiving thread in the counted operations: its CPU, calls and copies, with units. */
    private static void receiverCounted(JsonNode b) {
        JsonNode sec = b.get("secondaryMetrics");
        String drain = b.get("params").path("receive").asText("splice");
        for (String metric : List.of("zc.receiver.cpu.perKiB", "zc.receiver.syscalls", "zc.receiver.ctxsw.voluntary",
                "zc.receiver.copies.perByte", "zc.receiver.read.perByte")) {
            JsonNode m = sec.get(metric);
            assertTrue(m != null && m.get("score").isNumber(), metric + " measured for drain " + drain + ": " + m);
        }
        assertTrue(sec.get("zc.receiver.cpu.perKiB").get("score").asDouble() > 0);
        // the receiver's CPU from the timed transfers themselves: on-CPU, never more than the receiving took, nor than the
        // sender's whole operation took, per KiB
        double rcvCpu = sec.get("zc.receiver.timed.cpu.perKiB").get("score").asDouble();
        double rcvWall = sec.get("zc.receiver.timed.wall.perKiB").get("score").asDouble();
        double opWall = sec.get("zc.timed.wall.perKiB").get("score").asDouble();
        assertTrue(rcvCpu > 0 && rcvCpu <= rcvWall * 1.01 && rcvWall <= opWall * 1.01, "receiver " + rcvCpu + " ns/KiB on-CPU in "
                + rcvWall + " ns/KiB of receiving, within the operation's " + opWall + " ns/KiB (drain " + drain + ")");
        double copies = sec.get("zc.receiver.copies.perByte").get("score").asDouble();
        assertEquals(drain.equals("splice") || drain.equals("trunc") ? 0.0 : sec.get("zc.receiver.read.perByte").get("score").asDouble(),
                copies, 1e-3, "exact copies per byte with drain " + drain);
        if (drain.equals("zerocopy-receive")) {
            assertTrue(sec.get("zc.receiver.mapped.share").get("score").isNumber(), "the mapped share is measured");
        }
    }

    @Test
    void envJsonRecordsEverythingNeededToCompareRuns() throws Exception {
        Run r = run(List.of("--preset", "smoke", "--results", results.toString(), "-p", "path=transfer-to", "ToSocket"));
        assertEquals(0, r.exit(), r.err());
        JsonNode env = json.readTree(runDir(results).resolve("env.json").toFile());
        for (String pointer : List.of("/kernel/release", "/kernel/version", "/distribution", "/cpu/model",
                "/cpu/availableProcessors", "/memory/totalBytes", "/jdk/vendor", "/jdk/version", "/jdk/runnerJvmFlags",
                "/run/forkJvmFlags", "/run/jmhVersion", "/dataDirectory/fileSystem", "/dataDirectory/mountOptions",
                "/dataDirectory/blockDevice", "/network/interface/name", "/network/interface/driver",
                "/network/interface/speedMbps", "/network/interface/mtu", "/network/interface/offloads/scatterGather",
                "/network/interface/offloads/tso", "/network/interface/offloads/gso", "/network/interface/offloads/gro",
                "/network/interface/offloads/txChecksum", "/network/interface/offloads/source",
                "/network/tcp/congestionControlDefault", "/perf/perfEventParanoid", "/git/commit", "/run/start",
                "/run/end", "/run/preset", "/run/arguments", "/network/interface/qdisc", "/network/tcp/defaultQdisc",
                "/network/tcp/autocorking", "/network/tcp/limitOutputBytes", "/network/tcp/congestionControlAllowed",
                "/kernel/hz", "/kernel/irqTimeAccounting", "/kernel/preemption", "/kernel/clocksource", "/kernel/pipeMaxSize",
                "/cpu/hypervisor", "/cpu/flags", "/cpu/mhz", "/run/pinning", "/run/congestion/inForce",
                "/run/congestion/why", "/run/interleavedForks")) {
            JsonNode n = env.at(pointer);
            assertFalse(n.isMissingNode(), pointer + " missing");
            if (n.isObject() && n.has("unknown")) {
                assertFalse(n.get("unknown").asText().isBlank(), pointer + ": unknown needs a reason");
            }
        }
        JsonNode dev = env.at("/dataDirectory/blockDevice");
        if (!dev.has("unknown")) {
            for (String f : List.of("model", "rotational", "logicalBlockSize", "ioScheduler")) {
                assertTrue(dev.has(f), f);
            }
        }
        assertEquals("lo", env.at("/network/interface/name").asText());
    }

    @Test
    void anUnsupportedPathIsRecordedAsSkippedWithItsReason() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "mounting ramfs needs root");
        Path ramfs = Files.createTempDirectory("zcbench-ramfs-");
        Process mount = new ProcessBuilder("mount", "-t", "ramfs", "ramfs", ramfs.toString()).inheritIO().start();
        Assumptions.assumeTrue(mount.waitFor() == 0, "mount ramfs");
        try {
            Run r = run(List.of("--preset", "smoke", "--results", results.toString(), "-p", "dir=" + ramfs,
                    "-p", "path=o-direct,traditional", "-p", "impl=java", "ToFile"));
            assertEquals(3, r.exit(), "exit 3: a benchmark was skipped as unsupported here\n" + r.err());
            assertTrue(r.err().contains("skipped as unsupported here"), r.err());
            Path dir = runDir(results);
            List<String> outcomes = Files.readAllLines(dir.resolve("outcomes.jsonl"));
            assertEquals(1, outcomes.size(), outcomes.toString());
            JsonNode o = json.readTree(outcomes.get(0));
            assertEquals("skipped", o.get("outcome").asText());
            assertEquals("o-direct", o.at("/params/path").asText());
            assertTrue(o.get("reason").asText().contains("ramfs refuses O_DIRECT"), o.toString());
            JsonNode jmh = json.readTree(dir.resolve("jmh.json").toFile());
            assertEquals(1, jmh.size(), "traditional still ran");
            assertTrue(r.out().contains("skipped: unsupported: ramfs refuses O_DIRECT"), r.out());
        } finally {
            new ProcessBuilder("umount", ramfs.toString()).inheritIO().start().waitFor();
            Files.deleteIfExists(ramfs);
        }
    }

    @Test
    void aResultsDiskThatFillsLosesNoFinishedResultAndSaysWhereTheyAre(@TempDir Path tmp) throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "mounting tmpfs needs root");
        Path small = Files.createTempDirectory("zcbench-full-");
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=200k", "tmpfs", small.toString()).inheritIO().start();
        Assumptions.assumeTrue(mount.waitFor() == 0, "mount a 200 KiB tmpfs");
        try {
            // The smoke preset's jmh.json outgrows 200 KiB after a few benchmarks; its JMH log would fill it at once.
            Run r = run(List.of("-Djava.io.tmpdir=" + tmp), List.of("--preset", "smoke", "--results", small.toString(),
                    "-p", "dir=" + data));
            assertEquals(1, r.exit(), r.out() + r.err());
            String all = r.out() + r.err();
            assertFalse(all.contains("results are complete"), all);
            Path dir = runDir(small);
            Path rescue = tmp.resolve("zcbench-rescue-" + dir.getFileName());
            assertTrue(r.err().contains("cannot write " + dir.resolve("jmh.json") + " (no space left on the device): the "),
                    r.err());
            assertTrue(r.err().contains(" finished benchmark(s) are in " + rescue.resolve("jmh.json")), r.err());
            JsonNode rescued = json.readTree(rescue.resolve("jmh.json").toFile());
            assertTrue(rescued.size() >= 1, "the finished results, in the rescue folder");
            assertTrue(r.err().contains("the " + rescued.size() + " finished benchmark(s)"), r.err());
            for (String f : List.of("env.json", "paths.json", "metrics.json")) {
                assertTrue(Files.isRegularFile(rescue.resolve(f)), "a run folder report can read: " + f);
            }
            // What the full disk holds is whole: the last jmh.json that fitted, no temporary files, a log that says it was cut.
            try (Stream<Path> s = Files.list(dir)) {
                assertEquals(List.of(), s.filter(f -> f.toString().endsWith(".tmp")).toList());
            }
            if (Files.exists(dir.resolve("jmh.json"))) {
                assertTrue(json.readTree(dir.resolve("jmh.json").toFile()).size() < rescued.size());
            }
            assertTrue(Files.readString(dir.resolve("jmh-output.log")).contains("jmh-output.log cut at"));
            assertEquals(0, new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                    PowerIT.REPORTS.toString(), "report", rescue.toString()).inheritIO().start().waitFor(),
                    "the rescued folder reports");
        } finally {
            new ProcessBuilder("umount", small.toString()).inheritIO().start().waitFor();
            Files.deleteIfExists(small);
        }
    }

    /**
     * SIGTERM or SIGINT at several moments (before any benchmark finished, after the second, after the fifth): no stack
     * trace anywhere, every benchmark the console called finished is in jmh.json, exit 128 + the signal, what the handler says
     * matches the file. (An interrupt once printed "Shutdown in progress" with its trace after the right line, and once
     * kept one benchmark fewer than the console had shown.)
     */
    @Test
    void anInterruptedRunKeepsEveryFinishedBenchmarkAndPrintsNoTrace() throws Exception {
        interruptAfter(0, "TERM");
        interruptAfter(2, "INT");
        interruptAfter(5, "TERM");
    }

    private void interruptAfter(int finished, String signal) throws Exception {
        Path res = Files.createDirectories(results.resolve("interrupted-" + finished + "-" + signal));
        Process p = start(List.of("--preset", "smoke", "--results", res.toString(), "-p", "dir=" + data));
        p.getOutputStream().close();
        List<String> out = new CopyOnWriteArrayList<>();
        Thread pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    out.add(line);
                }
            } catch (IOException ignored) {
                // process ended
            }
        });
        pump.start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        Pattern done = Pattern.compile("^\\[\\s*\\d+/\\d+\\] ");
        while (System.nanoTime() < deadline && (finished == 0 ? out.stream().noneMatch(l -> l.contains("JMH's full output"))
                : out.stream().filter(l -> done.matcher(l).find()).count() < finished)) {
            Thread.sleep(50);
        }
        new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        pump.join(5000);
        String all = String.join("\n", out) + "\n" + err;
        assertFalse(all.contains("Exception") || all.contains("\tat "), "no stack trace after SIG" + signal + ":\n" + all);
        assertEquals(signal.equals("INT") ? 130 : 143, p.exitValue(), "128 + the signal's number, as the JVM exits on one: " + all);
        long said = out.stream().filter(l -> done.matcher(l).find()).count();
        Path dir = runDir(res);
        Path jmh = dir.resolve("jmh.json");
        long kept = Files.exists(jmh) ? json.readTree(jmh.toFile()).size() : 0;
        assertTrue(kept >= said, "the console called " + said + " finished, jmh.json holds " + kept + ":\n" + all);
        assertTrue(kept == 0 ? err.contains("interrupted before any benchmark finished; nothing kept")
                : err.contains("interrupted; kept " + kept + " finished benchmark(s) in " + jmh), err);
        assertFalse(Files.exists(dir.resolve("jmh.json.tmp")), "no half-written jmh.json.tmp left");
        assertEquals("interrupted", json.readTree(dir.resolve("env.json").toFile()).at("/run/status").asText());
        Thread.sleep(1000);
        try (Stream<Path> s = Files.list(data)) {
            assertEquals(List.of(), s.toList(), "the stopped fork deleted its fixture files");
        }
    }

    @Test
    void aSecondRunIsRefusedAndAKilledForkIsRecordedWithItsExitStatus() throws Exception {
        Process a = start(List.of("--preset", "smoke", "--results", results.toString(), "-p", "dir=" + data,
                "-p", "path=traditional", "-p", "impl=java", "-r", "20s", "ToFile"));
        a.getOutputStream().close();
        var aOut = stdout(a);
        ProcessHandle fork = null;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (fork == null && System.nanoTime() < deadline) {
            fork = a.toHandle().descendants().filter(h -> h.info().commandLine().orElse("").contains("ForkedMain"))
                    .findFirst().orElse(null);
            Thread.sleep(200);
        }
        assertTrue(fork != null, "the benchmark fork started");
        Thread.sleep(3000); // inside its measurement: the fixture file exists

        Path other = Files.createTempDirectory("zcbench-results-");
        Run b = run(List.of("--preset", "smoke", "--results", other.toString(), "-p", "path=splice", "ToFile"));
        assertEquals(2, b.exit(), b.out() + b.err());
        assertTrue(b.err().contains("another zcbench run is in progress (pid " + a.pid()), b.err());
        try (Stream<Path> s = Files.list(other)) {
            assertEquals(List.of(), s.toList(), "the refused run wrote nothing");
        }
        Files.delete(other);

        fork.destroyForcibly(); // SIGKILL, as the OOM killer would
        String err = new String(a.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(a.waitFor(2, TimeUnit.MINUTES));
        assertEquals(1, a.exitValue(), "a crashed benchmark makes the run fail:\n" + aOut.get() + err);
        assertTrue(err.contains("failed or crashed"), err);
        Path dir = runDir(results);
        List<String> outcomes = Files.readAllLines(dir.resolve("outcomes.jsonl"));
        assertEquals(1, outcomes.size(), outcomes.toString());
        JsonNode o = json.readTree(outcomes.get(0));
        assertEquals("crashed", o.get("outcome").asText());
        assertTrue(o.get("reason").asText().contains("exit code 137 (SIGKILL"), o.toString());
        assertEquals("completed with failures", json.readTree(dir.resolve("env.json").toFile()).at("/run/status").asText());
        assertTrue(aOut.get().contains("crashed: "), "the summary names it");

        // The killed fork could not delete its destination file; the next start removes it and says so. The source
        // file the forks shared belongs to the run, which removed it when it ended.
        try (Stream<Path> s = Files.list(data)) {
            List<String> left = s.map(p -> p.getFileName().toString()).toList();
            assertTrue(left.stream().anyMatch(n -> n.startsWith("zcbench-dst-")), "left by the killed fork: " + left);
            assertTrue(left.stream().noneMatch(n -> n.startsWith("zcbench-src-" + a.pid() + "-shared-")),
                    "the run removed its shared source file: " + left);
        }
        Path again = Files.createTempDirectory("zcbench-results-");
        Run c = run(List.of("--preset", "smoke", "--results", again.toString(), "-p", "dir=" + data, "-p", "path=splice",
                "-p", "impl=java", "ToFile"));
        assertEquals(0, c.exit(), c.out() + c.err());
        assertTrue(c.out().contains("fixture file(s)") && c.out().contains("did not end cleanly"), c.out());
        try (Stream<Path> s = Files.list(data)) {
            assertEquals(List.of(), s.toList(), "nothing left in the data folder");
        }
    }
}
