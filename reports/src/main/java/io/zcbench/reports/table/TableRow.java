package io.zcbench.reports.table;

import io.zcbench.reports.model.PathModel;
import io.zcbench.reports.model.Row;

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
                       Twin twin, CpuSplit cpu, String forkSpread, Boolean distinctFromBase) {

    /** The path's native twin, measured in the same run: its GB/s and interval, and Java / native. */
    public record Twin(double gbs, double gbsLow, double gbsHigh, double ratio, String forkSpread) {
        public static final Twin NONE = new Twin(Double.NaN, Double.NaN, Double.NaN, Double.NaN, "");
    }

    /**
     * Where the sending thread's CPU went, ns/KiB: the scheduler's runtime (the headline), and its split
     * from the thread's own timeline into system calls, softirq (net receive and timers named) and user.
     */
    public record CpuSplit(double runtime, double syscalls, double softirq, double user, double netRx, double timers,
                           double softirqShare) {
    }

    /** java for a Java row that has its twin beside it; native when only the twin ran. */
    public String impl() {
        return row.impl();
    }

    public boolean disagrees() {
        return disagreement != null;
    }
}
