package io.zcbench.harness.path;

import io.zcbench.harness.counters.Counter;
import io.zcbench.harness.counters.CounterConfig;
import io.zcbench.harness.counters.CounterTotals;
import io.zcbench.harness.counters.OperationClock;
import io.zcbench.harness.counters.ThreadCounters;
import io.zcbench.harness.counters.Tracefs;
import io.zcbench.harness.counters.Window;
import io.zcbench.harness.endpoint.Destination;
import io.zcbench.harness.endpoint.SocketTarget;
import io.zcbench.harness.endpoint.Source;
import io.zcbench.harness.endpoint.Target;
import io.zcbench.harness.fixture.CacheState;
import io.zcbench.harness.fixture.FileSystemInfo;
import io.zcbench.harness.fixture.SourceFile;
import io.zcbench.harness.nativeio.Fds;
import io.zcbench.harness.nativeio.Perf;
import io.zcbench.harness.path.mechanism.NettyChannel;
import io.zcbench.harness.path.mechanism.NettyPath;
import io.zcbench.harness.sink.SinkConnection;
import io.zcbench.harness.testing.InProcessSink;
import io.zcbench.harness.testing.Rig;
import io.zcbench.harness.testing.Strace;
import io.zcbench.harness.transfer.Transfer;
import io.zcbench.harness.transfer.TransferSession;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The framework paths: Netty's event loop makes the calls each model names (strace on that thread, nothing of the
 * kind on the caller's), the counters are that thread's, io_uring's splices are submitted as IORING_OP_SPLICE, there is
 * no native twin but a raw baseline that shares the socket, and the socket is blocking again between operations.
 */
class NettyPathsTest extends InProcessSink {
    static final int CHUNK = 64 * 1024;
    static final long SIZE = 16L * CHUNK;
    static final int IORING_OP_SPLICE = 30;

    /** One transfer, strace on the event loop and on the calling thread at once. */
    record Traced(List<String> loop, List<String> caller, int sourceFd, int nettyFd, int targetFd) {
        List<String> on(List<String> lines, String call, int fd) {
            return Strace.callsNamed(lines, call).stream().filter(l -> l.contains("(" + fd + ",")).toList();
        }

        @Override
        public String toString() {
            return "event loop:\n" + String.join("\n", loop) + "\ncalling thread:\n" + String.join("\n", caller);
        }
    }

    private Traced traced(String id) throws Exception {
        try (Rig rig = Rig.open(CopyPaths.byId(id), Destination.SOCKET, dir, SIZE, CHUNK, sink)) {
            // Class loading and the first allocations out of the traced transfer.
            Transfer.runVerified(rig.path, rig.source, rig.target, Window.NONE);
            NettyChannel netty = (NettyChannel) rig.path.workThread();
            List<String> loop;
            List<String> caller;
            Transfer.prepare(rig.path, rig.source, rig.target);
            try (Strace onLoop = Strace.attach(netty.tid()); Strace onCaller = Strace.attach(Fds.gettid())) {
                Transfer.Outcome out = Transfer.execute(rig.path, rig.source, rig.target, Window.NONE);
                assertEquals(SIZE, out.delivery().bytesReceived());
                assertEquals(rig.file.crc32c(), out.delivery().crc32c(), "CRC32C of what arrived");
                loop = onLoop.stop();
                caller = onCaller.stop();
            }
            return new Traced(loop, caller, Fds.fd(rig.source.channel()), netty.descriptor(), rig.target.fd());
        }
    }

    @Test
    void epollFileRegionIsSendfileOnTheEventLoop() throws Exception {
        Traced t = traced("netty-epoll-fileregion");
        List<String> sendfile = t.on(t.loop(), "sendfile", t.nettyFd());
        assertFalse(sendfile.isEmpty(), "Netty's sendfile on its own descriptor of the socket:\n" + t);
        assertTrue(sendfile.stream().allMatch(l -> l.contains(", " + t.sourceFd() + ",")), "from the source fd:\n" + t);
        assertEquals(0, Strace.countByName(t.caller()).getOrDefault("sendfile", 0), "the caller sends nothing:\n" + t);
        assertEquals(0, t.on(t.loop(), "read", t.sourceFd()).size() + t.on(t.loop(), "pread64", t.sourceFd()).size()
                + Strace.countByName(t.loop()).getOrDefault("splice", 0), "no silent fallback:\n" + t);
        // the caller writes the header frame and reads the sink's reply on the target's descriptor, nothing else
        assertEquals(1, t.on(t.caller(), "write", t.targetFd()).size(), t::toString);
    }

    @Test
    void ioUringFileRegionSplicesThroughAPipeOfItsOwnInTheRing() throws Exception {
        Traced t = traced("netty-io-uring-fileregion");
        Map<String, Integer> n = Strace.countByName(t.loop());
        List<String> pipes = Strace.callsNamed(t.loop(), "pipe2");
        assertEquals(1, pipes.size(), "one pipe per region:\n" + t);
        assertTrue(pipes.get(0).contains("O_NONBLOCK"), pipes.toString());
        // 16 pipe-fulls of 64 KiB, each a splice in and a splice out, each one submission and one wait at least
        assertTrue(n.getOrDefault("io_uring_enter", 0) >= 2 * 16, "a ring round trip per splice:\n" + t);
        assertEquals(0, n.getOrDefault("splice", 0) + n.getOrDefault("sendfile", 0)
                + t.on(t.loop(), "pread64", t.sourceFd()).size(), "the splices are the ring's, not system calls:\n" + t);
        assertEquals(0, Strace.countByName(t.caller()).getOrDefault("io_uring_enter", 0), t::toString);

        // what the ring ran: IORING_OP_SPLICE requests submitted by the event loop, counted by io_uring's tracepoint
        try (Rig rig = Rig.open(CopyPaths.byId("netty-io-uring-fileregion"), Destination.SOCKET, dir, SIZE, CHUNK, sink)) {
            WorkThread loop = rig.path.workThread();
            int id = Tracefs.id("io_uring", "io_uring_submit_req");
            int fd = loop.call(() -> Perf.perfOpen(2, id, -1, 0));
            assertTrue(fd >= 0, "perf_event_open of io_uring:io_uring_submit_req: " + Fds.errnoText(-fd));
            try {
                assertEquals(0, Perf.perfSetFilter(fd, "opcode == " + IORING_OP_SPLICE));
                assertEquals(0, Perf.perfEnable(fd, true));
                Transfer.runVerified(rig.path, rig.source, rig.target, Window.NONE);
                Perf.perfEnable(fd, false);
                long[] v = new long[8];
                assertTrue(Perf.perfReadGroup(fd, v) >= 4);
                assertEquals(2 * 16, v[3], "two IORING_OP_SPLICE per 64 KiB pipe-full (file → pipe, pipe → socket)");
            } finally {
                Fds.close(fd);
            }
        }
    }

    @Test
    void epollByteBufReadsEveryChunkAndSendsItFromTheEventLoop() throws Exception {
        Traced t = traced("netty-epoll-bytebuf");
        assertEquals(16, t.on(t.loop(), "pread64", t.sourceFd()).size(), "one pread per 64 KiB chunk:\n" + t);
        int sends = t.on(t.loop(), "sendto", t.nettyFd()).size() + t.on(t.loop(), "writev", t.nettyFd()).size();
        assertTrue(sends >= 1 && sends <= 16, "sent with send or writev on Netty's descriptor:\n" + t);
        Map<String, Integer> caller = Strace.countByName(t.caller());
        assertEquals(0, caller.getOrDefault("pread64", 0) + caller.getOrDefault("sendfile", 0), t::toString);
    }

    @Test
    void theCountersAreTheEventLoopsAndTheClockAddsItsCpu() throws Exception {
        FileSystemInfo fs = FileSystemInfo.of(dir, "--dir");
        try (SourceFile file = SourceFile.create(fs, SIZE, 7, 0, null, null);
             Source source = Source.open(file.path(), file.crc32c());
             SocketTarget target = new SocketTarget(SinkConnection.connect(sink.address(), Duration.ofSeconds(10), null), true);
             TransferSession s = TransferSession.open(CopyPaths.byId("netty-epoll-bytebuf"), new PathOptions(CHUNK, 0),
                     source, target, Impl.JAVA, CacheState.WARM)) {
            assertTrue(s.workThread().startsWith("Netty's epoll event loop, thread zc-netty-epoll"), s.workThread());
            CounterTotals c = s.count(CounterConfig.DEFAULT, 2);
            assertEquals(2 * 16L, c.syscallsByName().get("pread64"), "the event loop's reads, counted there: " + c.syscallsByName());
            // the caller's own counters over the same operations see none of them
            CounterTotals mine = ThreadCounters.forThisThread(CounterConfig.DEFAULT).totals();
            assertEquals(0, mine.ops());
        }
    }

    /**
     * A timed operation never reads what the path counts about itself (io_uring's workers, read from /proc: about
     * 0.5 ms a time here, which made Netty's io_uring path look 4x slower at 64 KiB when the event loop's clock window
     * let it happen); a counted one does.
     */
    @Test
    void timedOperationsNeverReadThePathsOwnCounts() throws Exception {
        try (Rig rig = Rig.open(CopyPaths.byId("netty-io-uring-fileregion"), Destination.SOCKET, dir, SIZE, CHUNK, sink)) {
            int[] reads = new int[1];
            CopyPath counting = new CopyPath() {
                @Override
                public PathInfo info() {
                    return rig.path.info();
                }

                @Override
                public long transfer(Source source, Target target) throws IOException {
                    return rig.path.transfer(source, target);
                }

                @Override
                public long transfer(Source source, Target target, Window w) throws IOException {
                    return rig.path.transfer(source, target, w);
                }

                @Override
                public long transferNative(Source source, Target target) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public WorkThread workThread() {
                    return rig.path.workThread();
                }

                @Override
                public Map<Counter, Long> counts() {
                    reads[0]++;
                    return rig.path.counts();
                }

                @Override
                public void close() {
                }
            };
            OperationClock clock = new OperationClock();
            Window timed = Window.around(clock.onWorkThread(), Window.NONE);
            Transfer.prepare(counting, rig.source, rig.target);
            clock.begin();
            Transfer.execute(counting, rig.source, rig.target, timed);
            clock.end();
            assertEquals(0, reads[0], "no /proc read in a timed operation");
            assertTrue(clock.totals().cpuNs() > 0, "the event loop's CPU read by the clock: " + clock.totals());
            ThreadCounters counters = rig.path.workThread().call(() -> ThreadCounters.forThisThread(CounterConfig.DEFAULT));
            Transfer.prepare(counting, rig.source, rig.target);
            Transfer.execute(counting, rig.source, rig.target, Window.around(clock.onWorkThread(), counters));
            assertEquals(2, reads[0], "a counted operation reads them before and after");
        }
    }

    @Test
    void theCatalogueNamesTheNettyVersionThatRuns() {
        assertEquals(NettyChannel.VERSION, NettyPath.NETTY, "the declared version is the one on the class path");
        for (PathInfo p : CopyPaths.all()) {
            if (p.framework() != null) {
                assertEquals("Netty", p.framework().name());
                assertEquals(NettyChannel.VERSION, p.framework().version());
            }
        }
    }

    @Test
    void noNativeTwinButTheRawBaselineOnTheSameSocketWhichIsBlockingAgain() throws Exception {
        for (PathInfo info : List.of(NettyEpollFileRegionPath.INFO, NettyIoUringFileRegionPath.INFO, NettyEpollByteBufPath.INFO)) {
            try (Rig rig = Rig.open(info, Destination.SOCKET, dir, SIZE, CHUNK, sink)) {
                CopyPath raw = rig.path.partner();
                assertEquals(info.framework().baseline(), raw.info().id());
                assertEquals(null, raw.workThread(), "the baseline runs on the calling thread");
                for (int round = 0; round < 2; round++) {
                    for (CopyPath p : List.of(rig.path, raw)) {
                        Transfer.Outcome o = Transfer.runVerified(p, rig.source, rig.target, Window.NONE);
                        assertEquals(rig.file.crc32c(), o.delivery().crc32c(), p.info().id() + " delivered intact");
                        assertEquals(0, Fds.openFlags(rig.target.fd()) & Fds.O_NONBLOCK,
                                "blocking again after " + p.info().id());
                    }
                }
            }
        }
        UnsupportedPathException e = assertThrows(UnsupportedPathException.class, () -> {
            try (Rig rig = Rig.open(NettyEpollFileRegionPath.INFO, Destination.SOCKET, dir, SIZE, CHUNK, sink)) {
                rig.path.as(Impl.NATIVE);
            }
        });
        assertTrue(e.getMessage().contains("no native twin") && e.getMessage().contains("transfer-to"), e.getMessage());
        UnsupportedPathException file = assertThrows(UnsupportedPathException.class,
                () -> Rig.open(NettyEpollByteBufPath.INFO, Destination.FILE, dir, SIZE, CHUNK, sink));
        assertTrue(file.getMessage().contains("cannot write to a file"), file.getMessage());
    }
}
