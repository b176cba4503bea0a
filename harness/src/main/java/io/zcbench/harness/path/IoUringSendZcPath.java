package io.zcbench.harness.path;

import io.zcbench.harness.endpoint.Destination;
import io.zcbench.harness.endpoint.Source;
import io.zcbench.harness.endpoint.Target;
import io.zcbench.harness.fixture.Sizes;
import io.zcbench.harness.path.mechanism.RingPath;
import io.zcbench.harness.path.mechanism.UringTransfer;

import java.io.IOException;
import java.util.EnumSet;

/**
 * io_uring's {@code IORING_OP_READ_FIXED} into registered buffers, each sent with {@code IORING_OP_SEND_ZC}
 * ({@code IORING_SEND_ZC_REPORT_USAGE}) as its read completes: reading the next chunks overlaps sending this
 * one, sends leave in file order (one in flight), and a buffer is reused only after its notification. The
 * notifications say whether the kernel copied after all (IORING_NOTIF_USAGE_ZC_COPIED, always on loopback);
 * the share is counted.
 */
public final class IoUringSendZcPath extends RingPath {
    /** Registered buffers in flight: reads of the next chunks while one is sent. */
    static final int BUFFERS = 4;

    public static final PathInfo INFO = new PathInfo("io-uring-send-zc",
            "io_uring: IORING_OP_READ_FIXED into " + BUFFERS + " registered buffers, IORING_OP_SEND_ZC of each in file order",
            "the same ring, buffers and state machine, looped in C instead of Java (one JNI call per transfer)", true, false,
            EnumSet.of(Destination.SOCKET),
            Model.builder().cpuCopies("1 (page cache → registered buffer) + 0 if not copied on send", "n/a (sockets only)")
                    .syscalls("about 1 io_uring_enter per chunk (depends on when completions arrive)", "2 per call")
                    .calls("io_uring_enter")
                    .offThread("reads of a cold file may be completed by io_uring's io-wq workers (counted apart as "
                            + "zc.worker.*); a warm file's reads and the sends run on the sending thread")
                    .note("the read copies into registered buffers; the send passes them by reference unless the "
                            + "kernel has to copy (loopback always does)")
                    .copiesNote("on loopback the kernel copies every zerocopy send when it is delivered (skb_copy_ubufs, "
                            + "the deferred copy), often on the sending thread").build(),
            IoUringSendZcPath::open);


    private IoUringSendZcPath(UringTransfer uring) {
        super(uring);
    }

    private static CopyPath open(PathOptions options, Source source, Target target) {
        return new IoUringSendZcPath(UringTransfer.open(INFO.id(), 4 * BUFFERS, BUFFERS, options.chunk(),
                "send-zc",
                options.chunk()));
    }

    @Override
    public PathInfo info() {
        return INFO;
    }

    @Override
    public String setupNote() {
        return BUFFERS + " registered buffers of " + Sizes.format(uring.chunk()) + " (--chunk)";
    }

    @Override
    public long transfer(Source source, Target target) throws IOException {
        return uring.transfer(source.fd(), source.size(), target);
    }

    @Override
    public long transferNative(Source source, Target target) throws IOException {
        return uring.transferNative(source.fd(), source.size(), target);
    }
}
