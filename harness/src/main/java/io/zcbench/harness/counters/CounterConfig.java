package io.zcbench.harness.counters;

/**
 * What to count. {@code perf=false} forces the getrusage fallback (so it can be tested where perf
 * works). {@code hardware} adds cycles and instructions split user/kernel: opt-in, because on a VM
 * per-task hardware counters slow loopback transfers badly, so figures taken with them on are not
 * throughput figures.
 */
public record CounterConfig(boolean perf, boolean hardware, boolean copies) {
    public static final CounterConfig DEFAULT = new CounterConfig(true, false);

    /** Without the copy ledger. */
    public CounterConfig(boolean perf, boolean hardware) {
        this(perf, hardware, false);
    }

    /** The same, with the copy ledger on or off ({@link CopyLedger}: cpu-clock samples with kernel call chains). */
    public CounterConfig withCopies(boolean on) {
        return new CounterConfig(perf, hardware, on);
    }

    /** {@code -Dzcbench.counters=rusage} forces the fallback for the whole JVM. */
    public static CounterConfig fromSystemProperties(boolean hardware) {
        return new CounterConfig(!"rusage".equals(System.getProperty("zcbench.counters")), hardware);
    }
}
