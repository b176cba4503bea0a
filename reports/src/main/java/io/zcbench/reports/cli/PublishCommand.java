package io.zcbench.reports.cli;

import io.zcbench.reports.ReportException;
import io.zcbench.reports.publish.Order;
import io.zcbench.reports.publish.SiteWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "publish", mixinStandardHelpOptions = true,
        description = {"Publishes many runs as one static site (opens from disk): an index of the runs in order, every run's",
                "report, each benchmark's history across the runs with the steps found in it, a compare page per step,",
                "figures.csv (every figure of every run) and index.json. Republishing into the same folder reuses the",
                "reports and compare pages of runs whose files did not change."})
final class PublishCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "RUN_DIR", description = "Results folders (results/<run-id>).")
    List<Path> dirs;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "SITE_DIR",
            description = "Folder to write the site to: a new one, or one publish wrote before.")
    Path output;

    @Option(names = "--order", paramLabel = "KEY", defaultValue = "given",
            description = "How to order the runs: " + Order.HELP + " (default: ${DEFAULT-VALUE}). Kernel and JDK versions sort "
                    + "naturally (6.6 before 6.12); runs sharing a value are repeats of one point.")
    String order;

    @Option(names = "--min-change", paramLabel = "FRACTION", defaultValue = "0.05",
            description = "Smallest step called real, e.g. 0.05 = 5%% (default: ${DEFAULT-VALUE}).")
    double minChange;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (!(minChange >= 0 && minChange < 1)) {
            throw new ReportException("--min-change " + minChange + ": give a fraction from 0 to below 1, such as 0.05");
        }
        SiteWriter.Summary s = SiteWriter.publish(dirs, output, Order.parse(order), minChange);
        spec.commandLine().getOut().printf(Locale.ROOT, "zcbench publish: %d runs in %d points, %d benchmarks, %d steps found, "
                + "%d runs unchanged since the site was last published (read from its cache, reports reused) -> %s (%.1f s)%n",
                s.runs(), s.points(), s.benchmarks(), s.steps(), Math.min(s.reused(), s.cached()), s.index(), s.millis() / 1000.0);
        return 0;
    }
}
