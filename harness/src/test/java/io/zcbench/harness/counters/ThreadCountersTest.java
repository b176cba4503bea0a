package io.zcbench.harness.counters;

import io.zcbench.harness.endpoint.Destination;
import io.zcbench.harness.nativeio.Fds;
import io.zcbench.harness.path.CopyPaths;
import io.zcbench.harness.testing.InProcessSink;
import io.zcbench.harness.testing.Rig;
import io.zcbench.harness.testing.Strace;
import io.zcbench.harness.transfer.Transfer;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ThreadCountersTest extends InProcessSink {
    static final int CHUNK = 64 * 1024;

    static ThreadCounters perfCounters() {
        ThreadCounters c = ThreadCounters.forThisThread(CounterConfig.DEFAULT);
        CounterTotals t = c.totals();
        Assumptions.assumeFalse(t.unavailable().containsKey("syscalls"),
                () -> "syscall tracepoints unavailable here: " + t.unavailable().get("syscalls"));
        return c;
    }

    /** One transfer counted, returning the totals. */
    static CounterTotals count(String path, Destination dest, long size) throws IOException {
        try (Rig rig = Rig.open(CopyPaths.byId(path), dest, dir, size, CHUNK, sink);
             ThreadCounters c = perfCounters()) {
            Transfer.runVerified(rig.path, rig.source, rig.target, Window.NONE); // warm up the path
            c.reset();
            Transfer.prepare(rig.path, rig.source, rig.target);
            Transfer.execute(rig.path, rig.source, rig.target, c);
            return c.totals();
        }
    }

    @Test
    void cpuSplitAccountsForTheThreadsTimeAndSeesLoopbackReceiveSoftirq() throws IOException {
        CounterTotals sock = count("traditional", Destination.SOCKET, 16L << 20);
        assertNull(sock.unavailable().get(Counter.SPLIT_SYSCALL_NS.key()), sock.unavailable()::toString);
        long run = sock.values().get(Counter.CPU_RUNTIME_NS);
        long sys = sock.values().get(Counter.SPLIT_SYSCALL_NS);
        long soft = sock.values().get(Counter.SPLIT_SOFTIRQ_NS);
        long user = sock.values().get(Counter.SPLIT_USER_NS);
        long netRx = sock.values().get(Counter.SOFTIRQ_NET_RX_NS);
        System.out.printf("traditional 16 MiB to a loopback socket: runtime %.2f ms = syscalls %.2f + softirq %.2f "
                + "(net rx %.2f) + user %.2f ms%n", run / 1e6, sys / 1e6, soft / 1e6, netRx / 1e6, user / 1e6);
        // The timeline's three parts add up to the scheduler's runtime (it misses only the few us around
        // the window's own enable and read calls, and hard interrupts, which it charges to what they interrupt).
        double sum = sys + soft + user;
        assertTrue(sum > 0.8 * run && sum < 1.15 * run, "split " + sum + " ns vs runtime " + run + " ns");
        // Loopback: the receiver's TCP processing runs as NET_RX softirq on the sending thread's CPU, in its context.
        assertTrue(netRx > 0.01 * run, "net rx softirq is a visible share of the sender's CPU: " + netRx + " of " + run);
        assertTrue(soft >= netRx);
        assertTrue(sys > user, "read + write: the kernel's copies dominate");
        // Control: to a file nothing arrives from the network, so no NET_RX work lands on the thread.
        CounterTotals file = count("traditional", Destination.FILE, 16L << 20);
        long fileNetRx = file.values().get(Counter.SOFTIRQ_NET_RX_NS);
        assertTrue(fileNetRx < netRx / 10, "file: net rx " + fileNetRx + " ns vs socket " + netRx + " ns");
    }

    @Test
    void anEmptyWindowCountsNoSyscallsAtAll() {
        try (ThreadCounters c = perfCounters()) {
            for (int i = 0; i < 20_000; i++) { // let the JIT compile begin/end first
                c.begin();
                c.end();
            }
            c.reset();
            for (int i = 0; i < 1000; i++) {
                c.begin();
                c.end();
            }
            CounterTotals t = c.totals();
            assertEquals(1000, t.ops());
            // The only calls allowed are the JVM's own futex waits (a safepoint can land anywhere).
            long futex = t.syscallsByName().getOrDefault("futex", 0L);
            assertEquals(futex, t.values().get(Counter.SYSCALLS), "the closing group read is subtracted exactly: " + t);
            assertTrue(futex <= 2, "at most a stray safepoint: " + t.syscallsByName());
            assertFalse(t.syscallsByName().containsKey("read"), t.syscallsByName()::toString);
        }
    }

    /**
     * Wake-ups are counted on the waker: a thread that hands 200 tokens one by one to a thread blocked on a queue wakes
     * it up to 200 times (fewer when the taker had not gone to sleep yet), and a window with no hand-over wakes no one.
     */
    @Test
    void countsTheWakeUpsTheThreadMakes() throws Exception {
        java.util.concurrent.SynchronousQueue<Integer> q = new java.util.concurrent.SynchronousQueue<>();
        Thread taker = new Thread(() -> {
            try {
                for (int i = 0; i < 200; i++) {
                    q.take();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        taker.start();
        try (ThreadCounters c = perfCounters()) {
            c.begin();
            c.end();
            CounterTotals idle = c.totals();
            assertNull(idle.unavailable().get(Counter.WAKEUPS.key()), idle.unavailable()::toString);
            assertEquals(0L, idle.values().get(Counter.WAKEUPS), idle::toString);
            c.reset();
            c.begin();
            for (int i = 0; i < 200; i++) {
                Thread.sleep(1); // the taker is asleep in take() by now: each put wakes it
                q.put(i);
            }
            c.end();
            long woke = c.totals().values().get(Counter.WAKEUPS);
            assertTrue(woke >= 150 && woke <= 260, "200 hand-overs to a sleeping thread: " + woke + " wake-ups");
        } finally {
            taker.join(10_000);
        }
    }

    @Test
    void countsASyscallMadeInTheWindow() {
        try (ThreadCounters c = perfCounters()) {
            c.begin();
            Fds.close(-1);
            Fds.close(-1);
            Fds.close(-1);
            c.end();
            CounterTotals t = c.totals();
            assertEquals(3L, t.values().get(Counter.SYSCALLS), t::toString);
            assertEquals(Map.of("close", 3L), t.syscallsByName());
        }
    }

    @Test
    void traditionalSyscallsPerOpFollowTheModel() throws IOException {
        // 8 MiB in 64 KiB chunks: 128 read + 128 write. The documented constant: the counted window
        // holds only the path's own calls (header, reply and file open are outside it), plus what the JVM
        // itself does on the thread there: a futex wait at a safepoint (0 to 2 seen on JDK 17 and 25), or
        // a pread64 of the runtime image when a JDK class is loaded lazily (seen once in a few dozen runs).
        // A fresh-clone CI run once saw one call outside the named set ("other=1") with futex=3: a JVM call on the thread
        // (the named calls are the path's and the JVM's usual ones); at most two are taken as the JVM's, so a stray call
        // of the path's own would still fail below (read and write are exact, and no other named call is allowed).
        CounterTotals t = count("traditional", Destination.SOCKET, 8L << 20);
        long other = t.syscallsByName().getOrDefault("other", 0L);
        assertTrue(other <= 2, "calls outside the named set stay a stray JVM call or two: " + t.syscallsByName());
        long jvm = t.syscallsByName().getOrDefault("futex", 0L) + t.syscallsByName().getOrDefault("pread64", 0L) + other;
        assertEquals(2 * 128L + jvm, t.values().get(Counter.SYSCALLS), t::toString);
        assertEquals(java.util.Set.of(), new java.util.TreeSet<>(t.syscallsByName().keySet()).stream()
                .filter(n -> !java.util.Set.of("read", "write", "futex", "pread64", "other").contains(n))
                .collect(java.util.stream.Collectors.toSet()), "only the path's calls and the JVM's: " + t.syscallsByName());
        // Under the suite's parallel load safepoints come more often (9 futex waits seen once): the JVM's calls are
        // named and add up exactly above; this only keeps them from swamping the path's 256.
        assertTrue(jvm <= 16, "JVM calls stay few: " + jvm);
        assertEquals(128L, t.syscallsByName().get("read"));
        assertEquals(128L, t.syscallsByName().get("write"));
    }

    @Test
    void syscallCountAgreesWithStrace() throws Exception {
        try (Rig rig = Rig.open(CopyPaths.byId("traditional"), Destination.SOCKET, dir, 8L << 20, CHUNK, sink);
             ThreadCounters c = perfCounters()) {
            Transfer.prepare(rig.path, rig.source, rig.target);
            List<String> lines;
            // Markers bracket exactly the counted window, so strace and the counters see the same work.
            Window marked = new Window() {
                @Override
                public void begin() {
                    Fds.close(-1);
                    c.begin();
                }

                @Override
                public void end() {
                    c.end();
                    Fds.close(-2);
                }
            };
            try (Strace st = Strace.attach(Fds.gettid())) {
                Transfer.execute(rig.path, rig.source, rig.target, marked);
                lines = st.stop();
            }
            int from = -1;
            int to = -1;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith("close(-1)")) {
                    from = i + 1;
                } else if (lines.get(i).startsWith("close(-2)")) {
                    to = i;
                }
            }
            List<String> window = lines.subList(from, to);
            Map<String, Integer> byStrace = Strace.countByName(window);
            // Inside the markers strace also sees the counters' own getrusage, clock_gettime (the thread's
            // runtime) and group reads (2 + 2 + 2); the counters subtract the one read inside their window.
            // Calls, not lines: a call strace saw interrupted prints twice ("<unfinished ...>", "<... resumed>"), and
            // signal lines are no calls.
            int calls = byStrace.values().stream().mapToInt(Integer::intValue).sum();
            int straceCalls = calls - byStrace.getOrDefault("getrusage", 0) - byStrace.getOrDefault("clock_gettime", 0) - 2;
            long counted = c.totals().values().get(Counter.SYSCALLS);
            System.out.println("traditional 8 MiB / 64 KiB: counters " + counted + " syscalls, strace " + straceCalls
                    + " " + byStrace);
            assertTrue(Math.abs(counted - straceCalls) <= 2, "counters " + counted + " vs strace " + straceCalls);
            assertEquals(2, byStrace.getOrDefault("getrusage", 0));
            assertEquals(2, byStrace.getOrDefault("clock_gettime", 0), "the thread's runtime, read around the window");
        }
    }

    @Test
    void breakdownNamesTheMechanismOfEachPath() throws IOException {
        long size = 4L << 20;
        assertTrue(count("transfer-to", Destination.SOCKET, size).syscallsByName().containsKey("sendfile"));
        Map<String, Long> toFile = count("transfer-to", Destination.FILE, size).syscallsByName();
        assertTrue(toFile.containsKey("sendfile") || toFile.containsKey("copy_file_range"), toFile::toString);
        // To a socket a blocking write or splice can still take less than asked (a signal, a full
        // buffer), so socket-side counts may exceed the chunk count a little; file-side counts are exact.
        Map<String, Long> splice = count("splice", Destination.SOCKET, size).syscallsByName();
        assertBetween(2 * 64L, 2 * 64L + 3, splice.get("splice"), splice.toString());
        Map<String, Long> trad = count("traditional", Destination.FILE, size).syscallsByName();
        // 64 reads of the source; once in about ten runs of the whole suite (tests in parallel) one more
        // read(2) of the JVM's own lands on this thread in the window. PathMechanismTest proves the 64 by fd.
        assertBetween(64L, 65L, trad.get("read"), trad.toString());
        assertEquals(64L, trad.get("write"));
        Map<String, Long> mmap = count("mmap-write", Destination.SOCKET, size).syscallsByName();
        assertEquals(1L, mmap.get("mmap"));
        assertEquals(1L, mmap.get("munmap"));
        assertBetween(64L, 64L + 3, mmap.get("write"), mmap.toString());
        assertFalse(mmap.containsKey("read"), mmap::toString);
        Map<String, Long> direct = count("o-direct", Destination.FILE, size).syscallsByName();
        // As for read above: the JVM reads its jar with pread64, and rarely, with the suite's tests in parallel, one
        // such read lands on this thread in the window. PathMechanismTest proves the 64 on the O_DIRECT fd.
        assertBetween(64L, 65L, direct.get("pread64"), direct.toString());
        assertEquals(64L, direct.get("pwrite64"));
    }

    static void assertBetween(long low, long high, Long actual, String context) {
        assertTrue(actual != null && actual >= low && actual <= high, low + ".." + high + " expected: " + context);
    }

    @Test
    void voluntaryContextSwitchesAgreeWithGetrusage() throws Exception {
        try (Rig rig = Rig.open(CopyPaths.byId("traditional"), Destination.SOCKET, dir, 16L << 20, CHUNK, sink);
             ThreadCounters perf = perfCounters();
             ThreadCounters rusage = ThreadCounters.forThisThread(new CounterConfig(false, false))) {
            Assumptions.assumeTrue(perf.source().contains("sched_switch"), perf::source);
            rusage.begin();
            perf.begin();
            for (int i = 0; i < 5; i++) {
                Thread.sleep(2); // five certain voluntary switches
                Transfer.prepare(rig.path, rig.source, rig.target);
                Transfer.execute(rig.path, rig.source, rig.target, Window.NONE);
            }
            perf.end();
            rusage.end();
            long byPerf = perf.totals().values().get(Counter.VOLUNTARY_CONTEXT_SWITCHES);
            long byRusage = rusage.totals().values().get(Counter.VOLUNTARY_CONTEXT_SWITCHES);
            System.out.println("voluntary context switches: sched_switch " + byPerf + ", getrusage " + byRusage);
            assertTrue(byPerf >= 5, "at least the five sleeps: " + byPerf);
            assertTrue(Math.abs(byPerf - byRusage) <= 1, "sched_switch " + byPerf + " vs getrusage " + byRusage);
            long invPerf = perf.totals().values().get(Counter.INVOLUNTARY_CONTEXT_SWITCHES);
            long invRusage = rusage.totals().values().get(Counter.INVOLUNTARY_CONTEXT_SWITCHES);
            // getrusage's window holds perf's (begun before it, ended after it): under the suite's parallel load a
            // preemption or two land in the gaps, never fewer in getrusage's count.
            assertTrue(invRusage >= invPerf && invRusage - invPerf <= 3,
                    "involuntary: sched_switch " + invPerf + " vs getrusage " + invRusage);
        }
    }

    @Test
    void forcedFallbackSaysWhichCountersAreMissingAndWhy() throws IOException {
        try (Rig rig = Rig.open(CopyPaths.byId("traditional"), Destination.SOCKET, dir, 4L << 20, CHUNK, sink);
             ThreadCounters c = ThreadCounters.forThisThread(new CounterConfig(false, false))) {
            Transfer.prepare(rig.path, rig.source, rig.target);
            Transfer.execute(rig.path, rig.source, rig.target, c);
            CounterTotals t = c.totals();
            assertNull(t.values().get(Counter.SYSCALLS), "never 0 for unknown");
            assertTrue(t.unavailable().get("syscalls").contains("perf counting switched off"), t::toString);
            assertTrue(t.unavailable().containsKey("syscallsByName"));
            assertTrue(t.unavailable().containsKey("cyclesUser"));
            assertTrue(t.values().get(Counter.CPU_SYSTEM_NS) >= 0);
            assertTrue(t.values().containsKey(Counter.VOLUNTARY_CONTEXT_SWITCHES));
            assertTrue(t.values().containsKey(Counter.MINOR_FAULTS));
            assertTrue(t.source().startsWith("getrusage"), t.source());
        }
    }

    @Test
    void hardwareCountersAreOptInAndExplainedWhenAbsent() throws IOException {
        try (ThreadCounters off = ThreadCounters.forThisThread(CounterConfig.DEFAULT)) {
            assertTrue(off.totals().unavailable().get("cyclesUser").contains("opt in"), off.totals()::toString);
        }
        try (Rig rig = Rig.open(CopyPaths.byId("traditional"), Destination.SOCKET, dir, 1L << 20, CHUNK, sink);
             ThreadCounters hw = ThreadCounters.forThisThread(new CounterConfig(true, true))) {
            Transfer.prepare(rig.path, rig.source, rig.target);
            Transfer.execute(rig.path, rig.source, rig.target, hw);
            CounterTotals t = hw.totals();
            if (t.values().containsKey(Counter.CYCLES_USER)) {
                assertTrue(t.values().get(Counter.CYCLES_USER) > 0 && t.values().get(Counter.CYCLES_KERNEL) > 0, t::toString);
            } else {
                String why = t.unavailable().get("cyclesUser");
                assertTrue(why.contains("not exposed") || why.contains("refused"), why);
                System.out.println("hardware counters here: " + why);
            }
        }
    }
}
