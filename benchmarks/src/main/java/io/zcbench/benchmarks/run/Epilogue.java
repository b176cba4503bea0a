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
               int planned, Path reportJar) throws IOException {
        Path outcomes = dir.resolve("outcomes.jsonl");
        Map<String, Integer> bad = RunFolder.outcomeCounts(outcomes);
        int failed = bad.getOrDefault("failed", 0) + bad.getOrDefault("crashed", 0);
        RunFolder.finish(env, dir, results.size(), planned, failed > 0 ? "completed with failures" : "completed");
        writeUserFormat(user, results);
        Summary.print(out, results, outcomes);
        out.printf(Locale.ROOT, "zcbench run: %d benchmarks in %s%n", planned, RunMain.human(Duration.between(start, Instant.now())));
        report(reportJar, dir);
        out.println("zcbench run: results in " + dir);
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

    private void writeUserFormat(CommandLineOptions user, List<RunResult> results) throws IOException {
        if (user.getResultFormat().hasValue() || user.getResult().hasValue()) {
            ResultFormatType type = user.getResultFormat().orElse(ResultFormatType.CSV);
            String file = user.getResult().orElse("jmh-result." + type.toString().toLowerCase(Locale.ROOT));
            ResultFormatFactory.getInstance(type, file).writeOut(results);
            out.println("zcbench run: also wrote " + file + " (" + type + ")");
        }
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
}
