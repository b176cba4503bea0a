package io.zcbench.harness.path;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.util.EnumSet;

/** {@code read(file, direct buf)} + {@code write(dest, buf)} per chunk: two CPU copies through user space. */
public final class TraditionalPath implements CopyPath {
    public static final PathInfo INFO = new PathInfo("traditional",
            "read(file, direct buffer) + write(dest, buffer) per chunk",
            "read(2) + write(2) per chunk in C, into the same direct buffer", false, false,
            EnumSet.allOf(Destination.class), TraditionalPath::new);

    private final ByteBuffer buf;

    private TraditionalPath(PathOptions options, Source source, Target target) {
        this.buf = Buffers.preTouch(ByteBuffer.allocateDirect(options.chunk()));
    }

    @Override
    public PathInfo info() {
        return INFO;
    }

    @Override
    public long transfer(Source source, Target target) throws IOException {
        return readWriteLoop(buf, source.channel(), source.size(), target);
    }

    @Override
    public long transferNative(Source source, Target target) throws IOException {
        return NativeTwin.run(io.zcbench.harness.nativeio.NativeIo.TwinKind.READ_WRITE, source.fd(), target,
                source.size(), buf.capacity(), buf, null, -1, -1, 1);
    }

    /** The loop shared with traditional-heap: relative read(2) into {@code buf}, then write it all out. */
    static long readWriteLoop(ByteBuffer buf, FileChannel in, long size, Target target) throws IOException {
        WritableByteChannel out = target.channel();
        long pos = 0;
        try {
            while (pos < size) {
                buf.clear();
                if (size - pos < buf.capacity()) {
                    buf.limit((int) (size - pos));
                }
                int n = in.read(buf);
                if (n < 0) {
                    throw new EOFException("source ended at " + pos + " of " + size + " bytes");
                }
                buf.flip();
                Buffers.writeFully(out, buf);
                pos += n;
                target.progress(pos);
            }
        } catch (IOException e) {
            throw target.failure(e, pos);
        }
        return pos;
    }

    @Override
    public void close() {
        // the direct buffer is freed with this object
    }
}
