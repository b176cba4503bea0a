package io.zcbench.harness.path;

import io.zcbench.harness.endpoint.Destination;
import io.zcbench.harness.endpoint.Source;
import io.zcbench.harness.endpoint.Target;
import io.zcbench.harness.path.mechanism.NettyChannel;
import io.zcbench.harness.path.mechanism.NettyPath;

import java.io.IOException;
import java.util.EnumSet;

/**
 * Netty's zero-copy as a Netty server does it: a {@code DefaultFileRegion} written to an {@code EpollSocketChannel}.
 * Netty's epoll transport sends it with its own JNI sendfile(2) on the event loop, as much as the socket takes per
 * call, and waits for EPOLLOUT in epoll_wait when it is full.
 */
public final class NettyEpollFileRegionPath extends NettyPath {
    public static final PathInfo INFO = new PathInfo("netty-epoll-fileregion",
            "Netty (epoll transport): DefaultFileRegion written to an EpollSocketChannel, sent by Netty's JNI sendfile on its event loop",
            "none (Netty's own code); impl=paired alternates it with transfer-to: the same sendfile(2) calls from "
                    + "FileChannel.transferTo on the calling thread, without Netty",
            true, false, EnumSet.of(Destination.SOCKET),
            Model.builder().cpuCopies("1 (0 with SG-DMA)", "—")
                    .syscalls("sendfile until the socket is full (an fstat each time one sends nothing), then epoll_ctl "
                            + "for EPOLLOUT and epoll_pwait2", "2 per call")
                    .callsTo(Destination.SOCKET, "sendfile", "newfstatat", "epoll_pwait2", "epoll_wait", "epoll_ctl").chunkless()
                    .offThread("Netty's event loop thread makes every call: the counters, CPU split and copy ledger are that "
                            + "thread's; the calling thread hands the write over and waits")
                    .note("a Netty server's FileRegion: sendfile on the event loop, EPOLLOUT waits between socket-fulls")
                    .copiesNote("as transfer-to: since Linux 6.5 sendfile to a TCP socket hands the socket page references, "
                            + "so the sender copies nothing; on loopback the receiver copies once").build(),
            NettyEpollFileRegionPath::open,
            new PathInfo.Framework("Netty", NettyPath.NETTY, TransferToPath.INFO.id()));

    private NettyEpollFileRegionPath(NettyChannel netty, PathOptions options, Source source, Target target) {
        super(netty, options, source, target, false);
    }

    private static CopyPath open(PathOptions options, Source source, Target target) throws IOException {
        return new NettyEpollFileRegionPath(NettyChannel.open(INFO.id(), NettyChannel.Transport.EPOLL, target), options,
                source, target);
    }

    @Override
    public PathInfo info() {
        return INFO;
    }
}
