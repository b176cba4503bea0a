package io.zcbench.harness.path;

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
            EnumSet.allOf(Destination.class), MmapWritePath::open);

    static final long WINDOW = 1L << 30;

    private final int chunk;

    private MmapWritePath(int chunk) {
        this.chunk = chunk;
    }

    private static CopyPath open(PathOptions options, Source source, Target target) {
        if (Unmapper.unavailableReason() != null) {
            throw new UnsupportedPathException(INFO.id(), Unmapper.unavailableReason(),
                    "run on JDK 22+ (FFM) or a JDK that ships jdk.unsupported");
        }
        return new MmapWritePath(options.chunk());
    }

    @Override
    public PathInfo info() {
        return INFO;
    }

    @Override
    public long transfer(Source source, Target target) throws IOException {
        FileChannel in = source.channel();
        WritableByteChannel out = target.channel();
        long size = source.size();
        long pos = 0;
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
                    }
                }
                pos += window;
            }
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
        return NativeTwin.run(io.zcbench.harness.nativeio.NativeIo.TwinKind.MMAP_WRITE, source.fd(), target,
                source.size(), chunk, null, null, -1, -1, 1);
    }

    @Override
    public void close() {
        // every mapping is unmapped at the end of its transfer
    }
}
