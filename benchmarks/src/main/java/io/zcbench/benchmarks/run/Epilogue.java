package io.zcbench.benchmarks.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.options.CommandLineOptions;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The epilogue of {@code zcbench run}: the results in JMH's other formats when asked, the console summary, and the
 * report step.
 */
final class Epilogue {
    private final PrintStream out;

    Epilogue(PrintStream out) {
        this.out = out;
    }

    /** Completes env.json, writes what else was asked, prints the summary and the report; the exit code. */
    int finish(ObjectNode env, Path dir, CommandLineOptions user, List<RunResult> results, int forksPlanned, Instant start,
               int planned, Path reportJar, Execution.ForkLog forks, String logCut) throws IOException {
        Path outcomes = dir.resolve("outcomes.jsonl");
        Map<String, Integer> bad = RunFolder.outcomeCounts(outcomes);
        int failed = bad.getOrDefault("failed", 0) + bad.getOrDefault("crashed", 0);
        ObjectNode order = env.withObjectProperty("run").withObjectProperty("forkOrder");
        forks.outliers().forEach(order.putArray("outliers")::add);
        forks.added().forEach(order.putArray("addedForks")::add);
        if (logCut != null) {
            env.withObjectProperty("run").put("logCut", logCut);
        }
        forks.classes().describe(env.withObjectProperty("run"));
        Execution.TimeSpent t = forks.time();
        if (t.forks > 0) {
            ObjectNode time = env.withObjectProperty("run").putObject("timeSpent");
            time.put("forks", t.forks).put("forkWallSeconds", round(t.wall)).put("beforeFirstIterationSeconds", round(t.setup))
                    .put("warmupSeconds", round(t.warmup)).put("measuredIterationsSeconds", round(t.iterations))
                    .put("afterLastIterationSeconds", round(t.teardown)).put("measuredSeconds", round(t.measured))
                    .put("what", "summed over forks: the fork JVMs' wall time split at JMH's iteration lines; measuredSeconds "
                            + "is measured iterations x their configured time, the rest of measuredIterationsSeconds is each "
                            + "iteration's overrun and teardown (counted operations, host probes)");
        }
        boolean envWritten = RunFolder.finish(env, dir, results.size(), planned, failed > 0 ? "completed with failures" : "completed");
        writeUserFormat(user, results);
        Duration took = Duration.between(start, Instant.now());
        out.printf(Locale.ROOT, "zcbench run: %d benchmarks in %s%n", planned, RunMain.human(took));
        if (t.forks > 0) {
            out.printf(Locale.ROOT, "zcbench run: measured %s of %s (%.0f%%); per fork %.2f s before the first iteration (JVM "
                            + "start, set-up), %.2f s warm-up, %.2f s measured iterations (%.2f s measuring, the rest counted "
                            + "operations and overrun), %.2f s after the last (verification, teardown, exit)%n",
                    RunMain.human(Duration.ofMillis((long) (1000 * t.measured))), RunMain.human(took),
                    100 * t.measured / Math.max(1e-9, took.toMillis() / 1000.0), t.setup / t.forks, t.warmup / t.forks,
                    t.iterations / t.forks, t.measured / t.forks, t.teardown / t.forks);
        }
        boolean reported = !results.isEmpty() && report(reportJar, dir);
        if (results.isEmpty()) {
            out.println("zcbench run: no report: no benchmark produced a result");
        }
        if (!reported) {
            Summary.outcomes(out, outcomes); // without the report there is no summary table; what did not run is still said
        }
        out.println("zcbench run: results in " + dir);
        if (logCut != null || !envWritten) {
            System.err.println("zcbench run: not everything was written: " + (logCut != null ? logCut : "")
                    + (logCut != null && !envWritten ? "; " : "") + (envWritten ? "" : dir.resolve("env.json")
                    + " lacks how the run ended") + "; the " + results.size() + " benchmark result(s) are in "
                    + dir.resolve("jmh.json"));
            return 1;
        }
        if (!reported && reportJar != null && !results.isEmpty()) {
            System.err.println("zcbench run: the report could not be written; the results are in " + dir
                    + " (zcbench report " + dir + " tries again)");
            return 1;
        }
        if (failed > 0) {
            System.err.printf(Locale.ROOT, "zcbench run: %d of %d benchmark runs failed or crashed (%s); their reasons are in %s%n",
                    failed, forksPlanned, bad, outcomes);
            return 1;
        }
        if (bad.getOrDefault("skipped", 0) > 0) {
            System.err.printf(Locale.ROOT, "zcbench run: %d benchmark(s) skipped as unsupported here; reasons in %s%n",
                    bad.get("skipped"), outcomes);
            return 3;
        }
        return 0;
    }

    private static double round(double seconds) {
        return Math.round(seconds * 100) / 100.0;
    }

    private void writeUserFormat(CommandLineOptions user, List<RunResult> results) throws IOException {
        if (user.getResultFormat().hasValue() || user.getResult().hasValue()) {
            ResultFormatType type = user.getResultFormat().orElse(ResultFormatType.CSV);
            String file = user.getResult().orElse("jmh-result." + type.toString().toLowerCase(Locale.ROOT));
            ResultFormatFactory.getInstance(type, file).writeOut(results);
            out.println("zcbench run: also wrote " + file + " (" + type + ")");
        }
    }

    /**
     * The report step, in its own JVM: writes report/ and prints the summary table with the report's estimators. False
     * when there was none (no reports jar, or it failed).
     */
    private boolean report(Path reportJar, Path dir) {
        if (reportJar == null) {
            out.println("zcbench run: no report and no summary: no reports jar given (scripts/zcbench gives it)");
            return false;
        }
        if (!Files.isRegularFile(reportJar)) {
            out.println("zcbench run: no report: " + reportJar + " is not built (mvn -B package builds it)");
            return false;
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try {
            Process p = new ProcessBuilder(java, "-Djava.awt.headless=true", "-jar", reportJar.toString(), "report", "--summary",
                    dir.toString()).inheritIO().start();
            if (p.waitFor() != 0) {
                out.println("zcbench run: the report step failed (exit " + p.exitValue() + ")");
                return false;
            }
            return true;
        } catch (IOException e) {
            out.println("zcbench run: cannot start the report step: " + e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
