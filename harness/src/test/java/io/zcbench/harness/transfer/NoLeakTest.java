package io.zcbench.harness.transfer;

import io.zcbench.harness.counters.Window;
import io.zcbench.harness.endpoint.Destination;
import io.zcbench.harness.path.CopyPaths;
import io.zcbench.harness.path.PathInfo;
import io.zcbench.harness.path.UnsupportedPathException;
import io.zcbench.harness.sink.Drain;
import io.zcbench.harness.sink.SinkServer;
import io.zcbench.harness.testing.Rig;

import io.netty.util.concurrent.GlobalEventExecutor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** 1,000 transfers, each with its own connection, path instance and files, leak neither fds nor threads. */
class NoLeakTest {
    @TempDir
    Path dir;

    static long openFds() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    static int threads() {
        return Thread.getAllStackTraces().size();
    }

    static Set<String> threadNames() {
        Set<String> names = new TreeSet<>();
        Thread.getAllStackTraces().keySet().forEach(t -> names.add(t.getName()));
        return names;
    }

    @Test
    void thousandTransfersLeaveFdsAndThreadsWhereTheyStarted() throws Exception {
        List<PathInfo> paths = CopyPaths.all();
        try (SinkServer sink = SinkServer.start(new InetSocketAddress("127.0.0.1", 0), Drain.SPLICE, null,
                new PrintStream(OutputStream.nullOutputStream()))) {
            // One transfer per path first, so lazily started helpers (the watchdog thread, Netty's global
            // helper threads) exist before the baseline.
            for (PathInfo p : paths) {
                try (Rig rig = Rig.open(p, Destination.SOCKET, dir, 4096, 4096, sink)) {
                    Transfer.runVerified(rig.path, rig.source, rig.target, Window.NONE);
                } catch (UnsupportedPathException e) {
                    // a path that cannot write to a socket (copy-file-range)
                }
            }
            settle(sink);
            long fds = openFds();
            Set<String> before = threadNames();
            int threads = threads();
            for (int i = 0; i < 1000; i++) {
                PathInfo p = paths.get(i % paths.size());
                Destination d = Destination.values()[(i / paths.size()) % 2];
                if (!p.destinations().contains(d)) {
                    d = p.destinations().iterator().next(); // a pair the catalogue declares
                }
                try (Rig rig = Rig.open(p, d, dir, 64 * 1024 + i, 64 * 1024, sink)) {
                    Transfer.Outcome o = Transfer.runVerified(rig.path, rig.source, rig.target, Window.NONE);
                    assertEquals(64 * 1024 + i, o.delivery().bytesReceived());
                }
            }
            settle(sink);
            assertEquals(fds, openFds(), "open file descriptors after 1,000 transfers");
            Set<String> after = threadNames();
            after.removeAll(before);
            assertEquals(threads, threads(), "threads after 1,000 transfers; new: " + after);
            try (Stream<Path> s = Files.list(dir)) {
                assertEquals(List.of(), s.toList(), "every source and destination file deleted");
            }
        }
    }

    /** The sink closes its side of each connection on its own thread; wait until it has (and Netty's global executor). */
    private static void settle(SinkServer sink) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (sink.openConnections() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(100);
        // Netty notifies an event loop's termination on its global executor, whose one thread starts on demand and
        // ends after a second without work: wait for that, so a transient helper is not counted as a leak
        assertTrue(GlobalEventExecutor.INSTANCE.awaitInactivity(10, TimeUnit.SECONDS), "Netty's global executor went idle");
    }
}
