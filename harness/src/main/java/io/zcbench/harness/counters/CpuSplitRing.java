package io.zcbench.harness.counters;

import io.zcbench.harness.nativeio.Fds;
import io.zcbench.harness.nativeio.Perf;

import java.util.Arrays;
import java.util.Map;

/**
 * Where the thread's CPU time went inside each window: system calls, softirq (by vector) and user space, replayed in
 * libzcbench (zc_cpusplit.c) from a perf ring the thread's own tracepoints (raw_syscalls:sys_enter/sys_exit,
 * irq:softirq_entry/exit) and context-switch records sample into, as members of the software group.
 */
final class CpuSplitRing {
    /** Ring of 2048 pages (8 MiB): a 64 MiB transfer in 4 KiB chunks records about 1.6 MB. */
    static final int PAGES = 2048;
    private static final int EPERM = 1;
    private static final int EACCES = 13;
    private static final int ENOMEM = 12;

    private long handle;
    /** out[] of zc_cpusplit.c: user, syscall, softirq, off-CPU, records, lost, then 10 softirq vectors. */
    private final long[] total = new long[16];

    /** Opens the ring in {@code leader}'s group; null when it opened, else why not. */
    String open(int leader, int sysEnter) {
        int sysExit = Tracefs.id("raw_syscalls", "sys_exit");
        int sirqEntry = Tracefs.id("irq", "softirq_entry");
        int sirqExit = Tracefs.id("irq", "softirq_exit");
        if (sysEnter < 0 || sysExit < 0 || sirqEntry < 0 || sirqExit < 0) {
            return "this kernel lacks raw_syscalls:sys_enter/sys_exit or irq:softirq_entry/exit tracepoints";
        }
        long h = Perf.cpuSplitOpen(leader, new int[] {sysEnter, sysExit, sirqEntry, sirqExit}, PAGES);
        if (h < 0) {
            int errno = (int) -h;
            return "perf_event_open/mmap of the CPU-split ring failed: " + Fds.errnoText(errno)
                    + (errno == EPERM || errno == EACCES || errno == ENOMEM
                    ? " (an 8 MiB perf ring exceeds kernel.perf_event_mlock_kb for this user; run as root)" : "");
        }
        handle = h;
        return null;
    }

    boolean isOpen() {
        return handle != 0;
    }

    /** Values the ring adds to its group's read. */
    static int groupValues() {
        return 5;
    }

    /** Replays the records of the window just closed; null, or why reading the ring failed. */
    String drain() {
        long rc = Perf.cpuSplitDrain(handle, total);
        return rc < 0 ? "reading the CPU-split ring failed: " + Fds.errnoText((int) -rc) : null;
    }

    void reset() {
        Arrays.fill(total, 0);
    }

    /** The split into v; when the ring lost records, every split counter unavailable with the reason instead. */
    void totals(Map<Counter, Long> v, Map<String, String> why) {
        long lost = total[5];
        if (lost > 0) {
            for (Counter c : Counter.values()) {
                if (c.split()) {
                    why.put(c.key(), "the CPU-split ring lost " + lost + " records (more events than its "
                            + PAGES * 4 / 1024 + " MiB hold per operation); use a larger --chunk");
                }
            }
            return;
        }
        v.put(Counter.SPLIT_USER_NS, total[0]);
        v.put(Counter.SPLIT_SYSCALL_NS, total[1]);
        v.put(Counter.SPLIT_SOFTIRQ_NS, total[2]);
        v.put(Counter.SPLIT_OFF_CPU_NS, total[3]);
        v.put(Counter.SPLIT_RECORDS, total[4]);
        long[] vec = Arrays.copyOfRange(total, 6, 16);
        // vectors: 0 HI, 1 TIMER, 2 NET_TX, 3 NET_RX, 4 BLOCK, 5 IRQ_POLL, 6 TASKLET, 7 SCHED, 8 HRTIMER, 9 RCU
        v.put(Counter.SOFTIRQ_NET_RX_NS, vec[3]);
        v.put(Counter.SOFTIRQ_NET_TX_NS, vec[2]);
        v.put(Counter.SOFTIRQ_TIMER_NS, vec[1] + vec[8]);
        v.put(Counter.SOFTIRQ_BLOCK_NS, vec[4]);
        v.put(Counter.SOFTIRQ_OTHER_NS, total[2] - vec[3] - vec[2] - vec[1] - vec[8] - vec[4]);
    }

    void close() {
        if (handle != 0) {
            Perf.cpuSplitClose(handle);
            handle = 0;
        }
    }
}
