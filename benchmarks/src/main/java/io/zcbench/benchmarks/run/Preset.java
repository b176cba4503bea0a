package io.zcbench.benchmarks.run;

import io.zcbench.harness.UsageException;
import io.zcbench.harness.endpoint.Destination;
import io.zcbench.harness.path.CopyPaths;
import io.zcbench.harness.path.PathInfo;
import io.zcbench.harness.sink.ReceiveMethod;

import org.openjdk.jmh.runner.options.TimeValue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A named set of benchmark runs: groups of parameter grids (each grid a cartesian product) and the
 * JMH settings to run them with. Every preset turns the zc counters profiler on.
 */
public record Preset(String name, String description, List<Grid> grids, Schedule schedule) {

    /**
     * How a preset's benchmarks run, declared by name: {@code Schedule.forks(5).warmup(1, ms(200)).measure(2, ms(200))
     * .inRounds().profiler("ops=1").c1Only()}. Forks per benchmark; warm-up and measured iterations with their time;
     * the thread counts; whether forks run in rounds over all benchmarks (interleaved) or each benchmark's back to back;
     * the zc profiler's options; whether forks run C1 only ({@link #C1_ONLY}).
     */
    public record Schedule(int forks, int warmupIterations, TimeValue warmupTime, int measurementIterations,
                           TimeValue measurementTime, List<Integer> threads, boolean interleaved, String zcOptions,
                           boolean c1Forks) {
        /** {@code n} forks per benchmark, one thread, no iterations yet, back to back, the profiler's defaults, C2. */
        public static Schedule forks(int n) {
            return new Schedule(n, 0, TimeValue.seconds(1), 0, TimeValue.seconds(1), List.of(1), false, "", false);
        }

        public Schedule warmup(int iterations, TimeValue time) {
            return new Schedule(forks, iterations, time, measurementIterations, measurementTime, threads, interleaved,
                    zcOptions, c1Forks);
        }

        public Schedule measure(int iterations, TimeValue time) {
            return new Schedule(forks, warmupIterations, warmupTime, iterations, time, threads, interleaved, zcOptions,
                    c1Forks);
        }

        public Schedule threads(Integer... counts) {
            return new Schedule(forks, warmupIterations, warmupTime, measurementIterations, measurementTime,
                    List.of(counts), interleaved, zcOptions, c1Forks);
        }

        /** Forks in rounds over all benchmarks, each round in random order, rather than each benchmark's back to back. */
        public Schedule inRounds() {
            return new Schedule(forks, warmupIterations, warmupTime, measurementIterations, measurementTime, threads, true,
                    zcOptions, c1Forks);
        }

        /** The zc profiler's options ("ops=1;copies=true"). */
        public Schedule profiler(String options) {
            return new Schedule(forks, warmupIterations, warmupTime, measurementIterations, measurementTime, threads,
                    interleaved, options, c1Forks);
        }

        /** Forks run C1 only ({@link #C1_ONLY}). */
        public Schedule c1Only() {
            return new Schedule(forks, warmupIterations, warmupTime, measurementIterations, measurementTime, threads,
                    interleaved, zcOptions, true);
        }
    }

    public int forks() {
        return schedule.forks();
    }

    public int warmupIterations() {
        return schedule.warmupIterations();
    }

    public TimeValue warmupTime() {
        return schedule.warmupTime();
    }

    public int measurementIterations() {
        return schedule.measurementIterations();
    }

    public TimeValue measurementTime() {
        return schedule.measurementTime();
    }

    public List<Integer> threads() {
        return schedule.threads();
    }

    public boolean interleaved() {
        return schedule.interleaved();
    }

    public String zcOptions() {
        return schedule.zcOptions();
    }

    public boolean c1Forks() {
        return schedule.c1Forks();
    }

    /**
     * Why a preset's forks may run C1 only ({@code c1Forks}): with C2 the JIT keeps compiling for about a second into a
     * fork, on the CPU the benchmark runs on, so a preset with a 0.2 s warm-up (quick, receive, smoke) would measure the
     * compiler; with C1 alone compiling ends within the warm-up. The presets with warm-ups of a second or more run the
     * JVM users run, C2 included. Either way the flag is in env.json's forkJvmFlags.
     */
    public static final String C1_ONLY = "-XX:TieredStopAtLevel=1";

    /**
     * The main job's time for its forks: with the build (about 40 s on a fresh clone here), the shared sinks' start and
     * the report (about 10 s), the main job stays within about 5 minutes whatever a host's fork costs (255 s of forks
     * made a main job of 4m37s here); the forks go where the intervals are widest ({@link Budget}).
     */
    public static final java.time.Duration QUICK_BUDGET = java.time.Duration.ofSeconds(270);

    /** One benchmark family and a grid of parameter values. */
    /** Benchmarks and parameter values; {@code forks} their own fork count where it is smaller than the preset's (0: the preset's). */
    public record Grid(List<String> benchmarks, Map<String, List<String>> params, int forks) {
        public Grid(List<String> benchmarks, Map<String, List<String>> params) {
            this(benchmarks, params, 0);
        }
    }

    static final List<String> BOTH = List.of("ToSocket", "ToFile");
    static final List<String> ALL_PATHS = CopyPaths.ids();
    /** The receive methods beside the default splice that the quick preset measures with one sending path. */
    static final String RECEIVE_METHODS = "copy,trunc,zerocopy-receive,io-uring-recv";

    private static TimeValue ms(long millis) {
        return TimeValue.milliseconds(millis);
    }

    private static Map<String, List<String>> params(String... kv) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], List.of(kv[i + 1].split(",")));
        }
        return m;
    }

    public static Preset named(String name) {
        String paths = String.join(",", ALL_PATHS);
        String cached = String.join(",", CopyPaths.all().stream().filter(p -> !p.needsODirect())
                .map(PathInfo::id).toList());
        String direct = String.join(",", CopyPaths.all().stream()
                .filter(PathInfo::needsODirect).map(PathInfo::id).toList());
        String chunked = String.join(",", CopyPaths.all().stream()
                .filter(p -> p.model().usesChunk()).map(PathInfo::id).toList());
        String socketPaths = String.join(",", CopyPaths.all().stream()
                .filter(p -> p.destinations().contains(Destination.SOCKET))
                .map(PathInfo::id).toList());
        // zcbench's own paths, and the framework paths (Netty's), which pair with their raw baseline, not a native twin
        String own = String.join(",", CopyPaths.all().stream().filter(p -> p.framework() == null).map(PathInfo::id).toList());
        String frameworks = String.join(",", CopyPaths.all().stream().filter(p -> p.framework() != null).map(PathInfo::id).toList());
        int n = (int) CopyPaths.all().stream().filter(p -> p.framework() == null).count();
        int nf = ALL_PATHS.size() - n;
        return switch (name) {
            case "quick" -> new Preset("quick",
                    "all " + n + " paths to each destination they support (socket, file), each with its native twin alternating in the same fork (impl=paired); 64 MiB warm; "
                            + "forks in rounds over all benchmarks, each round in random order: 2 rounds, then as many whole rounds as fit "
                            + "in a budget of " + QUICK_BUDGET.toSeconds() + " s of forks (--budget), the last partial round "
                            + "for the widest intervals (-f N: N forks instead); 1 x 0.2 s warmup, 2 x 0.2 s measurement, 1 counted operation per iteration "
                            + "and 1 sampled for the copy ledger in the first iteration of the first two forks; the " + nf + " framework paths "
                            + "(Netty) to a socket, each with its raw baseline alternating in the same fork; and transfer-to to a "
                            + "socket with each other receive method (" + RECEIVE_METHODS + ")",
                    List.of(new Grid(BOTH, params("path", own, "impl", "paired", "size", "64MiB", "cache", "warm")),
                            // Netty ÷ raw has its interval from the paired iterations (4 pairs in 2 forks); 2 forks keep the
                            // main job near 5 min (5 forks each took it to 6m49s); the frameworks preset measures them with 5
                            new Grid(List.of("ToSocket"), params("path", frameworks, "impl", "paired", "size", "64MiB", "cache",
                                    "warm"), 2),
                            // the receiving end: one sending path with every other receive method (splice is above); 2 forks
                            // (the receiver's counted figures vary little between forks), so the main job stays near 5 min
                            new Grid(List.of("ToSocket"), params("path", "transfer-to", "impl", "java", "size", "64MiB", "cache",
                                    "warm", "receive", RECEIVE_METHODS), 2)),
                    // 2 measured iterations: the fork is the sample (its iterations agree); a third cost the main job
                    // 31 s with Netty's paths in it
                    Schedule.forks(5).warmup(1, ms(200)).measure(2, ms(200)).inRounds().profiler("ops=1;copies=true").c1Only());
            case "full" -> new Preset("full",
                    "sizes 4 KiB to 1 GiB warm and cold with 1 and 2 threads, then chunk sizes 4 KiB to 1 MiB at 64 MiB, "
                            + "then every native twin at 1 MiB and 64 MiB warm; 2 forks round-robin, 3 x 1 s warmup, 5 x 2 s measurement",
                    // Paths that bypass the page cache (O_DIRECT) run once per size: warm and cold are the same to them.
                    List.of(new Grid(BOTH, params("path", cached, "impl", "java", "size", "4KiB,64KiB,1MiB,16MiB,256MiB,1GiB",
                                    "cache", "warm,cold")),
                            new Grid(BOTH, params("path", direct, "impl", "java", "size", "4KiB,64KiB,1MiB,16MiB,256MiB,1GiB",
                                    "cache", "cold")),
                            new Grid(BOTH, params("path", chunked, "impl", "java", "size", "64MiB", "cache", "warm",
                                    "chunk", "4KiB,16KiB,256KiB,1MiB")),
                            new Grid(BOTH, params("path", paths, "impl", "paired", "size", "1MiB,64MiB", "cache", "warm"))),
                    Schedule.forks(2).warmup(3, TimeValue.seconds(1)).measure(5, TimeValue.seconds(2)).threads(1, 2).inRounds()
                            .profiler("copies=true"));
            case "overhead" -> new Preset("overhead",
                    "counters off, on (the profiler's way: counted operations after each iteration, untimed) and all (every timed operation counted), in one run: traditional and transfer-to, 64 MiB "
                            + "warm to a socket; 6 forks, 2 x 1 s warmup, 6 x 1 s measurement",
                    List.of(new Grid(List.of("CountersOverhead"), params("path", "traditional,transfer-to", "impl", "java", "size", "64MiB",
                            "cache", "warm", "counters", "off,on,all"))),
                    Schedule.forks(6).warmup(2, TimeValue.seconds(1)).measure(6, TimeValue.seconds(1)).inRounds());
            case "large" -> new Preset("large",
                    "the large-file question: a 1 GiB cold file to a socket from a fork in a 256 MiB memory cgroup while a second "
                            + "thread reads a 64 MiB hot set, every path that sends to a socket; o-direct and io-uring-direct again "
                            + "with 1 MiB chunks; then traditional, transfer-to and io-uring-direct without the cgroup (the control: the file fits); 1 fork, 1 warmup + 6 measured "
                            + "operations (one per iteration: the median and its interval need 6), 1 counted operation per iteration",
                    List.of(new Grid(List.of("LargeFile"), params("path", socketPaths, "impl", "java", "size", "1GiB", "cache", "cold",
                                    "limit", "256MiB", "hot", "64MiB")),
                            new Grid(List.of("LargeFile"), params("path", "o-direct,io-uring-direct", "impl", "java", "size", "1GiB", "cache", "cold",
                                    "limit", "256MiB", "hot", "64MiB", "chunk", "1MiB")),
                            new Grid(List.of("LargeFile"), params("path", "traditional,transfer-to,io-uring-direct", "impl", "java", "size", "1GiB",
                                    "cache", "cold", "limit", "none", "hot", "64MiB"))),
                    Schedule.forks(1).warmup(1, TimeValue.seconds(1)).measure(6, TimeValue.seconds(1)).profiler("ops=1"));
            case "frameworks" -> new Preset("frameworks",
                    "what a framework's zero-copy costs on top of the kernel's: the " + nf + " framework paths (Netty's FileRegion over "
                            + "epoll and io_uring, and its ByteBuf copy) to a socket, each with its raw baseline alternating in the "
                            + "same fork (impl=paired: framework ÷ raw), 64 KiB, 1 MiB and 64 MiB warm; 5 forks in random rounds, "
                            + "3 x 0.5 s warmup (C2 compiles the framework's code before anything is measured), 5 x 0.2 s measurement",
                    List.of(new Grid(List.of("ToSocket"), params("path", frameworks, "impl", "paired", "size", "64KiB,1MiB,64MiB",
                            "cache", "warm"))),
                    Schedule.forks(5).warmup(3, ms(500)).measure(5, ms(200)).inRounds().profiler("ops=1;copies=true"));
            case "receive" -> new Preset("receive",
                    "the receiving end as a dimension: transfer-to, traditional and msg-zerocopy to a socket, 64 MiB warm, with "
                            + "every receive method the sink has (copy, splice, trunc, zerocopy-receive, io-uring-zcrx where it "
                            + "can run), each asking for at most 1 MiB per call; then transfer-to again with a receive low-water "
                            + "mark of 256 KiB (rcvlowat, SO_RCVLOWAT); the sink counts its receiving thread in the counted "
                            + "operations; 5 forks in random rounds",
                    List.of(new Grid(List.of("ToSocket"), params("path", "transfer-to,traditional,msg-zerocopy", "impl", "java",
                                    "size", "64MiB", "cache", "warm", "receive", ReceiveMethod.ids())),
                            new Grid(List.of("ToSocket"), params("path", "transfer-to", "impl", "java", "size", "64MiB", "cache",
                                    "warm", "receive", "copy,splice,trunc,zerocopy-receive", "rcvlowat", "256KiB"))),
                    Schedule.forks(5).warmup(1, ms(200)).measure(3, ms(200)).inRounds().profiler("ops=1").c1Only());
            case "java-next" -> new Preset("java-next",
                    "Java's newer I/O as dimensions, forks on JDK 22+ (--jvm): transfer-to, traditional, mmap-write and splice "
                            + "on a platform and on a virtual thread (one carrier), each paired with its native twin; splice, "
                            + "vmsplice and copy-file-range with their kernel calls through FFM, each paired with the same path "
                            + "through JNI (impl=ffm: FFM ÷ JNI); 64 MiB warm to each destination; 5 forks in random rounds, "
                            + "3 x 0.5 s warmup (C2), 5 x 0.2 s measurement",
                    List.of(new Grid(BOTH, params("path", "transfer-to,traditional,mmap-write,splice", "impl", "paired",
                                    "thread", "platform,virtual", "size", "64MiB", "cache", "warm")),
                            new Grid(BOTH, params("path", "splice,vmsplice,copy-file-range", "impl", "ffm", "size", "64MiB",
                                    "cache", "warm"))),
                    Schedule.forks(5).warmup(3, ms(500)).measure(5, ms(200)).inRounds().profiler("ops=1"));
            case "smoke" -> new Preset("smoke",
                    "every path x destination once, paired with its native twin (or a framework path's raw baseline), 256 KiB warm, and transfer-to with each other "
                            + "receive method, one 100 ms iteration: proves the suite runs, measures nothing",
                    List.of(new Grid(BOTH, params("path", paths, "impl", "paired", "size", "256KiB", "cache", "warm")),
                            new Grid(List.of("ToSocket"), params("path", "transfer-to", "impl", "java", "size", "256KiB", "cache",
                                    "warm", "receive", RECEIVE_METHODS))),
                    Schedule.forks(1).warmup(0, ms(100)).measure(1, ms(100)).c1Only());
            default -> throw new UsageException("unknown preset '" + name + "'; choose quick, full, large, overhead, receive, frameworks, java-next or smoke");
        };
    }
}
