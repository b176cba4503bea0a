package io.zcbench.harness.path;

import io.zcbench.harness.counters.Counter;
import io.zcbench.harness.counters.Window;
import io.zcbench.harness.endpoint.Destination;
import io.zcbench.harness.endpoint.FileTarget;
import io.zcbench.harness.fixture.PageCache;
import io.zcbench.harness.nativeio.Fds;
import io.zcbench.harness.testing.InProcessSink;
import io.zcbench.harness.testing.Rig;
import io.zcbench.harness.testing.Strace;
import io.zcbench.harness.transfer.Transfer;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each path makes the system calls its name promises, seen by strace attached to the sending
 * thread: 1 MiB in 64 KiB chunks is 16 chunks.
 */
class PathMechanismTest extends InProcessSink {
    static final int CHUNK = 64 * 1024;
    static final long SIZE = 16L * CHUNK;

    /** What strace saw while one rig was opened and one transfer ran, plus the fds involved. */
    record Trace(List<String> all, List<String> lines, int sourceFd, int targetFd, Rig rig) {
        List<String> on(String call, int fd) {
            return Strace.callsNamed(lines, call).stream().filter(l -> firstArg(l) == fd).toList();
        }

        int count(String call) {
            return Strace.countByName(lines).getOrDefault(call, 0);
        }

        static int firstArg(String line) {
            String args = line.substring(line.indexOf('(') + 1);
            String first = args.split("[,)]", 2)[0].trim();
            try {
                return Integer.parseInt(first);
            } catch (NumberFormatException e) {
                return Integer.MIN_VALUE;
            }
        }

        @Override
        public String toString() {
            return String.join("\n", lines);
        }
    }

    private Trace trace(String id, Destination dest, boolean evictFirst) throws Exception {
        return trace(id, dest, evictFirst, Impl.JAVA);
    }

    private Trace trace(String id, Destination dest, boolean evictFirst, Impl impl) throws Exception {
        List<String> lines;
        Rig rig;
        int tid = Fds.gettid();
        try (Strace st = Strace.attach(tid)) {
            rig = Rig.open(CopyPaths.byId(id), dest, dir, SIZE, CHUNK, sink);
            if (evictFirst) {
                PageCache.evict(rig.source.channel());
            }
            Transfer.prepare(rig.path, rig.source, rig.target);
            Fds.close(-1); // marker: the measured transfer starts
            Transfer.Outcome out = Transfer.execute(rig.path.as(impl), rig.source, rig.target, Window.NONE);
            Fds.close(-2); // marker: it ended
            assertEquals(SIZE, out.delivery().bytesReceived());
            lines = new ArrayList<>(st.stop());
        }
        int targetFd = dest == Destination.SOCKET ? rig.target.fd() : -1;
        // The JVM may grow its code cache on this thread mid-transfer (seen once in a CI run: an anonymous PROT_EXEC
        // mmap in copy-file-range's twin): not the path's call.
        List<String> measured = between(lines, "close(-1)", "close(-2)").stream().filter(l -> !Strace.jvmCodeCache(l)).toList();
        return new Trace(lines, measured, Fds.fd(rig.source.channel()), targetFd, rig);
    }

    private static List<String> between(List<String> lines, String start, String end) {
        int from = -1;
        int to = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (from < 0 && lines.get(i).startsWith(start)) {
                from = i + 1;
            } else if (from >= 0 && lines.get(i).startsWith(end)) {
                to = i;
                break;
            }
        }
        assertTrue(from > 0 && to >= from, "strace saw both markers:\n" + String.join("\n", lines));
        return lines.subList(from, to);
    }

    @Test
    void traditionalReadsAndWritesEveryChunk() throws Exception {
        Trace t = trace("traditional", Destination.SOCKET, false);
        try (Rig rig = t.rig()) {
            assertEquals(16, t.on("read", t.sourceFd()).size(), t::toString);
            // 16 payload writes plus the 32-byte header frame
            assertEquals(17, t.on("write", t.targetFd()).size(), t::toString);
            assertEquals(0, t.count("sendfile") + t.count("splice") + t.count("mmap"), t::toString);
        }
    }

    @Test
    void traditionalHeapMakesTheSameCallsAsTraditional() throws Exception {
        Trace t = trace("traditional-heap", Destination.SOCKET, false);
        try (Rig rig = t.rig()) {
            assertEquals(16, t.on("read", t.sourceFd()).size(), t::toString);
            assertEquals(17, t.on("write", t.targetFd()).size(), t::toString);
            assertEquals(0, t.count("sendfile") + t.count("splice"), t::toString);
        }
    }

    @Test
    void mmapWriteMapsTheFileAndNeverReadsIt() throws Exception {
        Trace t = trace("mmap-write", Destination.SOCKET, false);
        try (Rig rig = t.rig()) {
            List<String> maps = Strace.callsNamed(t.lines(), "mmap").stream()
                    .filter(l -> l.contains("PROT_READ, MAP_SHARED, " + t.sourceFd() + ",")).toList();
            assertEquals(1, maps.size(), t::toString);
            assertTrue(maps.get(0).contains(", " + SIZE + ","), "maps the whole file: " + maps);
            assertTrue(Strace.callsNamed(t.lines(), "munmap").stream().anyMatch(l -> l.contains(", " + SIZE + ")")),
                    "unmaps it after the transfer:\n" + t);
            assertEquals(0, t.on("read", t.sourceFd()).size() + t.on("pread64", t.sourceFd()).size(), t::toString);
            assertEquals(17, t.on("write", t.targetFd()).size(), t::toString);
        }
    }

    @Test
    void transferToSocketUsesSendfile() throws Exception {
        Trace t = trace("transfer-to", Destination.SOCKET, false);
        try (Rig rig = t.rig()) {
            List<String> sendfile = t.on("sendfile", t.targetFd());
            assertFalse(sendfile.isEmpty(), t::toString);
            assertTrue(sendfile.get(0).contains(", " + t.sourceFd() + ","), "from the source fd: " + sendfile);
            assertEquals(0, t.on("read", t.sourceFd()).size() + t.count("mmap"), "no silent fallback:\n" + t);
            // only the header frame is written with write(2)
            assertEquals(1, t.on("write", t.targetFd()).size(), t::toString);
        }
    }

    @Test
    void transferToFileUsesSendfileOrCopyFileRangeAndSaysWhich() throws Exception {
        Trace t = trace("transfer-to", Destination.FILE, false);
        try (Rig rig = t.rig()) {
            int sendfile = t.count("sendfile");
            int cfr = t.count("copy_file_range");
            System.out.println("transfer-to file->file on Java " + Runtime.version() + ": sendfile=" + sendfile
                    + " copy_file_range=" + cfr);
            assertTrue(sendfile + cfr > 0, "sendfile or copy_file_range:\n" + t);
            assertEquals(0, t.on("read", t.sourceFd()).size() + t.count("mmap"), "no silent fallback:\n" + t);
        }
    }

    @Test
    void spliceMovesEveryChunkThroughAPipe() throws Exception {
        Trace t = trace("splice", Destination.SOCKET, false);
        try (Rig rig = t.rig()) {
            List<String> fromFile = t.on("splice", t.sourceFd());
            List<String> toSocket = Strace.callsNamed(t.lines(), "splice").stream()
                    .filter(l -> l.contains(", " + t.targetFd() + ", NULL,")).toList();
            assertEquals(16, fromFile.size(), t::toString);
            assertTrue(toSocket.size() >= 16, "at least one pipe->socket splice per chunk:\n" + t);
            assertEquals(0, t.on("read", t.sourceFd()).size() + t.count("sendfile"), t::toString);
            assertEquals(1, t.on("write", t.targetFd()).size(), "only the header frame:\n" + t);
        }
    }

    @Test
    void oDirectOpensWithODirectAndLeavesThePageCacheEmpty() throws Exception {
        for (Destination dest : Destination.values()) {
            Trace t = trace("o-direct", dest, true);
            try (Rig rig = t.rig()) {
                List<String> opens = Strace.callsNamed(t.all(), "openat").stream()
                        .filter(l -> l.contains(rig.file.path().getFileName().toString())).toList();
                assertTrue(opens.stream().anyMatch(l -> l.contains("O_DIRECT")), "source opened with O_DIRECT:\n" + t);
                int directFd = Fds.fd(rig.source.directChannel());
                assertTrue((Fds.openFlags(directFd) & Fds.oDirectFlag()) != 0, "fcntl(F_GETFL) shows O_DIRECT");
                assertEquals(16, t.on("pread64", directFd).size(), t::toString);
                assertEquals(0, PageCache.residency(rig.source.channel(), SIZE).resident(),
                        "O_DIRECT reads must not bring the source into the page cache");
                if (dest == Destination.FILE) {
                    Path out = ((FileTarget) rig.target).file();
                    assertTrue(Strace.callsNamed(t.all(), "openat").stream()
                            .anyMatch(l -> l.contains(out.getFileName().toString()) && l.contains("O_DIRECT")),
                            "destination opened with O_DIRECT:\n" + t);
                    assertEquals(16, Strace.countByName(t.lines()).getOrDefault("pwrite64", 0), t::toString);
                    try (FileChannel ch = FileChannel.open(out, StandardOpenOption.READ)) {
                        assertEquals(0, PageCache.residency(ch, SIZE).resident(), "O_DIRECT writes bypass the cache");
                    }
                }
            }
        }
    }

    /** The system calls that carry a path's data; everything else (fstat, futex) is the JVM's, not the mechanism's. */
    static final List<String> MECHANISM = List.of("read", "write", "pread64", "pwrite64", "sendfile", "splice", "mmap",
            "munmap", "copy_file_range", "ftruncate", "sendto", "vmsplice", "io_uring_enter");

    static Map<String, Integer> mechanism(Trace t) {
        Map<String, Integer> m = new TreeMap<>();
        // Where the model says the count depends on when completions arrive, io_uring_enter is not compared.
        boolean timed = t.rig().path.info().model().count() == null;
        Strace.countByName(t.lines()).forEach((k, v) -> {
            if (MECHANISM.contains(k) && !(timed && k.equals("io_uring_enter"))) {
                m.put(k, v);
            }
        });
        return m;
    }

    static Stream<Arguments> everyPair() {
        List<Arguments> out = new ArrayList<>();
        for (PathInfo p : CopyPaths.all()) {
            for (Destination d : p.framework() == null ? p.destinations() : Set.<Destination>of()) {
                out.add(Arguments.of(p.id(), d));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} to {1}")
    @MethodSource("everyPair")
    void nativeTwinMakesTheSameSystemCallsAsItsJavaPath(String id, Destination dest) throws Exception {
        for (Impl impl : new Impl[] {Impl.JAVA, Impl.NATIVE}) { // ffm: JavaNextIT, on JDK 22+
            // Class loading reads jar files on first use; keep it out of the traced transfers.
            try (Rig warm = Rig.open(CopyPaths.byId(id), dest, dir, SIZE, CHUNK, sink)) {
                Transfer.runVerified(warm.path.as(impl), warm.source, warm.target, Window.NONE);
            }
        }
        Trace java = trace(id, dest, false, Impl.JAVA);
        java.rig().close();
        Trace twin = trace(id, dest, false, Impl.NATIVE);
        try (Rig rig = twin.rig()) {
            Map<String, Integer> j = mechanism(java);
            Map<String, Integer> n = mechanism(twin);
            if (id.equals("transfer-to") && dest == Destination.FILE && j.containsKey("copy_file_range")) {
                // Newer JDKs try copy_file_range first; the twin always calls sendfile (said in its description).
                assertTrue(n.getOrDefault("sendfile", 0) >= 1 && !n.containsKey("copy_file_range"), n.toString());
                return;
            }
            assertEquals(j, n, "the twin's data-carrying calls equal the Java path's\njava:\n" + java + "\ntwin:\n" + twin);
            assertFalse(n.isEmpty(), "the twin made its calls on this thread:\n" + twin);
        }
    }

    @Test
    void copyFileRangeCopiesInTheKernelAndRefusesASocketWithItsReason() throws Exception {
        Trace t = trace("copy-file-range", Destination.FILE, false);
        try (Rig rig = t.rig()) {
            List<String> cfr = Strace.callsNamed(t.lines(), "copy_file_range");
            assertFalse(cfr.isEmpty(), t::toString);
            assertTrue(cfr.get(0).startsWith("copy_file_range(" + t.sourceFd() + ","), "from the source fd: " + cfr);
            assertEquals(0, t.count("read") + t.count("write") + t.count("sendfile") + t.count("splice"),
                    "the kernel copies, no other mechanism:\n" + t);
        }
        UnsupportedPathException e = Assertions.assertThrows(UnsupportedPathException.class,
                () -> Rig.open(CopyPaths.byId("copy-file-range"), Destination.SOCKET, dir, SIZE, CHUNK, sink));
        assertTrue(e.getMessage().contains("copy-file-range cannot write to a socket"), e.getMessage());
    }

    /** A window that keeps what the path counted about itself. */
    static final class PathCounts implements Window {
        final Map<Counter, Long> added = new EnumMap<>(Counter.class);

        @Override
        public void begin() {
        }

        @Override
        public void end() {
        }

        @Override
        public void add(Counter c, long delta) {
            added.merge(c, delta, Long::sum);
        }
    }

    private static PathCounts counted(String id, Destination dest, Impl impl) throws Exception {
        try (Rig rig = Rig.open(CopyPaths.byId(id), dest, dir, SIZE, CHUNK, sink)) {
            PathCounts w = new PathCounts();
            Transfer.runVerified(rig.path.as(impl), rig.source, rig.target, w);
            return w;
        }
    }

    @Test
    void msgZerocopySendsEveryChunkWithMsgZerocopyAndWaitsForEveryCompletion() throws Exception {
        Trace t = trace("msg-zerocopy", Destination.SOCKET, false);
        try (Rig rig = t.rig()) {
            assertTrue(Strace.callsNamed(t.all(), "setsockopt").stream().anyMatch(l -> l.contains("SO_ZEROCOPY")),
                    "SO_ZEROCOPY set on the socket:\n" + String.join("\n", t.all()));
            List<String> sends = t.on("sendto", t.targetFd());
            assertEquals(16, sends.size(), t::toString);
            assertTrue(sends.stream().allMatch(l -> l.contains("MSG_ZEROCOPY")), "every send has MSG_ZEROCOPY:\n" + t);
            assertTrue(t.on("recvmsg", t.targetFd()).stream().anyMatch(l -> l.contains("MSG_ERRQUEUE")),
                    "completions read from the error queue:\n" + t);
            assertEquals(0, t.on("read", t.sourceFd()).size() + t.count("sendfile") + t.count("splice"), t::toString);
            assertEquals(1, Strace.callsNamed(t.lines(), "mmap").stream()
                    .filter(l -> l.contains("MAP_SHARED, " + t.sourceFd() + ",")).count(), "the file mapped once:\n" + t);
        }
        for (Impl impl : new Impl[] {Impl.JAVA, Impl.NATIVE}) { // ffm: JavaNextIT, on JDK 22+
            PathCounts c = counted("msg-zerocopy", Destination.SOCKET, impl);
            long done = c.added.get(Counter.ZEROCOPY_COMPLETIONS);
            assertEquals(16, done, impl + ": one completed send id per chunk sent (16 sends of 64 KiB)");
            // On loopback the kernel copies every zerocopy send when the receiver gets it: 100% copied.
            assertEquals(done, c.added.get(Counter.ZEROCOPY_COPIED), impl + ": " + c.added);
        }
        UnsupportedPathException e = Assertions.assertThrows(UnsupportedPathException.class,
                () -> Rig.open(CopyPaths.byId("msg-zerocopy"), Destination.FILE, dir, SIZE, CHUNK, sink));
        assertTrue(e.getMessage().contains("msg-zerocopy cannot write to a file"), e.getMessage());
    }

    @Test
    void ioUringSendZcReadsIntoRegisteredBuffersAndSendsWithoutAnotherSystemCall() throws Exception {
        Trace t = trace("io-uring-send-zc", Destination.SOCKET, false);
        try (Rig rig = t.rig()) {
            assertTrue(Strace.callsNamed(t.all(), "io_uring_setup").size() == 1, "one ring:\n" + String.join("\n", t.all()));
            assertTrue(Strace.callsNamed(t.all(), "io_uring_register").stream()
                    .anyMatch(l -> l.contains("IORING_REGISTER_BUFFERS")), "registered buffers");
            assertTrue(t.count("io_uring_enter") >= 16, "at least one io_uring_enter per chunk:\n" + t);
            assertEquals(0, t.on("read", t.sourceFd()).size() + t.count("pread64") + t.count("sendto")
                    + t.on("write", t.targetFd()).size() - 1 + t.count("sendfile") + t.count("splice"),
                    "only io_uring_enter carries the data (one write: the sink's header frame):\n" + t);
        }
        for (Impl impl : new Impl[] {Impl.JAVA, Impl.NATIVE}) { // ffm: JavaNextIT, on JDK 22+
            PathCounts c = counted("io-uring-send-zc", Destination.SOCKET, impl);
            long notifs = c.added.get(Counter.ZEROCOPY_COMPLETIONS);
            assertTrue(notifs >= 16, impl + ": a notification per SEND_ZC, at least one per chunk: " + c.added);
            assertEquals(notifs, c.added.get(Counter.ZEROCOPY_COPIED),
                    impl + ": loopback copies every zerocopy send: " + c.added);
        }
    }

    /**
     * io-uring-direct: the source opened with O_DIRECT, registered buffers, only io_uring_enter carries the data, and a
     * cold file stays out of the page cache (Java path and twin).
     */
    @Test
    void ioUringDirectReadsWithODirectThroughTheRingAndLeavesThePageCacheEmpty() throws Exception {
        for (Impl impl : new Impl[] {Impl.JAVA, Impl.NATIVE}) { // ffm: JavaNextIT, on JDK 22+
            Trace t = trace("io-uring-direct", Destination.SOCKET, true, impl);
            try (Rig rig = t.rig()) {
                assertTrue(Strace.callsNamed(t.all(), "openat").stream()
                        .filter(l -> l.contains(rig.file.path().getFileName().toString())).anyMatch(l -> l.contains("O_DIRECT")),
                        impl + ": source opened with O_DIRECT:\n" + String.join("\n", t.all()));
                assertTrue(Strace.callsNamed(t.all(), "io_uring_register").stream()
                        .anyMatch(l -> l.contains("IORING_REGISTER_BUFFERS")), impl + ": registered buffers");
                assertTrue(t.count("io_uring_enter") >= 16, impl + ": at least one io_uring_enter per chunk:\n" + t);
                assertEquals(0, t.on("read", t.sourceFd()).size() + t.count("pread64") + t.count("sendto")
                        + t.on("write", t.targetFd()).size() - 1 + t.count("sendfile") + t.count("splice"),
                        impl + ": only io_uring_enter carries the data (one write: the sink's header frame):\n" + t);
                assertEquals(0, PageCache.residency(rig.source.channel(), SIZE).resident(),
                        impl + ": O_DIRECT reads through the ring must not bring the source into the page cache");
            }
        }
    }

    @Test
    void ioUringSpliceEntersOncePerChunkAndItsWorkersDoTheSplicing() throws Exception {
        for (Destination dest : Destination.values()) {
            Trace t = trace("io-uring-splice", dest, false);
            try (Rig rig = t.rig()) {
                assertEquals(16, t.count("io_uring_enter"), "one io_uring_enter per chunk:\n" + t);
                assertEquals(0, t.count("splice") + t.on("read", t.sourceFd()).size() + t.count("sendfile"),
                        "the splices run in io_uring, not as system calls of this thread:\n" + t);
            }
        }
        PathCounts c = counted("io-uring-splice", Destination.SOCKET, Impl.JAVA);
        assertTrue(c.added.get(Counter.WORKER_CPU_NS) > 0,
                "io-wq workers ran the splices: " + c.added);
        assertTrue(c.added.get(Counter.WORKER_CONTEXT_SWITCHES) > 0, c.added.toString());
    }

    @Test
    void ioUringPathsAreUnsupportedWithTheReasonWhereIoUringIsDisabled() throws Exception {
        Path sysctl = Path.of("/proc/sys/kernel/io_uring_disabled");
        Assumptions.assumeTrue(Files.isWritable(sysctl)
                && Files.readString(sysctl).trim().equals("0"), "needs root and io_uring enabled to flip it");
        Files.writeString(sysctl, "2");
        try {
            for (String id : List.of("io-uring-splice", "io-uring-send-zc", "io-uring-direct", "netty-io-uring-fileregion")) {
                UnsupportedPathException e = Assertions.assertThrows(UnsupportedPathException.class,
                        () -> Rig.open(CopyPaths.byId(id), Destination.SOCKET, dir, SIZE, CHUNK, sink));
                assertTrue(e.getMessage().contains("io_uring is disabled here (kernel.io_uring_disabled = 2)"), e.getMessage());
            }
        } finally {
            Files.writeString(sysctl, "0");
        }
    }

    @Test
    void vmspliceHandsTheMappedPagesToAPipeAndSplicesThemOnWithoutReadingTheFile() throws Exception {
        for (Destination dest : Destination.values()) {
            Trace t = trace("vmsplice", dest, false);
            try (Rig rig = t.rig()) {
                assertEquals(16, t.count("vmsplice"), "one vmsplice per 64 KiB chunk:\n" + t);
                assertTrue(t.count("splice") >= 16, "at least one pipe -> destination splice per chunk:\n" + t);
                assertEquals(1, Strace.callsNamed(t.lines(), "mmap").stream()
                        .filter(l -> l.contains("MAP_SHARED, " + t.sourceFd() + ",")).count(), "the file mapped once:\n" + t);
                assertEquals(0, t.on("read", t.sourceFd()).size() + t.count("pread64") + t.count("sendfile"),
                        "the file is never read into a buffer:\n" + t);
                if (dest == Destination.SOCKET) {
                    assertEquals(1, t.on("write", t.targetFd()).size(), "only the sink's header frame:\n" + t);
                }
            }
        }
    }

    @Test
    void controlBufferedReadsDoFillThePageCache() throws Exception {
        // Proves the residency check above can fail: a buffered path after eviction caches the file.
        Trace t = trace("traditional", Destination.FILE, true);
        try (Rig rig = t.rig()) {
            assertEquals(SIZE / Fds.pageSize(), PageCache.residency(rig.source.channel(), SIZE).resident());
        }
        Map<String, Integer> counts = Strace.countByName(t.all());
        assertTrue(counts.getOrDefault("fadvise64", 0) >= 1, "the eviction itself is a fadvise64 call: " + counts);
    }
}
