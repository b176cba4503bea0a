package io.zcbench.harness.counters;

/** What {@link ThreadCounters} counts on one thread, with the unit of one count. */
public enum Counter {
    SYSCALLS("syscalls", "calls", "raw_syscalls:sys_enter tracepoint"),
    VOLUNTARY_CONTEXT_SWITCHES("voluntaryContextSwitches", "switches", "sched:sched_switch with a sleeping prev_state"),
    INVOLUNTARY_CONTEXT_SWITCHES("involuntaryContextSwitches", "switches", "sched:sched_switch while runnable (preempted)"),
    CPU_USER_NS("cpuUserNs", "ns", "getrusage(RUSAGE_THREAD) ru_utime"),
    CPU_SYSTEM_NS("cpuSystemNs", "ns", "getrusage(RUSAGE_THREAD) ru_stime"),
    CPU_TOTAL_NS("cpuTotalNs", "ns", "task-clock software event"),
    MINOR_FAULTS("minorFaults", "faults", "page-faults-min software event"),
    MAJOR_FAULTS("majorFaults", "faults", "page-faults-maj software event"),
    MIGRATIONS("cpuMigrations", "migrations", "cpu-migrations software event"),
    CYCLES_USER("cyclesUser", "cycles", "cpu-cycles, kernel excluded"),
    CYCLES_KERNEL("cyclesKernel", "cycles", "cpu-cycles, user excluded"),
    INSTRUCTIONS_USER("instructionsUser", "instructions", "instructions, kernel excluded"),
    INSTRUCTIONS_KERNEL("instructionsKernel", "instructions", "instructions, user excluded");

    private final String key;
    private final String unit;
    private final String source;

    Counter(String key, String unit, String source) {
        this.key = key;
        this.unit = unit;
        this.source = source;
    }

    /** The JSON field name ({@code cpuUserNs}). */
    public String key() {
        return key;
    }

    public String unit() {
        return unit;
    }

    /** Where the value comes from when perf counting is on. */
    public String source() {
        return source;
    }

    public boolean hardware() {
        return this.ordinal() >= CYCLES_USER.ordinal();
    }
}
