package io.zcbench.harness.path;

import io.zcbench.harness.endpoint.Destination;
import io.zcbench.harness.endpoint.Source;
import io.zcbench.harness.endpoint.Target;
import io.zcbench.harness.path.mechanism.NettyChannel;
import io.zcbench.harness.path.mechanism.NettyPath;

import io.netty.channel.uring.IoUring;

import java.io.IOException;
import java.util.EnumSet;

/**
 * The same {@code DefaultFileRegion} on Netty's io_uring transport. What Netty 4.2 does with it (its
 * AbstractIoUringStreamChannel and IoUringFileRegion): where the kernel supports IORING_OP_SPLICE it opens a pipe per
 * region (pipe2, non-blocking, the kernel's default 64 KiB) and submits IORING_OP_SPLICE file → pipe, waits for its
 * completion, then IORING_OP_SPLICE pipe → socket, alternately and unlinked, both with SPLICE_F_MOVE, until the region
 * is sent; releasing the region closes the pipe. Without splice it would read the file into ByteBufs instead: this
 * path then refuses to run rather than measure another mechanism.
 */
public final class NettyIoUringFileRegionPath extends NettyPath {
    public static final PathInfo INFO = new PathInfo("netty-io-uring-fileregion",
            "Netty (io_uring transport): DefaultFileRegion written to an IoUringSocketChannel: a pipe per region, "
                    + "IORING_OP_SPLICE file → pipe then pipe → socket, alternately, on its event loop",
            "none (Netty's own code); impl=paired alternates it with io-uring-splice: IORING_OP_SPLICE through a pipe "
                    + "from the calling thread, without Netty (linked pairs, one io_uring_enter per pipe-full)",
            true, false, EnumSet.of(Destination.SOCKET),
            Model.builder().cpuCopies("0", "—")
                    .syscalls("2 io_uring_enter per splice (submit, then wait), 2 splices per 64 KiB pipe-full; "
                            + "pipe2 + 2 close per operation", "2 per call")
                    .callsTo(Destination.SOCKET, "io_uring_enter", "pipe2", "close").chunkless()
                    .offThread("Netty's event loop thread submits and reaps every splice (the counters, CPU split and ledger "
                            + "are that thread's); io_uring may hand splices to its io-wq workers (iou-wrk), counted apart "
                            + "as zc.worker.*")
                    .note("a Netty server's FileRegion on io_uring: splice through a pipe of Netty's, one ring round trip per splice")
                    .copiesNote("pages move by reference through the pipe; on loopback the receiver copies once").build(),
            NettyIoUringFileRegionPath::open,
            new PathInfo.Framework("Netty", NettyPath.NETTY, IoUringSplicePath.INFO.id()));

    private NettyIoUringFileRegionPath(NettyChannel netty, PathOptions options, Source source, Target target) {
        super(netty, options, source, target, true);
    }

    private static CopyPath open(PathOptions options, Source source, Target target) throws IOException {
        NettyChannel netty = NettyChannel.open(INFO.id(), NettyChannel.Transport.IO_URING, target);
        if (!IoUring.isSpliceSupported()) {
            netty.close();
            throw new UnsupportedPathException(INFO.id(), "this kernel's io_uring has no IORING_OP_SPLICE, so Netty would "
                    + "copy the file through ByteBufs instead of splicing it", "see netty-epoll-bytebuf for that copy");
        }
        return new NettyIoUringFileRegionPath(netty, options, source, target);
    }

    @Override
    public PathInfo info() {
        return INFO;
    }
}
