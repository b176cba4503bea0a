package io.zcbench.reports.table;

import io.zcbench.reports.model.Impl;
import io.zcbench.reports.model.PathModel;
import io.zcbench.reports.model.Row;
import io.zcbench.reports.model.Units;

import java.util.Map;

/**
 * One row of the comparison table: a measured path beside its textbook model, its figures grouped by concern
 * (throughput, counts, the model's check, the native twin or raw baseline beside it, the CPU split, what the path counts of its
 * own, the copy ledger). Counters that were not measured are NaN; {@code unavailable} says why, by metric name.
 */
public record TableRow(Row row, PathModel model, Throughput throughput, Counts counts, ModelCheck check,
                       Map<String, String> unavailable, Partner partner, CpuSplit cpu, PathOwn own, Copies copies) {

    /**
     * GB/s, the median of the forks' values, with its interval; the speedup against the group's baseline path, and
     * whether the intervals of the two are apart ({@code null} when either has none, or for the baseline itself);
     * each fork's GB/s as "a / b / c".
     */
    public record Throughput(double gbs, double low, double high, double speedup, Boolean distinctFromBase,
                             String forkSpread) {
    }

    /**
     * What was counted per operation on the sending thread: system calls (and per MiB; by name), context switches,
     * page faults, and how many counted operations the figures come from.
     */
    public record Counts(double syscalls, double syscallsPerMiB, double voluntary, double involuntary,
                         double minorFaults, double majorFaults, double countedOps, Map<String, Double> byName) {
        /** User/kernel mode switches, derived: two per system call. */
        public double modeSwitches() {
            return Double.isNaN(syscalls) ? Double.NaN : 2 * syscalls;
        }
    }

    /** The model's system calls per operation for this size and chunk (-1: the model cannot say), and why the measurement disagrees. */
    public record ModelCheck(long syscalls, String disagreement) {
    }

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
     * What the path was measured beside in the same run: its native twin (the same loop in C), or for a framework path
     * its raw baseline (the zcbench path making the same kernel calls without the framework). Its GB/s and interval,
     * and the path's ÷ it (Java ÷ native, framework ÷ raw) with its interval and what that covers. Paired
     * (impl=paired): they alternated in every fork, so the ratio comes from neighbouring operations, fork by fork;
     * unpaired (impl=java,native): it divides figures of different forks.
     */
    public record Partner(double gbs, double gbsLow, double gbsHigh, double ratio, double ratioLow, double ratioHigh,
                          String ratioCoverage, boolean paired, String forkSpread) {
        /** Nothing beside the path in this run: "no native twin in this run" ("no raw transfer-to", for a framework path). */
        public static Partner none(PathModel model) {
            return new Partner(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    "no " + model.pairName() + " in this run", false, "");
        }
    }

    /**
     * Where the sending thread's CPU went, ns/KiB. {@code runtime}, the headline, is the thread's on-CPU time in the timed
     * operations themselves ({@code source} "timed"); runs from before zcbench read it there have the counted operations'
     * ("counted", slowed by their own counting). {@code duration} is the timed operations' wall time per KiB;
     * {@code invariant}, when on-CPU exceeds the duration (impossible for one thread), why. {@code parts} splits it,
     * {@code counting} is what counting cost, {@code ticks} getrusage's tick-sampled split and {@code cycles} the
     * hardware-counter pass's cycles per byte.
     */
    public record CpuSplit(double runtime, String source, double duration, String invariant, Parts parts,
                           Counting counting, Ticks ticks, Cycles cycles) {
        /** A split known only from counted operations, as runs before the timed figures have it. */
        public static CpuSplit counted(double runtime, Parts parts, Ticks ticks) {
            return new CpuSplit(runtime, "counted", Double.NaN, null, parts, Counting.NONE, ticks, Cycles.NONE);
        }
    }

    /**
     * The split into system calls, softirq (net receive and timers named) and user, from the counted operations' own
     * timeline, scaled to the timed on-CPU time by {@code scale} (timed ÷ counted; NaN when not scaled).
     */
    public record Parts(double syscalls, double softirq, double user, double netRx, double timers, double softirqShare,
                        double scale) {
    }

    /** What counting cost a counted operation: µs, and % of a timed operation's duration. */
    public record Counting(double overheadUs, double overheadShare) {
        public static final Counting NONE = new Counting(Double.NaN, Double.NaN);
    }

    /** getrusage(RUSAGE_THREAD)'s tick-sampled CPU per KiB: user, system and their sum. */
    public record Ticks(double userPerKiB, double sysPerKiB, double totalPerKiB) {
    }

    /** Cycles per byte in user space and in the kernel (the hardware-counter pass), NaN where not counted. */
    public record Cycles(double userPerByte, double kernelPerByte) {
        public static final Cycles NONE = new Cycles(Double.NaN, Double.NaN);
    }

    /** What the throughput interval [gbsLow, gbsHigh] truly covers. */
    public String gbsCoverage() {
        return row.gbsCoverage();
    }

    /** java for a Java row that has its twin beside it; native when only the twin ran. */
    public Impl impl() {
        return row.impl();
    }

    public boolean disagrees() {
        return check.disagreement() != null;
    }
}
