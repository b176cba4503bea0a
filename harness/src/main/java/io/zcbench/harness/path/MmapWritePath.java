package io.zcbench.harness.path;

import io.zcbench.harness.endpoint.Destination;
import io.zcbench.harness.endpoint.Source;
import io.zcbench.harness.endpoint.Target;
import io.zcbench.harness.nativeio.Fds;
import io.zcbench.harness.nativeio.NativeLibrary;
import io.zcbench.harness.nativeio.NativeUnavailableException;
import io.zcbench.harness.path.mechanism.Buffers;
import io.zcbench.harness.path.mechanism.TwinLoop;
import io.zcbench.harness.path.mechanism.Unmapper;
import io.zcbench.harness.transfer.SourceChangedException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.util.EnumSet;

/**
 * {@code mmap} the file, then {@code write(dest, mapped)} per chunk and {@code munmap}: one CPU copy
 * (page cache → socket or destination), page faults instead of read(2). Files over 1 GiB are mapped
 * in 1 GiB windows (a ByteBuffer holds at most 2 GiB). How unmapping is done depends on the JDK
 * ({@link Unmapper}); the system calls are the same.
 */
public final class MmapWritePath implements CopyPath {
    public static final PathInfo INFO = new PathInfo("mmap-write",
            "mmap(file) once per GiB, write(dest, mapped) per chunk, munmap",
            "mmap(2) per GiB, write(2) per chunk from the mapping, munmap(2), in C", false, false,
            EnumSet.allOf(Destination.class),
            Model.builder().cpuCopies("1", "1").syscalls("mmap + 1 per chunk", "2 + 2 per chunk").calls("mmap", "write")
                    .perChunk("write").count(1, 1, 0).note("page faults replace read(2); munmap ends each transfer").build(),
            MmapWritePath::open);

    public static final long WINDOW = 1L << 30;

    /** With a lease, how often (in chunks) the transfer asks whether a writer is waiting: one fcntl each time. */
    static final int LEASE_CHECK_CHUNKS = 16;

    private final int chunk;
    private final boolean lease;
    private final TwinLoop twin = new TwinLoop("mmap-write");

    private MmapWritePath(int chunk, boolean lease) {
        this.chunk = chunk;
        this.lease = lease;
    }

    private static CopyPath open(PathOptions options, Source source, Target target) {
        if (Unmapper.unavailableReason() != null) {
            throw new UnsupportedPathException(INFO.id(), Unmapper.unavailableReason(),
                    "run on JDK 22+ (FFM) or a JDK that ships jdk.unsupported");
        }
        if (options.lease()) {
            try {
                NativeLibrary.require("mmap-write's read lease");
            } catch (NativeUnavailableException e) {
                throw new UnsupportedPathException(INFO.id(), e.getMessage(), "leave out --lease, or build libzcbench");
            }
        }
        return new MmapWritePath(options.chunk(), options.lease());
    }

    @Override
    public PathInfo info() {
        return INFO;
    }

    /**
     * With {@code lease}: a read lease (F_SETLEASE) on the source for the transfer, the classic remedy for
     * mmap + truncate. A process that then opens the source for writing or truncates it blocks in the
     * kernel until the lease is released (at most fs.lease-break-time seconds); the transfer notices the
     * pending break within {@value #LEASE_CHECK_CHUNKS} chunks, releases the lease and stops, naming the
     * cause, before the writer's change can turn the mapping's pages into EFAULT.
     */
    @Override
    public long transfer(Source source, Target target) throws IOException {
        if (!lease) {
            return mapAndWrite(source, target, -1);
        }
        int fd = source.fd();
        int rc = Fds.setReadLease(fd, true);
        if (rc < 0) {
            throw new IOException("F_SETLEASE(F_RDLCK) on " + source.path() + " failed: "
                    + Fds.errnoText(-rc)
                    + " (a lease needs a file this user owns, or CAP_LEASE, that nobody has open for writing)");
        }
        try {
            return mapAndWrite(source, target, fd);
        } finally {
            Fds.setReadLease(fd, false);
        }
    }

    private long mapAndWrite(Source source, Target target, int leaseFd) throws IOException {
        FileChannel in = source.channel();
        WritableByteChannel out = target.channel();
        long size = source.size();
        long pos = 0;
        long chunks = 0;
        try {
            while (pos < size) {
                long window = Math.min(WINDOW, size - pos);
                try (Unmapper.Mapping mapping = Unmapper.map(in, pos, window)) {
                    ByteBuffer map = mapping.buffer();
                    int off = 0;
                    while (off < window) {
                        int n = (int) Math.min(chunk, window - off);
                        map.limit(off + n).position(off);
                        Buffers.writeFully(out, map);
                        off += n;
                        target.progress(pos + off);
                        if (leaseFd >= 0 && ++chunks % LEASE_CHECK_CHUNKS == 0
                                && Fds.leaseBroken(leaseFd) == 1) {
                            throw new SourceChangedException("another process opened the source "
                                    + source.path() + " for writing or truncated it (it broke mmap-write's read lease): stopped after "
                                    + (pos + off) + " of " + size + " bytes, before its change could reach the mapping", null);
                        }
                    }
                }
                pos += window;
            }
        } catch (SourceChangedException e) {
            throw e;
        } catch (IOException e) {
            throw target.failure(e, pos);
        }
        return pos;
    }

    @Override
    public String whenSourceShrinks() {
        return "the mapping's pages past the new end of file are gone, so write() from them fails with EFAULT "
                + "(a user-space reader of the mapping would get SIGBUS), or mapping the shortened file fails";
    }

    @Override
    public long transferNative(Source source, Target target) throws IOException {
        twin.args.in = source.fd();
        twin.args.chunk = chunk;
        return twin.run(target, source.size());
    }

    @Override
    public void close() {
        // every mapping is unmapped at the end of its transfer
    }
}
