package io.zcbench.reports.model;

import io.zcbench.harness.metrics.MetricDef;
import io.zcbench.harness.metrics.Metrics;

/**
 * The metrics this report treats by their meaning (a column, a chart, a verdict): each names its declaration in
 * {@link Metrics}, so an id the report uses is declared or the build fails, and a renamed declaration carries the report
 * along. The report still reads everything about a metric — its full name, unit, label, direction and description —
 * from the run's own {@code metrics.json} ({@link MetricCatalogue}), so a run keeps the words it was made with; a metric
 * not listed here still renders from that file.
 */
public enum MetricId {
    SYSCALLS(Metrics.SYSCALLS),
    SYSCALLS_BY_NAME(Metrics.SYSCALLS_BY_NAME),
    CTXSW_VOLUNTARY(Metrics.CTXSW_VOLUNTARY),
    CTXSW_INVOLUNTARY(Metrics.CTXSW_INVOLUNTARY),
    WAKEUPS(Metrics.WAKEUPS),
    CPU_USER(Metrics.CPU_USER),
    CPU_SYS(Metrics.CPU_SYS),
    CPU_TOTAL(Metrics.CPU_TOTAL),
    CPU_RUNTIME(Metrics.CPU_RUNTIME),
    CPU_RUNTIME_PER_KIB(Metrics.CPU_RUNTIME_PER_KIB),
    SPLIT_SYSCALL(Metrics.SPLIT_SYSCALL),
    SPLIT_SOFTIRQ(Metrics.SPLIT_SOFTIRQ),
    SPLIT_USER(Metrics.SPLIT_USER),
    SOFTIRQ_NET_RX(Metrics.SOFTIRQ_NET_RX),
    SOFTIRQ_TIMER(Metrics.SOFTIRQ_TIMER),
    SOFTIRQ_SHARE(Metrics.SOFTIRQ_SHARE),
    ZC_COMPLETIONS(Metrics.ZC_COMPLETIONS),
    ZC_COPIED_SHARE(Metrics.ZC_COPIED_SHARE),
    WORKER_CPU_PER_KIB(Metrics.WORKER_CPU_PER_KIB),
    WORKER_CTXSW(Metrics.WORKER_CTXSW),
    COPIES_SENDER(Metrics.COPIES_SENDER),
    COPIES_USER(Metrics.COPIES_USER),
    COPY_SITES(Metrics.COPY_SITES),
    FAULTS_MINOR(Metrics.FAULTS_MINOR),
    FAULTS_MAJOR(Metrics.FAULTS_MAJOR),
    CYCLES_USER(Metrics.CYCLES_USER),
    CYCLES_KERNEL(Metrics.CYCLES_KERNEL),
    COUNTED_OPS(Metrics.COUNTED_OPS),
    TWIN_TIME(Metrics.TWIN_TIME),
    BASELINE_TIME(Metrics.BASELINE_TIME),
    JNI_TIME(Metrics.JNI_TIME),
    VTHREAD_PINNED(Metrics.VTHREAD_PINNED),
    TIMED_CPU(Metrics.TIMED_CPU),
    TIMED_WALL(Metrics.TIMED_WALL),
    COUNTING_OVERHEAD(Metrics.COUNTING_OVERHEAD),
    COUNTING_OVERHEAD_SHARE(Metrics.COUNTING_OVERHEAD_SHARE),
    HOST_MEMBW(Metrics.HOST_MEMBW),
    HOST_LATENCY(Metrics.HOST_LATENCY),
    HOST_DISK(Metrics.HOST_DISK),
    HOST_STEAL(Metrics.HOST_STEAL),
    HOST_IDLE(Metrics.HOST_IDLE),
    RECEIVER_CPU(Metrics.RECEIVER_CPU),
    RECEIVER_TIMED_CPU(Metrics.RECEIVER_TIMED_CPU),
    RECEIVER_TIMED_WALL(Metrics.RECEIVER_TIMED_WALL),
    RECEIVER_SPLIT_SYSCALL(Metrics.RECEIVER_SPLIT_SYSCALL),
    RECEIVER_SPLIT_SOFTIRQ(Metrics.RECEIVER_SPLIT_SOFTIRQ),
    RECEIVER_SPLIT_USER(Metrics.RECEIVER_SPLIT_USER),
    RECEIVER_SYSCALLS(Metrics.RECEIVER_SYSCALLS),
    RECEIVER_CTXSW(Metrics.RECEIVER_CTXSW),
    RECEIVER_WAKEUPS(Metrics.RECEIVER_WAKEUPS),
    RECEIVER_BYTES_PER_CALL(Metrics.RECEIVER_BYTES_PER_CALL),
    RECEIVER_COPIES(Metrics.RECEIVER_COPIES),
    RECEIVER_READ(Metrics.RECEIVER_READ),
    RECEIVER_MAPPED(Metrics.RECEIVER_MAPPED),
    LARGE_HOT_GBS(Metrics.LARGE_HOT_GBS),
    LARGE_HOT_FAULTS(Metrics.LARGE_HOT_FAULTS),
    LARGE_HOT_BEFORE(Metrics.LARGE_HOT_BEFORE),
    LARGE_HOT_AFTER(Metrics.LARGE_HOT_AFTER),
    LARGE_DEVICE_READ(Metrics.LARGE_DEVICE_READ),
    LARGE_FOOTPRINT(Metrics.LARGE_FOOTPRINT),
    LARGE_CGROUP_CACHE(Metrics.LARGE_CGROUP_CACHE),
    LARGE_CGROUP_LIMIT(Metrics.LARGE_CGROUP_LIMIT),
    LARGE_HOT_SIZE(Metrics.LARGE_HOT_SIZE),
    LARGE_HOT_RATE(Metrics.LARGE_HOT_RATE);

    private final MetricDef declared;

    MetricId(MetricDef declared) {
        this.declared = declared;
    }

    /** The id in metrics.json. */
    public String id() {
        return declared.id();
    }

    /** Its declaration in this version of zcbench. */
    public MetricDef declared() {
        return declared;
    }
}
