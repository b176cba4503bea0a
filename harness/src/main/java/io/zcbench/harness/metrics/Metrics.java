package io.zcbench.harness.metrics;

import io.zcbench.harness.metrics.MetricDef.Better;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every figure zcbench reports beside throughput, declared once: the profiler, the copy command and the benchmarks
 * publish them by these declarations; each run writes {@link #describe()} as {@code metrics.json}, and the reports read
 * names, units, labels and meaning from there, never from their own copy. A new metric is a line here and its
 * measurement.
 */
public final class Metrics {
    /** Prefix of every JMH secondary result of zcbench's. */
    public static final String PREFIX = "zc.";
    /** The format tag of {@code metrics.json}. */
    public static final String FORMAT = "zcbench-metrics/1";

    private static final Map<String, MetricDef> BY_ID = new LinkedHashMap<>();

    // Sections, in report order.
    public static final String THROUGHPUT = "throughput";
    public static final String CALLS = "system calls";
    public static final String SWITCHES = "context switches";
    public static final String CPU = "CPU";
    public static final String PATH_OWN = "what the path counts itself";
    public static final String COPIES = "copy ledger";
    public static final String FAULTS = "faults";
    public static final String HARDWARE = "hardware counters";
    public static final String CACHE = "page cache";
    public static final String LARGE = "large files";
    public static final String TWIN = "native twin";
    public static final String BASELINE = "raw baseline";
    public static final String JNI = "JNI beside FFM";
    public static final String RECEIVER = "the receiving end";
    public static final String HOST = "the machine while it ran";
    public static final String RUN = "how it was measured";

    public static final MetricDef SYSCALLS = m("syscalls", "#/op", "system calls", Better.LOWER, CALLS, true,
            "system calls the sending thread entered per operation (raw_syscalls:sys_enter on the thread)");
    public static final MetricDef SYSCALLS_PER_MIB = m("syscalls.perMiB", "#/MiB", "system calls per MiB", Better.LOWER, CALLS,
            false, "system calls per MiB moved");
    public static final MetricDef MODE_SWITCHES = m("modeSwitches", "#/op", "mode switches (derived)", Better.LOWER, CALLS,
            false, "user/kernel transitions, derived: 2 per system call (what textbooks call context switches)");
    public static final MetricDef SYSCALLS_BY_NAME = family("syscalls.", "#/op", "system calls by name", Better.LOWER, CALLS,
            "calls of one system call per operation (syscalls:sys_enter_<name>); 'other' holds the rest");
    public static final MetricDef CTXSW_VOLUNTARY = m("ctxsw.voluntary", "#/op", "voluntary context switches", Better.LOWER,
            SWITCHES, true, "scheduler switches where the sending thread blocked (sched_switch, prev_state sleeping)");
    public static final MetricDef WAKEUPS = m("wakeups", "#/op", "wake-ups made", Better.LOWER, SWITCHES, true,
            "tasks woken while the sending thread ran (sched:sched_waking counted on it): by its own system calls and by the "
                    + "softirqs on its CPU meanwhile; on loopback that includes waking the sink's receiving thread");
    public static final MetricDef CTXSW_INVOLUNTARY = m("ctxsw.involuntary", "#/op", "involuntary context switches",
            Better.LOWER, SWITCHES, true, "scheduler switches where the sending thread was preempted while runnable");
    public static final MetricDef CPU_USER = m("cpu.user", "ns/op", "CPU user, getrusage ticks", Better.LOWER, CPU, true,
            "user CPU time per operation from getrusage(RUSAGE_THREAD): exact in total, tick-sampled in its split");
    public static final MetricDef CPU_SYS = m("cpu.sys", "ns/op", "CPU system, getrusage ticks", Better.LOWER, CPU, true,
            "system CPU time per operation from getrusage(RUSAGE_THREAD): exact in total, tick-sampled in its split");
    public static final MetricDef CPU_TOTAL = m("cpu.total", "ns/op", "CPU, task-clock", Better.LOWER, CPU, false,
            "task-clock of the sending thread per operation (misses 10-15 us per context switch on nested guests)");
    public static final MetricDef CPU_USER_PER_KIB = m("cpu.user.perKiB", "ns/KiB", "CPU user per KiB, getrusage", Better.LOWER,
            CPU, false, "getrusage's user time per KiB moved");
    public static final MetricDef CPU_SYS_PER_KIB = m("cpu.sys.perKiB", "ns/KiB", "CPU system per KiB, getrusage", Better.LOWER,
            CPU, false, "getrusage's system time per KiB moved");
    public static final MetricDef CPU_RUNTIME = m("cpu.runtime", "ns/op", "on-CPU, scheduler runtime", Better.LOWER, CPU, true,
            "the sending thread's scheduler runtime (sum_exec_runtime) per counted operation");
    public static final MetricDef CPU_RUNTIME_PER_KIB = m("cpu.runtime.perKiB", "ns/KiB", "on-CPU per KiB", Better.LOWER, CPU,
            false, "the sending thread's scheduler runtime per KiB moved, in the counted operations");
    public static final MetricDef CPU_TOTAL_PER_KIB = m("cpu.total.perKiB", "ns/KiB", "task-clock per KiB", Better.LOWER, CPU,
            false, "task-clock per KiB moved");
    public static final MetricDef SPLIT_SYSCALL = m("cpu.split.syscall.perKiB", "ns/KiB", "CPU in system calls", Better.LOWER,
            CPU, true, "on-CPU time inside the thread's own system calls (sys_enter to sys_exit, softirqs taken out)");
    public static final MetricDef SPLIT_SOFTIRQ = m("cpu.split.softirq.perKiB", "ns/KiB", "CPU in softirq", Better.LOWER, CPU,
            true, "softirq work that ran on the sending thread (net receive, timers): this kernel bills it to the thread");
    public static final MetricDef SPLIT_USER = m("cpu.split.user.perKiB", "ns/KiB", "CPU in user space", Better.LOWER, CPU, true,
            "on-CPU time outside system calls and softirqs, page faults taken in user space included");
    public static final MetricDef SOFTIRQ_NET_RX = m("softirq.netRx.perKiB", "ns/KiB", "softirq net receive", Better.LOWER, CPU,
            false, "NET_RX softirq time on the sending thread (the loopback receiver's TCP processing)");
    public static final MetricDef SOFTIRQ_NET_TX = m("softirq.netTx.perKiB", "ns/KiB", "softirq net transmit", Better.LOWER, CPU,
            false, "NET_TX softirq time on the sending thread");
    public static final MetricDef SOFTIRQ_TIMER = m("softirq.timer.perKiB", "ns/KiB", "softirq timers", Better.LOWER, CPU, false,
            "TIMER and HRTIMER softirq time on the sending thread (TCP pacing, retransmit and delayed-ACK timers)");
    public static final MetricDef SOFTIRQ_BLOCK = m("softirq.block.perKiB", "ns/KiB", "softirq block", Better.LOWER, CPU, false,
            "BLOCK softirq time on the sending thread (I/O completions)");
    public static final MetricDef SOFTIRQ_OTHER = m("softirq.other.perKiB", "ns/KiB", "softirq other", Better.LOWER, CPU, false,
            "the other softirq vectors' time on the sending thread");
    public static final MetricDef SOFTIRQ_SHARE = m("cpu.split.softirq.share", "%", "softirq share of on-CPU", Better.NONE, CPU,
            false, "softirq time as a share of the thread's on-CPU time");
    public static final MetricDef ZC_COMPLETIONS = m("zerocopy.completions", "#/op", "zerocopy completions", Better.NONE,
            PATH_OWN, false, "MSG_ZEROCOPY or SEND_ZC completions per operation (only paths that send zerocopy)");
    public static final MetricDef ZC_COPIED_SHARE = m("zerocopy.copiedShare", "%", "zerocopy copied by the kernel",
            Better.LOWER, PATH_OWN, true, "share of completions the kernel copied after all (SO_EE_CODE_ZEROCOPY_COPIED, "
                    + "IORING_NOTIF_USAGE_ZC_COPIED)");
    public static final MetricDef WORKER_CPU = m("worker.cpu", "ns/op", "io-wq workers on-CPU", Better.LOWER, PATH_OWN, false,
            "CPU time of io_uring's io-wq worker threads per operation (work the sending thread handed them)");
    public static final MetricDef WORKER_CPU_PER_KIB = m("worker.cpu.perKiB", "ns/KiB", "io-wq workers on-CPU per KiB",
            Better.LOWER, PATH_OWN, true, "io-wq workers' CPU time per KiB moved");
    public static final MetricDef WORKER_CTXSW = m("worker.ctxsw", "#/op", "io-wq workers context switches", Better.LOWER,
            PATH_OWN, false, "context switches of io_uring's io-wq worker threads per operation");
    public static final MetricDef COPIES_SENDER = m("copies.sender", "copy sites", "CPU copies, sending thread (sampled)",
            Better.LOWER, COPIES, true, "copy sites the sending thread's kernel spent at least 10 ns/KiB in, from cpu-clock "
                    + "samples (every 50 us) with kernel call chains, in an operation of its own: a count of sites, each one CPU copy");
    public static final MetricDef COPIES_IN_COPIES = m("copies.sender.inCopies.perKiB", "ns/KiB", "CPU in kernel copy routines",
            Better.LOWER, COPIES, true, "sampled time in kernel copy routines per KiB");
    public static final MetricDef COPIES_USER = m("copies.sender.user.perKiB", "ns/KiB", "CPU in user space (sampled)",
            Better.LOWER, COPIES, false, "sampled user-space time per KiB: a heap buffer's JVM copies land there");
    public static final MetricDef COPY_SITES = family("copies.site.", "ns/KiB", "copy site", Better.LOWER, COPIES,
            "sampled time per KiB at one copy site, named by the kernel function that asked for the copy; the unit "
                    + "carries the site in plain words");
    public static final MetricDef FAULTS_MINOR = m("faults.minor", "#/op", "minor faults", Better.LOWER, FAULTS, true,
            "minor page faults of the sending thread per operation");
    public static final MetricDef FAULTS_MAJOR = m("faults.major", "#/op", "major faults", Better.LOWER, FAULTS, false,
            "major page faults of the sending thread per operation");
    public static final MetricDef MIGRATIONS = m("migrations", "#/op", "CPU migrations", Better.LOWER, FAULTS, false,
            "times the sending thread moved to another CPU per operation");
    public static final MetricDef CYCLES_USER = m("cycles.user.perByte", "cycles/B", "cycles user", Better.LOWER, HARDWARE, true,
            "user-mode cycles per byte (hardware counters, a separate pass: they slow loopback transfers on VMs)");
    public static final MetricDef CYCLES_KERNEL = m("cycles.kernel.perByte", "cycles/B", "cycles kernel", Better.LOWER, HARDWARE,
            true, "kernel-mode cycles per byte (hardware counters, a separate pass)");
    public static final MetricDef INSTRUCTIONS_USER = m("instructions.user.perByte", "instructions/B", "instructions user",
            Better.LOWER, HARDWARE, false, "user-mode instructions per byte (hardware counters)");
    public static final MetricDef INSTRUCTIONS_KERNEL = m("instructions.kernel.perByte", "instructions/B",
            "instructions kernel", Better.LOWER, HARDWARE, false, "kernel-mode instructions per byte (hardware counters)");
    public static final MetricDef COUNTED_OPS = m("counted.ops", "#", "counted operations", Better.NONE, RUN, false,
            "operations the per-operation counts rest on (counted after each iteration, untimed)");
    public static final MetricDef HW_COUNTERS = m("hwCounters", "flag", "hardware counters on", Better.NONE, RUN, false,
            "1: hardware counters were on, so the run's times are not throughput figures");
    public static final MetricDef CACHE_RESIDENT = m("cache.resident", "%", "source cached at iteration start", Better.NONE,
            CACHE, false, "share of the source file's pages in the page cache when a warm iteration started");
    public static final MetricDef CACHE_REWARMED = m("cache.rewarmedPages", "pages", "source pages re-read", Better.NONE, CACHE,
            false, "pages of a warm source that had been evicted and were read again before the iteration");
    public static final MetricDef CACHE_AFTER_EVICT = m("cache.residentAfterEvict", "pages", "pages cached after eviction",
            Better.NONE, CACHE, false, "pages of a cold source still cached right after POSIX_FADV_DONTNEED (max)");
    public static final MetricDef LARGE_HOT_GBS = m("large.hot.gbs", "GB/s", "hot-set reader rate", Better.HIGHER, LARGE, false,
            "GB/s the hot-set thread read during the operation");
    public static final MetricDef LARGE_HOT_FAULTS = m("large.hot.majorFaults", "#/op", "hot-set major faults", Better.LOWER,
            LARGE, false, "major faults of the hot-set thread per operation: pages it found evicted");
    public static final MetricDef LARGE_HOT_BEFORE = m("large.hot.residentBefore", "%", "hot set cached at the start",
            Better.HIGHER, LARGE, false, "share of the hot set in the page cache when the operation started");
    public static final MetricDef LARGE_HOT_AFTER = m("large.hot.residentAfter", "%", "hot set cached at the end", Better.HIGHER,
            LARGE, false, "share of the hot set still in the page cache when the operation ended");
    public static final MetricDef LARGE_DEVICE_READ = m("large.device.readMiB", "MiB", "read from the device", Better.NONE, LARGE,
            false, "MiB read from the data directory's block device during the operation (every reader on it)");
    public static final MetricDef LARGE_FOOTPRINT = m("large.footprintMiB", "MiB", "large file left cached", Better.LOWER, LARGE,
            false, "MiB of the large file left in the page cache after the operation");
    public static final MetricDef LARGE_CGROUP_CACHE = m("large.cgroup.cacheMiB", "MiB", "cgroup page cache", Better.NONE, LARGE,
            false, "MiB of page cache charged to the memory cgroup after the operation");
    public static final MetricDef LARGE_CGROUP_LIMIT = m("large.cgroup.limitMiB", "MiB", "cgroup limit", Better.NONE, LARGE,
            false, "the memory cgroup's limit");
    public static final MetricDef LARGE_HOT_SIZE = m("large.hot.sizeMiB", "MiB", "hot set size", Better.NONE, LARGE, false,
            "the hot set's size");
    public static final MetricDef LARGE_HOT_RATE = m("large.hot.rateMBs", "MB/s", "hot-set reader's asked rate", Better.NONE,
            LARGE, false, "MB/s the hot-set thread is asked to read at");

    public static final MetricDef TIMED_WALL = m("timed.wall.perKiB", "ns/KiB", "duration per KiB, timed operations",
            Better.LOWER, THROUGHPUT, false, "wall time per KiB of the timed operations, read around each with the thread's "
                    + "clocks (what on-CPU time per KiB must not exceed with one sending thread)");
    public static final MetricDef TIMED_CPU = m("timed.cpu.perKiB", "ns/KiB", "on-CPU per KiB", Better.LOWER, CPU, true,
            "the sending thread's on-CPU time (scheduler runtime, clock_gettime(CLOCK_THREAD_CPUTIME_ID) around each "
                    + "operation) per KiB, in the timed operations themselves: no counting slowed them");
    public static final MetricDef TIMED_CTXSW_VOLUNTARY = m("timed.ctxsw.voluntary", "#/op",
            "voluntary context switches, timed operations", Better.LOWER, SWITCHES, false,
            "getrusage's voluntary switches around each timed operation (the whole operation: sink protocol included)");
    public static final MetricDef TIMED_CTXSW_INVOLUNTARY = m("timed.ctxsw.involuntary", "#/op",
            "involuntary context switches, timed operations", Better.LOWER, SWITCHES, false,
            "getrusage's involuntary switches around each timed operation");
    public static final MetricDef TIMED_FAULTS_MINOR = m("timed.faults.minor", "#/op", "minor faults, timed operations",
            Better.LOWER, FAULTS, false, "getrusage's minor faults around each timed operation");
    public static final MetricDef COUNTED_WALL = m("counted.wall.perKiB", "ns/KiB", "duration per KiB, counted operations",
            Better.NONE, RUN, false, "wall time per KiB of the operations counted with tracepoints and perf events");
    public static final MetricDef COUNTED_CPU = m("counted.cpu.perKiB", "ns/KiB", "on-CPU per KiB, counted operations",
            Better.NONE, RUN, false, "on-CPU time per KiB of the whole counted operations (their counting included)");
    public static final MetricDef COUNTED_CTXSW_VOLUNTARY = m("counted.ctxsw.voluntary", "#/op",
            "voluntary context switches, counted operations (whole)", Better.NONE, RUN, false,
            "getrusage's voluntary switches around each whole counted operation: beside timed.ctxsw.voluntary, whether "
                    + "counting changed them");
    public static final MetricDef COUNTED_CTXSW_INVOLUNTARY = m("counted.ctxsw.involuntary", "#/op",
            "involuntary context switches, counted operations (whole)", Better.NONE, RUN, false,
            "getrusage's involuntary switches around each whole counted operation");
    public static final MetricDef COUNTED_FAULTS_MINOR = m("counted.faults.minor", "#/op", "minor faults, counted operations",
            Better.NONE, RUN, false, "getrusage's minor faults around each whole counted operation");
    public static final MetricDef COUNTING_OVERHEAD = m("counting.overhead", "us/op", "counting's cost per counted operation",
            Better.NONE, RUN, false, "how much longer a counted operation took than a timed one (wall time): what the "
                    + "counters' tracepoints and perf ring cost it; the CPU split is scaled to the timed operations for this");
    public static final MetricDef COUNTING_OVERHEAD_SHARE = m("counting.overhead.share", "%", "counting's cost, share",
            Better.NONE, RUN, false, "counting's cost as a share of a timed operation's duration");
    public static final MetricDef FORK_MEASURED_SHARE = column("fork.measuredShare", "%", "fork's time in timed operations",
            Better.HIGHER, RUN, false, "the share of its fork's wall time, from the JVM's start to the end of its last "
                    + "measured iteration, spent inside the timed operations (the twin's or baseline's included when paired); "
                    + "the rest is JVM start, set-up, warm-up, counted operations and the harness between operations");
    public static final MetricDef TWIN_TIME = m("twin.time", "ns/op", "native twin, time per operation", Better.LOWER, TWIN,
            false, "the native twin's operations, alternating one by one with the Java path's in the same fork (impl=paired), "
                    + "timed around each like the Java path's");
    public static final MetricDef TWIN_CPU = m("twin.cpu.perKiB", "ns/KiB", "native twin, on-CPU per KiB", Better.LOWER, TWIN,
            false, "the native twin's on-CPU time per KiB, in its paired operations");
    public static final MetricDef BASELINE_TIME = m("baseline.time", "ns/op", "raw baseline, time per operation", Better.LOWER,
            BASELINE, false, "a framework path's raw baseline (the zcbench path making the same kernel calls without the "
                    + "framework), alternating one by one with the framework's operations in the same fork (impl=paired), "
                    + "timed around each like them; runs before it was named so have these figures as twin.time");
    public static final MetricDef BASELINE_CPU = m("baseline.cpu.perKiB", "ns/KiB", "raw baseline, on-CPU per KiB",
            Better.LOWER, BASELINE, false, "a framework path's raw baseline's on-CPU time per KiB, in its paired operations");
    public static final MetricDef VTHREAD_PINNED = m("vthread.pinned", "#/op", "virtual thread pinned (JFR)", Better.LOWER,
            SWITCHES, false, "thread=virtual: the JDK's jdk.VirtualThreadPinned events (a park while the virtual thread "
                    + "could not unmount from its carrier) of the benchmark's virtual thread, recorded by JFR with no threshold "
                    + "from the fork's first operation to its last measured iteration, per operation run meanwhile");
    public static final MetricDef JNI_TIME = m("jni.time", "ns/op", "JNI path, time per operation", Better.LOWER, JNI,
            false, "impl=ffm: the same Java path with its kernel calls through libzcbench's JNI natives, alternating one by "
                    + "one with the FFM operations in the same fork, timed around each like them");
    public static final MetricDef JNI_CPU = m("jni.cpu.perKiB", "ns/KiB", "JNI path, on-CPU per KiB", Better.LOWER, JNI,
            false, "impl=ffm: the JNI operations' on-CPU time per KiB, in their paired operations");
    public static final MetricDef RECEIVER_CPU = m("receiver.cpu.perKiB", "ns/KiB", "receiver on-CPU per KiB, counted transfers",
            Better.LOWER, RECEIVER, false, "the sink's receiving thread's on-CPU time per KiB received, counted by the sink on "
                    + "itself in the counted operations (its counting's own cost included; receiver.timed.cpu.perKiB is "
                    + "without it)");
    public static final MetricDef RECEIVER_TIMED_CPU = m("receiver.timed.cpu.perKiB", "ns/KiB", "receiver on-CPU per KiB",
            Better.LOWER, RECEIVER, true, "the sink's receiving thread's CPU time (its thread CPU clock) around each timed "
                    + "transfer's payload, per KiB: the same transfers as the sender's timed figures, no counting in them");
    public static final MetricDef RECEIVER_TIMED_WALL = m("receiver.timed.wall.perKiB", "ns/KiB", "receiver duration per KiB",
            Better.NONE, RECEIVER, false, "the sink's wall time from each timed transfer's first payload read to its last, "
                    + "per KiB: its on-CPU time per KiB can never exceed it");
    public static final MetricDef RECEIVER_SPLIT_SYSCALL = m("receiver.cpuSplit.syscall.perKiB", "ns/KiB",
            "receiver CPU in system calls", Better.LOWER, RECEIVER, false, "the receiving thread's CPU inside its system calls per KiB");
    public static final MetricDef RECEIVER_SPLIT_SOFTIRQ = m("receiver.cpuSplit.softirq.perKiB", "ns/KiB",
            "receiver CPU in softirq", Better.LOWER, RECEIVER, false, "softirq time billed to the receiving thread per KiB");
    public static final MetricDef RECEIVER_SPLIT_USER = m("receiver.cpuSplit.user.perKiB", "ns/KiB", "receiver CPU in user space",
            Better.LOWER, RECEIVER, false, "the receiving thread's user-space CPU per KiB");
    public static final MetricDef RECEIVER_SYSCALLS = m("receiver.syscalls", "#/op", "receiver system calls", Better.LOWER,
            RECEIVER, true, "system calls of the sink's receiving thread per operation");
    public static final MetricDef RECEIVER_CTXSW = m("receiver.ctxsw.voluntary", "#/op", "receiver voluntary switches",
            Better.LOWER, RECEIVER, true, "times the receiving thread blocked per operation");
    public static final MetricDef RECEIVER_WAKEUPS = m("receiver.wakeups", "#/op", "receiver wake-ups made", Better.LOWER,
            RECEIVER, true, "tasks woken while the sink's receiving thread ran (sched:sched_waking counted on it)");
    public static final MetricDef RECEIVER_BYTES_PER_CALL = m("receiver.bytesPerCall", "KiB", "receiver KiB per system call",
            Better.NONE, RECEIVER, false, "KiB received per system call of the sink's receiving thread (its receive calls and the "
                    + "few around them: the reply, the counters)");
    public static final MetricDef RECEIVER_COPIES = m("receiver.copies.perByte", "copies/B", "receiver CPU copies per byte",
            Better.LOWER, RECEIVER, true, "bytes the kernel copied socket → user for the receiving thread per byte received, "
                    + "exact from skb:skb_copy_datagram_iovec's len (not available where the kernel dropped records)");
    public static final MetricDef RECEIVER_READ = m("receiver.read.perByte", "B/B", "receiver bytes read per byte", Better.NONE,
            RECEIVER, false, "bytes the sink's receive loop read into user memory with recv per byte received (its own count)");
    public static final MetricDef RECEIVER_MAPPED = m("receiver.mapped.share", "%", "receiver bytes mapped", Better.HIGHER,
            RECEIVER, true, "zerocopy-receive: the share of the bytes TCP_ZEROCOPY_RECEIVE mapped rather than left to be read");
    public static final MetricDef HOST_MEMBW = m("host.membw", "GB/s", "memory bandwidth probe", Better.HIGHER, HOST, false,
            "a 16 MiB copy timed at the start of each iteration (best of 4): how much memory bandwidth the host gave this "
                    + "VM then; it moves with the host's other tenants");
    public static final MetricDef HOST_LATENCY = m("host.memLatency", "ns", "memory latency probe", Better.LOWER, HOST, false,
            "a dependent-load walk over 16 MiB timed at the start of each iteration (best of 3): how slow the host's memory "
                    + "and caches were for this VM then; it moves 2-3x with the host's other tenants");
    public static final MetricDef HOST_DISK = m("host.diskRead", "us", "disk read probe", Better.LOWER, HOST, false,
            "microseconds per 64 KiB O_DIRECT read of the run's source file (the median of four at offsets stepping through "
                    + "it), at the start of every measured iteration: how fast the disk under the data directory read then, the "
                    + "host's evidence for the paths the disk bounds (O_DIRECT reads, fdatasync'ed writes)");
    public static final MetricDef HOST_STEAL = m("host.steal", "%", "CPU stolen by the hypervisor", Better.LOWER, HOST, false,
            "share of the machine's CPU time the hypervisor took during the iteration (/proc/stat steal)");
    public static final MetricDef HOST_IDLE = m("host.idle", "%", "CPU idle", Better.NONE, HOST, false,
            "share of the machine's CPU time idle during the iteration (/proc/stat)");
    public static final MetricDef TCP_CWND = m("tcp.cwnd", "segments", "congestion window", Better.NONE, HOST, false,
            "the sender's TCP congestion window at the iteration's end (TCP_INFO)");
    public static final MetricDef TCP_RTT = m("tcp.rtt", "us", "smoothed RTT", Better.NONE, HOST, false,
            "the connection's smoothed round-trip time at the iteration's end (TCP_INFO)");
    public static final MetricDef TCP_DELIVERY = m("tcp.deliveryRate", "GB/s", "TCP delivery rate", Better.NONE, HOST, false,
            "the kernel's delivery-rate estimate at the iteration's end (TCP_INFO)");
    public static final MetricDef TCP_SNDBUF = m("tcp.sndbuf", "KiB", "send buffer", Better.NONE, HOST, false,
            "the socket's send buffer at the iteration's end (SO_SNDBUF, autotuned)");

    private Metrics() {
    }

    private static MetricDef m(String id, String unit, String label, Better better, String section, boolean compare,
                               String description) {
        return add(new MetricDef(id, unit, label, better, section, compare, false, false, description));
    }

    /** A metric with a column of its own in the report's tables, rendered from this declaration. */
    private static MetricDef column(String id, String unit, String label, Better better, String section, boolean compare,
                                    String description) {
        return add(new MetricDef(id, unit, label, better, section, compare, false, true, description));
    }

    private static MetricDef family(String id, String unit, String label, Better better, String section, String description) {
        return add(new MetricDef(id, unit, label, better, section, false, true, false, description));
    }

    private static MetricDef add(MetricDef d) {
        if (BY_ID.put(d.id(), d) != null) {
            throw new IllegalStateException("metric " + d.id() + " declared twice");
        }
        return d;
    }

    /** Every declared metric, in declaration order. */
    public static List<MetricDef> all() {
        return Collections.unmodifiableList(new ArrayList<>(BY_ID.values()));
    }

    /** The declaration of a JMH secondary result's name (a family's for its members), or null. */
    public static MetricDef byName(String name) {
        if (!name.startsWith(PREFIX)) {
            return null;
        }
        String id = name.substring(PREFIX.length());
        MetricDef d = BY_ID.get(id);
        if (d != null) {
            return d;
        }
        return BY_ID.values().stream().filter(m -> m.family() && id.startsWith(m.id())).findFirst().orElse(null);
    }

    /** The catalogue for {@code metrics.json}: the format, the prefix, and every metric's declaration. */
    public static ObjectNode describe() {
        ObjectNode root = new ObjectMapper().createObjectNode().put("format", FORMAT).put("prefix", PREFIX);
        ArrayNode out = root.putArray("metrics");
        for (MetricDef d : BY_ID.values()) {
            out.addObject().put("id", d.id()).put("unit", d.unit()).put("label", d.label()).put("better", d.better().id())
                    .put("section", d.section()).put("compare", d.compare()).put("family", d.family())
                    .put("column", d.column()).put("description", d.description());
        }
        return root;
    }
}
