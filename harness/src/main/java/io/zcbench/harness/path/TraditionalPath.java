package io.zcbench.harness.path;

import io.zcbench.harness.endpoint.Destination;
import io.zcbench.harness.endpoint.Source;
import io.zcbench.harness.endpoint.Target;
import io.zcbench.harness.path.mechanism.Buffers;
import io.zcbench.harness.path.mechanism.ChunkedTransfer;
import io.zcbench.harness.path.mechanism.TwinLoop;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.EnumSet;

/** {@code read(file, direct buf)} + {@code write(dest, buf)} per chunk: two CPU copies through user space. */
public final class TraditionalPath implements CopyPath {
    public static final PathInfo INFO = new PathInfo("traditional",
            "read(file, direct buffer) + write(dest, buffer) per chunk",
            "read(2) + write(2) per chunk in C, into the same direct buffer", false, false,
            EnumSet.allOf(Destination.class),
            Model.builder().cpuCopies("2", "2").syscalls("2 per chunk", "4 per chunk").calls("read", "write")
                    .perChunk("read", "write").count(0, 2, 0).note("read(2) into a direct buffer, write(2) out").build(),
            TraditionalPath::new);

    private final ByteBuffer buf;
    private final ChunkedTransfer.Step step;
    private final TwinLoop twin = new TwinLoop("read-write");

    private TraditionalPath(PathOptions options, Source source, Target target) {
        this.buf = Buffers.preTouch(ByteBuffer.allocateDirect(options.chunk()));
        this.step = TraditionalPath.readWrite(buf);
        twin.args.buffer = buf;
        twin.args.chunk = buf.capacity();
    }

    @Override
    public PathInfo info() {
        return INFO;
    }

    @Override
    public long transfer(Source source, Target target) throws IOException {
        return ChunkedTransfer.run("read", source, target, step);
    }

    @Override
    public long transferNative(Source source, Target target) throws IOException {
        twin.args.in = source.fd();
        return twin.run(target, source.size());
    }

    /** The step shared with traditional-heap: relative read(2) into {@code buf}, then write it all out. */
    static ChunkedTransfer.Step readWrite(ByteBuffer buf) {
        return (source, target, pos, remaining) -> {
            buf.clear();
            if (remaining < buf.capacity()) {
                buf.limit((int) remaining);
            }
            int n = source.channel().read(buf);
            if (n <= 0) {
                return 0;
            }
            buf.flip();
            Buffers.writeFully(target.channel(), buf);
            return n;
        };
    }

    @Override
    public void close() {
        // the direct buffer is freed with this object
    }
}
