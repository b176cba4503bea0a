package io.zcbench.harness.nativeio;

/**
 * libzcbench's natives for TCP sockets: congestion control, the interface's offloads and driver (ethtool), progress and
 * state (TCP_INFO), aborting a stalled connection, and the sink's receive methods (MSG_TRUNC, TCP_ZEROCOPY_RECEIVE)
 * (zc_socket.c, zc_progress.c and zc_recv.c), registered by {@code JNI_OnLoad}. Calls return {@code >= 0} or {@code
 * -errno} unless they say otherwise; {@link Fds#check} turns a negative result into an {@link java.io.IOException}
 * naming the call and the errno. Call {@link NativeLibrary#require(String)} before touching any method here.
 */
public final class Sockets {
    static {
        // Registers the natives (JNI_OnLoad) the first time any of them is reached. JNI_OnLoad's FindClass initializes
        // this class while NativeLibrary is still initializing, so only touch it.
        NativeLibrary.touch();
    }

    private Sockets() {
    }

    public static native int setCongestion(int fd, String algorithm);

    public static native String congestion(int fd);

    /** Fills {@code out} with scatter-gather, TSO, GSO, GRO, tx-csum, rx-csum: 0/1 or -errno each. */
    public static native int ethtoolOffloads(String ifname, int[] out);

    /** The interface's driver (ETHTOOL_GDRVINFO), or null when it reports none. */
    public static native String ethtoolDriver(String ifname);

    /** Bytes the TCP peer acknowledged on this socket since it connected (TCP_INFO), or -errno. */
    public static native long tcpBytesAcked(int fd);

    /**
     * Aborts a TCP connection, keeping its descriptor (connect(AF_UNSPEC): a reset, the send queue purged, pending
     * zero-copy notifications posted); 0 or -errno.
     */
    public static native int abortConnection(int fd);

    /** Bytes a TCP socket has received since it connected (TCP_INFO tcpi_bytes_received), or -errno. */
    public static native long tcpBytesReceived(int fd);

    private static native int tcpState0(int fd, long[] out);

    /**
     * A TCP connection's state as TCP_INFO and SO_SNDBUF have it: [0] congestion window (segments), [1] smoothed RTT (us),
     * [2] delivery rate (B/s), [3] send buffer (B), [4] send MSS (B), [5] retransmissions, [6] pacing rate (B/s). 0 or -errno.
     */
    public static int tcpState(int fd, long[] out) {
        if (out.length < 7) {
            throw new IllegalArgumentException("tcpState needs 7 longs");
        }
        return tcpState0(fd, out);
    }


    /**
     * Discards {@code length} bytes from a TCP socket with recv(MSG_TRUNC), no copy, asking for at most {@code perCall}
     * bytes per call; the bytes discarded, or -errno.
     */
    public static native long recvTrunc(int fd, long length, int perCall);

    /** SO_RCVLOWAT on a socket: its receive calls return, and TCP wakes its reader, once {@code bytes} are queued; 0 or -errno. */
    public static native int setReceiveLowWater(int fd, int bytes);

    /**
     * An io_uring with a ring of {@code nbufs} (a power of two) provided buffers of {@code bufSize} bytes for
     * io-uring-recv; a handle, or -errno (-EINVAL: no provided-buffer rings, Linux 5.19+).
     */
    public static native long uringRecvOpen(int bufSize, int nbufs, int[] info);

    /**
     * Receives exactly {@code length} bytes from socket {@code fd} with one multishot IORING_OP_RECV into the provided
     * buffers (bundles where the kernel has them), cancelled once they are in; out: [0] io_uring_enter calls, [1]
     * completions, [2] completions holding more than one buffer, [3] 1 when bundles are in use. The bytes (fewer only at
     * end of stream), or -errno.
     */
    public static native long uringRecv(long handle, int fd, long length, long[] out);

    public static native void uringRecvClose(long handle);

    /** Maps {@code mapLen} bytes of a TCP socket for TCP_ZEROCOPY_RECEIVE; a handle, or -errno. */
    public static native long zerocopyRxOpen(int fd, int mapLen);

    /**
     * Receives {@code length} bytes with TCP_ZEROCOPY_RECEIVE into the handle's mapping, reading what the kernel will
     * not map (its recv_skip_hint); out: [0] bytes mapped, [1] bytes copied. The bytes received, or -errno.
     */
    public static native long zerocopyRx(long handle, int fd, long length, long[] out);

    public static native void zerocopyRxClose(long handle);

    /** TCP_MAXSEG on a socket (on a listener: the MSS its connections advertise); 0 or -errno. */
    public static native int setMaxSegment(int fd, int mss);
}
