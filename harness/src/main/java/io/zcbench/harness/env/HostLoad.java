package io.zcbench.harness.env;

import io.zcbench.harness.ProcFiles;

import java.nio.file.Path;

/**
 * What the host gave this VM while something was measured: a memory-bandwidth probe (the host's other tenants move it
 * between 8 and 16 GB/s on this kind of machine, in regimes of a second or so) and, from /proc/stat, the share of CPU
 * time stolen by the hypervisor and idle. Read outside timed operations.
 */
public final class HostLoad {
    private static final int PROBE_BYTES = 16 << 20;
    private final byte[] from = new byte[PROBE_BYTES];
    private final byte[] to = new byte[PROBE_BYTES];
    /** Ints per 64-byte cache line: the walk visits one int of each line. */
    private static final int LINE_INTS = 16;
    /**
     * A random cycle through the 262 144 cache lines of 16 MiB: each load depends on the one before and lands on a line
     * the walk has not touched for a while. Over lines, not ints: shuffling 4 Mi ints cost every fork 130-200 ms before
     * its first iteration (C1, this host), shuffling 256 Ki lines costs a few ms, and a walk of 25 000 loads meets a new
     * line at each step either way.
     */
    private final int[] chain = new int[PROBE_BYTES / 4];
    private long[] statBegin;

    public HostLoad() {
        // Touched now, so the probe never measures first-touch faults.
        java.util.Arrays.fill(from, (byte) 1);
        java.util.Arrays.fill(to, (byte) 2);
        java.util.SplittableRandom r = new java.util.SplittableRandom(42);
        int lines = chain.length / LINE_INTS;
        int[] order = new int[lines];
        for (int i = 0; i < lines; i++) {
            order[i] = i;
        }
        for (int i = lines - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        for (int i = 0; i < lines; i++) {
            chain[order[i] * LINE_INTS] = order[(i + 1) % lines] * LINE_INTS;
        }
    }

    /** Nanoseconds per dependent load of the best of three walks of 100 000 steps over the 16 MiB cycle (a few ms). */
    public double memoryLatency() {
        long best = Long.MAX_VALUE;
        int at = 0;
        for (int k = 0; k < 3; k++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < LATENCY_STEPS; i++) {
                at = chain[at];
            }
            best = Math.min(best, System.nanoTime() - t0);
        }
        sink = at;
        return best / (double) LATENCY_STEPS;
    }

    /** Loads per walk: 3-4 ms each at this host's 120-180 ns, so the three walks cost a fork about 12 ms an iteration. */
    private static final int LATENCY_STEPS = 25_000;

    /** Keeps the walk from being optimized away. */
    private volatile int sink;

    /** GB/s (bytes per ns) of the best of four 16 MiB copies: the memory bandwidth the host gives now (a few ms). */
    public double memoryBandwidth() {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            long t0 = System.nanoTime();
            System.arraycopy(from, 0, to, 0, PROBE_BYTES);
            best = Math.min(best, System.nanoTime() - t0);
        }
        return PROBE_BYTES / (double) best;
    }

    /** Starts a /proc/stat interval. */
    public void begin() {
        statBegin = cpuTimes();
    }

    /** Steal and idle shares (%) of all CPUs' time since {@link #begin()}; NaN where /proc/stat is unreadable. */
    public double[] stealAndIdle() {
        long[] end = cpuTimes();
        if (statBegin == null || end == null) {
            return new double[] {Double.NaN, Double.NaN};
        }
        long total = 0;
        for (int i = 0; i < end.length; i++) {
            total += end[i] - statBegin[i];
        }
        if (total <= 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        // user nice system idle iowait irq softirq steal
        return new double[] {100.0 * (end[7] - statBegin[7]) / total, 100.0 * (end[3] - statBegin[3]) / total};
    }

    /** The first eight fields of /proc/stat's "cpu" line, or null. */
    static long[] cpuTimes() {
        String stat = ProcFiles.read(Path.of("/proc/stat"));
        if (stat == null || !stat.startsWith("cpu ")) {
            return null;
        }
        String[] f = stat.substring(0, stat.indexOf('\n')).trim().split("\\s+");
        if (f.length < 9) {
            return null;
        }
        long[] v = new long[8];
        for (int i = 0; i < 8; i++) {
            v[i] = Long.parseLong(f[i + 1]);
        }
        return v;
    }
}
