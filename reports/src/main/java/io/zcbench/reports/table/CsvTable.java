package io.zcbench.reports.table;

import io.zcbench.reports.model.Row;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code table.csv}: one row per benchmark, one column per measure, the unit in each header. */
public final class CsvTable {
    public static final List<String> HEADER = List.of("destination", "path", "size [B]", "chunk [B]", "cache", "threads",
            "mode", "params", "throughput, median of forks [GB/s]", "throughput low [GB/s]", "throughput high [GB/s]",
            "throughput interval (coverage: method)",
            "throughput, JMH mean [GB/s]", "JMH CI99.9 low [GB/s]", "JMH CI99.9 high [GB/s]",
            "time [us/op]", "time error [us/op]", "speedup vs traditional [x]", "impl",
            "native twin throughput, median of forks [GB/s]", "native twin low [GB/s]", "native twin high [GB/s]",
            "Java / native [x]", "Java / native low [x]", "Java / native high [x]", "Java / native interval (coverage: method)",
            "throughput per fork [GB/s]", "model CPU copies", "model DMA copies",
            "model syscalls [#/op]", "syscalls [#/op]", "syscalls [#/MiB]", "mode switches (derived) [#/op]",
            "voluntary context switches [#/op]", "involuntary context switches [#/op]", "CPU user [ns/KiB]",
            "CPU system [ns/KiB]", "CPU on-CPU total [ns/KiB]", "on-CPU [ns/KiB]",
            "CPU in syscalls [ns/KiB]", "CPU in softirq [ns/KiB]", "CPU in user space [ns/KiB]", "softirq net rx [ns/KiB]",
            "softirq timers [ns/KiB]", "softirq share of on-CPU [%]",
            "on-CPU measured in (timed: the timed operations; counted: the counted ones)", "duration of an operation [ns/KiB]",
            "counting overhead per counted operation [us]", "counting overhead per counted operation [%]",
            "split scaled from the counted operations by [x]", "on-CPU exceeds duration (why)", "minor faults [#/op]", "major faults [#/op]", "cycles user [cycles/B]",
            "cycles kernel [cycles/B]", "counted operations [#]", "syscalls by name [#/op]", "model disagreement",
            "unavailable counters", "zerocopy completions [#/op]", "zerocopy copied by the kernel [%]",
            "io-wq workers on-CPU [ns/KiB]", "io-wq workers context switches [#/op]",
            "measured CPU copies, sending thread (sampled: copy sites seen) [#/B]", "copy sites, sending thread [ns/KiB, sampled]",
            "copies disagreement");

    private CsvTable() {
    }

    public static void write(ComparisonTable table, Writer out) throws IOException {
        try (CSVPrinter p = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(HEADER.toArray(new String[0])).build())) {
            for (TableRow t : table.rows()) {
                Row r = t.row();
                List<Object> v = new ArrayList<>();
                v.add(r.destination());
                v.add(r.path());
                v.add(r.size());
                v.add(r.chunk());
                v.add(r.cache());
                v.add(r.threads());
                v.add(r.mode());
                v.add(r.params().toString());
                v.add(num(t.throughput().gbs()));
                v.add(num(t.throughput().low()));
                v.add(num(t.throughput().high()));
                v.add(t.gbsCoverage());
                double[] jmh = r.jmhGbPerSecond();
                v.add(num(jmh[0]));
                v.add(num(jmh[1]));
                v.add(num(jmh[2]));
                v.add(num(r.secondsPerOp() * 1e6));
                v.add(num(r.primary().error() * (r.secondsPerOp() * 1e6 / r.primary().score())));
                v.add(num(t.throughput().speedup()));
                v.add(t.impl());
                v.add(num(t.twin().gbs()));
                v.add(num(t.twin().gbsLow()));
                v.add(num(t.twin().gbsHigh()));
                v.add(num(t.twin().ratio()));
                v.add(num(t.twin().ratioLow()));
                v.add(num(t.twin().ratioHigh()));
                v.add(t.twin().ratioCoverage());
                v.add(t.throughput().forkSpread());
                v.add(t.model().cpuCopies(r.destination()));
                v.add(t.model().dmaCopies());
                v.add(t.check().syscalls() >= 0 ? Long.toString(t.check().syscalls()) : t.model().syscalls());
                v.add(num(t.counts().syscalls()));
                v.add(num(t.counts().syscallsPerMiB()));
                v.add(num(t.counts().modeSwitches()));
                v.add(num(t.counts().voluntary()));
                v.add(num(t.counts().involuntary()));
                v.add(num(t.cpu().ticks().userPerKiB()));
                v.add(num(t.cpu().ticks().sysPerKiB()));
                v.add(num(t.cpu().ticks().totalPerKiB()));
                v.add(num(t.cpu().runtime()));
                v.add(num(t.cpu().parts().syscalls()));
                v.add(num(t.cpu().parts().softirq()));
                v.add(num(t.cpu().parts().user()));
                v.add(num(t.cpu().parts().netRx()));
                v.add(num(t.cpu().parts().timers()));
                v.add(num(t.cpu().parts().softirqShare()));
                v.add(t.cpu().source());
                v.add(num(t.cpu().duration()));
                v.add(num(t.cpu().counting().overheadUs()));
                v.add(num(t.cpu().counting().overheadShare()));
                v.add(num(t.cpu().parts().scale()));
                v.add(t.cpu().invariant() == null ? "" : t.cpu().invariant());
                v.add(num(t.counts().minorFaults()));
                v.add(num(t.counts().majorFaults()));
                v.add(num(t.cpu().cycles().userPerByte()));
                v.add(num(t.cpu().cycles().kernelPerByte()));
                v.add(num(t.counts().countedOps()));
                v.add(breakdown(t.counts().byName()));
                v.add(t.check().disagreement() == null ? "" : t.check().disagreement());
                v.add(String.join("; ", t.unavailable().entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList()));
                v.add(num(t.own().completions()));
                v.add(num(t.own().copiedShare()));
                v.add(num(t.own().workerCpuPerKiB()));
                v.add(num(t.own().workerSwitches()));
                v.add(num(t.copies().sender()));
                v.add(Double.isNaN(t.copies().sender()) ? "" : t.copies().sitesText());
                v.add(t.copies().disagreement() == null ? "" : t.copies().disagreement());
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
