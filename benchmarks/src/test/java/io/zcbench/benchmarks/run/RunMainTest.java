package io.zcbench.benchmarks.run;

import io.zcbench.harness.UsageException;
import io.zcbench.harness.endpoint.Destination;
import io.zcbench.harness.path.CopyPaths;
import io.zcbench.harness.sink.Congestion;
import io.zcbench.harness.sink.ReceiveMethod;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.runner.options.CommandLineOptions;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunMainTest {
    private static String runError(String... args) {
        RunMain m = new RunMain(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        return assertThrows(UsageException.class, () -> m.run(args)).getMessage();
    }

    @Test
    void aForkJvmThatIsNoJava17LauncherIsRefusedBeforeAnyFork() throws Exception {
        assertTrue(runError("--jvm", "/nonexistent/java", "--dry-run").startsWith("--jvm /nonexistent/java: not an executable file"));
        assertTrue(runError("--jvm", "/bin/true", "--dry-run").startsWith("--jvm /bin/true: not a Java launcher"));
        assertTrue(runError("-jvm", "/bin/true", "--dry-run").startsWith("--jvm /bin/true: not a Java launcher"),
                "JMH's own -jvm is checked the same way");
        java.nio.file.Path old = java.nio.file.Files.createTempFile("java8", "");
        java.nio.file.Files.writeString(old, "#!/bin/sh\necho 'openjdk version \"1.8.0_402\"' >&2\n");
        old.toFile().setExecutable(true);
        try {
            assertTrue(runError("--jvm", old.toString(), "--dry-run").endsWith("is Java 1.8.0_402: the benchmarks are built for 17 or later"),
                    runError("--jvm", old.toString(), "--dry-run"));
        } finally {
            java.nio.file.Files.delete(old);
        }
    }

    @Test
    void wrongParameterValuesNameTheParameter() {
        assertTrue(runError("-p", "path=sendfile").startsWith("parameter path=sendfile: unknown path 'sendfile'; choose one of: traditional"));
        assertTrue(runError("-p", "size=12XB").startsWith("parameter size=12XB: bad size '12XB'"));
        assertTrue(runError("-p", "chunk=1.5M").startsWith("parameter chunk=1.5M: bad size"));
        assertTrue(runError("-p", "cache=tepid").startsWith("parameter cache=tepid: unknown cache state"));
        assertTrue(runError("-p", "receive=bucket").startsWith("parameter receive=bucket: unknown receive method"));
        assertTrue(runError("-p", "drain=bucket").startsWith("parameter receive=bucket: unknown receive method"),
                "-p drain, the parameter's name before, still reaches it");
        assertTrue(runError("-p", "sink=nowhere").startsWith("parameter sink=nowhere: sink 'nowhere' has no port"));
        assertTrue(runError("-p", "dir=/nonexistent/zc").contains("does not exist"));
        assertTrue(runError("-p", "sizes=1MiB").startsWith("unknown parameter -p sizes; the benchmarks take: path, impl, size"));
        assertTrue(runError("-p", "impl=rust").startsWith("parameter impl=rust: unknown impl 'rust'; choose java, native, paired or ffm"));
        assertTrue(runError("-p", "cc=no-such").startsWith("parameter cc=no-such: not a congestion control name"));
        assertTrue(runError("-p", "cc=vegas").startsWith("parameter cc=vegas: congestion control 'vegas' is not loaded"));
        assertTrue(runError("-p", "pin=0:1:2").startsWith("parameter pin=0:1:2: use auto, none, or SENDER_CPU:SINK_CPU"));
        assertTrue(runError("-p", "pin=0:99").startsWith("parameter pin=0:99: this machine has CPUs 0-"));
        assertTrue(runError("-p", "pipeSize=2GiB", "-p", "path=splice").startsWith("parameter pipeSize=2GiB: pipe size 2 GiB is too large"));
        assertTrue(runError("-p", "sink=127.0.0.1:0").startsWith("parameter sink=127.0.0.1:0: port 0 is no sink's port"));
        assertTrue(runError("-p", "sink=127.0.0.1:9").startsWith("parameter sink=127.0.0.1:9: no zcbench sink answers there"));
        assertTrue(runError("[").startsWith("benchmark filter '[' is not a regular expression"));
        assertTrue(runError("-prof", "zc:bogus=1").startsWith("zc profiler: unknown option 'bogus'"));
        assertTrue(runError("-prof", "zc:ops=abc").startsWith("zc profiler: ops=abc: not a whole number"));
        assertTrue(runError("-prof", "zc:hw=maybe").startsWith("zc profiler: hw=maybe: use hw=true or hw=false"));
        assertTrue(runError("--preset", "huge").startsWith("unknown preset 'huge'"));
        assertTrue(runError("--frobnicate").startsWith("unknown option --frobnicate"));
        assertTrue(runError("NoSuchBenchmark").startsWith("nothing to run"));
        // the dry run checks what the real run checks (it printed a grid of chunk=0 and exited 0)
        assertTrue(runError("--dry-run", "-p", "chunk=0").startsWith("parameter chunk=0: chunk size must be at least 1 byte"));
        assertTrue(runError("--dry-run", "-p", "rcvlowat=2MiB", "ToSocket").startsWith("parameter rcvlowat=2MiB: expected 0 (the "
                + "kernel's default) or a size up to 1 MiB"));
        assertTrue(runError("--dry-run", "-p", "rcvlowat=64KiB", "-p", "receive=io-uring-recv", "ToSocket").startsWith(
                "parameter rcvlowat=64KiB with receive=io-uring-recv: io-uring-recv arms one multishot receive per transfer"));
        assertTrue(runError("--budget", "5 minutes").startsWith("--budget 5 minutes: give a duration such as 90s, 5m or 4m30s"));
        assertTrue(runError("--budget", "0s").startsWith("--budget 0s: give a duration above 0"));
        assertTrue(runError("--resolve", "200%").startsWith("--resolve 200%: give a half-width between 0 and 100%"));
        assertTrue(runError("--budget", "5m", "-f", "3").startsWith("-f fixes the forks; --budget and --resolve choose them"));
    }

    /** --results naming a file is bad input (exit 2), said with what to do; it said only the path, exit 1. */
    @Test
    void resultsThatIsAFileIsNamedAsSuch(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("not-a-folder"), "x");
        String err = runError("--preset", "smoke", "--results", file.toString(), "-p", "path=traditional", "ToFile");
        assertTrue(err.equals("--results " + file + " is a file, not a folder: name a folder for the runs' results (it is made "
                + "if missing)"), err);
        assertEquals("x", Files.readString(file), "left as it was");
    }

    @Test
    void virtualThreadsAndFfmAreRefusedBeforeAnyForkWhereTheForksJdkHasNeither() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.version().feature() < 21, "the runner's JDK has virtual threads");
        String virtual = runError("-p", "thread=virtual", "-p", "path=transfer-to", "--dry-run");
        assertTrue(virtual.startsWith("thread=virtual needs forks on JDK 21 or later") && virtual.contains("--jvm"), virtual);
        String ffm = runError("--preset", "java-next", "--dry-run");
        assertTrue(ffm.startsWith("impl=ffm (the FFM API) needs forks on JDK 22 or later"), ffm);
        assertTrue(runError("-p", "thread=green", "--dry-run").startsWith("parameter thread=green: unknown thread kind"));
        java.nio.file.Path jdk25 = java.nio.file.Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
        if (java.nio.file.Files.isExecutable(jdk25)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertEquals(0, new RunMain(new PrintStream(out, true, StandardCharsets.UTF_8))
                    .run(new String[] {"--preset", "java-next", "--jvm", jdk25.toString(), "--dry-run"}));
            String listed = out.toString(StandardCharsets.UTF_8);
            assertTrue(listed.contains("thread=virtual") && listed.contains("impl=ffm"), listed);
        }
    }

    @Test
    void javaNextPairsEachPathOnBothThreadKindsAndEachJniPathThroughFfm() throws Exception {
        List<Combo> all = Plan.combos(Preset.named("java-next"), new CommandLineOptions());
        List<Combo> ffm = all.stream().filter(c -> c.params().get("impl").equals("ffm")).toList();
        assertEquals(5, ffm.size(), "splice and vmsplice to both destinations, copy-file-range to a file: " + ffm);
        List<Combo> threads = all.stream().filter(c -> c.params().containsKey("thread")).toList();
        assertEquals(16, threads.size(), "4 paths x 2 thread kinds x 2 destinations: " + threads);
        assertTrue(threads.stream().allMatch(c -> c.params().get("impl").equals("paired")), threads.toString());
        assertFalse(Preset.named("java-next").c1Forks(), "C2: the JIT users run, FFM's downcalls included");
    }

    @Test
    void theForksJitIsThePresetsNotTheRunners() {
        List<String> runner = List.of("--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1", "-Xmx1g");
        assertEquals(List.of("--enable-native-access=ALL-UNNAMED", "-Xmx1g"), Execution.forkBaseArgs(runner, false));
        assertEquals(List.of("--enable-native-access=ALL-UNNAMED", "-Xmx1g", "-XX:TieredStopAtLevel=1"),
                Execution.forkBaseArgs(runner, true));
        assertTrue(Preset.named("quick").c1Forks(), "0.2 s warm-ups: C1 only, or the measured iterations measure C2 compiling");
        assertFalse(Preset.named("full").c1Forks() || Preset.named("frameworks").c1Forks(), "long warm-ups: the JVM users run");
    }

    @Test
    void frameworkPathsRunInTheMainJobAndInTheirOwnPresetPairedWithTheirRawBaselines() throws Exception {
        List<String> framework = CopyPaths.all().stream().filter(p -> p.framework() != null).map(p -> p.id()).toList();
        assertEquals(List.of("netty-epoll-fileregion", "netty-io-uring-fileregion", "netty-epoll-bytebuf"), framework);
        List<Combo> quick = Plan.combos(Preset.named("quick"), new CommandLineOptions()).stream()
                .filter(c -> framework.contains(c.params().get("path"))).toList();
        assertEquals(3, quick.size(), quick.toString());
        assertTrue(quick.stream().allMatch(c -> c.benchmark().endsWith("ToSocket.transfer") && c.params().get("impl").equals("paired")
                && c.params().get("size").equals("64MiB") && c.forksIn(5) == 2), quick.toString());
        List<Combo> own = Plan.combos(Preset.named("frameworks"), new CommandLineOptions());
        assertEquals(9, own.size(), "3 paths x 3 sizes: " + own);
        assertTrue(own.stream().allMatch(c -> framework.contains(c.params().get("path")) && c.params().get("impl").equals("paired")));
        assertTrue(runError("--preset", "huge").contains("frameworks"));
    }

    @Test
    void quickPresetCoversEveryPathAndItsTwinToEveryDestinationAndEveryReceiveMethod() throws Exception {
        List<Combo> all = Plan.combos(Preset.named("quick"), new CommandLineOptions());
        List<Combo> combos = all.stream().filter(c -> c.params().get("impl").equals("paired")).toList();
        long pairs = CopyPaths.all().stream().mapToLong(p -> p.destinations().size()).sum();
        assertEquals(pairs, combos.size(), "every path x each destination it declares, its twin paired in its forks");
        Set<String> distinct = combos.stream().map(c -> c.benchmark() + "/" + c.params().get("path") + "/" + c.params().get("impl"))
                .collect(Collectors.toSet());
        assertEquals(pairs, distinct.size());
        assertTrue(combos.stream().allMatch(c -> !c.params().containsKey("receive")), "the paths all receive with the default splice");
        List<Combo> receive = all.stream().filter(c -> c.params().containsKey("receive")).toList();
        assertEquals(all.size(), combos.size() + receive.size());
        Set<String> supported = new TreeSet<>();
        for (ReceiveMethod d : ReceiveMethod.values()) {
            if (d.unsupportedReason() == null && d != ReceiveMethod.SPLICE) {
                supported.add(d.id());
            }
        }
        assertEquals(supported, receive.stream().map(c -> c.params().get("receive")).collect(Collectors.toSet()),
                "one sending path with every other receive method this machine supports");
        assertTrue(receive.stream().allMatch(c -> c.params().get("path").equals("transfer-to") && c.forks() == 2));
        assertTrue(all.stream().noneMatch(c -> c.benchmark().endsWith("ToSocket.transfer")
                && !CopyPaths.byId(c.params().get("path")).destinations().contains(Destination.SOCKET)),
                "no pair the catalogue does not declare (copy-file-range to a socket)");
        assertEquals(Set.of("64MiB/warm"), all.stream().map(c -> c.params().get("size") + "/" + c.params().get("cache"))
                .collect(Collectors.toSet()));
        // 20 paired benchmarks x 5 forks, Netty's 3 x 2 and the receive methods' 3 x 2
        assertTrue(Plan.estimate(Preset.named("quick"), new CommandLineOptions(), all).toSeconds() <= 330,
                "the quick preset is planned to fit in about 5 minutes");
        assertEquals(5, Plan.rounds(Preset.named("quick"), new CommandLineOptions()), "forks run in rounds");
        ForkSchedule s = new ForkSchedule(all.stream().map(c -> c.forksIn(5)).toList(), 5, 42);
        // the receive methods' benchmarks and the framework paths in 2 rounds, every other benchmark in all 5
        long twoRounds = all.stream().filter(c -> c.forksIn(5) == 2).count();
        assertEquals(receive.size() + 3, twoRounds);
        long fiveRounds = all.size() - twoRounds;
        assertEquals(5 * fiveRounds + 2 * twoRounds, s.slots().size());
        int at = 0;
        for (int round = 0; round < 5; round++) {
            int inRound = (int) (fiveRounds + (round < 2 ? twoRounds : 0));
            assertEquals(inRound, s.slots().subList(at, at + inRound).stream().map(ForkSchedule.Slot::combo).distinct().count(),
                    "each round holds each of its benchmarks once");
            at += inRound;
        }
        int first = all.size();
        assertFalse(s.slots().subList(0, first).stream().map(ForkSchedule.Slot::combo).toList()
                        .equals(s.slots().subList(first, 2 * first).stream().map(ForkSchedule.Slot::combo).toList()),
                "in a random order per round");
        assertEquals(1, Plan.rounds(Preset.named("quick"), new CommandLineOptions("-f", "3")), "-f: JMH's own forks");
    }

    /** A rescue copy goes to a folder of its own, never into one that exists (a user's, or an earlier rescue). */
    @Test
    void aRescueFolderIsAlwaysNew(@TempDir Path tmp) throws Exception {
        Path taken = Files.createDirectories(tmp.resolve("zcbench-rescue-run"));
        Files.writeString(taken.resolve("jmh.json"), "the user's");
        Path got = RunFolder.newFolder(taken);
        assertEquals(tmp.resolve("zcbench-rescue-run-2"), got);
        assertEquals("the user's", Files.readString(taken.resolve("jmh.json")));
        assertEquals(tmp.resolve("zcbench-rescue-run-3"), RunFolder.newFolder(taken));
    }

    @Test
    void socketBenchmarksNameTheCongestionControlTheyRunWith() throws Exception {
        List<Combo> combos = Plan.combos(Preset.named("quick"), new CommandLineOptions());
        Congestion auto = Congestion.choose("auto", true);
        String expected = auto.setting() == null ? "system" : auto.setting();
        for (Combo c : combos) {
            if (c.benchmark().endsWith("ToSocket.transfer")) {
                assertEquals(expected, c.params().get("cc"), "cc=auto is resolved before forking: " + c);
            } else {
                assertFalse(c.params().containsKey("cc"), "files have no cc: " + c);
            }
        }
        List<Combo> sys = Plan.combos(Preset.named("quick"), new CommandLineOptions("-p", "cc=system", "ToSocket"));
        assertTrue(sys.stream().allMatch(c -> c.params().get("cc").equals("system")));
    }

    @Test
    void narrowingOverlappingGridsRunsEachBenchmarkOnce() throws Exception {
        List<Combo> combos = Plan.combos(Preset.named("full"),
                new CommandLineOptions("-p", "size=64MiB", "-p", "cache=warm", "-p", "path=splice", "-p", "impl=java", "-t", "1"));
        assertEquals(combos.size(), new HashSet<>(combos).size(), combos.toString());
        assertEquals(2 * 5, combos.size(), "socket and file, the default chunk and four more: " + combos);
    }

    @Test
    void fullPresetSpansSizesChunksCacheStatesAndThreads() throws Exception {
        List<Combo> combos = Plan.combos(Preset.named("full"), new CommandLineOptions());
        Set<String> sizes = combos.stream().map(c -> c.params().get("size")).collect(Collectors.toSet());
        assertTrue(sizes.containsAll(Set.of("4KiB", "1GiB")), sizes.toString());
        assertTrue(combos.stream().anyMatch(c -> "1MiB".equals(c.params().get("chunk"))));
        assertEquals(Set.of(1, 2), combos.stream().map(Combo::threads).collect(Collectors.toSet()));
    }

    @Test
    void aDataFolderTooSmallForTheLargestFilesIsRefusedBeforeForking() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "mounting tmpfs needs root");
        Path small = Files.createTempDirectory("zcbench-small-");
        Process m = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", small.toString()).inheritIO().start();
        Assumptions.assumeTrue(m.waitFor() == 0, "mount tmpfs");
        try {
            String e = runError("-p", "dir=" + small, "-p", "path=traditional", "-p", "impl=java", "ToFile");
            assertTrue(e.contains("free") && e.contains("the largest source file and its destination"), e);
        } finally {
            new ProcessBuilder("umount", small.toString()).inheritIO().start().waitFor();
            Files.deleteIfExists(small);
        }
    }

    @Test
    void zcHelpPrintsTheProfilersOptionsAndRunsNothing() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        assertEquals(0, new RunMain(new PrintStream(buf, true, StandardCharsets.UTF_8)).run(new String[] {"-prof", "zc:help"}));
        String help = buf.toString(StandardCharsets.UTF_8);
        assertTrue(help.startsWith("zc profiler options"), help);
        for (String o : List.of("hw=true|false", "rusage=true|false", "ops=N")) {
            assertTrue(help.contains(o), o);
        }
    }

    @Test
    void runsStartedInTheSameSecondGetFoldersOfTheirOwn(@TempDir Path tmp) throws Exception {
        Path a = RunLock.newRunDir(tmp, "host_kernel_20261122-120000");
        Path b = RunLock.newRunDir(tmp, "host_kernel_20261122-120000");
        assertTrue(!a.equals(b) && Files.isDirectory(a) && Files.isDirectory(b), a + " " + b);
        assertTrue(b.getFileName().toString().endsWith("-2"), b.toString());
    }

    @Test
    void helpNamesEveryOption() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        assertEquals(0, new RunMain(new PrintStream(buf, true, StandardCharsets.UTF_8)).run(new String[] {"--help"}));
        String help = buf.toString(StandardCharsets.UTF_8);
        for (String o : List.of("--preset", "--results", "--hw", "--dry-run", "--budget", "--resolve", "-p", "-prof")) {
            assertTrue(help.contains(o), o);
        }
    }
}
