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

    public boolean hardware() {
        return this.ordinal() >= CYCLES_USER.ordinal();
    }
}
