package io.zcbench.benchmarks.run;

import io.zcbench.benchmarks.Outcomes;
import io.zcbench.benchmarks.Params;
import io.zcbench.harness.UsageException;
import io.zcbench.harness.env.Environment;
import io.zcbench.harness.fixture.FileSystemInfo;
import io.zcbench.harness.fixture.Sizes;
import io.zcbench.harness.sink.Congestion;
import io.zcbench.harness.sink.HostPort;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Optional;
import org.openjdk.jmh.util.Version;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code zcbench run --preset quick|full|large|overhead|smoke [JMH options]}: runs a preset one parameter
 * combination at a time and rewrites {@code results/<run-id>/jmh.json} after each, so an interrupted
 * run keeps everything that finished. Writes {@code env.json} beside it, records skipped and failed
 * benchmarks in {@code outcomes.jsonl}, prints up front how many benchmarks will run and about how
 * long, and at the end the folder's path (and the report, when the reports jar is given).
 */
public final class RunMain {
    private static final String PACKAGE = "io.zcbench.benchmarks.";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final PrintStream out;
    /** Where JMH's own output goes: the run's jmh-output.log (and the console with --jmh-console). */
    private PrintStream jmhOutput;
    private volatile boolean finished;

    RunMain(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        int code;
        try {
            code = new RunMain(System.out).run(args);
        } catch (UsageException e) {
            System.err.println("zcbench run: " + e.getMessage());
            code = 2;
        } catch (IOException | RunnerException e) {
            System.err.println("zcbench run: " + e.getMessage());
            code = 1;
        }
        System.exit(code);
    }

    /** Parsed arguments: our own options, and the rest for JMH. */
    record Args(String preset, Path results, Path reportJar, boolean hwPass, boolean dryRun, boolean jmhConsole,
                List<String> jmh) {
        static Args parse(String[] argv) {
            String preset = "quick";
            Path results = Path.of("results");
            Path reportJar = null;
            boolean hw = false;
            boolean dry = false;
            boolean jmhConsole = false;
            List<String> jmh = new ArrayList<>();
            for (int i = 0; i < argv.length; i++) {
                String a = argv[i];
                switch (a) {
                    case "--preset" -> preset = value(argv, ++i, a);
                    case "--results" -> results = Path.of(value(argv, ++i, a));
                    case "--report-jar" -> reportJar = Path.of(value(argv, ++i, a));
                    case "--hw" -> hw = true;
                    case "--dry-run" -> dry = true;
                    case "--jmh-console" -> jmhConsole = true;
                    case "--help", "-h" -> throw new HelpRequested();
                    default -> {
                        if (a.startsWith("--")) {
                            throw new UsageException("unknown option " + a + " (see zcbench run --help)");
                        }
                        jmh.add(a);
                    }
                }
            }
            return new Args(preset, results, reportJar, hw, dry, jmhConsole, jmh);
        }

        private static String value(String[] argv, int i, String opt) {
            if (i >= argv.length) {
                throw new UsageException(opt + " needs a value");
            }
            return argv[i];
        }
    }

    static final class HelpRequested extends RuntimeException {
        HelpRequested() {
            super(null, null, false, false);
        }
    }

    static final String HELP = String.join("\n",
            "usage: zcbench run [--preset quick|full|large|overhead|smoke] [--results DIR] [--hw] [--dry-run] [JMH options] [benchmark regex]",
            "",
            "  --preset NAME   quick (default; every path and its native twin to a socket and a file, about 4 min), full (about 4 h),",
            "                  large (a 1 GiB file through a 256 MiB memory cgroup beside a hot set, root, about 4 min),",
            "                  overhead (counters off/on/all, about 11 min), smoke (seconds; proves the suite runs)",
            "  --results DIR   where results/<run-id>/ goes (default: results)",
            "  --hw            afterwards, a second pass with hardware counters (-prof zc:hw=true) into jmh-hw.json;",
            "                  its times are not throughput figures (hardware counters slow loopback on VMs)",
            "  --dry-run       print the benchmarks and the estimate, run nothing",
            "  --jmh-console   also print JMH's full output here (it always goes to <run dir>/jmh-output.log); by default",
            "                  the console shows one line per finished fork with its GB/s and the time left",
            "  JMH options pass through: -p path=splice,transfer-to  -f 2  -wi 3  -i 5  -r 2s  -prof gc  -rf csv  -t 2 ...",
            "  (-p restricts the preset's values for that parameter; -t replaces its thread counts)");

    int run(String[] argv) throws IOException, RunnerException {
        Args args;
        try {
            args = Args.parse(argv);
        } catch (HelpRequested h) {
            out.println(HELP);
            return 0;
        }
        Preset preset = Preset.named(args.preset());
        CommandLineOptions user;
        try {
            user = new CommandLineOptions(args.jmh().toArray(new String[0]));
        } catch (CommandLineOptionException e) {
            throw new UsageException("bad JMH option: " + e.getMessage());
        }
        checkParamNames(args.jmh());
        for (org.openjdk.jmh.runner.options.ProfilerConfig pc : user.getProfilers()) {
            if (pc.getKlass().equals("zc") || pc.getKlass().endsWith("ZcProfiler")) {
                try {
                    new io.zcbench.benchmarks.profile.ZcProfiler(pc.getOpts());
                } catch (io.zcbench.benchmarks.profile.ZcProfiler.HelpRequested h) {
                    out.println(h.getMessage());
                    return 0;
                } catch (org.openjdk.jmh.profile.ProfilerException e) {
                    throw new UsageException(e.getMessage());
                }
            }
        }
        List<Combo> combos = combos(preset, user);
        if (combos.isEmpty()) {
            throw new UsageException("nothing to run: the benchmark filter " + user.getIncludes() + " matches none of "
                    + Preset.BOTH);
        }
        validate(combos);
        Duration estimate = estimate(preset, user, combos);
        out.printf(Locale.ROOT, "zcbench run: preset %s (%s)%n", preset.name(), preset.description());
        out.printf(Locale.ROOT, "zcbench run: %d benchmarks, estimated %s%s%n", combos.size(), human(estimate),
                args.hwPass() ? " (plus the same again for the --hw pass)" : "");
        if (args.dryRun()) {
            combos.forEach(c -> out.println("  " + c.describe()));
            return 0;
        }

        Path dataDir = dataDir(combos);
        FileSystemInfo dataFs = FileSystemInfo.of(dataDir, "data directory");
        checkBeforeForking(combos, dataFs);
        RunLock.acquire(args.results());
        io.zcbench.harness.fixture.Leftovers.clean(dataDir, out);
        Instant start = Instant.now();
        Path dir = RunLock.newRunDir(args.results(), Environment.runId(start));
        ObjectNode env = Environment.capture(dataDir, sinkOf(combos), projectRoot());
        ObjectNode run = env.putObject("run");
        run.put("preset", preset.name());
        run.put("presetDescription", preset.description());
        ArrayNode argList = run.putArray("arguments");
        for (String a : argv) {
            argList.add(a);
        }
        run.put("jmhVersion", Version.getPlainVersion());
        ArrayNode forkFlags = run.putArray("forkJvmFlags");
        // Without the run's own outcomes path, which differs in every run and would show in every comparison.
        forkJvmFlags(user, dir, dataDir).stream().filter(f -> !f.startsWith("-D" + Outcomes.PROPERTY + "=")
                        && !f.startsWith("-D" + SHARED_FIXTURES + "="))
                .forEach(forkFlags::add);
        run.put("benchmarks", combos.size());
        Combo first = combos.get(0);
        run.put("pinning", io.zcbench.benchmarks.PinState.decide(first.params().getOrDefault("pin", "auto"), first.threads(),
                Runtime.getRuntime().availableProcessors(), io.zcbench.harness.nativeio.NativeLibrary.isAvailable()).text());
        run.put("interleavedForks", rounds(preset, user));
        ObjectNode cc = congestionFacts(combos);
        if (cc != null) {
            run.set("congestion", cc);
            out.println("zcbench run: TCP congestion control " + cc.get("inForce").asText() + ": " + cc.get("why").asText());
        }
        run.put("start", start.toString());
        run.put("estimatedSeconds", estimate.toSeconds());
        writeJson(dir.resolve("env.json"), env);
        // The catalogue's description of the paths this run measures, so the report renders any of them.
        writeJson(dir.resolve("paths.json"), io.zcbench.harness.path.CopyPaths.describe(combos.stream()
                .map(c -> c.params().get("path")).filter(java.util.Objects::nonNull).distinct()
                .map(io.zcbench.harness.path.CopyPaths::byId).sorted(java.util.Comparator.comparingInt(
                        (io.zcbench.harness.path.PathInfo p) -> io.zcbench.harness.path.CopyPaths.ids().indexOf(p.id())))
                .toList()));
        // What every metric is (name, unit, label, meaning), so the report renders any of them.
        writeJson(dir.resolve("metrics.json"), io.zcbench.harness.metrics.Metrics.describe());

        List<RunResult> results = new ArrayList<>();
        PrintStream err = System.err; // the console's: during the forks System.err goes to jmh-output.log
        Thread hook = new Thread(() -> {
            synchronized (WRITING) {
                stopping = true; // no write after this one: a SIGTERM mid-write must not leave a .tmp behind
                deleteQuietly(dir.resolve("jmh.json.tmp"));
                deleteQuietly(dir.resolve("jmh-hw.json.tmp"));
            }
            if (!finished) {
                stopForks();
                io.zcbench.harness.fixture.Leftovers.removeShared(dataDir);
                err.printf("%nzcbench run: interrupted; kept %d finished benchmark(s) in %s%n", results.size(),
                        dir.resolve("jmh.json"));
                finish(env, dir, results.size(), combos.size(), "interrupted");
            }
        }, "zcbench-run-interrupted");
        Runtime.getRuntime().addShutdownHook(hook);

        holdTracepoints();
        Path jmhLog = dir.resolve("jmh-output.log");
        out.println("zcbench run: JMH's full output goes to " + jmhLog + (args.jmhConsole() ? " and here" : ""));
        try (PrintStream log = new PrintStream(Files.newOutputStream(jmhLog), true, StandardCharsets.UTF_8)) {
            jmhOutput = args.jmhConsole() ? new PrintStream(new java.io.OutputStream() {
                @Override
                public void write(int b) {
                    log.write(b);
                    out.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    log.write(b, off, len);
                    out.write(b, off, len);
                }
            }, true, StandardCharsets.UTF_8) : log;
            // JMH copies the forks' own stdout and stderr to the runner's: those go to the log too.
            PrintStream sysOut = System.out;
            System.setOut(jmhOutput);
            System.setErr(jmhOutput);
            try {
                runAll(combos, preset, user, dir, dataDir, false, results, "jmh.json");
                if (args.hwPass()) {
                    out.println("zcbench run: hardware-counter pass (its times are not throughput figures)");
                    runAll(combos, preset, user, dir, dataDir, true, new ArrayList<>(), "jmh-hw.json");
                }
            } finally {
                System.setOut(sysOut);
                System.setErr(err);
            }
        }
        io.zcbench.harness.fixture.Leftovers.removeShared(dataDir); // the source files the forks shared
        finished = true;
        Runtime.getRuntime().removeShutdownHook(hook);
        Map<String, Integer> bad = outcomeCounts(dir.resolve("outcomes.jsonl"));
        int failed = bad.getOrDefault("failed", 0) + bad.getOrDefault("crashed", 0);
        String status = failed > 0 ? "completed with failures" : "completed";
        finish(env, dir, results.size(), combos.size(), status);
        writeUserFormat(user, results);
        Summary.print(out, results, dir.resolve("outcomes.jsonl"));
        out.printf(Locale.ROOT, "zcbench run: %d benchmarks in %s%n", combos.size(), human(Duration.between(start, Instant.now())));
        report(args.reportJar(), dir);
        out.println("zcbench run: results in " + dir);
        if (failed > 0) {
            System.err.printf(Locale.ROOT, "zcbench run: %d of %d benchmark runs failed or crashed (%s); their reasons are in %s%n",
                    failed, combos.size() * rounds(preset, user), bad, dir.resolve("outcomes.jsonl"));
            return 1;
        }
        if (bad.getOrDefault("skipped", 0) > 0) {
            System.err.printf(Locale.ROOT, "zcbench run: %d benchmark(s) skipped as unsupported here; reasons in %s%n",
                    bad.get("skipped"), dir.resolve("outcomes.jsonl"));
            return 3;
        }
        return 0;
    }

    /**
     * Keeps the counters' tracepoints registered (and disabled) in this JVM for the run. Unregistering the
     * last user of a syscall tracepoint waits for an RCU grace period, about 1.2 s for the set, which every
     * benchmark fork would otherwise pay at exit. Registered but disabled tracepoints are what the timed
     * operations already run with, so the figures do not change; only the forks end sooner.
     */
    private static void holdTracepoints() {
        if (io.zcbench.harness.nativeio.NativeLibrary.isAvailable()) {
            try {
                io.zcbench.harness.counters.ThreadCounters.forThisThread(io.zcbench.harness.counters.CounterConfig.DEFAULT);
            } catch (RuntimeException e) {
                // nothing to hold where perf is refused; the forks then pay nothing either
            }
        }
    }

    /** Asks the forked benchmark JVMs to stop (their shutdown deletes fixture files) and waits a little. */
    private static void stopForks() {
        List<ProcessHandle> children = ProcessHandle.current().descendants().toList();
        children.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + 10_000_000_000L;
        for (ProcessHandle c : children) {
            try {
                c.onExit().get(Math.max(1, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                c.destroyForcibly();
            }
        }
    }

    /**
     * Runs every combination. With an interleaved preset (and no -f of the user's) the forks go
     * round-robin: fork 1 of every benchmark, then fork 2 of every benchmark, ..., so slow drift of
     * the machine (this kind of VM moves 10-40% over minutes) spreads over all paths instead of
     * landing on whichever ran last. Each benchmark's forks are merged into one result.
     */
    private void runAll(List<Combo> combos, Preset preset, CommandLineOptions user, Path dir, Path dataDir, boolean hw,
                        List<RunResult> results, String file) throws RunnerException, IOException {
        Instant t0 = Instant.now();
        int rounds = rounds(preset, user);
        List<List<BenchmarkResult>> perCombo = new ArrayList<>();
        List<BenchmarkParams> paramsOf = new ArrayList<>();
        for (int i = 0; i < combos.size(); i++) {
            perCombo.add(new ArrayList<>());
            paramsOf.add(null);
        }
        int total = rounds * combos.size();
        int done = 0;
        int width = Integer.toString(total).length();
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < combos.size(); i++) {
                Combo c = combos.get(i);
                String fork = rounds > 1 ? ", fork " + (round + 1) + " of " + rounds : "";
                jmhOutput.printf(Locale.ROOT, "%n[zcbench %d/%d] %s%s%n", done + 1, total, c.describe(), fork);
                Options opts = options(c, preset, user, dir, dataDir, hw, rounds > 1);
                Path outcomes = dir.resolve("outcomes.jsonl");
                long before = lines(outcomes);
                ForkWatch watch = new ForkWatch(jmhOutput);
                Collection<RunResult> got = new Runner(opts, watch.format(user)).run();
                done++;
                Duration elapsed = Duration.between(t0, Instant.now());
                Duration left = Duration.ofMillis(elapsed.toMillis() * (total - done) / done);
                out.printf(Locale.ROOT, "[%" + width + "d/%d] %-62s %s; %s left%n", done, total, c.brief() + fork,
                        forkFigure(c, got, hw), human(left));
                for (RunResult r : got) {
                    perCombo.get(i).addAll(r.getBenchmarkResults());
                    paramsOf.set(i, r.getParams());
                }
                if (got.isEmpty() && lines(outcomes) == before) {
                    // The fork failed outside the operations (a setup that threw: JMH's <failure>), or died without a
                    // word (kill -9, the OOM killer, a JVM crash): either way the results say so.
                    boolean threw = watch.failure() != null;
                    String why = (threw ? watch.failure() : watch.death()) + (rounds > 1 ? " (fork " + (round + 1) + " of " + rounds + ")" : "");
                    Outcomes.record(outcomes, c.benchmark(), c.threads(), c.params(), threw ? "failed" : "crashed", why);
                    out.println("zcbench run: " + (threw ? "failed" : "crashed") + ": " + c.describe() + ": " + why);
                }
                results.clear();
                for (int k = 0; k < combos.size(); k++) {
                    if (paramsOf.get(k) != null && !perCombo.get(k).isEmpty()) {
                        results.add(new RunResult(paramsOf.get(k), perCombo.get(k)));
                    }
                }
                writeResults(dir.resolve(file), results);
            }
        }
    }

    /** This fork's figure for the console: GB/s, median of its measured iterations with their range; or what happened. */
    private static String forkFigure(Combo c, Collection<RunResult> got, boolean hw) {
        for (RunResult r : got) {
            for (org.openjdk.jmh.results.BenchmarkResult b : r.getBenchmarkResults()) {
                List<Double> gbs = new ArrayList<>();
                for (org.openjdk.jmh.results.IterationResult it : b.getIterationResults()) {
                    org.openjdk.jmh.results.Result<?> p = it.getPrimaryResult();
                    double sec = secondsPerOp(p.getScore(), p.getScoreUnit());
                    if (sec > 0) {
                        gbs.add(c.sizeBytes() * c.threads() / sec / 1e9);
                    }
                }
                if (gbs.isEmpty()) {
                    return "no figure";
                }
                java.util.Collections.sort(gbs);
                double median = gbs.size() % 2 == 1 ? gbs.get(gbs.size() / 2)
                        : (gbs.get(gbs.size() / 2 - 1) + gbs.get(gbs.size() / 2)) / 2;
                return String.format(Locale.ROOT, "%7.3f GB/s (%.3f-%.3f, %d iterations)%s", median, gbs.get(0),
                        gbs.get(gbs.size() - 1), gbs.size(), hw ? ", hardware counters on: not a throughput figure" : "");
            }
        }
        return "no result (see the line above and jmh-output.log)";
    }

    /** Seconds per operation from a JMH average-time score. */
    private static double secondsPerOp(double score, String unit) {
        return switch (unit) {
            case "ns/op" -> score / 1e9;
            case "us/op" -> score / 1e6;
            case "ms/op" -> score / 1e3;
            case "s/op" -> score;
            default -> -1;
        };
    }

    private static long lines(Path file) {
        try (java.util.stream.Stream<String> s = Files.lines(file)) {
            return s.count();
        } catch (IOException e) {
            return 0;
        }
    }

    /** How many outcomes of each kind (skipped, failed, crashed) the forks and the runner recorded. */
    static Map<String, Integer> outcomeCounts(Path file) {
        Map<String, Integer> m = new java.util.TreeMap<>();
        if (!Files.exists(file)) {
            return m;
        }
        try {
            for (String line : Files.readAllLines(file)) {
                String kind = JSON.readTree(line).path("outcome").asText("?");
                m.merge(kind, 1, Integer::sum);
            }
        } catch (IOException e) {
            m.merge("unreadable", 1, Integer::sum);
        }
        return m;
    }

    /**
     * What the run can know before forking, checked once: the chunk and pipe size each path will ask for
     * (F_SETPIPE_SZ above fs.pipe-max-size needs CAP_SYS_RESOURCE), a remote sink that answers, and free
     * space in the data folder for the largest source plus its destination file.
     */
    static void checkBeforeForking(List<Combo> combos, FileSystemInfo dataFs) {
        long largest = 0;
        boolean anyFile = false;
        java.util.Set<InetSocketAddress> sinks = new java.util.LinkedHashSet<>();
        for (Combo c : combos) {
            Map<String, String> p = c.params();
            long chunk = Params.size("chunk", p.getOrDefault("chunk", "64KiB"));
            long pipe = Params.size("pipeSize", p.getOrDefault("pipeSize", "0"));
            try {
                io.zcbench.harness.path.PathOptions.of(chunk, pipe);
            } catch (UsageException e) {
                throw new UsageException("parameter " + (pipe > 0 ? "pipeSize=" + p.get("pipeSize") : "chunk=" + p.get("chunk"))
                        + ": " + e.getMessage());
            }
            if (p.get("path") != null && io.zcbench.harness.path.CopyPaths.byId(p.get("path")).model().usesPipe()) {
                long want = pipe == 0 ? chunk : pipe;
                String problem = io.zcbench.harness.path.PathOptions.pipeSizeProblem(want);
                if (problem != null) {
                    throw new UsageException("parameter " + (pipe == 0 ? "chunk=" + p.get("chunk") + " (the pipe size when pipeSize=0)"
                            : "pipeSize=" + p.get("pipeSize")) + ": " + problem);
                }
            }
            largest = Math.max(largest, Params.size("size", p.getOrDefault("size", "64MiB")) * c.threads());
            anyFile |= c.benchmark().endsWith("ToFile.transfer");
            InetSocketAddress s = Params.sink(p.get("sink"));
            if (s != null) {
                sinks.add(s);
            }
        }
        dataFs.requireFree(anyFile ? 2 * largest : largest, "the largest source file" + (anyFile ? " and its destination" : ""));
        for (InetSocketAddress s : sinks) {
            try {
                io.zcbench.harness.sink.SinkConnection.connect(s, Duration.ofSeconds(5), null).close();
            } catch (IOException | RuntimeException e) {
                throw new UsageException("parameter sink=" + HostPort.format(s) + ": no zcbench sink answers there ("
                        + e.getMessage() + "); start one with 'zcbench sink --listen " + HostPort.format(s) + "'");
            }
        }
    }

    /** How many round-robin rounds: the preset's forks when it interleaves and the user set no -f. */
    static int rounds(Preset preset, CommandLineOptions user) {
        return preset.interleaved() && !user.getForkCount().hasValue() ? Math.max(1, preset.forks()) : 1;
    }

    /** The preset's grids, restricted by the user's -p values and benchmark filter, with -t replacing threads. */
    static List<Combo> combos(Preset preset, CommandLineOptions user) {
        List<Pattern> includes = new ArrayList<>();
        for (String regex : user.getIncludes()) {
            try {
                includes.add(Pattern.compile(regex));
            } catch (java.util.regex.PatternSyntaxException e) {
                throw new UsageException("benchmark filter '" + regex + "' is not a regular expression: "
                        + e.getDescription() + " (e.g. ToSocket, or 'To(File|Socket)')");
            }
        }
        List<Integer> threads = user.getThreads().hasValue() ? List.of(user.getThreads().get()) : preset.threads();
        List<Combo> out = new ArrayList<>();
        for (Preset.Grid g : preset.grids()) {
            for (String bench : g.benchmarks()) {
                String full = PACKAGE + bench + ".transfer";
                if (!includes.isEmpty() && includes.stream().noneMatch(p -> p.matcher(full).find())) {
                    continue;
                }
                Map<String, List<String>> grid = new LinkedHashMap<>(g.params());
                for (String k : KNOWN_PARAMS) {
                    Optional<Collection<String>> v = user.getParameter(k);
                    if (v.hasValue()) {
                        grid.put(k, new ArrayList<>(v.get()));
                    }
                }
                List<Map<String, String>> product = new ArrayList<>();
                product.add(new LinkedHashMap<>());
                for (Map.Entry<String, List<String>> e : grid.entrySet()) {
                    if (!appliesTo(bench, e.getKey())) {
                        continue;
                    }
                    List<Map<String, String>> next = new ArrayList<>();
                    for (Map<String, String> p : product) {
                        for (String v : e.getValue()) {
                            Map<String, String> m = new LinkedHashMap<>(p);
                            m.put(e.getKey(), v);
                            next.add(m);
                        }
                    }
                    product = next;
                }
                for (Map<String, String> p : product) {
                    if (!pathWritesTo(p.get("path"), bench)) {
                        continue; // the catalogue says this path cannot write there (copy-file-range to a socket)
                    }
                    if (appliesTo(bench, "cc")) {
                        resolveCongestion(p);
                    }
                    for (int t : threads) {
                        Combo c = new Combo(full, p, t);
                        if (!out.contains(c)) { // grids that overlap after -p narrowing give the same benchmark once
                            out.add(c);
                        }
                    }
                }
            }
        }
        return out;
    }

    /**
     * {@code cc=auto} (or unset) becomes the algorithm it chooses before forking, so the results name what
     * ran ({@code cc=cubic}, or {@code cc=system} for the system default); the reason goes to env.json.
     */
    static void resolveCongestion(Map<String, String> p) {
        String cc = p.getOrDefault("cc", Congestion.AUTO);
        if (cc.equals(Congestion.AUTO)) {
            boolean local = Params.sink(p.get("sink")) == null;
            Congestion choice = Params.cc(cc, local);
            p.put("cc", choice.setting() == null ? Congestion.SYSTEM : choice.setting());
        }
    }

    /** What the run's socket benchmarks use and why, for env.json (null when none goes to a socket). */
    static ObjectNode congestionFacts(List<Combo> combos) {
        for (Combo c : combos) {
            if (!c.benchmark().endsWith("ToSocket.transfer")) {
                continue;
            }
            boolean local = Params.sink(c.params().get("sink")) == null;
            Congestion auto = Congestion.choose(Congestion.AUTO, local);
            Congestion used = Congestion.choose(c.params().get("cc"), local);
            ObjectNode n = JSON.createObjectNode();
            n.put("param", c.params().get("cc"));
            n.put("inForce", used.inForce());
            n.put("pacing", used.pacing());
            n.put("why", used.requested().equals(Congestion.SYSTEM) || !used.requested().equals(auto.setting())
                    ? used.why() : auto.why());
            n.put("systemDefault", Congestion.systemDefault());
            return n;
        }
        return null;
    }

    /** Whether the path's catalogue entry lists the benchmark's destination; unknown ids pass on to validation. */
    static boolean pathWritesTo(String pathId, String bench) {
        if (pathId == null) {
            return true;
        }
        try {
            io.zcbench.harness.endpoint.Destination d = bench.equals("ToFile") ? io.zcbench.harness.endpoint.Destination.FILE
                    : io.zcbench.harness.endpoint.Destination.SOCKET;
            return io.zcbench.harness.path.CopyPaths.byId(pathId).destinations().contains(d);
        } catch (UsageException e) {
            return true;
        }
    }

    /** Which benchmark takes which parameter (sockets have a sink, files a sync mode). */
    static boolean appliesTo(String bench, String param) {
        return switch (param) {
            case "sink", "drain", "cc" -> !bench.equals("ToFile");
            case "sync" -> bench.equals("ToFile");
            case "counters" -> bench.equals("CountersOverhead");
            case "limit", "hot", "hotRate" -> bench.equals("LargeFile");
            default -> true;
        };
    }

    static final List<String> KNOWN_PARAMS = List.of("path", "impl", "size", "chunk", "cache", "dir", "pipeSize", "depth", "sink",
            "drain", "cc", "sync", "counters", "pin", "limit", "hot", "hotRate");

    /** JMH's parser keeps -p keys to itself; read them from the arguments to catch a misspelt one. */
    static void checkParamNames(List<String> jmhArgs) {
        for (int i = 0; i < jmhArgs.size() - 1; i++) {
            if (jmhArgs.get(i).equals("-p")) {
                String key = jmhArgs.get(i + 1).split("=", 2)[0];
                if (!KNOWN_PARAMS.contains(key)) {
                    throw new UsageException("unknown parameter -p " + key + "; the benchmarks take: "
                            + String.join(", ", KNOWN_PARAMS));
                }
            }
        }
    }

    /** Every parameter value is checked before any JVM is forked; an error names the parameter. */
    static void validate(List<Combo> combos) {
        List<String> known = KNOWN_PARAMS;
        for (Combo c : combos) {
            for (Map.Entry<String, String> e : c.params().entrySet()) {
                String v = e.getValue();
                switch (e.getKey()) {
                    case "path" -> Params.path(v);
                    case "size", "chunk", "pipeSize", "hot" -> Params.size(e.getKey(), v);
                    case "limit" -> {
                        if (!v.equals("none")) {
                            Params.size("limit", v);
                        }
                    }
                    case "hotRate" -> {
                        if (!v.equals("max") && Params.count("hotRate", v) <= 0) {
                            throw new UsageException("parameter hotRate=" + v + ": MB/s above 0, or max");
                        }
                    }
                    case "depth" -> new io.zcbench.harness.path.PathOptions(64 * 1024, 0, false, Params.count("depth", v));
                    case "cache" -> Params.cache(v);
                    case "drain" -> Params.drain(v);
                    case "sync" -> Params.sync(v);
                    case "sink" -> Params.sink(v);
                    case "cc" -> Params.cc(v, Params.sink(c.params().get("sink")) == null);
                    case "impl" -> Params.impl(v);
                    case "pin" -> io.zcbench.benchmarks.PinState.decide(v, c.threads(), Runtime.getRuntime().availableProcessors(), true);
                    case "counters" -> {
                        if (!List.of("off", "on", "all").contains(v)) {
                            throw new UsageException("parameter counters=" + v + ": choose off, on or all");
                        }
                    }
                    case "dir" -> {
                        if (!v.isEmpty()) {
                            FileSystemInfo.of(Path.of(v), "parameter dir");
                        }
                    }
                    default -> throw new UsageException("unknown parameter " + e.getKey() + "; the benchmarks take: "
                            + String.join(", ", known));
                }
            }
            if (c.threads() < 1) {
                throw new UsageException("-t must be at least 1");
            }
        }
    }

    static Duration estimate(Preset preset, CommandLineOptions user, List<Combo> combos) {
        int forks = user.getForkCount().orElse(preset.forks());
        int wi = user.getWarmupIterations().orElse(preset.warmupIterations());
        int mi = user.getMeasurementIterations().orElse(preset.measurementIterations());
        TimeValue w = user.getWarmupTime().orElse(preset.warmupTime());
        TimeValue r = user.getMeasurementTime().orElse(preset.measurementTime());
        // Per iteration about 0.08 s beyond its time (the counted operation, the last operation's overrun); per fork
        // 1.85 s (JVM start, heap pre-touch, sink process, setup). Fitted to quick runs: 26 benchmarks x 2 forks x
        // 10 iterations in 4m19s.
        double perFork = wi * (w.convertTo(java.util.concurrent.TimeUnit.MILLISECONDS) / 1000.0 + 0.08)
                + mi * (r.convertTo(java.util.concurrent.TimeUnit.MILLISECONDS) / 1000.0 + 0.08) + 1.85
                + (preset.zcOptions().contains("copies=true") ? 0.25 : 0); // the copy ledger: kernel symbols, one sampled operation
        double total = 0;
        java.util.Set<Long> sizes = new java.util.HashSet<>();
        for (Combo c : combos) {
            // The forks share one source file per size: it is created and fsync'ed once.
            double fixture = sizes.add(c.sizeBytes()) ? c.sizeBytes() / 400e6 : 0;
            total += Math.max(1, forks) * perFork + fixture + 0.3;
        }
        return Duration.ofSeconds((long) Math.ceil(total));
    }

    private ChainedOptionsBuilder base(Preset preset, CommandLineOptions user) {
        ChainedOptionsBuilder b = new OptionsBuilder().parent(user);
        if (!user.getForkCount().hasValue()) {
            b.forks(preset.forks());
        }
        if (!user.getWarmupIterations().hasValue()) {
            b.warmupIterations(preset.warmupIterations());
        }
        if (!user.getWarmupTime().hasValue()) {
            b.warmupTime(preset.warmupTime());
        }
        if (!user.getMeasurementIterations().hasValue()) {
            b.measurementIterations(preset.measurementIterations());
        }
        if (!user.getMeasurementTime().hasValue()) {
            b.measurementTime(preset.measurementTime());
        }
        return b;
    }

    private Options options(Combo c, Preset preset, CommandLineOptions user, Path dir, Path dataDir, boolean hw,
                            boolean oneForkPerRound) {
        ChainedOptionsBuilder b = base(preset, user)
                .include("^" + Pattern.quote(c.benchmark()) + "$")
                .threads(c.threads())
                .shouldFailOnError(false)
                .forks(oneForkPerRound ? 1 : user.getForkCount().orElse(preset.forks()))
                .jvmArgsAppend(forkJvmFlags(user, dir, dataDir).toArray(new String[0]));
        boolean overhead = c.benchmark().endsWith("CountersOverhead.transfer");
        boolean userZc = overhead || user.getProfilers().stream().anyMatch(p -> p.getKlass().equals("zc")
                || p.getKlass().endsWith("ZcProfiler"));
        if (hw) {
            b.addProfiler("zc", "hw=true");
        } else if (!userZc) {
            b.addProfiler("zc", preset.zcOptions());
        }
        c.params().forEach((k, v) -> b.param(k, v));
        return b.build();
    }

    /** The property that tells forks whose shared source files to use ({@code SourceFile.shared}). */
    public static final String SHARED_FIXTURES = "zcbench.fixtureOwner";

    /** Flags for each forked benchmark JVM: a pre-touched heap, where to record outcomes and keep data. */
    static List<String> forkJvmFlags(CommandLineOptions user, Path dir, Path dataDir) {
        List<String> flags = new ArrayList<>();
        if (user.getJvmArgsAppend().hasValue()) {
            flags.addAll(user.getJvmArgsAppend().get());
        } else {
            flags.addAll(List.of("-Xms512m", "-Xmx512m", "-XX:+AlwaysPreTouch"));
        }
        flags.add("--enable-native-access=ALL-UNNAMED"); // libzcbench: no restricted-method warning on JDK 22+
        flags.add("-D" + Outcomes.PROPERTY + "=" + dir.resolve("outcomes.jsonl"));
        flags.add("-Dzcbench.dir=" + dataDir);
        flags.add("-D" + SHARED_FIXTURES + "=" + ProcessHandle.current().pid()); // forks share the source files
        return flags;
    }

    private static Path dataDir(List<Combo> combos) {
        for (Combo c : combos) {
            String d = c.params().get("dir");
            if (d != null && !d.isEmpty()) {
                return Path.of(d).toAbsolutePath();
            }
        }
        return Path.of(System.getProperty("zcbench.dir", System.getProperty("java.io.tmpdir"))).toAbsolutePath();
    }

    private static InetSocketAddress sinkOf(List<Combo> combos) {
        for (Combo c : combos) {
            InetSocketAddress a = Params.sink(c.params().get("sink"));
            if (a != null) {
                return a;
            }
        }
        return null;
    }

    private static Path projectRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve(".git"))) {
            p = p.getParent();
        }
        return p;
    }

    private static final Object WRITING = new Object();
    private static volatile boolean stopping;

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort while the JVM exits
        }
    }

    static void writeResults(Path target, List<RunResult> results) throws IOException {
        synchronized (WRITING) {
            if (!stopping) {
                writeResultsNow(target, results);
            }
        }
    }

    private static void writeResultsNow(Path target, List<RunResult> results) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (PrintStream ps = new PrintStream(Files.newOutputStream(tmp), true, StandardCharsets.UTF_8)) {
            ResultFormatFactory.getInstance(ResultFormatType.JSON, ps).writeOut(results);
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private void writeUserFormat(CommandLineOptions user, List<RunResult> results) throws IOException {
        if (user.getResultFormat().hasValue() || user.getResult().hasValue()) {
            ResultFormatType type = user.getResultFormat().orElse(ResultFormatType.CSV);
            String file = user.getResult().orElse("jmh-result." + type.toString().toLowerCase(Locale.ROOT));
            ResultFormatFactory.getInstance(type, file).writeOut(results);
            out.println("zcbench run: also wrote " + file + " (" + type + ")");
        }
    }

    private static void finish(ObjectNode env, Path dir, int done, int total, String status) {
        ObjectNode run = (ObjectNode) env.get("run");
        run.put("end", Instant.now().toString());
        run.put("status", status);
        run.put("benchmarksFinished", done);
        run.put("benchmarksPlanned", total);
        try {
            writeJson(dir.resolve("env.json"), env);
        } catch (IOException e) {
            System.err.println("zcbench run: cannot update env.json: " + e.getMessage());
        }
    }

    static void writeJson(Path target, ObjectNode node) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(tmp, JSON.writeValueAsString(node) + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private void report(Path reportJar, Path dir) {
        if (reportJar == null) {
            return;
        }
        if (!Files.isRegularFile(reportJar)) {
            out.println("zcbench run: no report: " + reportJar + " is not built (mvn -B package builds it)");
            return;
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try {
            Process p = new ProcessBuilder(java, "-jar", reportJar.toString(), "report", dir.toString()).inheritIO().start();
            if (p.waitFor() != 0) {
                out.println("zcbench run: the report step failed (exit " + p.exitValue() + "); the results are complete");
            }
        } catch (IOException e) {
            out.println("zcbench run: cannot start the report step: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }

    /** Only for Summary: the result's byte count per op from its params. */
    static long bytes(RunResult r) {
        String size = r.getParams().getParam("size");
        return size == null ? 0 : Sizes.parse(size);
    }
}
