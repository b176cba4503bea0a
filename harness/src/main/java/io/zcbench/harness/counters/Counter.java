package io.zcbench.harness.counters;

/** What {@link ThreadCounters} counts on one thread, with the unit of one count. */
public enum Counter {
    SYSCALLS("syscalls", "calls"),
    VOLUNTARY_CONTEXT_SWITCHES("voluntaryContextSwitches", "switches"),
    INVOLUNTARY_CONTEXT_SWITCHES("involuntaryContextSwitches", "switches"),
    CPU_USER_NS("cpuUserNs", "ns"),
    CPU_SYSTEM_NS("cpuSystemNs", "ns"),
    CPU_TOTAL_NS("cpuTotalNs", "ns"),
    MINOR_FAULTS("minorFaults", "faults"),
    MAJOR_FAULTS("majorFaults", "faults"),
    MIGRATIONS("cpuMigrations", "migrations"),
    /**
     * Tasks woken while this thread ran (sched:sched_waking, which fires on the waker's CPU in its context): by the
     * thread's own system calls and by the softirqs that ran on its CPU meanwhile (on loopback, the peer's receive path).
     */
    WAKEUPS("wakeups", "wake-ups"),
    /** The thread's scheduler runtime (sum_exec_runtime): the most exact on-CPU time. */
    CPU_RUNTIME_NS("cpuRuntimeNs", "ns"),
    /** From the thread's own timeline (syscall and softirq tracepoints, context switches). */
    SPLIT_USER_NS("cpuSplitUserNs", "ns"),
    SPLIT_SYSCALL_NS("cpuSplitSyscallNs", "ns"),
    SPLIT_SOFTIRQ_NS("cpuSplitSoftirqNs", "ns"),
    /** Wall time inside the window while the thread was switched out (blocked or preempted). */
    SPLIT_OFF_CPU_NS("offCpuNs", "ns"),
    SPLIT_RECORDS("cpuSplitRecords", "records"),
    SOFTIRQ_NET_RX_NS("softirqNetRxNs", "ns"),
    SOFTIRQ_NET_TX_NS("softirqNetTxNs", "ns"),
    SOFTIRQ_TIMER_NS("softirqTimerNs", "ns"),
    SOFTIRQ_BLOCK_NS("softirqBlockNs", "ns"),
    SOFTIRQ_OTHER_NS("softirqOtherNs", "ns"),
    /** Counted by the path itself (only paths that have them report them): zerocopy completions ... */
    ZEROCOPY_COMPLETIONS("zerocopyCompletions", "completions"),
    /** ... and of those, the ones where the kernel copied after all (SO_EE_CODE_ZEROCOPY_COPIED, IORING_NOTIF_USAGE_ZC_COPIED). */
    ZEROCOPY_COPIED("zerocopyCopied", "completions"),
    /** CPU time of io_uring's io-wq worker threads of this process (the work the sending thread handed them). */
    WORKER_CPU_NS("workerCpuNs", "ns"),
    WORKER_CONTEXT_SWITCHES("workerContextSwitches", "switches"),
    CYCLES_USER("cyclesUser", "cycles"),
    CYCLES_KERNEL("cyclesKernel", "cycles"),
    INSTRUCTIONS_USER("instructionsUser", "instructions"),
    INSTRUCTIONS_KERNEL("instructionsKernel", "instructions");

    private final String key;
    private final String unit;

    Counter(String key, String unit) {
        this.key = key;
        this.unit = unit;
    }

    /** The JSON field name ({@code cpuUserNs}). */
    public String key() {
        return key;
    }

    public String unit() {
        return unit;
    }

    /** Counters of the CPU split (syscall, softirq, user time from the thread's timeline). */
    public boolean split() {
        return ordinal() >= SPLIT_USER_NS.ordinal() && ordinal() <= SOFTIRQ_OTHER_NS.ordinal();
    }

    /** Counters a path reports about itself ({@code CopyPath.counts}), present only for paths that have them. */
    public boolean byPath() {
        return ordinal() >= ZEROCOPY_COMPLETIONS.ordinal() && ordinal() <= WORKER_CONTEXT_SWITCHES.ordinal();
    }

    public boolean hardware() {
        return this.ordinal() >= CYCLES_USER.ordinal();
    }
}
