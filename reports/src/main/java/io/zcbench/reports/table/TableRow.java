package io.zcbench.reports.table;

import io.zcbench.reports.model.PathModel;
import io.zcbench.reports.model.Row;
import io.zcbench.reports.model.Units;

import java.util.Map;

/**
 * One row of the comparison table: a measured path beside its textbook model. Counters that were
 * not measured are NaN; {@code unavailable} says why.
 */
public record TableRow(Row row, PathModel model, double gbs, double gbsLow, double gbsHigh, double speedup,
                       double syscalls, double syscallsPerMiB, double modeSwitches, double voluntary, double involuntary,
                       double cpuUserPerKiB, double cpuSysPerKiB, double cpuTotalPerKiB, double minorFaults, double majorFaults,
                       double cyclesUserPerByte, double cyclesKernelPerByte, double countedOps, long modelSyscalls,
                       String disagreement, Map<String, Double> breakdown, Map<String, String> unavailable,
                       Twin twin, CpuSplit cpu, String forkSpread, Boolean distinctFromBase, PathOwn own, Copies copies) {

    /**
     * The copy ledger of the sending thread: CPU copies measured (sampled: copy sites seen), or NaN with the reason;
     * each site's sampled ns/KiB (plain words and kernel function); user-space time per KiB; and whether the
     * measurement disagrees with the model, with why.
     */
    public record Copies(double sender, String reason, Map<String, Double> sites, double userPerKiB, String disagreement) {
        public static final Copies NONE = new Copies(Double.NaN, "this run had no copy ledger (-prof zc:copies=true)",
                Map.of(), Double.NaN, null);

        /** "2 (sampled)" or "n/a". */
        public String text() {
            return Double.isNaN(sender) ? "n/a" : (Math.abs(sender - Math.rint(sender)) < 1e-9 ? Long.toString((long) sender)
                    : Units.num(sender)) + " (sampled)";
        }

        /** The sites in one line. */
        public String sitesText() {
            StringBuilder sb = new StringBuilder();
            sites.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "; ").append(k).append(": ")
                    .append(Units.num(v)).append(" ns/KiB"));
            if (!Double.isNaN(userPerKiB)) {
                sb.append(sb.length() == 0 ? "" : "; ").append("user space: ").append(Units.num(userPerKiB))
                        .append(" ns/KiB");
            }
            return sb.length() == 0 ? (Double.isNaN(sender) ? reason : "no copy site seen") : sb.toString();
        }
    }

    /**
     * What a path counts about itself, NaN where it has nothing to count: zerocopy completions per operation and
     * the % the kernel copied after all (msg-zerocopy, io-uring-send-zc); io_uring's io-wq workers' CPU per KiB
     * and context switches per operation (work the sending thread's own figures do not hold).
     */
    public record PathOwn(double completions, double copiedShare, double workerCpuPerKiB, double workerSwitches) {
        /** Plain words for a table cell, or "" when the path counts nothing of its own. */
        public String text() {
            StringBuilder sb = new StringBuilder();
            if (!Double.isNaN(completions)) {
                sb.append("zerocopy: ").append(Units.num(completions)).append(" completions/op, ")
                        .append(Double.isNaN(copiedShare) ? "copied share n/a" : Units.num(copiedShare)
                                + "% copied by the kernel after all");
            }
            if (!Double.isNaN(workerCpuPerKiB)) {
                sb.append(sb.length() > 0 ? "; " : "").append("io-wq workers: ")
                        .append(Units.num(workerCpuPerKiB)).append(" ns/KiB on CPU, ")
                        .append(Units.num(workerSwitches))
                        .append(" context switches/op (not in the sending thread's figures)");
            }
            return sb.toString();
        }
    }

    /**
     * The path's native twin, measured in the same run: its GB/s and interval, and Java ÷ native with its interval and
     * what that covers. Paired (impl=paired): the twin alternated with the Java path in every fork, so the ratio comes
     * from neighbouring operations, fork by fork; unpaired (impl=java,native): it divides figures of different forks.
     */
    public record Twin(double gbs, double gbsLow, double gbsHigh, double ratio, double ratioLow, double ratioHigh,
                       String ratioCoverage, boolean paired, String forkSpread) {
        public static final Twin NONE = new Twin(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                "no native twin in this run", false, "");
    }

    /**
     * Where the sending thread's CPU went, ns/KiB. {@code runtime}, the headline, is the thread's on-CPU time in the timed
     * operations themselves ({@code source} "timed"); runs from before zcbench read it there have the counted operations'
     * ("counted", slowed by their own counting). The split into system calls, softirq (net receive and timers named) and
     * user comes from the counted operations' own timeline, scaled to the timed on-CPU time ({@code scale}: timed ÷
     * counted). {@code duration} is the timed operations' wall time per KiB; {@code overheadUs} and
     * {@code overheadShare} what counting cost a counted operation; {@code invariant}, when on-CPU exceeds the duration
     * (impossible for one thread), why.
     */
    public record CpuSplit(double runtime, double syscalls, double softirq, double user, double netRx, double timers,
                           double softirqShare, String source, double scale, double duration, double overheadUs,
                           double overheadShare, String invariant) {
        /** A split known only from counted operations, as runs before the timed figures have it. */
        public CpuSplit(double runtime, double syscalls, double softirq, double user, double netRx, double timers,
                        double softirqShare) {
            this(runtime, syscalls, softirq, user, netRx, timers, softirqShare, "counted", Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, null);
        }
    }

    /** What the throughput interval [gbsLow, gbsHigh] truly covers. */
    public String gbsCoverage() {
        return row.gbsCoverage();
    }

    /** java for a Java row that has its twin beside it; native when only the twin ran. */
    public String impl() {
        return row.impl();
    }

    public boolean disagrees() {
        return disagreement != null;
    }
}
