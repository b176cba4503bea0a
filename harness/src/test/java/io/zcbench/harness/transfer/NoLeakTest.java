package io.zcbench.harness.transfer;

import io.zcbench.harness.counters.Window;
import io.zcbench.harness.endpoint.Destination;
import io.zcbench.harness.path.CopyPaths;
import io.zcbench.harness.path.PathInfo;
import io.zcbench.harness.path.UnsupportedPathException;
import io.zcbench.harness.sink.ReceiveMethod;
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
import java.nio.file.NoSuchFileException;
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

    /**
     * This process's open descriptors, each as "number -> what it refers to". Compared as sets, not counted: one
     * open at the baseline may close meanwhile (one an earlier test left unreachable, closed by its cleaner in a GC,
     * or one still closing; a CI run saw one fewer after than before), which a count takes for a leak of -1 and
     * which would hide a real one.
     */
    static Set<String> openFds() throws IOException {
        Set<String> fds = new TreeSet<>();
        Path listing = Path.of("/proc", Long.toString(ProcessHandle.current().pid()), "fd");
        try (Stream<Path> s = Files.list(listing)) {
            for (Path fd : s.toList()) {
                try {
                    Path target = Files.readSymbolicLink(fd);
                    if (!target.equals(listing)) { // the listing's own descriptor
                        fds.add(fd.getFileName() + " -> " + target);
                    }
                } catch (NoSuchFileException e) {
                    // closed between listing and reading
                }
            }
        }
        return fds;
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
        try (SinkServer sink = SinkServer.start(new InetSocketAddress("127.0.0.1", 0), ReceiveMethod.SPLICE, null,
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
            Set<String> fds = openFds();
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
            Set<String> opened = openFds();
            opened.removeAll(fds);
            assertEquals(Set.of(), opened, "descriptors open after 1,000 transfers that were not before");
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
