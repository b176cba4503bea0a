package io.zcbench.harness.path;

import io.zcbench.harness.endpoint.Destination;
import io.zcbench.harness.endpoint.Source;
import io.zcbench.harness.endpoint.Target;
import io.zcbench.harness.fixture.Sizes;
import io.zcbench.harness.nativeio.Fds;
import io.zcbench.harness.path.mechanism.RingPath;
import io.zcbench.harness.path.mechanism.UringTransfer;

import java.io.IOException;
import java.util.EnumSet;

/**
 * Asynchronous direct I/O, the textbook's advice for files larger than the page cache: {@code IORING_OP_READ_FIXED}
 * from an {@code O_DIRECT} descriptor into {@code depth} aligned registered buffers in flight, each buffer sent with
 * {@code IORING_OP_SEND} as its read completes, in file order. Reading the next chunks overlaps sending this one,
 * and nothing passes through the page cache: the device DMAs into the buffers, the send copies them into the
 * socket (one CPU copy, as {@code o-direct}, without its one blocking read per chunk).
 */
public final class IoUringDirectPath extends RingPath {
    public static final PathInfo INFO = new PathInfo("io-uring-direct",
            "io_uring: O_DIRECT IORING_OP_READ_FIXED into depth (default " + PathOptions.DEFAULT_DEPTH
                    + ") aligned registered buffers in flight, IORING_OP_SEND of each as its read completes, in file order",
            "the same ring, buffers and state machine, looped in C instead of Java (one JNI call per transfer)", true, true,
            EnumSet.of(Destination.SOCKET),
            Model.builder().cpuCopies("1 (registered buffer → socket)", "n/a (sockets only)")
                    .syscalls("about 1 io_uring_enter per chunk (depends on when completions arrive)", "2 per call")
                    .calls("io_uring_enter").bypassesPageCache()
                    .offThread("reads are submitted asynchronously and complete from the block layer; the sends run on "
                            + "the sending thread; io-wq workers take over only what cannot be issued inline (counted as zc.worker.*)")
                    .note("bypasses the page cache: the device DMAs into registered buffers while earlier chunks are sent")
                    .build(),
            IoUringDirectPath::open);

    private final int alignment;
    private final int depth;

    private IoUringDirectPath(UringTransfer uring, int alignment, int depth) {
        super(uring);
        this.alignment = alignment;
        this.depth = depth;
    }

    private static CopyPath open(PathOptions options, Source source, Target target) throws IOException {
        int alignment = source.blockSize();
        DirectIoPath.requireDirectSource(INFO.id(), options.chunk(), alignment, source);
        int depth = options.effectiveDepth();
        UringTransfer uring = UringTransfer.open(INFO.id(), Math.max(8, 2 * depth), depth, options.chunk(), "direct",
                options.chunk());
        uring.args().readBlock = alignment; // O_DIRECT: whole blocks; the file's end stops the tail
        return new IoUringDirectPath(uring, alignment, depth);
    }

    @Override
    public PathInfo info() {
        return INFO;
    }

    @Override
    public String setupNote() {
        return depth + " O_DIRECT reads in flight into registered buffers of " + Sizes.format(uring.chunk())
                + " (--depth, --chunk)";
    }

    @Override
    public long transfer(Source source, Target target) throws IOException {
        return uring.transfer(Fds.fd(source.directChannel()), source.size(), target);
    }

    @Override
    public long transferNative(Source source, Target target) throws IOException {
        return uring.transferNative(Fds.fd(source.directChannel()), source.size(), target);
    }
}
