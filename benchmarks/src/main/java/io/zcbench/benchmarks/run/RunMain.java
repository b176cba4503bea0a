package io.zcbench.benchmarks.run;

import io.zcbench.benchmarks.profile.ZcProfiler;
import io.zcbench.harness.UsageException;
import io.zcbench.harness.env.Environment;
import io.zcbench.harness.fixture.FileSystemInfo;
import io.zcbench.harness.fixture.Leftovers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.openjdk.jmh.profile.ProfilerException;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.ProfilerConfig;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code zcbench run --preset quick|full|large|overhead|receive|frameworks|java-next|smoke [JMH options]}: runs a preset one parameter
 * combination at a time and rewrites {@code results/<run-id>/jmh.json} after each, so an interrupted
 * run keeps everything that finished. Writes {@code env.json} beside it, records skipped and failed
 * benchmarks in {@code outcomes.jsonl}, prints up front how many benchmarks will run and about how
 * long, and at the end the folder's path (and the report, when the reports jar is given).
 */
public final class RunMain {

    private final PrintStream out;
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
        } catch (IOException | RunnerException | RuntimeException e) {
            if (!RunFolder.stopping()) {
                if (e instanceof RuntimeException r) {
                    throw r; // a defect: its trace is the report
                }
                System.err.println("zcbench run: " + e.getMessage());
            }
            // interrupted: whatever broke while the forks were being stopped is no news; the interrupt handler said it
            code = RunFolder.stopping() ? 130 : 1;
        }
        System.exit(code);
    }

    /** Parsed arguments: our own options, and the rest for JMH. */
    record Args(String preset, Path results, Path reportJar, boolean hwPass, boolean repeat, boolean dryRun, boolean jmhConsole,
                List<String> jmh, Duration budget, double resolve) {
        static Args parse(String[] argv) {
            Duration budget = null;
            double resolve = Double.NaN;
            String preset = "quick";
            Path results = Path.of("results");
            Path reportJar = null;
            boolean hw = false;
            boolean repeat = false;
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
                    case "--repeat" -> repeat = true;
                    case "--dry-run" -> dry = true;
                    case "--jmh-console" -> jmhConsole = true;
                    case "--budget" -> budget = duration(value(argv, ++i, a), a);
                    case "--resolve" -> resolve = percent(value(argv, ++i, a), a);
                    // JMH's own -jvm: the forks' launcher, checked before any fork (ForkJvm)
                    case "--jvm" -> jmh.addAll(List.of("-jvm", value(argv, ++i, a)));
                    case "--help", "-h" -> throw new HelpRequested();
                    default -> {
                        if (a.startsWith("--")) {
                            throw new UsageException("unknown option " + a + " (see zcbench run --help)");
                        }
                        boolean param = !jmh.isEmpty() && jmh.get(jmh.size() - 1).equals("-p");
                        // -p drain=... is the receive method's name before it was called so; it still works
                        jmh.add(param && a.startsWith("drain=") ? "receive=" + a.substring("drain=".length()) : a);
                    }
                }
            }
            return new Args(preset, results, reportJar, hw, repeat, dry, jmhConsole, jmh, budget, resolve);
        }

        /** "90s", "5m", "4m30s", "1h": a positive duration; anything else is one line naming the option. */
        static Duration duration(String v, String opt) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?").matcher(v);
            if (v.isEmpty() || !m.matches()) {
                throw new UsageException(opt + " " + v + ": give a duration such as 90s, 5m or 4m30s");
            }
            long s = 0;
            for (int g = 1; g <= 3; g++) {
                if (m.group(g) != null) {
                    s += Long.parseLong(m.group(g)) * (g == 1 ? 3600 : g == 2 ? 60 : 1);
                }
            }
            if (s <= 0) {
                throw new UsageException(opt + " " + v + ": give a duration above 0, such as 90s, 5m or 4m30s");
            }
            return Duration.ofSeconds(s);
        }

        /** "5%" or "5" as 0.05; between 0 and 100 % exclusive. */
        static double percent(String v, String opt) {
            try {
                double p = Double.parseDouble(v.endsWith("%") ? v.substring(0, v.length() - 1) : v);
                if (p > 0 && p < 100) {
                    return p / 100;
                }
            } catch (NumberFormatException e) {
                // said below
            }
            throw new UsageException(opt + " " + v + ": give a half-width between 0 and 100%, such as 5%");
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
            "usage: zcbench run [--preset quick|full|large|overhead|receive|frameworks|java-next|smoke] [--results DIR] [--hw] [--repeat] [--jvm PATH] [--dry-run] [JMH options] [benchmark regex]",
            "",
            "  --preset NAME   quick (default; every path paired with its native twin to a socket and a file, Netty's paths",
            "                  paired with their raw baselines, and transfer-to with every receive method, about 5 min), full",
            "                  (about 4 h), large (a 1 GiB file through a 256 MiB memory cgroup beside a hot set, root, about",
            "                  4 min), overhead (counters off/on/all, about 11 min), receive (3 sending paths x every receive",
            "                  method, and transfer-to with SO_RCVLOWAT, about 3 min), frameworks (Netty's paths beside their raw baselines, 3 sizes, about 4 min),",
            "                  java-next (virtual threads and FFM against JNI, forks on JDK 22+ by --jvm, about 6 min),",
            "                  smoke (seconds; proves the suite runs)",
            "  --results DIR   where results/<run-id>/ goes (default: results)",
            "  --hw            afterwards, a second pass with hardware counters (-prof zc:hw=true) into jmh-hw.json;",
            "                  its times are not throughput figures (hardware counters slow loopback on VMs)",
            "  --repeat        afterwards, the same forks again into jmh-repeat.json: an A/A pair in one run folder, so",
            "                  compare knows what this machine resolves per benchmark (its noise floor); twice the time",
            "  --budget TIME   spend about TIME on the forks (90s, 5m, 4m30s): every benchmark gets 2 forks, then whole",
            "                  rounds while one fits, then the widest intervals while the budget lasts (quick:",
            "                  " + Preset.QUICK_BUDGET.toSeconds() + " s unless -f is given; other presets: none)",
            "  --resolve PCT   stop giving a benchmark forks once two runs like this one would resolve it to +-PCT (99%",
            "                  interval of the throughput ratio); with no --budget, the budget is 4 x the preset's estimate;",
            "                  at the end, says which benchmarks did not get there and what more they would cost",
            "  --jvm PATH      start the forks on this Java launcher (17 or later, e.g. Temurin 25) while the runner stays on",
            "                  its own; recorded in env.json (run.forkJvm), and each result's JDK in jmh.json",
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
        CommandLineOptions user = jmhOptions(args);
        if (profilerHelpAsked(user)) {
            return 0;
        }
        List<Combo> combos = Plan.combos(preset, user);
        if (combos.isEmpty()) {
            throw new UsageException("nothing to run: the benchmark filter " + user.getIncludes() + " matches none of "
                    + Preset.BOTH);
        }
        Plan.validate(combos);
        Plan.checkForkJdk(combos, user.getJvm().hasValue() ? ForkJvm.check(user.getJvm().get()) : ForkJvm.runners());
        Duration budgetTime = budgetOf(args, preset, user, combos);
        Duration estimate = budgetTime == null ? Plan.estimate(preset, user, combos) : budgetTime;
        out.printf(Locale.ROOT, "zcbench run: preset %s (%s)%n", preset.name(), preset.description());
        String how = "";
        if (budgetTime != null) {
            Duration first = Plan.estimate(preset, user, combos, Budget.FIRST_ROUNDS);
            estimate = first.compareTo(budgetTime) > 0 ? first : budgetTime;
            how = first.compareTo(budgetTime) > 0
                    ? " (the first " + Budget.FIRST_ROUNDS + " rounds alone need about " + human(first) + ", more than the budget "
                    + human(budgetTime) + ": the run makes those and stops)"
                    : " (a budget: " + Budget.FIRST_ROUNDS + " rounds of forks, about " + human(first) + ", then whole rounds "
                    + "and, last, the widest intervals until " + human(budgetTime) + " is spent"
                    + (Double.isNaN(args.resolve()) ? "" : String.format(Locale.ROOT, " or each resolves ±%.1f%%", 100 * args.resolve()))
                    + ")";
        }
        out.printf(Locale.ROOT, "zcbench run: %d benchmarks, estimated %s%s%s%n", combos.size(), human(estimate), how,
                (args.hwPass() ? " (plus the same again for the --hw pass)" : "")
                        + (args.repeat() ? " (plus the same again for the --repeat pass)" : ""));
        if (args.dryRun()) {
            combos.forEach(c -> out.println("  " + c.describe()));
            return 0;
        }
        Path dataDir = Plan.dataDir(combos);
        Plan.checkBeforeForking(combos, FileSystemInfo.of(dataDir, "data directory"));
        RunLock.checkResults(args.results());
        RunLock.acquire(args.results());
        Leftovers.clean(dataDir, out);
        Instant start = Instant.now();
        Path dir = RunLock.newRunDir(args.results(), Environment.runId(start));
        ObjectNode env = RunFolder.create(dir, dataDir, argv, preset, user, combos, start, estimate, out);
        List<RunResult> results = new ArrayList<>();
        Thread hook = interruptHook(env, dir, dataDir, results, combos.size());
        Runtime.getRuntime().addShutdownHook(hook);
        int rounds = budgetTime != null ? Budget.FIRST_ROUNDS : Plan.rounds(preset, user);
        Budget adaptive = budgetTime == null ? null : new Budget(budgetTime, args.resolve(), start.toEpochMilli());
        if (budgetTime != null) {
            env.withObjectProperty("run").putObject("budget").put("seconds", budgetTime.toSeconds())
                    .put("firstRounds", Budget.FIRST_ROUNDS).put("resolveTargetPercent", Double.isNaN(args.resolve()) ? null
                            : 100 * args.resolve());
        }
        ForkSchedule schedule = new ForkSchedule(combos.stream().map(c -> c.forksIn(rounds)).toList(), rounds, start.toEpochMilli());
        env.withObjectProperty("run").putObject("forkOrder").put("seed", schedule.seed()).put("rounds", schedule.rounds())
                .put("randomized", schedule.rounds() > 1);
        // Forks added for outliers may use up to a tenth more than the estimate.
        Execution.ForkLog forks;
        try (RunSinks sinks = new RunSinks(combos, out)) {
            forks = execute(args, preset, user, combos, dir, dataDir, results, schedule, estimate.plus(estimate.dividedBy(10)),
                    sinks, adaptive);
            sinks.describe(env.withObjectProperty("run").putArray("sharedSinks"));
        } catch (RunFolder.ResultsUnwritable e) {
            // A full results disk: what finished is in the rescue folder the message names; nothing more is run.
            finished = true;
            removeHook(hook);
            Leftovers.removeShared(dataDir);
            RunFolder.finish(env, dir, results.size(), combos.size(), "stopped: results could not be written");
            throw e;
        }
        if (RunFolder.stopping()) {
            // interrupted (SIGINT, SIGTERM): the shutdown hook says what was kept; nothing more to do or say here
            return 130;
        }
        Leftovers.removeShared(dataDir); // the source files the forks shared
        Budget.summarize(out, env, combos, forks, args.resolve());
        finished = true;
        if (!removeHook(hook)) {
            return 130;
        }
        return new Epilogue(out).finish(env, dir, user, results, schedule.slots().size(), start,
                combos.size(), args.reportJar(), forks, logCut);
    }

    /** Why jmh-output.log stopped short (a results disk running out), or null. */
    private String logCut;

    private static CommandLineOptions jmhOptions(Args args) {
        CommandLineOptions user;
        try {
            user = new CommandLineOptions(args.jmh().toArray(new String[0]));
        } catch (CommandLineOptionException e) {
            throw new UsageException("bad JMH option: " + e.getMessage());
        }
        Plan.checkParamNames(args.jmh());
        if (user.getJvm().hasValue()) {
            ForkJvm.check(user.getJvm().get());
        }
        return user;
    }

    /** Checks the user's -prof zc options before any fork; prints the help and says so when they asked for it. */
    private boolean profilerHelpAsked(CommandLineOptions user) {
        for (ProfilerConfig pc : user.getProfilers()) {
            if (pc.getKlass().equals("zc") || pc.getKlass().endsWith("ZcProfiler")) {
                try {
                    new ZcProfiler(pc.getOpts());
                } catch (ZcProfiler.HelpRequested h) {
                    out.println(h.getMessage());
                    return true;
                } catch (ProfilerException e) {
                    throw new UsageException(e.getMessage());
                }
            }
        }
        return false;
    }

    /**
     * The forks' time budget: --budget; with --resolve alone, four times the preset's estimate; for the quick preset
     * (the main job) {@link Preset#QUICK_BUDGET} unless the user fixed the forks (-f); otherwise none (a fixed schedule).
     */
    static Duration budgetOf(Args args, Preset preset, CommandLineOptions user, List<Combo> combos) {
        if (user.getForkCount().hasValue() && (args.budget() != null || !Double.isNaN(args.resolve()))) {
            throw new UsageException("-f fixes the forks; --budget and --resolve choose them: give one or the other");
        }
        if (args.budget() != null) {
            return args.budget();
        }
        if (!Double.isNaN(args.resolve())) {
            return Plan.estimate(preset, user, combos).multipliedBy(4);
        }
        return preset.name().equals("quick") && !user.getForkCount().hasValue() ? Preset.QUICK_BUDGET : null;
    }

    /** Removes the interrupt hook; false when the JVM is already shutting down (an interrupt came first: the hook reports). */
    private static boolean removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
            return true;
        } catch (IllegalStateException shuttingDown) {
            return false;
        }
    }

    /** On SIGTERM or Ctrl-C mid-run: no half-written file, forks stopped, what finished kept and said so. */
    private Thread interruptHook(ObjectNode env, Path dir, Path dataDir, List<RunResult> results, int planned) {
        PrintStream err = System.err; // the console's: during the forks System.err goes to jmh-output.log
        return new Thread(() -> {
            int kept = RunFolder.stopWritingAndCount(dir, results);
            if (!finished) {
                Execution.stopForks();
                Leftovers.removeShared(dataDir);
                err.printf(kept == 0 ? "%nzcbench run: interrupted before any benchmark finished; nothing kept (%s holds the "
                        + "run's environment and log)%n" : "%nzcbench run: interrupted; kept %2$d finished benchmark(s) in %3$s%n",
                        dir, kept, dir.resolve("jmh.json"));
                RunFolder.finish(env, dir, kept, planned, "interrupted");
            }
        }, "zcbench-run-interrupted");
    }

    /** The JMH passes, with JMH's own output (and the forks') in jmh-output.log. */
    private Execution.ForkLog execute(Args args, Preset preset, CommandLineOptions user, List<Combo> combos, Path dir,
                                      Path dataDir, List<RunResult> results, ForkSchedule schedule, Duration budget,
                                      RunSinks sinks, Budget adaptive) throws IOException, RunnerException {
        Execution.holdTracepoints();
        Path jmhLog = dir.resolve("jmh-output.log");
        out.println("zcbench run: JMH's full output goes to " + jmhLog + (args.jmhConsole() ? " and here" : ""));
        PrintStream err = System.err;
        ResultsFirstLog logFile = new ResultsFirstLog(jmhLog, RunFolder::resultsBytes);
        try (PrintStream log = new PrintStream(logFile, true, StandardCharsets.UTF_8)) {
            PrintStream jmhOutput = args.jmhConsole() ? new PrintStream(new TeeOutputStream(log, out), true, StandardCharsets.UTF_8)
                    : log;
            // JMH copies the forks' own stdout and stderr to the runner's: those go to the log too.
            PrintStream sysOut = System.out;
            System.setOut(jmhOutput);
            System.setErr(jmhOutput);
            try {
                List<String> userFlags = new ArrayList<>(user.getJvmArgs().orElse(List.of()));
                userFlags.addAll(user.getJvmArgsAppend().orElse(List.of()));
                Execution ex = new Execution(out, jmhOutput, sinks, new ClassArchive(dataDir, userFlags));
                Execution.ForkLog forkLog = ex.runAll(combos, preset, user, dir, dataDir, false, results, "jmh.json", schedule, budget,
                        adaptive);
                if (args.repeat()) {
                    out.println("zcbench run: the A/A repeat: the same forks again, in another random order (its spread "
                            + "against the first pass is this machine's noise floor)");
                    ex.runAll(combos, preset, user, dir, dataDir, false, new ArrayList<>(), "jmh-repeat.json",
                            new ForkSchedule(combos.stream().map(c -> c.forksIn(schedule.rounds())).toList(), schedule.rounds(),
                                    schedule.seed() + 1), budget, adaptive);
                }
                if (args.hwPass()) {
                    out.println("zcbench run: hardware-counter pass (its times are not throughput figures)");
                    ex.runAll(combos, preset, user, dir, dataDir, true, new ArrayList<>(), "jmh-hw.json", schedule, budget, null);
                }
                return forkLog;
            } finally {
                System.setOut(sysOut);
                System.setErr(err);
                logCut = logFile.cut() == null ? null : logFile.file() + " " + logFile.cut();
            }
        }
    }

    /** Writes to two streams: JMH's output to the log and, with --jmh-console, the console. */
    private static final class TeeOutputStream extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        TeeOutputStream(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
