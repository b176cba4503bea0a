package io.zcbench.harness.endpoint;

import io.zcbench.harness.Ids;
import io.zcbench.harness.fixture.FileSystemInfo;
import io.zcbench.harness.fixture.Leftovers;
import io.zcbench.harness.fixture.SourceFile;
import io.zcbench.harness.nativeio.Fds;
import io.zcbench.harness.nativeio.NativeLibrary;

import com.sun.nio.file.ExtendedOpenOption;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A new file in a chosen directory, re-created (truncated) for each transfer and deleted on close.
 * With {@link Sync#FDATASYNC} each transfer ends with fdatasync, so a file figure is a disk figure
 * rather than a page-cache figure.
 */
public final class FileTarget implements Target {
    /** What ends each transfer to a file. */
    public enum Sync implements Ids.Id {
        FDATASYNC,
        NONE;

        public static Sync parse(String text) {
            return Ids.parse(Sync.class, text, "sync mode");
        }
    }

    private final FileSystemInfo fs;
    private final Sync sync;
    private final boolean checksum;
    private final Path file;
    private FileChannel current;

    public FileTarget(FileSystemInfo fs, Sync sync, boolean checksum) throws IOException {
        this.fs = fs;
        this.sync = sync;
        this.checksum = checksum;
        this.file = Files.createTempFile(fs.dir(), Leftovers.prefix("dst"), ".bin");
        file.toFile().deleteOnExit(); // also gone when the JVM is stopped mid-run
    }

    @Override
    public Destination destination() {
        return Destination.FILE;
    }

    @Override
    public long bytesHeld() {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    public Path file() {
        return file;
    }

    public FileSystemInfo fileSystem() {
        return fs;
    }

    public Sync sync() {
        return sync;
    }

    @Override
    public void prepare(boolean directIo) throws IOException {
        closeCurrent();
        List<OpenOption> options = new ArrayList<>(List.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING));
        if (directIo) {
            options.add(ExtendedOpenOption.DIRECT);
        }
        current = FileChannel.open(file, options.toArray(new OpenOption[0]));
    }

    /** Opens and removes a scratch file with O_DIRECT; throws when the file system refuses it. */
    public void probeDirect() throws IOException {
        Path probe = Files.createTempFile(fs.dir(), "." + Leftovers.prefix("direct"), ".tmp");
        try (FileChannel ch = FileChannel.open(probe, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT)) {
            ch.size();
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    @Override
    public void begin(long size) {
        // the file was opened in prepare()
    }

    @Override
    public WritableByteChannel channel() {
        return current;
    }

    @Override
    public int fd() throws IOException {
        NativeLibrary.require("reading the destination's file descriptor");
        return Fds.fd(current);
    }

    @Override
    public int alignment() {
        return (int) fs.blockSize();
    }

    @Override
    public void progress(long bytesSoFar) {
        // A local file cannot stall the way a peer can; nothing to watch.
    }

    /** Names the destination file and the bytes written so far; a full file system gets its own hint. */
    @Override
    public IOException failure(IOException e, long sent) {
        String why = e.getMessage() == null ? e.toString() : e.getMessage();
        boolean full = why.contains("No space left") || why.contains("ENOSPC");
        return new IOException("writing " + file + " failed after " + sent + " bytes: " + why
                + (full ? "; the file system of " + fs.dir() + " is full: free space there or choose another --dir" : ""), e);
    }

    @Override
    public Delivery finish(long bytesSent) throws IOException {
        long size;
        try {
            if (sync == Sync.FDATASYNC) {
                try {
                    current.force(false);
                } catch (IOException e) {
                    throw failure(new IOException("fdatasync: " + e.getMessage(), e), bytesSent);
                }
            }
            size = current.size();
        } finally {
            closeCurrent();
        }
        return new Delivery(size, null, checksum ? "pending" : "not checked (checksums off)");
    }

    /** Reads the file back for its CRC32C, after the timed window. */
    @Override
    public Delivery verify(Delivery delivery) throws IOException {
        if (!checksum) {
            return delivery;
        }
        return new Delivery(delivery.bytesReceived(), SourceFile.crc32c(file), null);
    }

    private void closeCurrent() throws IOException {
        if (current != null) {
            FileChannel ch = current;
            current = null;
            ch.close();
        }
    }

    @Override
    public String describe() {
        return "file in " + fs.describe() + (sync == Sync.FDATASYNC ? ", fdatasync after each transfer" : ", no sync");
    }

    @Override
    public void close() throws IOException {
        try {
            closeCurrent();
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
