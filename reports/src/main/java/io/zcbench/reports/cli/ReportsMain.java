package io.zcbench.reports.cli;

import io.zcbench.reports.ReportException;
import io.zcbench.reports.ReportWriter;
import io.zcbench.reports.console.ConsoleSummary;
import io.zcbench.reports.table.ComparisonTable;
import io.zcbench.reports.model.RunData;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code zcbench report RUN_DIR} and {@code zcbench compare RUN_A RUN_B [...] -o OUT_DIR}. */
@Command(name = "zcbench", mixinStandardHelpOptions = true, description = "zcbench reports: tables, charts, HTML, run comparisons.",
        subcommands = {ReportsMain.Report.class, CompareCommand.class, PublishCommand.class, CommandLine.HelpCommand.class})
public final class ReportsMain implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ReportException.EXIT_CODE;
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(execute(args, System.out, System.err));
    }

    public static int execute(String[] args, PrintStream out, PrintStream err) {
        System.setProperty("java.awt.headless", "true");
        CommandLine cl = new CommandLine(new ReportsMain());
        cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("zcbench " + ex.getCommandLine().getCommandName() + ": " + ex.getMessage().replace('\n', ' ')
                    + " (see --help)");
            return ReportException.EXIT_CODE;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof ReportException) {
                err.println("zcbench " + cmd.getCommandName() + ": " + ex.getMessage());
                return ReportException.EXIT_CODE;
            }
            err.println("zcbench " + cmd.getCommandName() + ": internal error: " + ex
                    + ("1".equals(System.getenv("ZCBENCH_DEBUG")) ? "" : " (set ZCBENCH_DEBUG=1 for the stack trace)"));
            if ("1".equals(System.getenv("ZCBENCH_DEBUG"))) {
                ex.printStackTrace(err);
            }
            return 70;
        });
        return cl.execute(args);
    }

    @Command(name = "report", mixinStandardHelpOptions = true,
            description = {"Writes RUN_DIR/report/: index.html (table, charts, explanations, environment), charts/*.svg, table.csv, table.md.",
                    "Reads jmh.json (required), env.json, jmh-hw.json and outcomes.jsonl. Exit 2 when the report cannot be made."})
    static final class Report implements Callable<Integer> {
        @Parameters(paramLabel = "RUN_DIR", description = "A results folder: results/<run-id>.")
        Path dir;

        @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Where to write the report (default: RUN_DIR/report).")
        Path output;

        @Option(names = "--summary", description = "Also print the summary table on the console (what zcbench run prints at its end).")
        boolean summary;

        @Option(names = "--single-file", description = "Charts inlined in index.html (no charts/ folder): one HTML file that opens "
                + "alone, to attach or publish; the CSV and Markdown files still sit beside it.")
        boolean singleFile;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            long t0 = System.nanoTime();
            RunData run = RunData.load(dir);
            Path out = ReportWriter.write(run, output != null ? output : dir.resolve("report"), singleFile);
            PrintWriter w = spec.commandLine().getOut();
            for (String warning : run.warnings()) {
                w.println("zcbench report: warning: " + warning);
            }
            if (summary) {
                ConsoleSummary.print(run, ComparisonTable.of(run), w);
            }
            w.printf("zcbench report: %d results -> %s (%.1f s)%n", run.rows().size(), out.resolve("index.html"),
                    (System.nanoTime() - t0) / 1e9);
            return 0;
        }
    }
}
