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
                       String disagreement, Map<String, Double> breakdown, Map<String, String> unavailable) {

    public boolean disagrees() {
        return disagreement != null;
    }
}
