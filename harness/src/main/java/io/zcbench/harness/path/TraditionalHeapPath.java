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

/**
 * Like traditional, through a heap {@code ByteBuffer}: the JDK copies through a temporary direct
 * buffer on the read and again on the write (IOUtil), so user space copies the data twice more.
 */
public final class TraditionalHeapPath implements CopyPath {
    public static final PathInfo INFO = new PathInfo("traditional-heap",
            "read + write per chunk through a heap ByteBuffer (JDK copies via a temporary direct buffer both ways)",
            "Java by nature (the copies are the JDK's): read(2) into a temporary direct buffer, copied into the path's "
                    + "own heap array and back (JNI Set/GetByteArrayRegion), write(2), per chunk in C: the JDK's copies",
            false, false, EnumSet.allOf(Destination.class),
            Model.builder().cpuCopies("4 (2 in user space)", "4 (2 in user space)").syscalls("2 per chunk", "4 per chunk")
                    .calls("read", "write").perChunk("read", "write").count(0, 2, 0)
                    .note("textbooks count 3; the JDK copies through a temporary direct buffer on the read and again "
                            + "on the write (sun.nio.ch.IOUtil), so user space copies twice")
                    .copiesNote("the two user-space copies are the JVM's: they show as user-space time, which the ledger "
                            + "cannot attribute to a function; the kernel's two are counted").build(),
            TraditionalHeapPath::new);

    private final ByteBuffer buf;
    private final ChunkedTransfer.Step step;
    private final TwinLoop twin = new TwinLoop("read-copy2-write");

    private TraditionalHeapPath(PathOptions options, Source source, Target target) {
        this.buf = Buffers.preTouch(ByteBuffer.allocate(options.chunk()));
        this.step = TraditionalPath.readWrite(buf);
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
        if (twin.args.buffer == null) { // the JDK's temporary direct buffer, for the twin only
            twin.args.buffer = Buffers.preTouch(ByteBuffer.allocateDirect(buf.capacity()));
            twin.args.heap = buf.array();
            twin.args.chunk = buf.capacity();
        }
        twin.args.in = source.fd();
        return twin.run(target, source.size());
    }

    @Override
    public void close() {
        // heap buffer: garbage collected
    }
}
