package io.zcbench.benchmarks.profile;

import io.zcbench.harness.counters.CounterConfig;
import io.zcbench.harness.counters.CounterMetrics;
import io.zcbench.harness.fixture.Sizes;
import io.zcbench.harness.nativeio.NativeLibrary;


import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.profile.ProfilerException;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * {@code -prof zc}: what each operation cost the sending thread — syscalls (and by name), mode
 * switches (derived), voluntary and involuntary context switches, CPU user/system per op and per
 * KiB, page faults, migrations, and with {@code hw=true} cycles and instructions per byte split
 * user/kernel. Counts come from perf_event_open on each benchmark thread (getrusage where refused,
 * or with {@code rusage=true}); a counter that could not be counted is NaN with the reason in its
 * unit, never 0. Also reports the source file's page-cache state seen by the iteration.
 *
 * <p>Timed operations are never counted: after each iteration every thread makes {@code ops} (default
 * 2) more transfers, prepared like timed ones (cold: evicted first), with the counters on, outside
 * the timed region. The timed operations pay only for registered but disabled tracepoints (about
 * 0.08 us per system call on this kind of VM, against 0.25 us enabled). {@code zc.counted.ops} says
 * how many operations the per-operation figures rest on.
 *
 * <p>Hardware counters slow loopback transfers on VMs, so with {@code hw=true} the run's time
 * figures are not throughput figures: {@code zc.hwCounters} = 1 marks such results, and the preset
 * runner takes them in a separate pass.
 */
public class ZcProfiler implements InternalProfiler {
    /** Operations counted per thread at the end of each iteration, outside the timed region. */
    public static final int DEFAULT_OPS = 2;

    private final CounterConfig config;
    private final int ops;

    /** For ServiceLoader discovery (JMH lists profilers this way); checks nothing. */
    public ZcProfiler() {
        this.config = CounterConfig.DEFAULT;
        this.ops = DEFAULT_OPS;
    }

    /** The options, as {@code -prof zc:help} prints them. */
    public static final String HELP = String.join("\n",
            "zc profiler options, separated by ';' (e.g. -prof zc:hw=true;ops=4):",
            "  hw=true|false      also count cycles and instructions, user/kernel (default false; opt-in: per-task",
            "                     hardware counters slow loopback transfers on VMs, so times are then not throughput figures)",
            "  rusage=true|false  count with getrusage(RUSAGE_THREAD) only, no perf_event_open (default false)",
            "  ops=N              operations each thread counts after each iteration, untimed (default " + DEFAULT_OPS + ")",
            "  copies=true|false  the copy ledger: CPU copies of the sending thread's kernel by site, from cpu-clock",
            "                     samples with kernel call chains in the counted operations (default false; root)",
            "  help               this text");

    /** Thrown for {@code zc:help}: the message is the help text, to print as it is. */
    public static final class HelpRequested extends ProfilerException {
        HelpRequested() {
            super(HELP);
        }
    }

    public ZcProfiler(String initLine) throws ProfilerException {
        boolean hw = false;
        boolean rusage = false;
        boolean copies = false;
        int ops = DEFAULT_OPS;
        for (String item : initLine == null ? new String[0] : initLine.split(";")) {
            String opt = item.trim();
            if (opt.isEmpty()) {
                continue;
            }
            if (opt.equals("help")) {
                throw new HelpRequested();
            }
            int eq = opt.indexOf('=');
            String key = eq < 0 ? opt : opt.substring(0, eq);
            String value = eq < 0 ? null : opt.substring(eq + 1);
            switch (key) {
                case "hw" -> hw = bool(key, value);
                case "rusage" -> rusage = bool(key, value);
                case "copies" -> copies = bool(key, value);
                case "ops" -> {
                    try {
                        ops = Integer.parseInt(value == null ? "" : value);
                    } catch (NumberFormatException e) {
                        throw new ProfilerException("zc profiler: ops=" + value + ": not a whole number (e.g. ops=4)");
                    }
                    if (ops < 1) {
                        throw new ProfilerException("zc profiler: ops=" + ops + ": must be at least 1");
                    }
                }
                default -> throw new ProfilerException("zc profiler: unknown option '" + key + "'; options: hw=true|false, "
                        + "rusage=true|false, ops=N, copies=true|false (-prof zc:help explains them)");
            }
        }
        if (!NativeLibrary.isAvailable()) {
            throw new ProfilerException("zc profiler needs libzcbench, which is unavailable: " + NativeLibrary.unavailableReason());
        }
        boolean forceRusage = rusage || "rusage".equals(System.getProperty("zcbench.counters"));
        this.config = new CounterConfig(!forceRusage, hw, copies);
        this.ops = ops;
    }

    private static boolean bool(String key, String value) throws ProfilerException {
        if ("true".equals(value)) {
            return true;
        }
        if ("false".equals(value)) {
            return false;
        }
        throw new ProfilerException("zc profiler: " + key + "=" + value + ": use " + key + "=true or " + key + "=false");
    }

    /** What this profiler counts with (for tests). */
    CounterConfig config() {
        return config;
    }

    int opsPerIteration() {
        return ops;
    }

    @Override
    public String getDescription() {
        return "zcbench: per-operation syscalls (by name), context switches, CPU, faults[, cycles] of the sending thread";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        // Warmup iterations open the counters (so every measured iteration pays the same small cost
        // of registered tracepoints) but count nothing: their results are discarded anyway.
        boolean warmup = iterationParams.getType() == org.openjdk.jmh.runner.IterationType.WARMUP;
        CounterRegistry.arm(config, warmup ? 0 : ops);
    }

    @Override
    @SuppressWarnings("rawtypes") // JMH's InternalProfiler signature
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                       IterationResult result) {
        CounterRegistry.disarm();
        CounterRegistry.Snapshot s = CounterRegistry.take();
        long bytes = bytesPerOp(benchmarkParams);
        List<ScalarResult> out = new ArrayList<>();
        // With the ledger on, only its iterations report it (the others sampled nothing, which is not a NaN).
        boolean noLedgerHere = config.copies() && s.totals().copies() == null && !s.totals().unavailable().containsKey("copies");
        for (CounterMetrics.Metric m : CounterMetrics.perOp(s.totals(), bytes)) {
            if (noLedgerHere && m.label().startsWith(CounterMetrics.PREFIX + "copies.")) {
                continue;
            }
            out.add(m.available() ? scalar(m.label(), m.value(), m.unit(), AggregationPolicy.AVG)
                    : scalar(m.label(), Double.NaN, CounterMetrics.unavailableUnit(m), AggregationPolicy.AVG));
        }
        out.add(scalar(CounterMetrics.PREFIX + "counted.ops", s.totals().ops(),
                "# operations counted (" + ops + " per thread after each iteration; untimed)", AggregationPolicy.SUM));
        out.add(scalar(CounterMetrics.PREFIX + "hwCounters", config.hardware() ? 1 : 0,
                "flag (1: hardware counters on; time figures are not throughput figures)", AggregationPolicy.MAX));
        boolean warm = "warm".equals(param(benchmarkParams, "cache"));
        out.add(warm && s.total() > 0
                ? scalar(CounterMetrics.PREFIX + "cache.resident", 100.0 * s.resident() / s.total(),
                        "% of source pages cached at iteration start", AggregationPolicy.MIN)
                : scalar(CounterMetrics.PREFIX + "cache.resident", Double.NaN,
                        "% (n/a: " + (warm ? "residency not measured" : "cache=cold: evicted before each operation") + ")",
                        AggregationPolicy.MIN));
        out.add(scalar(CounterMetrics.PREFIX + "cache.rewarmedPages", warm ? s.rewarmed() : Double.NaN,
                warm ? "pages re-read before the iteration" : "pages (n/a: cache=cold)", AggregationPolicy.SUM));
        out.add(!warm && s.maxAfterEvict() >= 0
                ? scalar(CounterMetrics.PREFIX + "cache.residentAfterEvict", s.maxAfterEvict(),
                        "pages still cached after eviction (max)", AggregationPolicy.MAX)
                : scalar(CounterMetrics.PREFIX + "cache.residentAfterEvict", Double.NaN,
                        "pages (n/a: " + (warm ? "cache=warm" : "not measured") + ")", AggregationPolicy.MAX));
        s.extras().forEach((name, values) -> {
            double mean = values.stream().mapToDouble(CounterRegistry.Extra::value).filter(v -> !Double.isNaN(v)).average()
                    .orElse(Double.NaN);
            String unit = values.stream().filter(e -> Double.isNaN(mean) == Double.isNaN(e.value())).map(CounterRegistry.Extra::unit)
                    .findFirst().orElse(values.get(0).unit());
            out.add(scalar(name, mean, unit, AggregationPolicy.AVG));
        });
        return out;
    }

    /** Every unit goes through jmhSafe: JMH's JSON writer breaks lines at commas and brackets inside strings. */
    private static ScalarResult scalar(String label, double value, String unit, AggregationPolicy policy) {
        return new ScalarResult(label, value, CounterMetrics.jmhSafe(unit), policy);
    }

    private static String param(BenchmarkParams p, String key) {
        return p.getParamsKeys().contains(key) ? p.getParam(key) : null;
    }

    private static long bytesPerOp(BenchmarkParams p) {
        String size = param(p, "size");
        try {
            return size == null ? 0 : Sizes.parse(size);
        } catch (IllegalArgumentException e) {
            return 0;
        }
    }
}
