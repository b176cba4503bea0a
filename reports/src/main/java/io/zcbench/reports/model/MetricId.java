package io.zcbench.reports.model;

/**
 * The metrics this report treats by their meaning (a column, a chart, a verdict), by the id their run's
 * {@code metrics.json} declares. Everything else about a metric — its full name, unit, label, direction and
 * description — comes from that file ({@link MetricCatalogue}); a metric not listed here still renders from it.
 */
public enum MetricId {
    SYSCALLS("syscalls"),
    SYSCALLS_BY_NAME("syscalls."),
    CTXSW_VOLUNTARY("ctxsw.voluntary"),
    CTXSW_INVOLUNTARY("ctxsw.involuntary"),
    CPU_USER("cpu.user"),
    CPU_SYS("cpu.sys"),
    CPU_TOTAL("cpu.total"),
    CPU_RUNTIME("cpu.runtime"),
    CPU_RUNTIME_PER_KIB("cpu.runtime.perKiB"),
    SPLIT_SYSCALL("cpu.split.syscall.perKiB"),
    SPLIT_SOFTIRQ("cpu.split.softirq.perKiB"),
    SPLIT_USER("cpu.split.user.perKiB"),
    SOFTIRQ_NET_RX("softirq.netRx.perKiB"),
    SOFTIRQ_TIMER("softirq.timer.perKiB"),
    SOFTIRQ_SHARE("cpu.split.softirq.share"),
    ZC_COMPLETIONS("zerocopy.completions"),
    ZC_COPIED_SHARE("zerocopy.copiedShare"),
    WORKER_CPU_PER_KIB("worker.cpu.perKiB"),
    WORKER_CTXSW("worker.ctxsw"),
    COPIES_SENDER("copies.sender"),
    COPIES_USER("copies.sender.user.perKiB"),
    COPY_SITES("copies.site."),
    FAULTS_MINOR("faults.minor"),
    FAULTS_MAJOR("faults.major"),
    CYCLES_USER("cycles.user.perByte"),
    CYCLES_KERNEL("cycles.kernel.perByte"),
    COUNTED_OPS("counted.ops"),
    TWIN_TIME("twin.time"),
    TIMED_CPU("timed.cpu.perKiB"),
    TIMED_WALL("timed.wall.perKiB"),
    COUNTING_OVERHEAD("counting.overhead"),
    COUNTING_OVERHEAD_SHARE("counting.overhead.share"),
    HOST_MEMBW("host.membw"),
    HOST_LATENCY("host.memLatency"),
    HOST_STEAL("host.steal"),
    HOST_IDLE("host.idle"),
    RECEIVER_CPU("receiver.cpu.perKiB"),
    RECEIVER_SPLIT_SYSCALL("receiver.cpuSplit.syscall.perKiB"),
    RECEIVER_SPLIT_SOFTIRQ("receiver.cpuSplit.softirq.perKiB"),
    RECEIVER_SPLIT_USER("receiver.cpuSplit.user.perKiB"),
    RECEIVER_SYSCALLS("receiver.syscalls"),
    RECEIVER_CTXSW("receiver.ctxsw.voluntary"),
    RECEIVER_COPIES("receiver.copies.perByte"),
    RECEIVER_READ("receiver.read.perByte"),
    RECEIVER_MAPPED("receiver.mapped.share"),
    LARGE_HOT_GBS("large.hot.gbs"),
    LARGE_HOT_FAULTS("large.hot.majorFaults"),
    LARGE_HOT_BEFORE("large.hot.residentBefore"),
    LARGE_HOT_AFTER("large.hot.residentAfter"),
    LARGE_DEVICE_READ("large.device.readMiB"),
    LARGE_FOOTPRINT("large.footprintMiB"),
    LARGE_CGROUP_CACHE("large.cgroup.cacheMiB"),
    LARGE_CGROUP_LIMIT("large.cgroup.limitMiB"),
    LARGE_HOT_SIZE("large.hot.sizeMiB"),
    LARGE_HOT_RATE("large.hot.rateMBs");

    private final String id;

    MetricId(String id) {
        this.id = id;
    }

    /** The id in metrics.json. */
    public String id() {
        return id;
    }
}
