package io.zcbench.harness.path;

import io.zcbench.harness.counters.Counter;
import io.zcbench.harness.endpoint.Destination;
import io.zcbench.harness.endpoint.Source;
import io.zcbench.harness.endpoint.Target;
import io.zcbench.harness.path.mechanism.PathPipe;
import io.zcbench.harness.path.mechanism.PipedPath;
import io.zcbench.harness.path.mechanism.UringTransfer;

import java.io.IOException;
import java.util.EnumSet;
import java.util.Map;

/**
 * io_uring's {@code IORING_OP_SPLICE}, linked: file → pipe, then pipe → destination, one io_uring_enter per
 * pipe-full. io_uring runs every splice in its io-wq worker threads, not on the submitting thread: their CPU
 * time and switches are counted apart (zc.worker.*), and the sending thread's own figures show only the
 * submitting and waiting.
 */
public final class IoUringSplicePath extends PipedPath {
    public static final PathInfo INFO = new PathInfo("io-uring-splice",
            "io_uring: linked IORING_OP_SPLICE(file → pipe) + IORING_OP_SPLICE(pipe → dest), one io_uring_enter per chunk",
            "the same ring, pipe and state machine, looped in C instead of Java (one JNI call per transfer)", true, false,
            EnumSet.allOf(Destination.class),
            Model.builder().cpuCopies("0", "1 (pipe → destination's page cache)")
                    .syscalls("1 io_uring_enter per chunk", "2 per chunk").calls("io_uring_enter").perChunk("io_uring_enter")
                    .count(0, 1, 0).pipe()
                    .offThread("io_uring runs every IORING_OP_SPLICE in its io-wq worker threads (iou-wrk): their CPU "
                            + "time and context switches are counted apart as zc.worker.*, not in the sending thread's figures")
                    .note("splice through io_uring: the sending thread submits and waits; pages move by reference")
                    .copiesNote("io_uring's io-wq workers run the splices, so a copy into a destination file is theirs, "
                            + "not on the sending thread's ledger").build(),
            IoUringSplicePath::open);

    private final UringTransfer uring;

    private IoUringSplicePath(PathPipe pipe, UringTransfer uring, int chunk) {
        super(pipe, chunk, "linked splice pair");
        this.uring = uring;
    }

    private static CopyPath open(PathOptions options, Source source, Target target) throws IOException {
        PathPipe pipe = PathPipe.open(INFO.id(), options);
        int perCall = Math.min(pipe.capacity(), options.chunk());
        try {
            UringTransfer uring = UringTransfer.open(INFO.id(), 8, 0, 0, "splice", perCall);
            uring.args().pipeRead = pipe.read();
            uring.args().pipeWrite = pipe.write();
            return new IoUringSplicePath(pipe, uring, options.chunk());
        } catch (RuntimeException e) {
            pipe.close();
            throw e;
        }
    }

    @Override
    public PathInfo info() {
        return INFO;
    }


    @Override
    protected long javaLoop(Source source, Target target) throws IOException {
        return uring.transfer(source.fd(), source.size(), target);
    }

    @Override
    protected long nativeLoop(Source source, Target target) throws IOException {
        return uring.transferNative(source.fd(), source.size(), target);
    }

    @Override
    public Map<Counter, Long> counts() {
        return uring.counts();
    }

    @Override
    public void close() {
        try (PathPipe p = pipe; UringTransfer u = uring) {
            // both closed
        }
    }
}
