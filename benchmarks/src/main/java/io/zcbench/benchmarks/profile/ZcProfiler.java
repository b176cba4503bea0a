package io.zcbench.benchmarks.profile;

import io.zcbench.harness.metrics.Unavailable;
import io.zcbench.harness.counters.CounterConfig;
import io.zcbench.harness.counters.CounterMetrics;
import io.zcbench.harness.fixture.Sizes;
import io.zcbench.harness.metrics.Metrics;
import io.zcbench.harness.nativeio.NativeLibrary;

import joptsimple.OptionDescriptor;
import joptsimple.OptionException;
import joptsimple.OptionParser;
import joptsimple.OptionSet;
import joptsimple.OptionSpec;
import joptsimple.ValueConversionException;
import joptsimple.ValueConverter;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.profile.ProfilerException;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;
import org.openjdk.jmh.runner.IterationType;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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

    /** true or false, nothing else: jopt-simple's Boolean.valueOf would read "yes" as false without a word. */
    private static final ValueConverter<Boolean> STRICT_BOOLEAN = new ValueConverter<>() {
        @Override
        public Boolean convert(String value) {
            return switch (value) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new ValueConversionException("'" + value + "': use true or false");
            };
        }

        @Override
        public Class<? extends Boolean> valueType() {
            return Boolean.class;
        }

        @Override
        public String valuePattern() {
            return "true|false";
        }
    };

    /** The options, parsed as JMH's own profilers parse theirs (jopt-simple); {@code -prof zc:help} prints them. */
    private static final class Options {
        final OptionParser parser = new OptionParser();
        final OptionSpec<Boolean> hw = parser.accepts("hw", "also count cycles and instructions, user/kernel (opt-in: per-task "
                + "hardware counters slow loopback transfers on VMs, so times are then not throughput figures)")
                .withRequiredArg().describedAs("true|false").withValuesConvertedBy(STRICT_BOOLEAN).defaultsTo(false);
        final OptionSpec<Boolean> rusage = parser.accepts("rusage", "count with getrusage(RUSAGE_THREAD) only, no perf_event_open")
                .withRequiredArg().describedAs("true|false").withValuesConvertedBy(STRICT_BOOLEAN).defaultsTo(false);
        final OptionSpec<Integer> ops = parser.accepts("ops", "operations each thread counts after each iteration, untimed")
                .withRequiredArg().describedAs("N").ofType(Integer.class).defaultsTo(DEFAULT_OPS);
        final OptionSpec<Boolean> copies = parser.accepts("copies", "the copy ledger: CPU copies of the sending thread's "
                + "kernel by site, from cpu-clock samples with kernel call chains, in one extra operation of the first "
                + "measured iteration of each fork (root)").withRequiredArg().describedAs("true|false").withValuesConvertedBy(STRICT_BOOLEAN).defaultsTo(false);
        final OptionSpec<Void> help = parser.accepts("help", "this text");
        /** The values as given, for the error that names one. */
        private final Map<String, String> raw = new HashMap<>();

        Options() {
            parser.formatHelpWith(Options::format);
        }

        /** The parser's options in the init line's own syntax ("hw=true|false"), with their meaning and default. */
        private static String format(Map<String, ? extends OptionDescriptor> options) {
            StringBuilder sb = new StringBuilder("zc profiler options, separated by ';' (e.g. -prof zc:hw=true;ops=4):\n");
            new LinkedHashSet<>(options.values()).forEach(o -> {
                String name = o.options().get(0) + (o.acceptsArguments() ? "=" + o.argumentDescription() : "");
                sb.append(String.format(Locale.ROOT, "  %-18s %s%s%n", name, o.description(),
                        o.defaultValues().isEmpty() ? "" : " (default " + o.defaultValues().get(0) + ")"));
            });
            return sb.toString();
        }

        String help() {
            StringWriter w = new StringWriter();
            try {
                parser.printHelpOn(w);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return w.toString();
        }

        /** "hw=true;ops=4" as jopt-simple's "--hw=true --ops=4", as JMH's profilers read their init line. */
        OptionSet parse(String initLine) throws ProfilerException {
            List<String> args = new ArrayList<>();
            for (String item : initLine == null ? new String[0] : initLine.split(";")) {
                if (!item.trim().isEmpty()) {
                    args.add("--" + item.trim());
                    String[] kv = item.trim().split("=", 2);
                    raw.put(kv[0], kv.length > 1 ? kv[1] : "");
                }
            }
            try {
                return parser.parse(args.toArray(new String[0]));
            } catch (OptionException e) {
                String name = e.options().isEmpty() ? "" : e.options().iterator().next();
                if (!parser.recognizedOptions().containsKey(name)) {
                    throw new ProfilerException("zc profiler: unknown option '" + name + "'; options: hw=true|false, "
                            + "rusage=true|false, ops=N, copies=true|false (-prof zc:help explains them)");
                }
                throw new ProfilerException("zc profiler: " + e.getMessage() + " (-prof zc:help lists the options)");
            }
        }

        /** An option's value, or one line naming the option, what was given and what it takes. */
        <T> T value(OptionSet set, OptionSpec<T> spec) throws ProfilerException {
            try {
                return set.valueOf(spec);
            } catch (OptionException e) {
                String name = spec.options().iterator().next();
                String given = raw.getOrDefault(name, "");
                throw new ProfilerException("zc profiler: " + name + "=" + given + ": " + (spec == ops
                        ? "not a whole number (e.g. ops=4)" : "use " + name + "=true or " + name + "=false"));
            }
        }
    }

    /** The options, as {@code -prof zc:help} prints them. */
    public static final String HELP = new Options().help();

    /** Thrown for {@code zc:help}: the message is the help text, to print as it is. */
    public static final class HelpRequested extends ProfilerException {
        HelpRequested() {
            super(HELP);
        }
    }

    public ZcProfiler(String initLine) throws ProfilerException {
        Options o = new Options();
        OptionSet set = o.parse(initLine);
        if (set.has(o.help)) {
            throw new HelpRequested();
        }
        int ops = o.value(set, o.ops);
        if (ops < 1) {
            throw new ProfilerException("zc profiler: ops=" + ops + ": must be at least 1");
        }
        if (!NativeLibrary.isAvailable()) {
            throw new ProfilerException("zc profiler needs libzcbench, which is unavailable: " + NativeLibrary.unavailableReason());
        }
        boolean forceRusage = o.value(set, o.rusage) || "rusage".equals(System.getProperty("zcbench.counters"));
        this.config = new CounterConfig(!forceRusage, o.value(set, o.hw), o.value(set, o.copies));
        this.ops = ops;
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
        boolean warmup = iterationParams.getType() == IterationType.WARMUP;
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
            if (noLedgerHere && m.label().startsWith(Metrics.PREFIX + "copies.")) {
                continue;
            }
            out.add(m.available() ? scalar(m.label(), m.value(), m.unit(), AggregationPolicy.AVG)
                    : scalar(m.label(), Double.NaN, CounterMetrics.unavailableUnit(m), AggregationPolicy.AVG));
        }
        out.add(scalar(Metrics.COUNTED_OPS.name(), s.totals().ops(),
                "# operations counted (" + ops + " per thread after each iteration; untimed)", AggregationPolicy.SUM));
        out.add(scalar(Metrics.HW_COUNTERS.name(), config.hardware() ? 1 : 0,
                "flag (1: hardware counters on; time figures are not throughput figures)", AggregationPolicy.MAX));
        boolean warm = "warm".equals(param(benchmarkParams, "cache"));
        out.add(warm && s.total() > 0
                ? scalar(Metrics.CACHE_RESIDENT.name(), 100.0 * s.resident() / s.total(),
                        "% of source pages cached at iteration start", AggregationPolicy.MIN)
                : scalar(Metrics.CACHE_RESIDENT.name(), Double.NaN,
                        Unavailable.unit("%", warm ? "residency not measured" : "cache=cold: evicted before each operation"),
                        AggregationPolicy.MIN));
        out.add(scalar(Metrics.CACHE_REWARMED.name(), warm ? s.rewarmed() : Double.NaN,
                warm ? "pages re-read before the iteration" : Unavailable.unit("pages", "cache=cold"), AggregationPolicy.SUM));
        out.add(!warm && s.maxAfterEvict() >= 0
                ? scalar(Metrics.CACHE_AFTER_EVICT.name(), s.maxAfterEvict(),
                        "pages still cached after eviction (max)", AggregationPolicy.MAX)
                : scalar(Metrics.CACHE_AFTER_EVICT.name(), Double.NaN,
                        Unavailable.unit("pages", warm ? "cache=warm" : "not measured"), AggregationPolicy.MAX));
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
