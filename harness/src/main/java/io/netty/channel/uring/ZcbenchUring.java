package io.netty.channel.uring;

import io.netty.channel.socket.SocketChannel;

/**
 * zcbench's one reach into Netty's io_uring transport: 4.2.18 has no public way to wrap a connected socket's fd (epoll
 * has {@code new EpollSocketChannel(int fd)}), so this class, in Netty's package, calls the constructor Netty itself
 * uses for an accepted connection. Nothing else of Netty's is touched.
 */
public final class ZcbenchUring {
    private ZcbenchUring() {
    }

    /** A connected io_uring socket channel over {@code fd}, which it owns from here (closing the channel closes it). */
    public static SocketChannel wrap(int fd) {
        return new IoUringSocketChannel(null, new LinuxSocket(fd));
    }
}
