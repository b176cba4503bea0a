package io.zcbench.reports.table;

import io.zcbench.reports.model.Impl;
import io.zcbench.reports.model.MetricCatalogue;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code table.csv}: one row per benchmark, one column per measure, the unit in each header. Each column is declared
 * once, header beside value; after them come the columns the run's metrics.json declares ({@link DeclaredColumns}).
 */
public final class CsvTable {
    /** A column: its header (with the unit) and its value in a row. */
    record Column(String header, Function<TableRow, Object> value) {
    }

    private static Column col(String header, Function<TableRow, Object> value) {
        return new Column(header, value);
    }

    private static final List<Column> COLUMNS = List.of(
            col("destination", t -> t.row().destination()),
            col("path", t -> t.row().path()),
            col("size [B]", t -> t.row().size()),
            col("chunk [B]", t -> t.row().chunk()),
            col("cache", t -> t.row().cache()),
            col("threads", t -> t.row().threads()),
            col("mode", t -> t.row().mode()),
            col("params", t -> t.row().params().toString()),
            col("throughput, median of forks [GB/s]", t -> num(t.throughput().gbs())),
            col("throughput low [GB/s]", t -> num(t.throughput().low())),
            col("throughput high [GB/s]", t -> num(t.throughput().high())),
            col("throughput interval (coverage: method)", t -> t.gbsCoverage()),
            col("throughput, JMH mean [GB/s]", t -> num(t.row().jmhGbPerSecond()[0])),
            col("JMH CI99.9 low [GB/s]", t -> num(t.row().jmhGbPerSecond()[1])),
            col("JMH CI99.9 high [GB/s]", t -> num(t.row().jmhGbPerSecond()[2])),
            col("time [us/op]", t -> num(t.row().secondsPerOp() * 1e6)),
            col("time error [us/op]", t -> num(t.row().primary().error() * (t.row().secondsPerOp() * 1e6 / t.row().primary().score()))),
            col("speedup vs traditional [x]", t -> num(t.throughput().speedup())),
            col("impl", t -> t.impl()),
            col("native twin throughput, median of forks [GB/s]", t -> num(t.partner().gbs())),
            col("native twin low [GB/s]", t -> num(t.partner().gbsLow())),
            col("native twin high [GB/s]", t -> num(t.partner().gbsHigh())),
            col("Java / native [x]", t -> num(t.partner().ratio())),
            col("Java / native low [x]", t -> num(t.partner().ratioLow())),
            col("Java / native high [x]", t -> num(t.partner().ratioHigh())),
            col("Java / native interval (coverage: method)", t -> t.partner().ratioCoverage()),
            col("throughput per fork [GB/s]", t -> t.throughput().forkSpread()),
            col("model CPU copies", t -> t.model().cpuCopies(t.row().destination())),
            col("model DMA copies", t -> t.model().dmaCopies()),
            col("model syscalls [#/op]", t -> t.check().syscalls() >= 0 ? Long.toString(t.check().syscalls()) : t.model().syscalls()),
            col("syscalls [#/op]", t -> num(t.counts().syscalls())),
            col("syscalls [#/MiB]", t -> num(t.counts().syscallsPerMiB())),
            col("mode switches (derived) [#/op]", t -> num(t.counts().modeSwitches())),
            col("voluntary context switches [#/op]", t -> num(t.counts().voluntary())),
            col("involuntary context switches [#/op]", t -> num(t.counts().involuntary())),
            col("CPU user [ns/KiB]", t -> num(t.cpu().ticks().userPerKiB())),
            col("CPU system [ns/KiB]", t -> num(t.cpu().ticks().sysPerKiB())),
            col("CPU on-CPU total [ns/KiB]", t -> num(t.cpu().ticks().totalPerKiB())),
            col("on-CPU [ns/KiB]", t -> num(t.cpu().runtime())),
            col("CPU in syscalls [ns/KiB]", t -> num(t.cpu().parts().syscalls())),
            col("CPU in softirq [ns/KiB]", t -> num(t.cpu().parts().softirq())),
            col("CPU in user space [ns/KiB]", t -> num(t.cpu().parts().user())),
            col("softirq net rx [ns/KiB]", t -> num(t.cpu().parts().netRx())),
            col("softirq timers [ns/KiB]", t -> num(t.cpu().parts().timers())),
            col("softirq share of on-CPU [%]", t -> num(t.cpu().parts().softirqShare())),
            col("on-CPU measured in (timed: the timed operations; counted: the counted ones)", t -> t.cpu().source()),
            col("duration of an operation [ns/KiB]", t -> num(t.cpu().duration())),
            col("counting overhead per counted operation [us]", t -> num(t.cpu().counting().overheadUs())),
            col("counting overhead per counted operation [%]", t -> num(t.cpu().counting().overheadShare())),
            col("split scaled from the counted operations by [x]", t -> num(t.cpu().parts().scale())),
            col("on-CPU exceeds duration (why)", t -> t.cpu().invariant() == null ? "" : t.cpu().invariant()),
            col("minor faults [#/op]", t -> num(t.counts().minorFaults())),
            col("major faults [#/op]", t -> num(t.counts().majorFaults())),
            col("cycles user [cycles/B]", t -> num(t.cpu().cycles().userPerByte())),
            col("cycles kernel [cycles/B]", t -> num(t.cpu().cycles().kernelPerByte())),
            col("counted operations [#]", t -> num(t.counts().countedOps())),
            col("syscalls by name [#/op]", t -> breakdown(t.counts().byName())),
            col("model disagreement", t -> t.check().disagreement() == null ? "" : t.check().disagreement()),
            col("unavailable counters", t -> String.join("; ", t.unavailable().entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList())),
            col("zerocopy completions [#/op]", t -> num(t.own().completions())),
            col("zerocopy copied by the kernel [%]", t -> num(t.own().copiedShare())),
            col("io-wq workers on-CPU [ns/KiB]", t -> num(t.own().workerCpuPerKiB())),
            col("io-wq workers context switches [#/op]", t -> num(t.own().workerSwitches())),
            col("measured CPU copies, sending thread (sampled: copy sites seen) [#/B]", t -> num(t.copies().sender())),
            col("copy sites, sending thread [ns/KiB, sampled]", t -> Double.isNaN(t.copies().sender()) ? "" : t.copies().sitesText()),
            col("copies disagreement", t -> t.copies().disagreement() == null ? "" : t.copies().disagreement()),
            col("paired with (a native twin, or a framework path's raw baseline)",
                    t -> Double.isNaN(t.partner().gbs()) ? "" : t.impl() == Impl.FFM ? "JNI" : t.model().pairName())
    );

    /** The headers of the columns every table.csv has, in order (the declared ones follow). */
    public static final List<String> HEADER = COLUMNS.stream().map(Column::header).toList();

    private CsvTable() {
    }

    public static void write(ComparisonTable table, Writer out) throws IOException {
        List<MetricCatalogue.Info> declared = DeclaredColumns.of(table.rows());
        List<String> header = new ArrayList<>(HEADER);
        declared.forEach(info -> header.add(info.heading()));
        try (CSVPrinter p = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(header.toArray(new String[0])).build())) {
            for (TableRow t : table.rows()) {
                List<Object> v = new ArrayList<>();
                COLUMNS.forEach(c -> v.add(c.value().apply(t)));
                declared.forEach(info -> v.add(DeclaredColumns.cell(t, info).raw()));
                p.printRecord(v);
            }
        }
    }

    /** Empty for NaN: a missing value is not a number (the reason is in the last column). */
    static String num(double d) {
        return Double.isNaN(d) ? "" : Double.isInfinite(d) ? "inf" : Double.toString(d);
    }

    static String breakdown(Map<String, Double> b) {
        return String.join(" ", b.entrySet().stream().map(e -> e.getKey() + "=" + num(e.getValue())).toList());
    }
}
