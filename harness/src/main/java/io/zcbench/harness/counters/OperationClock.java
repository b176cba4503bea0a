package io.zcbench.harness.counters;

import io.zcbench.harness.nativeio.Perf;
import io.zcbench.harness.nativeio.NativeLibrary;

/**
 * What whole operations cost the calling thread, read around each one at a cost of a few system calls (about a
 * microsecond, against milliseconds an operation): wall time, on-CPU time (the thread's scheduler runtime,
 * clock_gettime(CLOCK_THREAD_CPUTIME_ID)), and from getrusage(RUSAGE_THREAD) its context switches and page faults.
 * Cheap enough to run around the timed operations themselves, so their CPU figures are not those of operations
 * slowed by counting. The on-CPU interval lies inside the wall interval, so on-CPU never exceeds wall time.
 */
public final class OperationClock {
    /** What the operations since the last {@link #reset()} cost, summed. {@code cpuNs} -1: not measurable here. */
    public record Totals(long ops, long wallNs, long cpuNs, long voluntarySwitches, long involuntarySwitches,
                         long minorFaults, long majorFaults) {
        public boolean hasCpu() {
            return cpuNs >= 0 && ops > 0;
        }

        public double wallPerOp() {
            return ops == 0 ? Double.NaN : (double) wallNs / ops;
        }

        public double cpuPerOp() {
            return hasCpu() ? (double) cpuNs / ops : Double.NaN;
        }
    }

    private final boolean nativeClock = NativeLibrary.isAvailable();
    private final long[] ruBegin = new long[6];
    private final long[] ruEnd = new long[6];
    private long t0;
    private long c0;
    private long ops;
    private long wall;
    private long cpu;
    private boolean cpuBroken;
    private long vol;
    private long invol;
    private long minor;
    private long major;

    /** Why on-CPU time cannot be read here, or null. */
    public String cpuUnavailable() {
        return !nativeClock ? "libzcbench is unavailable: " + NativeLibrary.unavailableReason()
                : cpuBroken ? "clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed" : null;
    }

    public void begin() {
        if (nativeClock) {
            Perf.rusageThread(ruBegin);
        }
        t0 = System.nanoTime();
        c0 = nativeClock ? Perf.threadCpuNs() : -1;
    }

    public void end() {
        long c1 = nativeClock ? Perf.threadCpuNs() : -1;
        long t1 = System.nanoTime();
        if (nativeClock) {
            Perf.rusageThread(ruEnd);
        }
        account(ruBegin, ruEnd, c0, c1);
        wall += t1 - t0;
        ops++;
    }

    /** Adds one thread's switches and faults (getrusage before and after) and its on-CPU time to the totals. */
    private void account(long[] ruBefore, long[] ruAfter, long cpuBefore, long cpuAfter) {
        if (nativeClock) {
            minor += ruAfter[2] - ruBefore[2];
            major += ruAfter[3] - ruBefore[3];
            vol += ruAfter[4] - ruBefore[4];
            invol += ruAfter[5] - ruBefore[5];
        }
        if (cpuBefore < 0 || cpuAfter < 0) {
            cpuBroken |= nativeClock;
        } else {
            cpu += cpuAfter - cpuBefore;
        }
    }

    /**
     * A window that adds what the thread it runs on spends inside it (on-CPU, switches, faults) to this clock's
     * operations: for a path whose calls run on another thread (a framework's event loop), opened and closed there by
     * the path, so the clock's figures are the calling thread's plus that thread's.
     */
    public Window onWorkThread() {
        return work;
    }

    private final Window work = new Window() {
        @Override
        public boolean countsPath() {
            return false; // it reads the clock around timed operations too
        }

        private final long[] b = new long[6];
        private final long[] e = new long[6];
        private long cpu0;

        @Override
        public void begin() {
            if (nativeClock) {
                Perf.rusageThread(b);
            }
            cpu0 = nativeClock ? Perf.threadCpuNs() : -1;
        }

        @Override
        public void end() {
            long c1 = nativeClock ? Perf.threadCpuNs() : -1;
            if (nativeClock) {
                Perf.rusageThread(e);
            }
            account(b, e, cpu0, c1);
        }
    };

    public void reset() {
        ops = 0;
        wall = 0;
        cpu = 0;
        vol = 0;
        invol = 0;
        minor = 0;
        major = 0;
    }

    public Totals totals() {
        boolean noRusage = !nativeClock;
        return new Totals(ops, wall, cpuUnavailable() == null ? cpu : -1, noRusage ? -1 : vol, noRusage ? -1 : invol,
                noRusage ? -1 : minor, noRusage ? -1 : major);
    }
}
