package io.zcbench.harness.transfer;

import io.zcbench.harness.counters.Window;
import io.zcbench.harness.endpoint.Delivery;
import io.zcbench.harness.endpoint.Destination;
import io.zcbench.harness.endpoint.FileTarget;
import io.zcbench.harness.endpoint.Source;
import io.zcbench.harness.endpoint.Target;
import io.zcbench.harness.fixture.FileSystemInfo;
import io.zcbench.harness.fixture.SourceFile;
import io.zcbench.harness.path.CopyPath;
import io.zcbench.harness.path.CopyPaths;
import io.zcbench.harness.path.Impl;
import io.zcbench.harness.path.PathOptions;
import io.zcbench.harness.testing.InProcessSink;
import io.zcbench.harness.testing.Rig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A source that shrinks under a transfer is named as the cause, with the path's mechanism; never the sink. */
class SourceChangesTest extends InProcessSink {
    static final int CHUNK = 64 * 1024;

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Impl.class, names = {"JAVA", "NATIVE"}) // mmap-write has no FFM calls
    void mmapWriteOfASourceTruncatedAfterPrepareBlamesTheSource(Impl impl) throws Exception {
        try (Rig rig = Rig.open(CopyPaths.byId("mmap-write"), Destination.SOCKET, dir, 2L << 20, CHUNK, sink)) {
            Transfer.prepare(rig.path, rig.source, rig.target);
            try (FileChannel w = FileChannel.open(rig.file.path(), StandardOpenOption.WRITE)) {
                w.truncate(4096);
            }
            SourceChangedException e = assertThrows(SourceChangedException.class,
                    () -> Transfer.execute(rig.path.as(impl), rig.source, rig.target, Window.NONE));
            String m = e.getMessage();
            assertTrue(m.contains("shrank from " + (2L << 20) + " to 4096 bytes during the mmap-write transfer"), m);
            assertTrue(m.contains("EFAULT") && m.contains("SIGBUS") && m.contains("the destination is not to blame"), m);
        }
    }

    @Test
    void aSourceThatChangedBeforeTheTransferIsRefusedBeforeAnyByteMoves() throws Exception {
        try (Rig rig = Rig.open(CopyPaths.byId("traditional"), Destination.FILE, dir, 1L << 20, CHUNK, sink)) {
            try (FileChannel w = FileChannel.open(rig.file.path(), StandardOpenOption.WRITE)) {
                w.truncate(4096);
            }
            SourceChangedException e = assertThrows(SourceChangedException.class,
                    () -> Transfer.prepare(rig.path, rig.source, rig.target));
            assertTrue(e.getMessage().contains("changed size since it was opened (" + (1L << 20) + " -> 4096 bytes)"),
                    e.getMessage());
        }
    }

    @Test
    void withALeaseAWriterIsNoticedBeforeItsChangeAndWaitsForTheTransferToStop() throws Exception {
        FileSystemInfo fs = FileSystemInfo.of(dir, "--dir");
        try (SourceFile file = SourceFile.create(fs, 4L << 20, 3, 0, null, null);
             Source source = Source.open(file.path(), file.crc32c());
             FileTarget files = new FileTarget(fs, FileTarget.Sync.NONE, false)) {
            long[] truncatedAt = {-1};
            Thread writer = new Thread(() -> {
                try (FileChannel w = FileChannel.open(file.path(), StandardOpenOption.WRITE)) { // breaks the lease: waits
                    truncatedAt[0] = System.nanoTime();
                    w.truncate(4096);
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            });
            Target slow = new SlowStart(files, writer);
            CopyPath path = CopyPaths.byId("mmap-write").open(new PathOptions(CHUNK, 0, true, 0), source, slow);
            Transfer.prepare(path, source, slow);
            SourceChangedException e = assertThrows(SourceChangedException.class,
                    () -> Transfer.execute(path, source, slow, Window.NONE));
            long stoppedAt = System.nanoTime();
            writer.join(10_000);
            assertTrue(e.getMessage().contains("broke mmap-write's read lease") && e.getMessage().contains("stopped after"),
                    e.getMessage());
            assertTrue(truncatedAt[0] > 0, "the writer went on once the lease was released");
            assertTrue(truncatedAt[0] >= stoppedAt - 50_000_000L, "and not before the transfer stopped");
            assertEquals(4096, Files.size(file.path()));
        }
    }

    /** A file target whose first chunk starts a competing writer and gives it time to block on the lease. */
    static final class SlowStart implements Target {
        private final FileTarget t;
        private final Thread writer;

        SlowStart(FileTarget t, Thread writer) {
            this.t = t;
            this.writer = writer;
        }

        @Override
        public Destination destination() {
            return t.destination();
        }

        @Override
        public void prepare(boolean directIo) throws IOException {
            t.prepare(directIo);
        }

        @Override
        public void begin(long size) throws IOException {
            t.begin(size);
        }

        @Override
        public WritableByteChannel channel() {
            return t.channel();
        }

        @Override
        public int fd() throws IOException {
            return t.fd();
        }

        @Override
        public void progress(long bytesSoFar) {
            if (!writer.isAlive() && bytesSoFar == CHUNK) {
                writer.start();
                try {
                    Thread.sleep(300);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public IOException failure(IOException e, long sent) {
            return t.failure(e, sent);
        }

        @Override
        public Delivery finish(long bytesSent) throws IOException {
            return t.finish(bytesSent);
        }

        @Override
        public String describe() {
            return t.describe();
        }

        @Override
        public void close() throws IOException {
            t.close();
        }
    }
}
