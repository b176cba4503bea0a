package io.zcbench.harness.endpoint;

import io.zcbench.harness.nativeio.Fds;
import io.zcbench.harness.nativeio.NativeLibrary;

import com.sun.nio.file.ExtendedOpenOption;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The file a transfer reads: one buffered channel, and an O_DIRECT channel opened on first use.
 * Channels stay open across transfers; {@link #rewind()} runs before each, outside the counted window.
 */
public final class Source implements AutoCloseable {
    private final Path path;
    private final long size;
    private final long crc32c;
    private final String fsType;
    private final int blockSize;
    private final FileChannel channel;
    private FileChannel direct;

    private Source(Path path, long size, long crc32c, String fsType, int blockSize, FileChannel channel) {
        this.path = path;
        this.size = size;
        this.crc32c = crc32c;
        this.fsType = fsType;
        this.blockSize = blockSize;
        this.channel = channel;
    }

    /** Opens {@code path}; {@code crc32c} is the expected checksum of its content (-1 when unknown). */
    public static Source open(Path path, long crc32c) throws IOException {
        FileStore store = Files.getFileStore(path);
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
        try {
            return new Source(path, ch.size(), crc32c, store.type(), (int) store.getBlockSize(), ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    public Path path() {
        return path;
    }

    public long size() {
        return size;
    }

    public long crc32c() {
        return crc32c;
    }

    public String fsType() {
        return fsType;
    }

    public int blockSize() {
        return blockSize;
    }

    public FileChannel channel() {
        return channel;
    }

    /** The buffered channel's descriptor (needs libzcbench). */
    public int fd() throws IOException {
        NativeLibrary.require("reading the source's file descriptor");
        return Fds.fd(channel);
    }

    /** The source opened with O_DIRECT; an {@link IOException} here means the file system refused it. */
    public FileChannel directChannel() throws IOException {
        if (direct == null) {
            direct = FileChannel.open(path, StandardOpenOption.READ, ExtendedOpenOption.DIRECT);
        }
        return direct;
    }

    /** Puts relative-read channels back at offset 0 before a transfer. */
    public void rewind() throws IOException {
        channel.position(0);
    }

    @Override
    public void close() throws IOException {
        try (FileChannel a = channel; FileChannel b = direct) {
            // closes both, even when one throws
        }
    }
}
