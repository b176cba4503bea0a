package io.zcbench.reports.cli;

import io.zcbench.reports.ReportException;
import io.zcbench.reports.compare.CompareWriter;
import io.zcbench.reports.compare.Comparison;
import io.zcbench.reports.compare.RunLabels;
import io.zcbench.reports.model.RunData;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compares runs (different kernels, JDKs, NICs, machines) against the first: an HTML page, comparison.csv and charts.",
                "A change is flagged only when Welch's t-test on the per-iteration values gives p < 0.01 and the value moves by",
                "at least --min-change: the test sees iteration noise, not how the machine drifts between runs."})
final class CompareCommand implements Callable<Integer> {
    @Parameters(arity = "2..*", paramLabel = "RUN_DIR", description = "Results folders; the first is the base.")
    List<Path> dirs;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT_DIR", description = "Folder to write the comparison to.")
    Path output;

    @Option(names = "--min-change", paramLabel = "FRACTION", defaultValue = "0.05",
            description = "Smallest relative change called real, e.g. 0.05 = 5%% (default: ${DEFAULT-VALUE}). Measure your machine's "
                    + "drift by comparing two runs of the same configuration.")
    double minChange;

    @Option(names = "--noise", paramLabel = "REPEAT_DIR",
            description = "A second run of the base run's configuration (an A/A pair; zcbench run --repeat writes one into the "
                    + "run folder itself). Per benchmark, a change is called real only beyond what that pair moved: the larger of "
                    + "its ratio's distance from 1 and its 99%% interval's half-width.")
    Path noise;

    @Option(names = "--label", paramLabel = "RUN=TEXT", description = "A label for a run in the pages and charts, by its "
            + "place (A for the base, B, C, ... in the order given), e.g. --label A='JDK 17' --label B='JDK 25'. Default: "
            + "the environment fields that differ between the runs (JDK, kernel, congestion control, ...), else the run ids.")
    List<String> labels;

    @Option(names = "--single-file", description = "Charts inlined in index.html (no charts/ folder): one HTML file that opens "
            + "alone, to attach or publish; the CSV files still sit beside it.")
    boolean singleFile;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        List<RunData> loaded = dirs.stream().map(RunData::load).toList();
        List<String> names = new ArrayList<>(RunLabels.defaultLabels(loaded));
        for (String l : labels == null ? List.<String>of() : labels) {
            int eq = l.indexOf('=');
            String key = eq < 0 ? "" : l.substring(0, eq).trim();
            if (key.length() != 1 || !Character.isLetter(key.charAt(0))) {
                throw new ReportException("--label " + l + ": expected RUN=TEXT with RUN a letter (A for the "
                        + "base, B for the second run, ...), e.g. --label A='JDK 17'");
            }
            int at = Character.toUpperCase(key.charAt(0)) - 'A';
            if (at >= loaded.size()) {
                throw new ReportException("--label " + l + ": there is no run " + key + " (" + loaded.size()
                        + " runs given: A to " + (char) ('A' + loaded.size() - 1) + ")");
            }
            if (l.substring(eq + 1).isBlank()) {
                throw new ReportException("--label " + l + ": the label is empty");
            }
            names.set(at, l.substring(eq + 1).trim());
        }
        if (new HashSet<>(names).size() < names.size()) {
            throw new ReportException("--label: two runs would have the same label " + names + "; give each its own");
        }
        List<RunData> runs = new ArrayList<>();
        for (int i = 0; i < loaded.size(); i++) {
            runs.add(loaded.get(i).withName(names.get(i)));
        }
        Comparison c = Comparison.of(runs, minChange, noise == null ? null : RunData.load(noise));
        Path out = CompareWriter.write(c, output, singleFile);
        long changed = c.lines().stream().filter(l -> l.throughput().changed()).count();
        if (c.drift() != null) {
            spec.commandLine().getOut().printf(Locale.ROOT, "zcbench compare: drift between repeated runs: median %.1f%%, "
                    + "90th percentile %.1f%%, max %.1f%% over %d benchmarks; smallest change called real: %.1f%%%n",
                    100 * c.drift().median(), 100 * c.drift().p90(), 100 * c.drift().max(), c.drift().benchmarks(),
                    100 * c.minChange());
        }
        long paired = c.lines().stream().filter(l -> l.paired().changed()).count();
        spec.commandLine().getOut().printf("zcbench compare: %d benchmarks compared, %d with a real throughput change, "
                + "%d with a real Java ÷ native change, %d environment fields differ, %d benchmarks in only one run -> %s%n",
                c.lines().size(), changed, paired, c.env().stream().filter(Comparison.EnvField::differs).count(), c.missing().size(),
                out.resolve("index.html"));
        return 0;
    }
}
