package io.zcbench.reports.table;

import io.zcbench.reports.model.Impl;
import io.zcbench.reports.model.Units;

import java.io.IOException;
import java.io.Writer;
import java.util.Locale;

/** {@code table.md}: the comparison table for pasting into an issue or a wiki. */
public final class MarkdownTable {
    private MarkdownTable() {
    }

    public static void write(ComparisonTable table, String runName, String baselineHeading, Writer w) throws IOException {
        w.write("# zcbench: " + cell(runName) + "\n\n");
        String coverage = table.rows().stream().map(TableRow::gbsCoverage).distinct().reduce((a, b) -> "per row in table.csv")
                .orElse("");
        w.write("Throughput in GB/s (10^9 B/s): the median of the forks' values (each fork's median iteration) with the "
                + "smallest to the largest as its interval (" + coverage + "); Java ÷ native from the native twin's operations "
                + "alternating with the Java path's in the same forks; counters per operation "
                + "(one whole file). Model = textbook CPU copies / DMA copies / syscalls per operation. "
                + "Mode switches are derived (2 per syscall); context switches are scheduler switches of the sending thread. "
                + "⚠ marks a measurement that disagrees with the model.\n");
        for (Group g : table.groups()) {
            w.write("\n## " + cell(g.title()) + "\n\n");
            w.write("| path | GB/s | " + baselineHeading + " | native twin GB/s | Java ÷ native | model CPU / DMA / syscalls | syscalls/op "
                    + "| mode sw./op | ctx sw./op vol / invol | on-CPU ns/KiB (syscalls / softirq / user) | faults/op |\n");
            w.write("|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|\n");
            for (TableRow t : g.rows()) {
                w.write(String.format(Locale.ROOT, "| %s | %s (%s) | %s | %s | %s | %s / %s / %s | %s%s | %s | %s / %s | %s (%s / %s / %s) | %s |%n",
                        cell(t.row().path() + (t.impl() == Impl.NATIVE ? " (native twin only)" : "") + t.row().variant()
                                + (t.model().bypassesPageCache() ? " (page cache bypassed)" : "")
                                + (t.own().text().isEmpty() ? "" : " — " + t.own().text())), Units.num(t.throughput().gbs()),
                        Units.range(t.throughput().low(), t.throughput().high()),
                        (Double.isNaN(t.throughput().speedup()) ? "–" : Units.num(t.throughput().speedup()) + "×")
                                + (Boolean.FALSE.equals(t.throughput().distinctFromBase()) ? " (not distinguishable)" : ""),
                        Units.num(t.partner().gbs()), Double.isNaN(t.partner().ratio()) ? "n/a" : Units.num(t.partner().ratio()) + "×",
                        cell(t.model().cpuCopies(g.destination()) + (Double.isNaN(t.copies().sender()) ? ""
                                : " (measured " + t.copies().text() + (t.copies().disagreement() != null ? " ⚠" : "") + ")")),
                        cell(t.model().dmaCopies()), t.check().syscalls() >= 0 ? Long.toString(t.check().syscalls())
                                : cell(t.model().syscalls()), Units.count(t.counts().syscalls()), t.disagrees() ? " ⚠" : "",
                        Units.count(t.counts().modeSwitches()), Units.num(t.counts().voluntary()), Units.num(t.counts().involuntary()),
                        Units.num(Double.isNaN(t.cpu().runtime()) ? t.cpu().ticks().totalPerKiB() : t.cpu().runtime()),
                        Units.num(t.cpu().parts().syscalls()), Units.num(t.cpu().parts().softirq()), Units.num(t.cpu().parts().user()),
                        Units.num(t.counts().minorFaults())));
            }
            for (TableRow t : g.rows()) {
                if (t.disagrees()) {
                    w.write("\n⚠ " + cell(t.row().path()) + ": " + cell(t.check().disagreement()) + "\n");
                }
                if (t.copies().disagreement() != null) {
                    w.write("\n⚠ " + cell(t.row().path()) + ": " + cell(t.copies().disagreement()) + "\n");
                }
            }
        }
    }

    /** Pipes and newlines would break a Markdown table; HTML in a cell is shown as text. */
    static String cell(String s) {
        return s.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("<", "&lt;").replace(">", "&gt;");
    }
}
