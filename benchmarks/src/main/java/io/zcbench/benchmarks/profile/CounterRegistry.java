package io.zcbench.benchmarks.profile;

import io.zcbench.harness.counters.CopyLedger;
import io.zcbench.harness.counters.CounterConfig;
import io.zcbench.harness.counters.CounterTotals;
import io.zcbench.harness.metrics.MetricDef;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Hand-over between the zc profiler (which runs on JMH's control thread) and the benchmark threads
 * (which own the counters): the profiler arms it before an iteration's workers start; each worker
 * counts its extra operations and publishes the totals in its iteration teardown, which JMH
 * completes before the profiler's afterIteration runs.
 */
public final class CounterRegistry {
    private static volatile CounterConfig armed;
    private static volatile int countedOps;
    private static CounterTotals totals = CounterTotals.empty();
    private static long resident = -1;
    private static long total = -1;
    private static long rewarmed;
    private static long maxAfterEvict = -1;

    private CounterRegistry() {
    }

    /** The configuration to count with in this iteration, or {@code null} when no zc profiler runs. */
    public static CounterConfig armed() {
        return armed;
    }

    /** Operations each thread counts at the end of the iteration. */
    public static int countedOps() {
        return countedOps;
    }

    /** The property the runner sets to tell a fork which of its benchmark's forks it is (1, 2, ...). */
    public static final String FORK_NUMBER = "zcbench.forkNumber";

    /** Forks of a benchmark that sample an operation for the copy ledger: two give enough samples, the rest save time. */
    static final int LEDGER_FORKS = 2;

    /** Whether this iteration's sending threads sample one operation for the copy ledger. */
    public static synchronized boolean ledgerIteration() {
        return armed != null && armed.copies() && measuredIterations <= LEDGER_ITERATIONS
                && Integer.getInteger(FORK_NUMBER, 1) <= LEDGER_FORKS;
    }

    static synchronized void arm(CounterConfig config, int opsPerIteration) {
        if (opsPerIteration > 0) {
            measuredIterations++;
        }
        armed = config;
        countedOps = opsPerIteration;
        totals = CounterTotals.empty();
        resident = -1;
        total = -1;
        rewarmed = 0;
        maxAfterEvict = -1;
        copies = null;
        copiesProblem = null;
        extras.clear();
    }

    static synchronized void disarm() {
        armed = null;
    }

    public static synchronized void publish(CounterTotals t) {
        totals = totals.plus(t);
    }

    /** Measured iterations of this fork that sample an operation for the copy ledger: enough samples, little time. */
    static final int LEDGER_ITERATIONS = 1;

    private static int measuredIterations;
    private static CopyLedger.Totals copies;
    private static String copiesProblem;

    /** A sending thread's copy ledger, from its operations of its own. */
    public static synchronized void publishCopies(CopyLedger.Totals t) {
        copies = copies == null ? t : copies.plus(t);
    }

    /** Why a sending thread could keep no copy ledger. */
    public static synchronized void copiesUnavailable(String why) {
        copiesProblem = why;
    }

    /** Warm: pages cached at the iteration's start (after re-reading {@code rewarmedPages}). */
    public static synchronized void cacheChecked(long residentPages, long totalPages, long rewarmedPages) {
        resident = residentPages;
        total = totalPages;
        rewarmed = rewarmedPages;
    }

    /** Cold: pages still cached right after an eviction. */
    public static synchronized void afterEvict(long residentPages) {
        maxAfterEvict = Math.max(maxAfterEvict, residentPages);
    }

    /** A figure a benchmark measures itself (the large-file scenario's): value (NaN when unavailable) and unit. */
    record Extra(double value, String unit) {
    }

    private static final Map<String, List<Extra>> extras = new LinkedHashMap<>();

    /**
     * A figure of one operation, measured by the benchmark itself; the profiler reports the mean of the iteration's
     * (JMH then averages iterations). {@code unit} carries the reason ({@link io.zcbench.harness.metrics.Unavailable}) when {@code value} is NaN.
     */
    public static synchronized void publishExtra(MetricDef metric, double value, String unit) {
        extras.computeIfAbsent(metric.name(), k -> new ArrayList<>()).add(new Extra(value, unit));
    }

    /** What was collected in the iteration just ended. */
    record Snapshot(CounterTotals totals, long resident, long total, long rewarmed, long maxAfterEvict,
                    Map<String, List<Extra>> extras) {
    }

    static synchronized Snapshot take() {
        CounterTotals t = totals;
        if (copies != null) {
            t = t.withCopies(copies);
        } else if (copiesProblem != null) {
            Map<String, String> why = new TreeMap<>(t.unavailable());
            why.put("copies", copiesProblem);
            t = new CounterTotals(t.ops(), t.values(), t.syscallsByName(), why, t.source(), null);
        }
        Map<String, List<Extra>> ex = new LinkedHashMap<>();
        extras.forEach((k, v) -> ex.put(k, List.copyOf(v)));
        extras.clear();
        return new Snapshot(t, resident, total, rewarmed, maxAfterEvict, ex);
    }
}
