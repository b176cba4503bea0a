package io.zcbench.benchmarks;

import io.zcbench.benchmarks.profile.CounterRegistry;
import io.zcbench.harness.counters.Counter;
import io.zcbench.harness.counters.CounterConfig;
import io.zcbench.harness.counters.OperationClock;
import io.zcbench.harness.counters.ThreadCounters;
import io.zcbench.harness.counters.Window;
import io.zcbench.harness.endpoint.Delivery;
import io.zcbench.harness.endpoint.Destination;
import io.zcbench.harness.endpoint.Source;
import io.zcbench.harness.endpoint.Target;
import io.zcbench.harness.env.DiskProbe;
import io.zcbench.harness.env.HostLoad;
import io.zcbench.harness.fixture.PageCache;
import io.zcbench.harness.metrics.MetricDef;
import io.zcbench.harness.metrics.Metrics;
import io.zcbench.harness.metrics.Unavailable;
import io.zcbench.harness.nativeio.NativeLibrary;
import io.zcbench.harness.UsageException;
import io.zcbench.harness.nativeio.Fds;
import io.zcbench.harness.nativeio.Sockets;
import io.zcbench.harness.path.Impl;
import io.zcbench.harness.path.PathInfo;
import io.zcbench.harness.path.PathOptions;
import io.zcbench.harness.path.ThreadKind;
import io.zcbench.harness.path.UnsupportedPathException;
import io.zcbench.harness.sink.ReceiveMethod;
import io.zcbench.harness.sink.ReceiverFigures;
import io.zcbench.harness.transfer.Transfer;
import io.zcbench.harness.transfer.TransferSession;

import org.openjdk.jmh.infra.BenchmarkParams;

import java.io.IOException;
import java.lang.management.ManagementFactory;

/**
 * One sending thread's side of a benchmark: its own source channel, target and path instance,
 * opened for the trial; per operation only the transfer itself, read by a clock of a few system calls (wall time,
 * on-CPU time, switches, faults). With impl=paired the path's native twin (a framework path's raw baseline) runs one
 * operation before each timed one, in the invocation's untimed setup, on the same connection and path instance, so
 * Java ÷ native (framework ÷ raw) is a ratio of neighbouring operations that shared the machine's regime. Counting happens only when the zc profiler armed it for
 * the iteration, in operations of its own.
 */
final class Sender implements AutoCloseable {
    interface TargetFactory {
        Target open() throws IOException;
    }

    private BenchmarkParams params;
    private Source source;
    private Target target;
    private TransferSession session;
    private ThreadCounters inline;
    private boolean paired;
    /** What impl=paired alternates with: the path's native twin, or a framework path's raw baseline. */
    private MetricDef partnerTime = Metrics.TWIN_TIME;
    private MetricDef partnerCpu = Metrics.TWIN_CPU;
    private long bytes;
    private final OperationClock timed = new OperationClock();
    private final OperationClock partner = new OperationClock();
    private final OperationClock counted = new OperationClock();
    private HostLoad host;
    private DiskProbe disk;
    private boolean clocked = true;
    private final long[] tcp = new long[7];
    private long timedNsInFork;
    /** The sink's own times for this iteration's timed transfers (its receiving thread's CPU and wall ns), and their bytes. */
    private long receiverCpuNs;
    private long receiverWallNs;
    private long receiverBytes;
    private int receiverUntimed;
    private int measuredIterations;
    private ThreadKind thread = ThreadKind.PLATFORM;
    /** The carrier's tid when the operations run on a virtual thread, else 0. */
    private int carrier;
    /** thread=virtual: JFR's pinned events, recorded until the last measured iteration. */
    private PinnedEvents pinned;
    /** Operations run in this fork (timed, paired and counted), for per-operation figures of the whole fork. */
    private long opsInFork;

    void open(BenchmarkParams params, String pathId, String impl, String chunk, String pipeSize, SourceState src,
              TargetFactory targets) throws IOException {
        this.params = params;
        try {
            PathInfo info = Params.path(pathId);
            thread = params.getParamsKeys().contains("thread") ? Params.thread(params.getParam("thread")) : ThreadKind.PLATFORM;
            onThread(info, Params.impl(impl));
            PathOptions options = PathOptions.of(Params.size("chunk", chunk), Params.size("pipeSize", pipeSize))
                    .withDepth(params.getParamsKeys().contains("depth") ? Params.count("depth", params.getParam("depth")) : 0);
            source = Source.open(src.file.path(), src.file.crc32c());
            target = targets.open();
            paired = Params.paired(impl);
            session = TransferSession.open(info, options, source, target, Params.impl(impl), src.cacheState);
            if (paired) {
                session.pairTwin();
                if (info.framework() != null) {
                    partnerTime = Metrics.BASELINE_TIME;
                    partnerCpu = Metrics.BASELINE_CPU;
                } else if (Params.impl(impl) == Impl.FFM) {
                    partnerTime = Metrics.JNI_TIME;
                    partnerCpu = Metrics.JNI_CPU;
                }
            }
        } catch (UnsupportedPathException e) {
            Outcomes.skipped(params, e.getMessage());
            close();
            throw e;
        } catch (IOException | RuntimeException e) {
            Outcomes.failed(params, e);
            close();
            throw e;
        }
        bytes = src.bytes;
        host = new HostLoad();
        disk = new DiskProbe(src.file.path());
    }

    /**
     * Refuses a path that does not run on this benchmark's kind of thread, and a fork whose JMH thread is not of the kind
     * asked (thread=virtual needs the fork flags {@link ThreadKind#FORK_FLAGS}, which zcbench run adds); notes the
     * carrier a virtual thread runs on, whose kernel thread the counters follow.
     */
    private void onThread(PathInfo info, Impl impl) {
        String refusal = thread == ThreadKind.VIRTUAL && impl == Impl.NATIVE
                ? "thread=virtual runs the Java path; impl=native is plain C making blocking calls on the socket the JDK "
                        + "made non-blocking: impl=paired alternates the two, the socket blocking for the twin"
                : thread.refusal(info);
        if (refusal != null) {
            throw new UnsupportedPathException(info.id(), refusal, null);
        }
        boolean virtual = ThreadKind.currentIsVirtual();
        if (thread == ThreadKind.VIRTUAL) {
            String why = ThreadKind.virtualUnavailable();
            if (why != null) {
                throw new UnsupportedPathException(info.id(), "thread=virtual: " + why,
                        "start the forks on JDK 21 or later (zcbench run --jvm /usr/lib/jvm/temurin-25-jdk-amd64/bin/java)");
            }
            if (!virtual) {
                throw new UsageException("parameter thread=virtual: JMH runs this benchmark on a platform thread; start its "
                        + "fork with " + String.join(" ", ThreadKind.FORK_FLAGS) + " (zcbench run adds them)");
            }
        } else if (virtual) {
            throw new UsageException("parameter thread=platform: JMH runs this benchmark on a virtual thread "
                    + "(-Djmh.executor=VIRTUAL); pass -p thread=virtual, or start the fork without that flag");
        }
        if (virtual) {
            pinned = new PinnedEvents();
        }
        if (virtual && NativeLibrary.isAvailable()) {
            carrier = Fds.gettid();
            System.out.println("[zcbench] thread=virtual: " + Thread.currentThread() + ", carrier tid " + carrier
                    + " (one carrier: jdk.virtualThreadScheduler.parallelism="
                    + System.getProperty("jdk.virtualThreadScheduler.parallelism", "default") + ", maxPoolSize="
                    + System.getProperty("jdk.virtualThreadScheduler.maxPoolSize", "default") + "; jdk.pollerMode="
                    + System.getProperty("jdk.pollerMode", "the JDK's default") + ")");
        }
    }

    /** thread=virtual: the JDK's pinned events of the benchmark's virtual thread per operation of the fork so far. */
    private void publishPinned() {
        if (pinned == null) {
            return;
        }
        long n = pinned.stopAndCount();
        pinned.close();
        pinned = null;
        double v = n < 0 || opsInFork == 0 ? Double.NaN : (double) n / opsInFork;
        CounterRegistry.publishExtra(Metrics.VTHREAD_PINNED, v, unit(Metrics.VTHREAD_PINNED, v, "JFR's recording was unreadable"));
    }

    /** The counters follow the carrier's kernel thread: a virtual thread that moved to another carrier is an error. */
    private void checkCarrier() {
        if (carrier > 0) {
            int now = Fds.gettid();
            if (now != carrier) {
                throw new IllegalStateException("thread=virtual: the benchmark's virtual thread moved from carrier tid "
                        + carrier + " to " + now + ", so its counters followed the wrong thread; run its fork with "
                        + String.join(" ", ThreadKind.FORK_FLAGS));
            }
        }
    }

    /** Timed operations are never counted (the zc profiler counts extra operations at teardown). */
    void beginIteration() {
        inline = null;
        timed.reset();
        receiverCpuNs = 0;
        receiverWallNs = 0;
        receiverBytes = 0;
        receiverUntimed = 0;
        partner.reset();
        counted.reset();
        if (CounterRegistry.armed() != null && CounterRegistry.countedOps() > 0) { // measured iterations only
            CounterRegistry.publishExtra(Metrics.HOST_MEMBW, host.memoryBandwidth(), Metrics.HOST_MEMBW.unit());
            CounterRegistry.publishExtra(Metrics.HOST_LATENCY, host.memoryLatency(), Metrics.HOST_LATENCY.unit());
            double disk = this.disk.readMicros();
            CounterRegistry.publishExtra(Metrics.HOST_DISK, disk, unit(Metrics.HOST_DISK, disk, this.disk.unavailable()));
        }
        host.begin();
    }

    /** Without the clock around timed operations: the bare operation (the overhead benchmark's counters=off). */
    void unclocked() {
        clocked = false;
    }

    /** Counts every timed operation of this iteration with {@code config} (the overhead benchmark's "all"). */
    void countInline(CounterConfig config) throws IOException {
        inline = session.counters(config);
    }

    /**
     * Outside the timed region: with impl=paired the twin's (or raw baseline's) operation (prepared like the Java path's, timed by its own
     * clock), then rewind, create or truncate the destination file, evict for cold.
     */
    void prepare() throws IOException {
        if (paired) {
            try {
                prepareOne();
                int restore = blockingForTwin();
                partner.begin();
                session.executeTwin(Window.NONE, partner);
                partner.end();
                opsInFork++;
                if (restore >= 0) {
                    Fds.setOpenFlags(target.fd(), restore);
                }
            } catch (IOException | RuntimeException e) {
                Outcomes.failed(params, e);
                throw e;
            }
        }
        prepareOne();
    }

    /**
     * On a virtual thread the JDK has made the socket non-blocking (it does for a virtual thread's socket I/O); the twin,
     * plain C making blocking calls, runs with O_NONBLOCK cleared, and the flag is put back after it, outside its
     * clock. Returns the flags to restore, or -1 when nothing was changed.
     */
    private int blockingForTwin() throws IOException {
        if (carrier == 0 || target.destination() != Destination.SOCKET) {
            return -1;
        }
        int flags = (int) Fds.check(Fds.openFlags(target.fd()), "fcntl(F_GETFL) of the socket");
        if ((flags & Fds.O_NONBLOCK) == 0) {
            return -1;
        }
        Fds.check(Fds.setOpenFlags(target.fd(), flags & ~Fds.O_NONBLOCK), "fcntl(F_SETFL) of the socket");
        return flags;
    }

    private void prepareOne() throws IOException {
        PageCache.Residency evicted = session.prepare();
        if (evicted != null) {
            CounterRegistry.afterEvict(evicted.resident());
        }
    }

    long transfer() throws IOException {
        try {
            if (!clocked) {
                return session.execute(Window.NONE).bytesSent();
            }
            timed.begin();
            // Throws DataLossException unless the destination confirms every byte.
            Transfer.Outcome o = session.execute(inline == null ? Window.NONE : inline, timed);
            timed.end();
            opsInFork++;
            Delivery d = o.delivery();
            if (d != null && d.receiverCpuNs() >= 0) {
                receiverCpuNs += d.receiverCpuNs();
                receiverWallNs += d.receiverWallNs();
                receiverBytes += d.bytesReceived();
            } else {
                receiverUntimed++;
            }
            return o.bytesSent();
        } catch (IOException | RuntimeException e) {
            Outcomes.failed(params, e);
            throw e;
        }
    }

    /**
     * When the zc profiler is on: {@code ops} more transfers, each prepared like a timed one (evicted
     * for cold), counted, outside the timed region; in the ledger's iterations one more, sampled. Runs in the
     * iteration teardown, on the same warmed thread, connection and path instance as the timed operations.
     */
    void endIteration(CounterConfig config, int ops) throws IOException {
        if (inline != null) {
            CounterRegistry.publish(inline.totals());
            inline = null;
        }
        if (config == null) {
            return;
        }
        if (ops <= 0) {
            // Warmup iterations open the counters (so every measured iteration pays the same small cost of
            // registered tracepoints) but count nothing.
            session.counters(config);
            return;
        }
        publishTimed();
        checkCarrier();
        try {
            CounterRegistry.publish(session.count(config, ops, counted));
            opsInFork += ops;
            publishCounted();
            if (target.destination() == Destination.SOCKET) {
                publishReceiver(session.receiver());
            }
            if (CounterRegistry.ledgerIteration()) {
                try {
                    CounterRegistry.publishCopies(session.sampleCopies());
                } catch (IllegalStateException e) {
                    CounterRegistry.copiesUnavailable(e.getMessage());
                }
            }
        } catch (IOException | RuntimeException e) {
            Outcomes.failed(params, e);
            throw e;
        }
    }

    void endIteration() throws IOException {
        endIteration(CounterRegistry.armed(), CounterRegistry.countedOps());
    }

    /** What the timed operations (and the twin's or baseline's, when paired) cost, and what the machine and connection did meanwhile. */
    private void publishTimed() {
        double kib = bytes / 1024.0;
        OperationClock.Totals t = timed.totals();
        perKiB(Metrics.TIMED_WALL, t.ops() == 0 ? Double.NaN : t.wallPerOp(), kib, "no timed operation in the iteration");
        perKiB(Metrics.TIMED_CPU, t.cpuPerOp(), kib, timed.cpuUnavailable());
        perOp(Metrics.TIMED_CTXSW_VOLUNTARY, t.voluntarySwitches(), t.ops());
        perOp(Metrics.TIMED_CTXSW_INVOLUNTARY, t.involuntarySwitches(), t.ops());
        perOp(Metrics.TIMED_FAULTS_MINOR, t.minorFaults(), t.ops());
        timedNsInFork += t.wallNs();
        if (paired) {
            OperationClock.Totals w = partner.totals();
            CounterRegistry.publishExtra(partnerTime, w.wallPerOp(), partnerTime.unit());
            perKiB(partnerCpu, w.cpuPerOp(), kib, partner.cpuUnavailable());
            timedNsInFork += w.wallNs();
        }
        if (++measuredIterations == params.getMeasurement().getCount()) {
            publishPinned();
            // the fork so far, at the end of its last measured iteration: what a fork buys in measured time
            double share = 100.0 * timedNsInFork / (ManagementFactory.getRuntimeMXBean().getUptime() * 1e6);
            CounterRegistry.publishExtra(Metrics.FORK_MEASURED_SHARE, share, Metrics.FORK_MEASURED_SHARE.unit());
        }
        double[] load = host.stealAndIdle();
        CounterRegistry.publishExtra(Metrics.HOST_STEAL, load[0], unit(Metrics.HOST_STEAL, load[0], "/proc/stat unreadable"));
        CounterRegistry.publishExtra(Metrics.HOST_IDLE, load[1], unit(Metrics.HOST_IDLE, load[1], "/proc/stat unreadable"));
        if (target.destination() == Destination.SOCKET) {
            publishTcp();
            publishReceiverTimed();
        }
    }

    private void publishTcp() {
        int rc;
        try {
            rc = Sockets.tcpState(target.fd(), tcp);
        } catch (IOException | RuntimeException e) {
            rc = -1;
        }
        boolean ok = rc == 0;
        String why = "TCP_INFO unreadable" + (rc < -1 ? ": " + Fds.errnoText(-rc) : "");
        CounterRegistry.publishExtra(Metrics.TCP_CWND, ok ? tcp[0] : Double.NaN, unit(Metrics.TCP_CWND, ok ? 0 : Double.NaN, why));
        CounterRegistry.publishExtra(Metrics.TCP_RTT, ok ? tcp[1] : Double.NaN, unit(Metrics.TCP_RTT, ok ? 0 : Double.NaN, why));
        CounterRegistry.publishExtra(Metrics.TCP_DELIVERY, ok ? tcp[2] / 1e9 : Double.NaN,
                unit(Metrics.TCP_DELIVERY, ok ? 0 : Double.NaN, why));
        CounterRegistry.publishExtra(Metrics.TCP_SNDBUF, ok ? tcp[3] / 1024.0 : Double.NaN,
                unit(Metrics.TCP_SNDBUF, ok ? 0 : Double.NaN, why));
    }

    /**
     * The receiving thread's CPU and duration per KiB over this iteration's timed transfers, as the sink timed them on
     * itself (its thread's CPU clock and wall time around each payload), so the receiver's cost comes from the same
     * transfers as the sender's, counting's cost excluded.
     */
    private void publishReceiverTimed() {
        String why = receiverBytes == 0 ? (receiverUntimed > 0 ? "the sink did not time its transfers (a zcbench sink before it)"
                : "no timed transfer in the iteration") : null;
        double kib = receiverBytes / 1024.0;
        double cpu = why == null ? receiverCpuNs / kib : Double.NaN;
        double wall = why == null ? receiverWallNs / kib : Double.NaN;
        CounterRegistry.publishExtra(Metrics.RECEIVER_TIMED_CPU, cpu, unit(Metrics.RECEIVER_TIMED_CPU, cpu, why));
        CounterRegistry.publishExtra(Metrics.RECEIVER_TIMED_WALL, wall, unit(Metrics.RECEIVER_TIMED_WALL, wall, why));
    }

    /** The counted operations' whole cost beside the timed ones': what counting cost an operation. */
    private void publishCounted() {
        double kib = bytes / 1024.0;
        OperationClock.Totals c = counted.totals();
        OperationClock.Totals t = timed.totals();
        perKiB(Metrics.COUNTED_WALL, c.wallPerOp(), kib, "no counted operation");
        perKiB(Metrics.COUNTED_CPU, c.cpuPerOp(), kib, counted.cpuUnavailable());
        perOp(Metrics.COUNTED_CTXSW_VOLUNTARY, c.voluntarySwitches(), c.ops());
        perOp(Metrics.COUNTED_CTXSW_INVOLUNTARY, c.involuntarySwitches(), c.ops());
        perOp(Metrics.COUNTED_FAULTS_MINOR, c.minorFaults(), c.ops());
        double over = c.wallPerOp() - t.wallPerOp();
        String why = t.ops() == 0 ? "no timed operation in the iteration" : "no counted operation";
        CounterRegistry.publishExtra(Metrics.COUNTING_OVERHEAD, over / 1e3, unit(Metrics.COUNTING_OVERHEAD, over, why));
        double share = 100 * over / t.wallPerOp();
        CounterRegistry.publishExtra(Metrics.COUNTING_OVERHEAD_SHARE, share, unit(Metrics.COUNTING_OVERHEAD_SHARE, share, why));
    }

    /** What the sink's receiving thread counted on itself in the counted operations (NaN with the reason where it did not). */
    private static void publishReceiver(ReceiverFigures r) {
        String none = r != null ? r.countersProblem()
                : "the sink did not count its receiving thread (an older zcbench sink, or one that could not open its counters)";
        double kib = r == null ? 0 : r.bytes() / 1024.0;
        Object[][] cpu = {{Metrics.RECEIVER_CPU, Counter.CPU_RUNTIME_NS}, {Metrics.RECEIVER_SPLIT_SYSCALL, Counter.SPLIT_SYSCALL_NS},
            {Metrics.RECEIVER_SPLIT_SOFTIRQ, Counter.SPLIT_SOFTIRQ_NS}, {Metrics.RECEIVER_SPLIT_USER, Counter.SPLIT_USER_NS}};
        for (Object[] c : cpu) {
            Long ns = r == null ? null : r.counters().values().get((Counter) c[1]);
            double v = ns == null || kib == 0 ? Double.NaN : ns / kib;
            CounterRegistry.publishExtra((MetricDef) c[0], v, unit((MetricDef) c[0], v, none == null ? "not counted" : none));
        }
        double calls = r == null ? Double.NaN : r.perOp(Counter.SYSCALLS);
        CounterRegistry.publishExtra(Metrics.RECEIVER_SYSCALLS, calls, unit(Metrics.RECEIVER_SYSCALLS, calls, none));
        double sw = r == null ? Double.NaN : r.perOp(Counter.VOLUNTARY_CONTEXT_SWITCHES);
        CounterRegistry.publishExtra(Metrics.RECEIVER_CTXSW, sw, unit(Metrics.RECEIVER_CTXSW, sw, none));
        double woke = r == null ? Double.NaN : r.perOp(Counter.WAKEUPS);
        CounterRegistry.publishExtra(Metrics.RECEIVER_WAKEUPS, woke, unit(Metrics.RECEIVER_WAKEUPS, woke, r == null ? none
                : r.counters().unavailable().getOrDefault(Counter.WAKEUPS.key(), none != null ? none : "not counted by this sink")));
        double perCall = r == null || !(calls > 0) || r.ops() == 0 ? Double.NaN : r.bytes() / (double) r.ops() / calls / 1024.0;
        CounterRegistry.publishExtra(Metrics.RECEIVER_BYTES_PER_CALL, perCall, unit(Metrics.RECEIVER_BYTES_PER_CALL, perCall,
                none != null ? none : "no system call counted"));
        double copies = r == null ? Double.NaN : r.copiesPerByte();
        CounterRegistry.publishExtra(Metrics.RECEIVER_COPIES, copies, unit(Metrics.RECEIVER_COPIES, copies,
                r == null ? none : r.copiesProblem()));
        double read = r == null ? Double.NaN : r.readPerByte();
        CounterRegistry.publishExtra(Metrics.RECEIVER_READ, read, unit(Metrics.RECEIVER_READ, read, r == null ? none : "not counted"));
        if (r != null && r.drain().equals(ReceiveMethod.ZEROCOPY_RECEIVE.id())) {
            double mapped = 100 * r.mappedShare();
            CounterRegistry.publishExtra(Metrics.RECEIVER_MAPPED, mapped, unit(Metrics.RECEIVER_MAPPED, mapped, "not counted"));
        }
    }

    private static void perKiB(MetricDef m, double perOp, double kib, String whyNot) {
        double v = kib > 0 ? perOp / kib : Double.NaN;
        CounterRegistry.publishExtra(m, v, unit(m, v, kib > 0 ? whyNot : "the operation moves 0 bytes"));
    }

    private static void perOp(MetricDef m, long count, long ops) {
        double v = count < 0 || ops == 0 ? Double.NaN : (double) count / ops;
        CounterRegistry.publishExtra(m, v, unit(m, v, count < 0 ? "getrusage unavailable (libzcbench missing)"
                : "no timed operation in the iteration"));
    }

    /** The metric's unit, with the reason when the value is missing. */
    private static String unit(MetricDef m, double v, String whyNot) {
        return Double.isNaN(v) ? Unavailable.unit(m.unit(), whyNot) : m.unit();
    }

    /**
     * One more operation, untimed, whose bytes the destination checks end to end (a file read back; a sink that drains
     * with splice reads this one and checksums it): a fork that lost or changed bytes fails, named.
     */
    void verifyOnce() throws IOException {
        if (session == null) {
            return;
        }
        try {
            Delivery d = session.verifyOnce().delivery();
            System.out.println("[zcbench] verified end to end: " + (d.crc32c() != null ? "CRC32C " + Transfer.hex(d.crc32c())
                    + " as the source's" + (d.checksumNote() != null ? " (" + d.checksumNote() + ")" : "")
                    : "not checked: " + d.checksumNote()));
        } catch (IOException | RuntimeException e) {
            Outcomes.failed(params, e);
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        if (pinned != null) {
            pinned.close();
            pinned = null;
        }
        try (Source s = source; Target t = target; TransferSession p = session; DiskProbe d = disk) {
            disk = null;
            source = null;
            target = null;
            session = null;
        }
    }
}
