package io.zcbench.benchmarks.run;

import io.zcbench.benchmarks.Outcomes;
import io.zcbench.benchmarks.SourceState;
import io.zcbench.benchmarks.profile.CounterRegistry;
import io.zcbench.harness.counters.CounterConfig;
import io.zcbench.harness.counters.ThreadCounters;
import io.zcbench.harness.nativeio.NativeLibrary;
import io.zcbench.harness.path.ThreadKind;

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
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
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
    private final RunSinks sinks;
    private final ClassArchive classes;

    Execution(PrintStream out, PrintStream jmhOutput, RunSinks sinks, ClassArchive classes) {
        this.out = out;
        this.jmhOutput = jmhOutput;
        this.sinks = sinks;
        this.classes = classes;
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

    /** What the forks did beside their results: outliers named, forks added for them, the order's seed, where the time went. */
    record ForkLog(long seed, int rounds, List<String> outliers, List<String> added, TimeSpent time, List<List<Double>> forkGbs,
                   List<Double> forkSeconds, ClassArchive classes) {
    }

    /**
     * Where the run's forks spent their wall time, summed over forks (seconds): before the first iteration, warm-up,
     * measured iterations as JMH's lines show them (their teardown, the counted operations, included), after the last;
     * and the measured time proper (iterations × their configured time).
     */
    static final class TimeSpent {
        int forks;
        double wall;
        double setup;
        double warmup;
        double iterations;
        double teardown;
        double measured;

        void add(ForkWatch.Time t, double iterationSeconds) {
            forks += t.forks();
            wall += t.total();
            setup += t.setup();
            warmup += t.warmup();
            iterations += t.iterations();
            teardown += t.teardown();
            measured += t.measured() * iterationSeconds;
        }
    }

    private final TimeSpent spent = new TimeSpent();

    /**
     * Runs every combination, one fork at a time in {@code schedule}'s order (rounds in random order for an interleaved
     * preset); each benchmark's forks are merged into one result and jmh.json is rewritten after every fork. A fork whose
     * figure disagrees with its benchmark's other forks is named on the console; after the scheduled forks, each such
     * benchmark gets one more fork while the run stays within {@code budget}, and says so. With {@code adaptive} (a time
     * budget), after the scheduled rounds the forks go round by round to the benchmarks whose intervals are widest while
     * the budget lasts ({@link Budget}); outliers then need no forks of their own.
     */
    ForkLog runAll(List<Combo> combos, Preset preset, CommandLineOptions user, Path dir, Path dataDir, boolean hw,
                   List<RunResult> results, String file, ForkSchedule schedule, Duration budget, Budget adaptive)
            throws RunnerException, IOException {
        Instant t0 = Instant.now();
        List<Double> forkSeconds = new ArrayList<>();
        List<Integer> forksRun = new ArrayList<>();
        for (int i = 0; i < combos.size(); i++) {
            forkSeconds.add(0.0);
            forksRun.add(0);
        }
        List<List<BenchmarkResult>> perCombo = new ArrayList<>();
        List<List<Double>> figures = new ArrayList<>();
        List<BenchmarkParams> paramsOf = new ArrayList<>();
        for (int i = 0; i < combos.size(); i++) {
            perCombo.add(new ArrayList<>());
            figures.add(new ArrayList<>());
            paramsOf.add(null);
        }
        List<String> outliers = new ArrayList<>();
        List<String> added = new ArrayList<>();
        List<ForkSchedule.Slot> slots = new ArrayList<>(schedule.slots());
        Set<Integer> flagged = new LinkedHashSet<>();
        int width = Integer.toString(slots.size()).length();
        for (int k = 0; k < slots.size() && !RunFolder.stopping(); k++) {
            ForkSchedule.Slot slot = slots.get(k);
            Combo c = combos.get(slot.combo());
            String fork = slot.added() ? ", fork " + slot.fork() + (adaptive != null ? " (the budget's rounds)" : " (added)")
                    : schedule.rounds() > 1 ? ", fork " + slot.fork() + " of " + c.forksIn(schedule.rounds()) : "";
            long forkStart = System.nanoTime();
            jmhOutput.printf(Locale.ROOT, "%n[zcbench %d/%d] %s%s%n", k + 1, slots.size(), c.describe(), fork);
            Collection<RunResult> got = runFork(c, preset, user, dir, dataDir, hw, schedule.rounds() > 1 || slot.added(), fork,
                    slot.fork());
            if (RunFolder.stopping()) {
                break; // interrupted: the fork was stopped, its result is no result; the handler says what is kept
            }
            double figure = forkMedian(c, got);
            int ran = forksRun.get(slot.combo());
            forkSeconds.set(slot.combo(), (forkSeconds.get(slot.combo()) * ran + (System.nanoTime() - forkStart) / 1e9) / (ran + 1));
            forksRun.set(slot.combo(), ran + 1);
            for (RunResult r : got) {
                perCombo.get(slot.combo()).addAll(r.getBenchmarkResults());
                paramsOf.set(slot.combo(), r.getParams());
            }
            List<RunResult> fresh = new ArrayList<>();
            for (int i = 0; i < combos.size(); i++) {
                if (paramsOf.get(i) != null && !perCombo.get(i).isEmpty()) {
                    fresh.add(new RunResult(paramsOf.get(i), perCombo.get(i)));
                }
            }
            // in the list the interrupt handler writes first, then said: every fork the console calls finished reaches the
            // file (rewritten at most every 20 s, and after the last fork)
            if (!RunFolder.publishResults(dir.resolve(file), results, fresh, k == slots.size() - 1 && adaptive == null)) {
                break;
            }
            Duration elapsed = Duration.between(t0, Instant.now());
            Duration left = adaptive != null ? max0(adaptive.budget().minus(elapsed))
                    : Duration.ofMillis(elapsed.toMillis() * (slots.size() - k - 1) / (k + 1));
            out.printf(Locale.ROOT, "[%" + width + "d/%s] %-62s %s; %s left%n", k + 1, adaptive != null ? "~" + slots.size()
                    : Integer.toString(slots.size()), c.brief() + fork, forkFigure(c, got, hw), RunMain.human(left));
            String odd = hw ? null : ForkSchedule.outlier(figure, figures.get(slot.combo()).stream().filter(x -> x > 0).toList());
            if (odd != null) {
                String line = c.brief() + ": fork " + slot.fork() + (slot.added() && adaptive == null ? " (added)" : "") + " " + odd;
                outliers.add(line);
                flagged.add(slot.combo());
                out.println("zcbench run: outlier: " + line);
            }
            // a fork with no figure (skipped, failed) leaves its benchmark out of the adaptive rounds (NaN: no interval)
            figures.get(slot.combo()).add(figure > 0 ? figure : Double.NaN);
            if (k == slots.size() - 1 && adaptive != null) {
                for (int combo : adaptive.nextRound(figures, forkSeconds, adaptive.budget().minus(elapsed))) {
                    slots.add(new ForkSchedule.Slot(combo, forksRun.get(combo) + 1, true));
                }
            } else if (k == slots.size() - 1 && !flagged.isEmpty() && slots.stream().noneMatch(ForkSchedule.Slot::added)) {
                addForks(slots, flagged, combos, schedule, elapsed, k + 1, budget, added);
            }
        }
        if (!RunFolder.stopping() && !results.isEmpty()) {
            RunFolder.writeResults(dir.resolve(file), results); // the last forks' results, whatever the 20 s
        }
        return new ForkLog(schedule.seed(), schedule.rounds(), outliers, added, spent, figures, forkSeconds, classes);
    }

    private static Duration max0(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }

    /** One more fork for each benchmark with an outlier, as far as the run's estimate allows; said on the console. */
    private void addForks(List<ForkSchedule.Slot> slots, Set<Integer> flagged, List<Combo> combos,
                          ForkSchedule schedule, Duration elapsed, int forksDone, Duration budget, List<String> added) {
        long perFork = elapsed.toMillis() / Math.max(1, forksDone);
        long room = budget.toMillis() - elapsed.toMillis();
        for (int combo : flagged) {
            if (room < perFork) {
                out.println("zcbench run: no time left in the estimate for another fork of " + combos.get(combo).brief());
                continue;
            }
            room -= perFork;
            slots.add(new ForkSchedule.Slot(combo, schedule.rounds() + 1, true));
            added.add(combos.get(combo).brief());
            out.println("zcbench run: one more fork of " + combos.get(combo).brief() + ", for its outlier fork");
        }
    }

    /** Runs one fork of {@code c}; a fork that died or failed outside the operations is recorded with why. */
    private Collection<RunResult> runFork(Combo c, Preset preset, CommandLineOptions user, Path dir, Path dataDir, boolean hw,
                                          boolean oneFork, String fork, int forkNumber) throws RunnerException, IOException {
        List<String> extra = new ArrayList<>(sinks.ensureStarted());
        extra.add("-D" + CounterRegistry.FORK_NUMBER + "=" + forkNumber);
        extra.addAll(classes.nextFork());
        if (ThreadKind.VIRTUAL.id().equals(c.params().get("thread"))) {
            extra.addAll(ThreadKind.FORK_FLAGS); // the benchmark thread virtual, on one carrier
        }
        Options opts = options(c, preset, user, dir, dataDir, hw, oneFork, extra);
        Path outcomes = dir.resolve("outcomes.jsonl");
        long before = RunFolder.lines(outcomes);
        ForkWatch watch = new ForkWatch(jmhOutput);
        Collection<RunResult> got = new Runner(opts, watch.format(user)).run();
        spent.add(watch.time(System.nanoTime()), opts.getMeasurementTime().orElse(preset.measurementTime())
                .convertTo(TimeUnit.MICROSECONDS) / 1e6);
        if (got.isEmpty() && RunFolder.lines(outcomes) == before && !RunFolder.stopping()) {
            // The fork failed outside the operations (a setup that threw: JMH's <failure>), or died without a
            // word (kill -9, the OOM killer, a JVM crash): either way the results say so.
            boolean threw = watch.failure() != null;
            String why = (threw ? watch.failure() : watch.death()) + fork.replaceFirst("^, (.*)$", " ($1)");
            Outcomes.record(outcomes, c.benchmark(), c.threads(), c.params(), threw ? "failed" : "crashed", why);
            out.println("zcbench run: " + (threw ? "failed" : "crashed") + ": " + c.describe() + ": " + why);
        } else if (got.isEmpty() && !RunFolder.stopping()) {
            // the fork said why itself (skipped, or a failed operation): the console line above the fork's line says it too
            for (String o : RunFolder.outcomesAfter(outcomes, before)) {
                out.println("zcbench run: " + o.replaceFirst(": ", ": " + c.describe() + ": "));
            }
        }
        return got;
    }

    /** The fork's median GB/s over its measured iterations, or NaN. */
    private static double forkMedian(Combo c, Collection<RunResult> got) {
        List<Double> gbs = forkGbs(c, got);
        if (gbs.isEmpty()) {
            return Double.NaN;
        }
        int n = gbs.size();
        return n % 2 == 1 ? gbs.get(n / 2) : (gbs.get(n / 2 - 1) + gbs.get(n / 2)) / 2;
    }

    /** The fork's measured iterations as GB/s, sorted. */
    private static List<Double> forkGbs(Combo c, Collection<RunResult> got) {
        List<Double> gbs = new ArrayList<>();
        for (RunResult r : got) {
            for (BenchmarkResult b : r.getBenchmarkResults()) {
                for (IterationResult it : b.getIterationResults()) {
                    Result<?> p = it.getPrimaryResult();
                    double sec = secondsPerOp(p.getScore(), p.getScoreUnit());
                    if (sec > 0) {
                        gbs.add(c.sizeBytes() * c.threads() / sec / 1e9);
                    }
                }
            }
        }
        Collections.sort(gbs);
        return gbs;
    }

    /** This fork's figure for the console: GB/s, median of its measured iterations with their range; or what happened. */
    private static String forkFigure(Combo c, Collection<RunResult> got, boolean hw) {
        if (got.isEmpty()) {
            return "no result (see the line above and jmh-output.log)";
        }
        List<Double> gbs = forkGbs(c, got);
        if (gbs.isEmpty()) {
            return "no figure";
        }
        return String.format(Locale.ROOT, "%7.3f GB/s (%.3f-%.3f, %d iterations)%s", forkMedian(c, got), gbs.get(0),
                gbs.get(gbs.size() - 1), gbs.size(), hw ? ", hardware counters on: not a throughput figure" : "");
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
                            boolean oneForkPerRound, List<String> extraFlags) {
        List<String> flags = new ArrayList<>(forkJvmFlags(user, dir, dataDir));
        flags.addAll(extraFlags);
        ChainedOptionsBuilder b = base(preset, user)
                .include("^" + Pattern.quote(c.benchmark()) + "$")
                .threads(c.threads())
                .shouldFailOnError(false)
                .forks(oneForkPerRound ? 1 : user.getForkCount().orElse(preset.forks()))
                .jvmArgsAppend(flags.toArray(new String[0]));
        b.jvmArgs(forkBaseArgs(user, preset).toArray(new String[0]));
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


    /**
     * The runner's own JVM flags, which JMH gives every fork unless told otherwise, without the runner's C1-only limit
     * (the runner runs on C1 so that compiling JMH's console output does not take a CPU from the fork): the preset
     * decides the forks' JIT ({@link Preset#C1_ONLY}).
     */
    static List<String> forkBaseArgs(List<String> runnerArgs, boolean c1Forks) {
        List<String> out = new ArrayList<>(runnerArgs.stream().filter(a -> !a.startsWith("-XX:TieredStopAtLevel")).toList());
        if (c1Forks) {
            out.add(Preset.C1_ONLY);
        }
        return out;
    }

    /** The flags every fork starts with before {@link #forkJvmFlags}: the user's -jvmArgs, else the runner's and the preset's. */
    static List<String> forkBaseArgs(CommandLineOptions user, Preset preset) {
        return user.getJvmArgs().hasValue() ? List.copyOf(user.getJvmArgs().get())
                : forkBaseArgs(ManagementFactory.getRuntimeMXBean().getInputArguments(), preset.c1Forks());
    }

    /**
     * Flags for each forked benchmark JVM: a pre-touched heap (256 MiB: a fork allocates little, and pre-touching 512 MiB
     * cost each fork 0.25 s of the main job), where to record outcomes and keep data.
     */
    static List<String> forkJvmFlags(CommandLineOptions user, Path dir, Path dataDir) {
        List<String> flags = new ArrayList<>();
        if (user.getJvmArgsAppend().hasValue()) {
            flags.addAll(user.getJvmArgsAppend().get());
        } else {
            flags.addAll(List.of("-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch"));
        }
        flags.add("--enable-native-access=ALL-UNNAMED"); // libzcbench: no restricted-method warning on JDK 22+
        flags.add("-D" + Outcomes.PROPERTY + "=" + dir.resolve("outcomes.jsonl"));
        flags.add("-Dzcbench.dir=" + dataDir);
        flags.add("-D" + SourceState.SHARED_FIXTURES + "=" + ProcessHandle.current().pid()); // forks share the source files
        return flags;
    }
}
