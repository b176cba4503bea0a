package io.zcbench.harness.nativeio;

/**
 * libzcbench's natives for counting: perf_event_open(2) groups, getrusage(RUSAGE_THREAD), the thread's scheduler
 * runtime, and the CPU split's sampled timeline (zc_counters.c and zc_cpusplit.c), registered by {@code JNI_OnLoad}.
 * Calls return {@code >= 0} or {@code -errno} unless they say otherwise; {@link Fds#check} turns a negative result into
 * an {@link java.io.IOException} naming the call and the errno. Call {@link NativeLibrary#require(String)} before
 * touching any method here.
 */
public final class Perf {
    static {
        // Registers the natives (JNI_OnLoad) the first time any of them is reached. JNI_OnLoad's FindClass initializes
        // this class while NativeLibrary is still initializing, so only touch it.
        NativeLibrary.touch();
    }

    private Perf() {
    }

    public static final int PERF_EXCLUDE_USER = 1;
    public static final int PERF_EXCLUDE_KERNEL = 2;
    public static final int PERF_EXCLUDE_HV = 4;

    public static native int perfOpen(int type, long config, int groupFd, int flags);

    public static native int perfSetFilter(int fd, String filter);

    public static native int perfReadGroup(int leaderFd, long[] out);

    /** Enables or disables a whole perf group (PERF_IOC_FLAG_GROUP). */
    public static native int perfEnable(int leaderFd, boolean on);

    public static native int rusageThread(long[] out);

    private static native long cpuSplitOpen0(int groupFd, int[] tracepointIds, int pages);

    private static native long cpuSplitDrain0(long handle, long[] out);

    private static native void cpuSplitClose0(long handle);

    private static native int cpuSplitOutLength0();

    /** Opens the CPU-split events as members of {@code groupFd}; a handle, or -errno. */
    public static long cpuSplitOpen(int groupFd, int[] tracepointIds, int pages) {
        return cpuSplitOpen0(groupFd, tracepointIds, pages);
    }

    /** Adds the records since the last drain to {@code out}; records read, or -errno. */
    public static long cpuSplitDrain(long handle, long[] out) {
        if (out.length < cpuSplitOutLength0()) {
            throw new IllegalArgumentException("cpu split needs " + cpuSplitOutLength0() + " longs");
        }
        return cpuSplitDrain0(handle, out);
    }

    public static void cpuSplitClose(long handle) {
        cpuSplitClose0(handle);
    }

    /** The calling thread's scheduler runtime (sum_exec_runtime) in ns, up to date; or -errno. */
    public static native long threadCpuNs();
}
