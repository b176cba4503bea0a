package io.zcbench.harness.path;

import io.zcbench.harness.endpoint.Destination;
import io.zcbench.harness.endpoint.Source;
import io.zcbench.harness.endpoint.Target;
import io.zcbench.harness.path.mechanism.NettyChannel;
import io.zcbench.harness.path.mechanism.NettyPath;

import io.netty.handler.stream.ChunkedWriteHandler;

import java.io.IOException;
import java.util.EnumSet;

/**
 * The copying baseline through Netty's pipeline: Netty's {@code ChunkedNioFile} behind a {@code ChunkedWriteHandler}
 * reads the file a chunk at a time (pread into a pooled direct ByteBuf) on the event loop, and the epoll transport
 * writes each chunk (send, or writev when several wait), waiting for EPOLLOUT when the socket is full.
 */
public final class NettyEpollByteBufPath extends NettyPath {
    public static final PathInfo INFO = new PathInfo("netty-epoll-bytebuf",
            "Netty (epoll transport): ChunkedNioFile through a ChunkedWriteHandler: pread into pooled direct ByteBufs, "
                    + "send/writev to an EpollSocketChannel, on its event loop",
            "none (Netty's own code); impl=paired alternates it with traditional: read + write with a direct buffer of "
                    + "the same chunk from the calling thread, without Netty",
            true, false, EnumSet.of(Destination.SOCKET),
            Model.builder().cpuCopies("2", "—").syscalls("pread64 + send (writev when several chunks wait) per chunk, "
                            + "epoll_pwait2 when the socket is full", "4 per chunk")
                    .callsTo(Destination.SOCKET, "pread64", "sendto", "writev", "epoll_pwait2", "epoll_wait", "epoll_ctl").perChunk("pread64")
                    .offThread("Netty's event loop thread reads and writes every chunk: the counters, CPU split and copy "
                            + "ledger are that thread's; the calling thread hands the write over and waits")
                    .note("a Netty server copying a file through its pipeline: page cache → ByteBuf → socket").build(),
            NettyEpollByteBufPath::open,
            new PathInfo.Framework("Netty", NettyPath.NETTY, TraditionalPath.INFO.id()));

    private final int chunk;

    private NettyEpollByteBufPath(NettyChannel netty, PathOptions options, Source source, Target target) {
        super(netty, options, source, target, false);
        this.chunk = options.chunk();
    }

    private static CopyPath open(PathOptions options, Source source, Target target) throws IOException {
        return new NettyEpollByteBufPath(NettyChannel.open(INFO.id(), NettyChannel.Transport.EPOLL, target,
                new ChunkedWriteHandler()), options, source, target);
    }

    @Override
    public PathInfo info() {
        return INFO;
    }

    @Override
    protected Object message(Source source) throws IOException {
        return new NettyChannel.SourceChunks(source.channel(), source.size(), chunk);
    }
}
