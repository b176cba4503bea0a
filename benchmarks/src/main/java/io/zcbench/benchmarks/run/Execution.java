package io.zcbench.benchmarks.run;

import io.zcbench.benchmarks.Outcomes;
import io.zcbench.benchmarks.SourceState;
import io.zcbench.harness.counters.CounterConfig;
import io.zcbench.harness.counters.ThreadCounters;
import io.zcbench.harness.nativeio.NativeLibrary;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The execution room of {@code zcbench run}: the JMH passes, one fork at a time (round-robin over the benchmarks when
 * the preset interleaves), the console line per finished fork, what a fork that died left behind, and stopping the
 * forks on an interrupt.
 */
final class Execution {
    private final PrintStream out;
    /** Where JMH's own output goes: the run's jmh-output.log (and the console with --jmh-console). */
    private final PrintStream jmhOutput;

    Execution(PrintStream out, PrintStream jmhOutput) {
        this.out = out;
        this.jmhOutput = jmhOutput;
    }

    /**
     * Keeps the counters' tracepoints registered (and disabled) in this JVM for the run. Unregistering the
     * last user of a syscall tracepoint waits for an RCU grace period, about 1.2 s for the set, which every
     * benchmark fork would otherwise pay at exit. Registered but disabled tracepoints are what the timed
     * operations already run with, so the figures do not change; only the forks end sooner.
     */
    static void holdTracepoints() {
        if (NativeLibrary.isAvailable()) {
            try {
                ThreadCounters.forThisThread(CounterConfig.DEFAULT);
            } catch (RuntimeException e) {
                // nothing to hold where perf is refused; the forks then pay nothing either
            }
        }
    }

    /** Asks the forked benchmark JVMs to stop (their shutdown deletes fixture files) and waits a little. */
    static void stopForks() {
        List<ProcessHandle> children = ProcessHandle.current().descendants().toList();
        children.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + 10_000_000_000L;
        for (ProcessHandle c : children) {
            try {
                c.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
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
    void runAll(List<Combo> combos, Preset preset, CommandLineOptions user, Path dir, Path dataDir, boolean hw,
                        List<RunResult> results, String file) throws RunnerException, IOException {
        Instant t0 = Instant.now();
        int rounds = Plan.rounds(preset, user);
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
                long before = RunFolder.lines(outcomes);
                ForkWatch watch = new ForkWatch(jmhOutput);
                Collection<RunResult> got = new Runner(opts, watch.format(user)).run();
                done++;
                Duration elapsed = Duration.between(t0, Instant.now());
                Duration left = Duration.ofMillis(elapsed.toMillis() * (total - done) / done);
                out.printf(Locale.ROOT, "[%" + width + "d/%d] %-62s %s; %s left%n", done, total, c.brief() + fork,
                        forkFigure(c, got, hw), RunMain.human(left));
                for (RunResult r : got) {
                    perCombo.get(i).addAll(r.getBenchmarkResults());
                    paramsOf.set(i, r.getParams());
                }
                if (got.isEmpty() && RunFolder.lines(outcomes) == before) {
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
                RunFolder.writeResults(dir.resolve(file), results);
            }
        }
    }

    /** This fork's figure for the console: GB/s, median of its measured iterations with their range; or what happened. */
    private static String forkFigure(Combo c, Collection<RunResult> got, boolean hw) {
        for (RunResult r : got) {
            for (BenchmarkResult b : r.getBenchmarkResults()) {
                List<Double> gbs = new ArrayList<>();
                for (IterationResult it : b.getIterationResults()) {
                    Result<?> p = it.getPrimaryResult();
                    double sec = secondsPerOp(p.getScore(), p.getScoreUnit());
                    if (sec > 0) {
                        gbs.add(c.sizeBytes() * c.threads() / sec / 1e9);
                    }
                }
                if (gbs.isEmpty()) {
                    return "no figure";
                }
                Collections.sort(gbs);
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
        flags.add("-D" + SourceState.SHARED_FIXTURES + "=" + ProcessHandle.current().pid()); // forks share the source files
        return flags;
    }
}
