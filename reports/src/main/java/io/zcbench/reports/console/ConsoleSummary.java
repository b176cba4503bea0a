package io.zcbench.reports.console;

import io.zcbench.reports.model.Impl;
import io.zcbench.reports.model.PathModel;
import io.zcbench.reports.model.RunData;
import io.zcbench.reports.model.Units;
import io.zcbench.reports.table.ComparisonTable;
import io.zcbench.reports.table.TableRow;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The end-of-run table on the console, one line per path with the report's own estimators: GB/s as the median of the
 * forks' values with its interval and coverage, the native twin's GB/s, Java ÷ native with its interval over paired
 * iterations, syscalls and voluntary switches per operation, on-CPU per KiB; then what did not run, and why.
 */
public final class ConsoleSummary {
    private ConsoleSummary() {
    }

    public static void print(RunData run, ComparisonTable table, PrintWriter out) {
        out.println();
        String coverage = table.rows().stream().map(TableRow::gbsCoverage).distinct().reduce((a, b) -> "varies").orElse("");
        // Where the receive method varies, each socket row names its own: "transfer-to → copy".
        boolean methods = table.rows().stream().anyMatch(t -> !method(t).equals("splice"));
        boolean variants = table.rows().stream().anyMatch(t -> !t.row().variant().isEmpty());
        String line = "%-6s %-" + ((methods ? 34 : 18) + (variants ? 17 : 0)) + "s %-6s %-5s %-22s %9s %-22s %11s %9s %11s%n";
        out.printf(Locale.ROOT, line, "dest", methods ? "path → receive method" : "path", "size", "cache",
                "GB/s (interval)", "twin GB/s", "Java/native (interval)", "syscalls/op", "vol.cs/op", "CPU ns/KiB");
        for (TableRow t : table.rows()) {
            TableRow.Partner tw = t.partner();
            out.printf(Locale.ROOT, line, t.row().destination(),
                    t.row().path() + (t.impl() == Impl.NATIVE ? " (twin)" : "") + t.row().variant() + (t.model().isFramework() ? " *" : "")
                            + (methods && t.row().destination().equals("socket") ? " → " + method(t) : ""),
                    Units.formatSize(t.row().size()).replace(" ", ""),
                    t.row().cache(), figure(t.throughput().gbs(), t.throughput().low(), t.throughput().high(), ""),
                    Double.isNaN(tw.gbs()) ? "-" : Units.num(tw.gbs()), Double.isNaN(tw.ratio()) ? "-"
                            : figure(tw.ratio(), tw.ratioLow(), tw.ratioHigh(), "x"),
                    Double.isNaN(t.counts().syscalls()) ? "n/a" : Units.count(t.counts().syscalls()), Units.num(t.counts().voluntary()),
                    Double.isNaN(t.cpu().runtime()) ? "n/a" : Units.num(t.cpu().runtime()));
        }
        out.println("GB/s: the median of the forks' values (" + coverage + "); Java/native: the twin alternating with the "
                + "Java path in the same forks, interval over the paired iterations");
        table.rows().stream().map(TableRow::model).filter(PathModel::isFramework).distinct().forEach(m -> out.println(
                "* " + m.id() + " (" + m.frameworkName() + "): twin GB/s is its raw baseline " + m.baseline() + "'s, and "
                        + "Java/native is " + m.pairRatio() + "; its counters are the event loop thread's"));
        if (table.rows().stream().anyMatch(t -> t.impl() == Impl.FFM)) {
            out.println("(FFM): the path's kernel calls through FFM downcalls; twin GB/s is the same path's through JNI, "
                    + "alternating with it in the same forks, and Java/native is FFM ÷ JNI");
        }
        for (RunData.Outcome o : run.outcomes()) {
            out.printf(Locale.ROOT, "%-6s %-18s %s: %s%n", RunData.destinationOf(o.benchmark()),
                    o.params().getOrDefault("path", "?"), o.outcome(), o.reason());
        }
    }

    private static String method(TableRow t) {
        return t.row().receiveMethod();
    }

    private static String figure(double v, double low, double high, String unit) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return Units.num(v) + unit + (Double.isNaN(low) ? "" : " (" + Units.num(low) + "-" + Units.num(high) + ")");
    }
}
