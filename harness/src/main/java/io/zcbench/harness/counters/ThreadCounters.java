package io.zcbench.harness.counters;

import io.zcbench.harness.ProcFiles;
import io.zcbench.harness.nativeio.Fds;
import io.zcbench.harness.nativeio.Perf;
import io.zcbench.harness.nativeio.NativeLibrary;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Cost counters of the thread that opened them, read around each measured window with one
 * {@code read(2)} of a perf group plus {@code getrusage(RUSAGE_THREAD)}, so sink threads, JIT and GC
 * never pollute them. Syscalls come from the {@code raw_syscalls:sys_enter} tracepoint and, by name,
 * from {@code syscalls:sys_enter_*}; voluntary and involuntary context switches from
 * {@code sched:sched_switch} split on {@code prev_state}; faults, migrations and on-CPU time from
 * software events; the user/system CPU split from getrusage. Where perf_event_open is refused,
 * getrusage alone supplies context switches, CPU time and faults, and every other counter is
 * reported unavailable with the reason.
 *
 * <p>The groups stay disabled outside windows: an enabled syscall tracepoint adds about 0.25 us to
 * each traced system call, a disabled one about 0.08 us (measured on this kind of VM). The window's
 * own cost is exact and subtracted: the enabling ioctl enters before counting starts, and the
 * closing group read is the one system call (a {@code read}) that lands inside the window.
 * {@link #begin()} and {@link #end()} neither allocate nor throw; they run on the opening thread.
 */
public final class ThreadCounters implements Window, AutoCloseable {
    /** Syscalls broken out by name: see {@link SyscallNames}. */
    public static final List<String> NAMES = SyscallNames.NAMES;

    private static final int PERF_TYPE_HARDWARE = 0;
    private static final int PERF_TYPE_SOFTWARE = 1;
    private static final int PERF_TYPE_TRACEPOINT = 2;
    private static final int SW_CPU_CLOCK_TASK = 1;
    private static final int SW_CPU_MIGRATIONS = 4;
    private static final int SW_PAGE_FAULTS_MIN = 5;
    private static final int SW_PAGE_FAULTS_MAJ = 6;
    private static final int EPERM = 1;
    private static final int EACCES = 13;

    private final Thread owner;
    private final Map<String, String> unavailable = new TreeMap<>();
    private final StringBuilder source = new StringBuilder();

    // software/tracepoint group: values at index 3 + position in open order
    private final List<Integer> swFds = new ArrayList<>();
    private int swSyscalls = -1;
    private int swVoluntary = -1;
    private int swSwitches = -1;
    private int swTaskClock = -1;
    private int swMinor = -1;
    private int swMajor = -1;
    private int swMigrations = -1;
    private int swWakeups = -1;
    private final List<String> nameLabels = new ArrayList<>();
    private final List<Integer> nameIndex = new ArrayList<>();
    private long[] swBegin;
    private long[] swEnd;
    private long[] swTotal;

    // hardware group: cycles user, cycles kernel, instructions user, instructions kernel
    private final HardwareGroup hw = new HardwareGroup();

    // CPU split: members of the software group that sample into one ring (zc_cpusplit.c)
    private final CpuSplitRing split = new CpuSplitRing();
    private long runtimeBegin;
    private long runtimeTotal;
    private String runtimeBroken;

    private final long[] ruBegin = new long[6];
    private final long[] ruEnd = new long[6];
    private final long[] ruTotal = new long[6];
    private long ops;
    private String broken;

    private static final ThreadLocal<Map<CounterConfig, ThreadCounters>> PER_THREAD =
            ThreadLocal.withInitial(HashMap::new);

    private boolean cached;

    private ThreadCounters() {
        this.owner = Thread.currentThread();
    }

    /**
     * The calling thread's counters for {@code config}, opened on first use and kept for the thread's
     * life, reset to zero. Closing syscall tracepoints costs the kernel about 40 ms each (an RCU grace
     * period per tracepoint, ~1 s for the set), so they are not closed between measurements;
     * {@link #close()} on a cached instance does nothing.
     */
    public static ThreadCounters forThisThread(CounterConfig config) {
        ThreadCounters c = PER_THREAD.get().get(config);
        if (c == null) {
            c = open(config);
            c.cached = true;
            PER_THREAD.get().put(config, c);
        }
        c.reset();
        return c;
    }

    /** Opens counters on the calling thread; needs libzcbench. */
    public static ThreadCounters open(CounterConfig config) {
        NativeLibrary.require("per-thread counters");
        ThreadCounters c = new ThreadCounters();
        try {
            c.openAll(config);
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private void openAll(CounterConfig config) {
        if (!config.perf()) {
            perfUnavailable("perf counting switched off (-Dzcbench.counters=rusage / rusage=true)");
            source.append("getrusage(RUSAGE_THREAD) only (perf switched off)");
        } else {
            openSoftwareGroup();
        }
        if (!config.hardware()) {
            hardwareUnavailable("off by default: per-task hardware counters slow loopback transfers on VMs; "
                    + "opt in with -prof zc:hw=true or copy --hw-counters");
        } else if (unavailable.containsKey("syscalls") && swFds.isEmpty() && config.perf()) {
            hardwareUnavailable(unavailable.get("syscalls"));
        } else if (config.perf()) {
            openHardwareGroup();
        } else {
            hardwareUnavailable("perf counting switched off");
        }
        if (source.length() > 0) {
            source.append("; ");
        }
        source.append("CPU user/system split from getrusage(RUSAGE_THREAD)");
    }

    private void perfUnavailable(String why) {
        for (Counter c : new Counter[] {Counter.SYSCALLS, Counter.MIGRATIONS, Counter.CPU_TOTAL_NS, Counter.WAKEUPS}) {
            unavailable.put(c.key(), why);
        }
        unavailable.put("syscallsByName", why);
        splitUnavailable(why);
    }

    private void hardwareUnavailable(String why) {
        for (Counter c : Counter.values()) {
            if (c.hardware()) {
                unavailable.put(c.key(), why);
            }
        }
    }

    /** Opens one member of the software group; returns its value index or -1 (reason recorded by caller). */
    private int add(int type, long config, String filter) {
        int leader = swFds.isEmpty() ? -1 : swFds.get(0);
        int fd = Perf.perfOpen(type, config, leader, 0);
        if (fd < 0) {
            lastErrno = -fd;
            return -1;
        }
        if (filter != null) {
            int rc = Perf.perfSetFilter(fd, filter);
            if (rc < 0) {
                Fds.close(fd);
                lastErrno = -rc;
                return -1;
            }
        }
        swFds.add(fd);
        return swFds.size() - 1;
    }

    private int lastErrno;

    private void openSoftwareGroup() {
        String tracefs = Tracefs.unavailableReason();
        int sysEnter = tracefs == null ? Tracefs.id("raw_syscalls", "sys_enter") : -1;
        if (sysEnter >= 0) {
            swSyscalls = add(PERF_TYPE_TRACEPOINT, sysEnter, null);
            if (swSyscalls < 0) {
                if (lastErrno == EACCES || lastErrno == EPERM) {
                    refused(lastErrno);
                    return;
                }
                unavailable.put("syscalls", "raw_syscalls:sys_enter: perf_event_open failed: " + Fds.errnoText(lastErrno));
                unavailable.put("syscallsByName", unavailable.get("syscalls"));
            }
        } else {
            String why = tracefs != null ? tracefs : "this kernel has no raw_syscalls:sys_enter tracepoint";
            unavailable.put("syscalls", why);
            unavailable.put("syscallsByName", why);
        }
        swTaskClock = add(PERF_TYPE_SOFTWARE, SW_CPU_CLOCK_TASK, null);
        if (swTaskClock < 0 && swFds.isEmpty() && (lastErrno == EACCES || lastErrno == EPERM)) {
            refused(lastErrno);
            return;
        }
        if (swTaskClock < 0) {
            unavailable.put(Counter.CPU_TOTAL_NS.key(), "task-clock: " + Fds.errnoText(lastErrno));
        }
        if (swSyscalls >= 0 && !probeOnly) {
            for (String name : NAMES) {
                int id = Tracefs.id("syscalls", "sys_enter_" + ("sendfile".equals(name) ? "sendfile64" : name));
                int idx = id < 0 ? -1 : add(PERF_TYPE_TRACEPOINT, id, null);
                if (idx >= 0) {
                    nameLabels.add(name);
                    nameIndex.add(idx);
                }
            }
        }
        int sched = tracefs == null ? Tracefs.id("sched", "sched_switch") : -1;
        if (sched >= 0) {
            // prev_state: a sleeping state (bits 0-7) is a voluntary switch; 0 or TASK_REPORT_MAX (0x100,
            // "R+") means the thread was preempted while runnable — exactly getrusage's nvcsw/nivcsw split.
            swVoluntary = add(PERF_TYPE_TRACEPOINT, sched, "prev_state & 255");
            swSwitches = swVoluntary >= 0 ? add(PERF_TYPE_TRACEPOINT, sched, null) : -1;
        }
        // sched_waking, not sched_wakeup: the latter fires on the wakee's CPU when the wake-up goes through its wake list
        // (an idle CPU), where no thread of ours is counted
        int waking = tracefs == null ? Tracefs.id("sched", "sched_waking") : -1;
        swWakeups = waking >= 0 ? add(PERF_TYPE_TRACEPOINT, waking, null) : -1;
        if (swWakeups < 0) {
            unavailable.put(Counter.WAKEUPS.key(), tracefs != null ? tracefs : waking < 0
                    ? "this kernel has no sched:sched_waking tracepoint" : "sched:sched_waking: " + Fds.errnoText(lastErrno));
        }
        swMinor = add(PERF_TYPE_SOFTWARE, SW_PAGE_FAULTS_MIN, null);
        swMajor = add(PERF_TYPE_SOFTWARE, SW_PAGE_FAULTS_MAJ, null);
        swMigrations = add(PERF_TYPE_SOFTWARE, SW_CPU_MIGRATIONS, null);
        if (swMigrations < 0) {
            unavailable.put(Counter.MIGRATIONS.key(), "cpu-migrations: " + Fds.errnoText(lastErrno));
        }
        int n = 3 + swFds.size();
        if (!swFds.isEmpty() && !"false".equals(System.getProperty("zcbench.cpuSplit"))) {
            n += openSplit(sysEnter);
        } else {
            splitUnavailable("perf_event_open is unavailable");
        }
        swBegin = new long[n];
        swEnd = new long[n];
        swTotal = new long[n];
        source.append("perf_event_open on the thread (")
                .append(swSyscalls >= 0 ? "syscall tracepoints, " : "")
                .append(swVoluntary >= 0 ? "sched_switch, " : "")
                .append("software events)");
        if (swVoluntary < 0) {
            source.append("; context switches from getrusage");
        }
        if (split.isOpen()) {
            source.append("; CPU split from the thread's syscall/softirq tracepoints and context-switch records");
        }
        if (swMinor < 0 || swMajor < 0) {
            source.append("; faults from getrusage");
        }
    }

    /** Opens the CPU split as the last members of the software group; returns how many values they add. */
    private int openSplit(int sysEnter) {
        String why = split.open(swFds.get(0), sysEnter);
        if (why != null) {
            splitUnavailable(why);
            return 0;
        }
        return CpuSplitRing.groupValues();
    }

    private void splitUnavailable(String why) {
        for (Counter c : Counter.values()) {
            if (c.split()) {
                unavailable.put(c.key(), why);
            }
        }
    }

    private void refused(int errno) {
        for (int fd : swFds) {
            Fds.close(fd);
        }
        swFds.clear();
        swSyscalls = swTaskClock = -1;
        perfUnavailable("perf_event_open refused (" + Fds.errnoText(errno) + "): kernel.perf_event_paranoid is "
                + paranoid() + " and this user lacks CAP_PERFMON; run as root or sysctl kernel.perf_event_paranoid=-1");
        source.append("getrusage(RUSAGE_THREAD) only (perf_event_open refused)");
    }

    static String paranoid() {
        String v = ProcFiles.read(Path.of("/proc/sys/kernel/perf_event_paranoid"));
        return v == null ? "unknown" : v;
    }

    private void openHardwareGroup() {
        String why = hw.open();
        if (why != null) {
            hardwareUnavailable(why);
        }
    }

    @Override
    public void begin() {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("counters belong to " + owner.getName());
        }
        Perf.rusageThread(ruBegin);
        runtimeBegin = Perf.threadCpuNs();
        if (hw.isOpen()) {
            enable(hw.leader(), true);
        }
        if (!swFds.isEmpty()) {
            enable(swFds.get(0), true);
        }
        if (hw.isOpen()) {
            read(hw.leader(), hw.beginValues());
        }
        if (!swFds.isEmpty()) {
            read(swFds.get(0), swBegin);
        }
    }

    @Override
    public void end() {
        if (!swFds.isEmpty()) {
            read(swFds.get(0), swEnd);
        }
        if (hw.isOpen()) {
            read(hw.leader(), hw.endValues());
        }
        if (!swFds.isEmpty()) {
            enable(swFds.get(0), false);
        }
        if (hw.isOpen()) {
            enable(hw.leader(), false);
        }
        long runtimeEnd = Perf.threadCpuNs();
        if (runtimeBegin < 0 || runtimeEnd < 0) {
            runtimeBroken = "clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed: " + Fds.errnoText((int) -Math.min(runtimeBegin, runtimeEnd));
        } else {
            runtimeTotal += runtimeEnd - runtimeBegin;
        }
        if (split.isOpen()) {
            String failed = split.drain();
            if (failed != null && broken == null) {
                broken = failed;
            }
        }
        Perf.rusageThread(ruEnd);
        for (int i = 0; i < 6; i++) {
            ruTotal[i] += ruEnd[i] - ruBegin[i];
        }
        if (swTotal != null) {
            for (int i = 3; i < swTotal.length; i++) {
                swTotal[i] += swEnd[i] - swBegin[i];
            }
            // The closing group read is the one system call inside the window: remove it.
            if (swSyscalls >= 0) {
                swTotal[3 + swSyscalls]--;
                int r = nameLabels.indexOf("read");
                if (r >= 0) {
                    swTotal[3 + nameIndex.get(r)]--;
                }
            }
        }
        if (hw.isOpen()) {
            hw.accumulate();
        }
        ops++;
    }

    private void enable(int leader, boolean on) {
        int rc = Perf.perfEnable(leader, on);
        if (rc < 0 && broken == null) {
            broken = (on ? "enabling" : "disabling") + " the perf group failed: " + Fds.errnoText(-rc);
        }
    }

    /**
     * Which counters this machine can give with {@code config}, and why not the others, without
     * leaving any tracepoint registered (a registered syscall tracepoint slows every process's system
     * calls). Costs about a tenth of a second for the RCU waits of closing two tracepoints.
     */
    public static CounterTotals probe(CounterConfig config) {
        NativeLibrary.require("per-thread counters");
        ThreadCounters c = new ThreadCounters();
        c.probeOnly = true;
        try {
            c.openAll(config);
            return c.totals();
        } finally {
            c.close();
        }
    }

    private boolean probeOnly;

    private void read(int leader, long[] into) {
        int rc = Perf.perfReadGroup(leader, into);
        if (rc < 0 && broken == null) {
            broken = "reading the perf group failed: " + Fds.errnoText(-rc);
        }
    }

    private final Map<Counter, Long> byPath = new EnumMap<>(Counter.class);

    @Override
    public void add(Counter counter, long delta) {
        byPath.merge(counter, delta, Long::sum);
    }

    /** Windows counted so far. */
    public long ops() {
        return ops;
    }

    /** Starts counting from zero again (e.g. at each JMH iteration). */
    public void reset() {
        ops = 0;
        Arrays.fill(ruTotal, 0);
        if (swTotal != null) {
            Arrays.fill(swTotal, 0);
        }
        hw.reset();
        split.reset();
        runtimeTotal = 0;
        byPath.clear();
    }

    /** What has been counted since opening or the last {@link #reset()}. */
    public CounterTotals totals() {
        Map<Counter, Long> v = new EnumMap<>(Counter.class);
        Map<String, String> why = new TreeMap<>(unavailable);
        Map<String, Long> byName = new LinkedHashMap<>();
        v.put(Counter.CPU_USER_NS, ruTotal[0]);
        v.put(Counter.CPU_SYSTEM_NS, ruTotal[1]);
        putSw(v, Counter.MINOR_FAULTS, swMinor, ruTotal[2]);
        putSw(v, Counter.MAJOR_FAULTS, swMajor, ruTotal[3]);
        if (swVoluntary >= 0 && swSwitches >= 0) {
            long vol = swTotal[3 + swVoluntary];
            v.put(Counter.VOLUNTARY_CONTEXT_SWITCHES, vol);
            v.put(Counter.INVOLUNTARY_CONTEXT_SWITCHES, swTotal[3 + swSwitches] - vol);
        } else {
            v.put(Counter.VOLUNTARY_CONTEXT_SWITCHES, ruTotal[4]);
            v.put(Counter.INVOLUNTARY_CONTEXT_SWITCHES, ruTotal[5]);
        }
        if (swTaskClock >= 0) {
            v.put(Counter.CPU_TOTAL_NS, swTotal[3 + swTaskClock]);
        } else if (swFds.isEmpty()) {
            v.put(Counter.CPU_TOTAL_NS, ruTotal[0] + ruTotal[1]);
            why.remove(Counter.CPU_TOTAL_NS.key());
        }
        if (swMigrations >= 0) {
            v.put(Counter.MIGRATIONS, swTotal[3 + swMigrations]);
        }
        if (swWakeups >= 0) {
            v.put(Counter.WAKEUPS, swTotal[3 + swWakeups]);
        }
        if (runtimeBroken == null) {
            v.put(Counter.CPU_RUNTIME_NS, runtimeTotal);
        } else {
            why.put(Counter.CPU_RUNTIME_NS.key(), runtimeBroken);
        }
        if (split.isOpen()) {
            split.totals(v, why);
        }
        if (swSyscalls >= 0) {
            long total = swTotal[3 + swSyscalls];
            v.put(Counter.SYSCALLS, total);
            SyscallNames.breakdown(total, nameLabels, i -> swTotal[3 + nameIndex.get(i)], byName);
        }
        if (hw.isOpen()) {
            hw.totals(v, why);
        }
        v.putAll(byPath);
        if (broken != null) {
            v.clear();
            byName.clear();
            for (Counter c : Counter.values()) {
                why.put(c.key(), broken);
            }
        }
        return new CounterTotals(ops, v, byName, why, source.toString());
    }

    private void putSw(Map<Counter, Long> v, Counter c, int idx, long rusage) {
        v.put(c, idx >= 0 ? swTotal[3 + idx] : rusage);
    }

    /** How values are obtained on this thread (perf or getrusage), for the results. */
    public String source() {
        return source.toString();
    }

    @Override
    public void close() {
        if (cached) {
            return;
        }
        split.close();
        for (int fd : swFds) {
            Fds.close(fd);
        }
        hw.close();
        swFds.clear();
    }
}
