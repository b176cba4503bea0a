package io.zcbench.benchmarks.run;

import io.zcbench.benchmarks.Params;
import io.zcbench.benchmarks.PinState;
import io.zcbench.harness.UsageException;
import io.zcbench.harness.path.Impl;
import io.zcbench.harness.path.ThreadKind;
import io.zcbench.harness.endpoint.Destination;
import io.zcbench.harness.fixture.FileSystemInfo;
import io.zcbench.harness.path.CopyPaths;
import io.zcbench.harness.path.PathOptions;
import io.zcbench.harness.sink.Congestion;
import io.zcbench.harness.sink.HostPort;
import io.zcbench.harness.sink.SinkConnection;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Optional;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The planning room of {@code zcbench run}: which benchmarks a preset and the user's JMH options make (the grid), every
 * parameter checked before any JVM is forked, what the machine can know up front (pipe sizes, free space, a remote
 * sink that answers), and how long it will take.
 */
final class Plan {
    private Plan() {
    }

    private static final String PACKAGE = "io.zcbench.benchmarks.";

    /**
     * What the run can know before forking, checked once: the chunk and pipe size each path will ask for
     * (F_SETPIPE_SZ above fs.pipe-max-size needs CAP_SYS_RESOURCE), a remote sink that answers, and free
     * space in the data folder for the largest source plus its destination file.
     */
    static void checkBeforeForking(List<Combo> combos, FileSystemInfo dataFs) {
        long largest = 0;
        boolean anyFile = false;
        Set<InetSocketAddress> sinks = new LinkedHashSet<>();
        for (Combo c : combos) {
            Map<String, String> p = c.params();
            long chunk = Params.size("chunk", p.getOrDefault("chunk", "64KiB"));
            long pipe = Params.size("pipeSize", p.getOrDefault("pipeSize", "0"));
            try {
                PathOptions.of(chunk, pipe);
            } catch (UsageException e) {
                throw new UsageException("parameter " + (pipe > 0 ? "pipeSize=" + p.get("pipeSize") : "chunk=" + p.get("chunk"))
                        + ": " + e.getMessage());
            }
            if (p.get("path") != null && CopyPaths.byId(p.get("path")).model().usesPipe()) {
                long want = pipe == 0 ? chunk : pipe;
                String problem = PathOptions.pipeSizeProblem(want);
                if (problem != null) {
                    throw new UsageException("parameter " + (pipe == 0 ? "chunk=" + p.get("chunk") + " (the pipe size when pipeSize=0)"
                            : "pipeSize=" + p.get("pipeSize")) + ": " + problem);
                }
            }
            largest = Math.max(largest, Params.size("size", p.getOrDefault("size", "64MiB")) * c.threads());
            anyFile |= Destination.ofBenchmark(c.benchmark()) == Destination.FILE;
            InetSocketAddress s = Params.sink(p.get("sink"));
            if (s != null) {
                sinks.add(s);
            }
        }
        dataFs.requireFree(anyFile ? 2 * largest : largest, "the largest source file" + (anyFile ? " and its destination" : ""));
        for (InetSocketAddress s : sinks) {
            try {
                SinkConnection.connect(s, Duration.ofSeconds(5), null).close();
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
            } catch (PatternSyntaxException e) {
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
                        Combo c = new Combo(full, p, t, g.forks());
                        if (out.stream().noneMatch(c::sameAs)) { // grids that overlap after -p narrowing give the same benchmark once
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
            ObjectNode n = JsonNodeFactory.instance.objectNode();
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
            return CopyPaths.byId(pathId).destinations().contains(Destination.ofBenchmark(bench));
        } catch (UsageException e) {
            return true;
        }
    }

    /** Which benchmark takes which parameter (sockets have a sink, files a sync mode). */
    static boolean appliesTo(String bench, String param) {
        return switch (param) {
            case "sink", "receive", "cc" -> Destination.ofBenchmark(bench) == Destination.SOCKET;
            case "sync" -> Destination.ofBenchmark(bench) == Destination.FILE;
            case "counters" -> bench.equals("CountersOverhead");
            case "limit", "hot", "hotRate" -> bench.equals("LargeFile");
            default -> true;
        };
    }

    static final List<String> KNOWN_PARAMS = List.of("path", "impl", "size", "chunk", "cache", "dir", "pipeSize", "depth", "sink",
            "receive", "rcvlowat", "cc", "sync", "counters", "pin", "limit", "hot", "hotRate", "thread");

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
    /** Runs a check of one parameter's value; its refusal names the parameter as the fork's would not. */
    private static void withKey(String key, String value, Runnable check) {
        try {
            check.run();
        } catch (UsageException e) {
            throw e.getMessage().startsWith("parameter ") ? e : new UsageException("parameter " + key + "=" + value + ": " + e.getMessage());
        }
    }

    static void validate(List<Combo> combos) {
        List<String> known = KNOWN_PARAMS;
        for (Combo c : combos) {
            for (Map.Entry<String, String> e : c.params().entrySet()) {
                String v = e.getValue();
                switch (e.getKey()) {
                    case "path" -> Params.path(v);
                    case "size", "hot" -> Params.size(e.getKey(), v);
                    // as the fork reads them (Sender): a chunk of 0, or one or a pipe past the most, is refused here too
                    case "chunk" -> withKey("chunk", v, () -> PathOptions.of(Params.size("chunk", v), 0));
                    case "pipeSize" -> withKey("pipeSize", v, () -> PathOptions.of(64 * 1024, Params.size("pipeSize", v)));
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
                    case "depth" -> new PathOptions(64 * 1024, 0, false, Params.count("depth", v));
                    case "cache" -> Params.cache(v);
                    case "receive" -> Params.receive(v);
                    case "rcvlowat" -> {
                        String refusal = Params.receive(c.params().getOrDefault("receive", "splice")).lowWaterRefusal();
                        if (Params.lowWater(v) > 0 && refusal != null) {
                            throw new UsageException("parameter rcvlowat=" + v + " with receive=io-uring-recv: " + refusal);
                        }
                    }
                    case "sync" -> Params.sync(v);
                    case "sink" -> Params.sink(v);
                    case "cc" -> Params.cc(v, Params.sink(c.params().get("sink")) == null);
                    case "impl" -> Params.impl(v);
                    case "thread" -> Params.thread(v);
                    case "pin" -> PinState.decide(v, c.threads(), Runtime.getRuntime().availableProcessors(), true);
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

    /**
     * thread=virtual needs forks on JDK 21 or later, impl=ffm on 22 or later: refused in one line before any fork when
     * the forks' JVM ({@code --jvm}, else the runner's) is older, rather than a skipped fork per benchmark.
     */
    static void checkForkJdk(List<Combo> combos, ForkJvm jvm) {
        boolean ffm = combos.stream().anyMatch(c -> Impl.FFM.id().equals(c.params().get("impl")));
        boolean virtual = combos.stream().anyMatch(c -> ThreadKind.VIRTUAL.id().equals(c.params().get("thread")));
        int need = ffm ? 22 : virtual ? 21 : 0;
        if (jvm.feature() < need) {
            throw new UsageException((ffm ? "impl=ffm (the FFM API) needs forks on JDK 22 or later"
                    : "thread=virtual needs forks on JDK 21 or later") + "; they would start on Java " + jvm.version() + " ("
                    + jvm.path() + "): add --jvm /usr/lib/jvm/temurin-25-jdk-amd64/bin/java (or another JDK " + need + "+)");
        }
    }

    static Duration estimate(Preset preset, CommandLineOptions user, List<Combo> combos) {
        return estimate(preset, user, combos, user.getForkCount().orElse(preset.forks()));
    }

    /** As {@link #estimate(Preset, CommandLineOptions, List)} with {@code forks} rounds (a budget's first rounds). */
    static Duration estimate(Preset preset, CommandLineOptions user, List<Combo> combos, int forks) {
        int wi = user.getWarmupIterations().orElse(preset.warmupIterations());
        int mi = user.getMeasurementIterations().orElse(preset.measurementIterations());
        TimeValue w = user.getWarmupTime().orElse(preset.warmupTime());
        TimeValue r = user.getMeasurementTime().orElse(preset.measurementTime());
        // Per iteration about 0.15 s beyond its time (the counted operation, the last operations' overrun: a paired
        // invocation is two operations); per fork 0.55 s (JVM start from the class archive, heap pre-touch, JMH's set-up,
        // connecting to the run's sink, the verification transfer). Fitted here to the receive preset (95 forks x 4
        // iterations in 3m13s) and the main job (1.76 s a fork of 2 iterations); 1.45 s before forks started from a class
        // archive and the host probe was built in 37 ms, which made the receive preset's estimate 5m21s.
        double perFork = wi * (w.convertTo(TimeUnit.MILLISECONDS) / 1000.0 + 0.15)
                + mi * (r.convertTo(TimeUnit.MILLISECONDS) / 1000.0 + 0.15) + 0.55
                + (preset.zcOptions().contains("copies=true") ? 0.1 : 0) // the copy ledger: kernel symbols, one sampled operation
                // C2 forks: the JIT compiles beside the set-up and the warm-up; fitted to java-next (105 forks on JDK 25
                // in 9m01s, 5.15 s a fork against 4.25 modelled without it)
                + (preset.c1Forks() ? 0 : 0.4);
        double total = 0;
        Set<Long> sizes = new HashSet<>();
        for (Combo c : combos) {
            if (Params.receive(c.params().getOrDefault("receive", "splice")).unsupportedReason() != null) {
                total += 0.6; // one fork that says why it is skipped
                continue;
            }
            // thread=virtual forks record JFR's pinned events: JFR's start-up
            double jfr = ThreadKind.VIRTUAL.id().equals(c.params().get("thread")) ? 0.3 : 0;
            // The forks share one source file per size: it is created and fsync'ed once.
            double fixture = sizes.add(c.sizeBytes()) ? c.sizeBytes() / 400e6 : 0;
            total += Math.max(1, user.getForkCount().hasValue() ? forks : c.forksIn(forks)) * (perFork + jfr) + fixture + 0.3;
        }
        return Duration.ofSeconds((long) Math.ceil(total));
    }

    static Path dataDir(List<Combo> combos) {
        for (Combo c : combos) {
            String d = c.params().get("dir");
            if (d != null && !d.isEmpty()) {
                return Path.of(d).toAbsolutePath();
            }
        }
        return Path.of(System.getProperty("zcbench.dir", System.getProperty("java.io.tmpdir"))).toAbsolutePath();
    }

    static InetSocketAddress sinkOf(List<Combo> combos) {
        for (Combo c : combos) {
            InetSocketAddress a = Params.sink(c.params().get("sink"));
            if (a != null) {
                return a;
            }
        }
        return null;
    }
}
