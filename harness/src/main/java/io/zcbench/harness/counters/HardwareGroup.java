package io.zcbench.harness.counters;

import io.zcbench.harness.nativeio.Fds;
import io.zcbench.harness.nativeio.Perf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Cycles and instructions, user and kernel, of the calling thread: one perf group of four hardware counters, read
 * around each window by {@link ThreadCounters}. Opt-in: per-task hardware counters slow loopback transfers on VMs. Where
 * the machine has no PMU or perf refuses, it stays empty and says why.
 */
final class HardwareGroup {
    private static final int PERF_TYPE_HARDWARE = 0;
    private static final int HW_CPU_CYCLES = 0;
    private static final int HW_INSTRUCTIONS = 1;
    private static final int EPERM = 1;
    private static final int EACCES = 13;

    private final List<Integer> fds = new ArrayList<>();
    private final long[] begin = new long[7];
    private final long[] end = new long[7];
    private final long[] total = new long[7];
    private long enabled;
    private long running;

    /** Opens the group; null when it opened, else why not (the caller marks the hardware counters unavailable). */
    String open() {
        int[][] spec = {
            {HW_CPU_CYCLES, Perf.PERF_EXCLUDE_KERNEL | Perf.PERF_EXCLUDE_HV},
            {HW_CPU_CYCLES, Perf.PERF_EXCLUDE_USER | Perf.PERF_EXCLUDE_HV},
            {HW_INSTRUCTIONS, Perf.PERF_EXCLUDE_KERNEL | Perf.PERF_EXCLUDE_HV},
            {HW_INSTRUCTIONS, Perf.PERF_EXCLUDE_USER | Perf.PERF_EXCLUDE_HV},
        };
        for (int[] s : spec) {
            int leader = fds.isEmpty() ? -1 : fds.get(0);
            int fd = Perf.perfOpen(PERF_TYPE_HARDWARE, s[0], leader, s[1]);
            if (fd < 0) {
                close();
                int errno = -fd;
                return errno == EACCES || errno == EPERM
                        ? "perf_event_open refused for hardware counters (" + Fds.errnoText(errno)
                        + "): run as root or sysctl kernel.perf_event_paranoid=-1"
                        : "hardware counters are not exposed on this machine (perf_event_open PERF_TYPE_HARDWARE: "
                        + Fds.errnoText(errno) + "), as on VMs without a virtual PMU";
            }
            fds.add(fd);
        }
        return null;
    }

    boolean isOpen() {
        return !fds.isEmpty();
    }

    int leader() {
        return fds.get(0);
    }

    long[] beginValues() {
        return begin;
    }

    long[] endValues() {
        return end;
    }

    /** Adds the window between the last two reads. */
    void accumulate() {
        for (int i = 3; i < total.length; i++) {
            total[i] += end[i] - begin[i];
        }
        enabled += end[1] - begin[1];
        running += end[2] - begin[2];
    }

    void reset() {
        Arrays.fill(total, 0);
        enabled = 0;
        running = 0;
    }

    /** The totals into v, and a note in why when the counters were multiplexed. */
    void totals(Map<Counter, Long> v, Map<String, String> why) {
        v.put(Counter.CYCLES_USER, total[3]);
        v.put(Counter.CYCLES_KERNEL, total[4]);
        v.put(Counter.INSTRUCTIONS_USER, total[5]);
        v.put(Counter.INSTRUCTIONS_KERNEL, total[6]);
        if (running < enabled) {
            why.put("hardwareMultiplexed", String.format(Locale.ROOT,
                    "hardware counters ran %.0f%% of the time (multiplexed); their values are scaled estimates",
                    100.0 * running / Math.max(1, enabled)));
        }
    }

    void close() {
        for (int fd : fds) {
            Fds.close(fd);
        }
        fds.clear();
    }
}
