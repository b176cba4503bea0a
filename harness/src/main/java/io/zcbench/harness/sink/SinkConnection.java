package io.zcbench.harness.sink;

import io.zcbench.harness.nativeio.Fds;
import io.zcbench.harness.nativeio.Sockets;
import io.zcbench.harness.nativeio.NativeLibrary;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sender's end of one persistent connection to a sink. Each transfer is a header frame, the
 * payload (written by a copy path straight into {@link #channel()}), and the sink's reply, which says
 * how many bytes arrived and their CRC32C. Every blocking wait is bounded by a {@link Watchdog} guard.
 */
public final class SinkConnection implements AutoCloseable {
    private final InetSocketAddress peer;
    private final SocketChannel channel;
    private final Watchdog.Guard guard;
    private final ByteBuffer header = ByteBuffer.allocateDirect(SinkProtocol.FRAME);
    private final ByteBuffer reply = ByteBuffer.allocateDirect(SinkProtocol.FRAME);
    private final ReceiveMethod drain;
    private final String congestion;
    private final boolean receiverCounts;
    private final int lowWater;
    private final boolean receiverTimed;
    private final ByteBuffer times = ByteBuffer.allocateDirect(16);
    private long expected;
    /** Bytes this end sent before the current transfer's header: the greeting, and each confirmed transfer with its header. */
    private long wireBefore = SinkProtocol.FRAME;

    /**
     * What the sink reported for one transfer: bytes, their CRC32C (null: not checksummed), its own figures (null: not
     * asked), and its receiving thread's CPU and wall ns for the payload (-1: not timed).
     */
    public record Reply(long bytes, Long crc32c, ReceiverFigures receiver, long receiverCpuNs, long receiverWallNs) {
    }

    /** The peer's acknowledged bytes (TCP_INFO) when the watchdog gave up, read before the abort resets them; -1 before. */
    private final AtomicLong ackedAtStall;

    private SinkConnection(InetSocketAddress peer, SocketChannel channel, Watchdog.Guard guard, AtomicLong ackedAtStall,
                           ReceiveMethod drain, String congestion, boolean receiverCounts, int lowWater, boolean receiverTimed) {
        this.lowWater = lowWater;
        this.receiverTimed = receiverTimed;
        this.ackedAtStall = ackedAtStall;
        this.peer = peer;
        this.channel = channel;
        this.guard = guard;
        this.drain = drain;
        this.congestion = congestion;
        this.receiverCounts = receiverCounts;
    }

    /**
     * Connects, sets the congestion control if asked ({@code null}: the system default), and
     * exchanges HELLO/ACK. Fails within {@code timeout} with a message naming what went wrong.
     */
    public static SinkConnection connect(InetSocketAddress peer, Duration timeout, String congestion) throws IOException {
        return connect(peer, timeout, congestion, false);
    }

    /**
     * As {@link #connect(InetSocketAddress, Duration, String)}; with {@code receiverCounts} the greeting asks the sink to
     * open its receiving thread's counters now, so transfers sent with {@link SinkProtocol#FLAG_COUNT} come back with
     * the receiver's figures.
     */
    public static SinkConnection connect(InetSocketAddress peer, Duration timeout, String congestion, boolean receiverCounts)
            throws IOException {
        return connect(peer, timeout, congestion, receiverCounts, 0);
    }

    /**
     * As {@link #connect(InetSocketAddress, Duration, String, boolean)}, asking the sink to set a receive low-water mark
     * of {@code lowWater} bytes on its socket (SO_RCVLOWAT; 0: the kernel's default); a sink that did not set it (an
     * older one, or one whose kernel refused) fails the connection with why: a run never measures without what it asked.
     */
    public static SinkConnection connect(InetSocketAddress peer, Duration timeout, String congestion, boolean receiverCounts,
                                         int lowWater) throws IOException {
        String where = HostPort.format(peer);
        SocketChannel ch = SocketChannel.open();
        Watchdog.Guard guard = null;
        try {
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (congestion != null) {
                setCongestion(ch, congestion);
            }
            try {
                ch.socket().connect(peer, (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis())));
            } catch (SocketTimeoutException e) {
                throw new SinkException("cannot connect to sink " + where + ": no answer within "
                        + timeout.toSeconds() + " s; is the host reachable?");
            } catch (IOException e) {
                throw new SinkException("cannot connect to sink " + where + ": " + e.getMessage()
                        + "; start one with: scripts/zcbench sink --listen " + where);
            }
            SocketChannel owned = ch;
            AtomicLong acked = new AtomicLong(-1);
            guard = Watchdog.shared().guard(timeout.toNanos(), () -> {
                acked.set(bytesAcked(owned));
                shutdownQuietly(owned);
            });
            int[] ack = hello(ch, guard, where, receiverCounts, lowWater);
            if (ack[2] != lowWater) {
                throw new SinkException("sink " + where + " did not set the receive low-water mark asked for (" + lowWater
                        + " B, SO_RCVLOWAT; it says " + ack[2] + "): an older zcbench sink, or its kernel refused (its log says "
                        + "why); run the same zcbench version on both hosts, or leave rcvlowat at 0");
            }
            String actual = congestion != null ? congestion : congestionOf(ch);
            return new SinkConnection(peer, ch, guard, acked, ReceiveMethod.fromWire(ack[0]), actual,
                    (ack[1] & SinkProtocol.HELLO_COUNTS) != 0, lowWater, (ack[1] & SinkProtocol.HELLO_TIMED) != 0);
        } catch (IOException | RuntimeException e) {
            if (guard != null) {
                guard.close();
            }
            ch.close();
            throw e;
        }
    }

    /** The greeting; returns the sink's drain (wire value), its ACK flags and the low-water mark it set. */
    private static int[] hello(SocketChannel ch, Watchdog.Guard guard, String where, boolean receiverCounts, int lowWater)
            throws IOException {
        ByteBuffer out = ByteBuffer.allocate(SinkProtocol.FRAME);
        out.putInt(SinkProtocol.HELLO).putInt(SinkProtocol.VERSION)
                .putInt((receiverCounts ? SinkProtocol.HELLO_COUNTS : 0) | SinkProtocol.HELLO_TIMED)
                .putInt(Math.max(0, lowWater)).clear();
        ByteBuffer in = ByteBuffer.allocate(SinkProtocol.FRAME);
        guard.arm("greeting the sink");
        try {
            while (out.hasRemaining()) {
                ch.write(out);
            }
            while (in.hasRemaining()) {
                if (ch.read(in) < 0) {
                    break;
                }
                guard.tick();
            }
        } catch (IOException e) {
            if (guard.fired() != null) {
                throw new SinkException(where + " is not a zcbench sink: it did not answer the greeting within "
                        + guard.stallSeconds() + " s");
            }
            throw new SinkException("sink " + where + " failed during the greeting: " + e.getMessage(), e);
        } finally {
            guard.disarm();
        }
        if (guard.fired() != null && in.hasRemaining()) {
            throw new SinkException(where + " is not a zcbench sink: it did not answer the greeting within "
                    + guard.stallSeconds() + " s");
        }
        if (in.position() < 4 || in.getInt(0) != SinkProtocol.ACK) {
            if (in.position() == 0) {
                throw new SinkException(where + " is not a zcbench sink: it closed the connection without answering the greeting");
            }
            throw new SinkException(where + " is not a zcbench sink: it answered '"
                    + SinkProtocol.printable(in.array(), in.position()) + "'");
        }
        if (in.position() < SinkProtocol.FRAME) {
            throw new SinkException("sink " + where + " sent a truncated greeting (" + in.position() + " of "
                    + SinkProtocol.FRAME + " bytes)");
        }
        int version = in.getInt(4);
        int status = in.getInt(12);
        if (status == SinkProtocol.STATUS_VERSION_MISMATCH || version != SinkProtocol.VERSION) {
            throw new SinkException("sink " + where + " speaks protocol v" + version + ", this sender needs v"
                    + SinkProtocol.VERSION + "; run the same zcbench version on both hosts");
        }
        return new int[] {in.getInt(8), in.getInt(16), in.getInt(20)};
    }

    private static void setCongestion(SocketChannel ch, String algorithm) throws IOException {
        NativeLibrary.require("choosing TCP congestion control (cc=" + algorithm + ")");
        int rc = Sockets.setCongestion(Fds.fd(ch), algorithm);
        if (rc < 0) {
            throw new SinkException("setsockopt(TCP_CONGESTION, " + algorithm + ") failed: " + Fds.errnoText(-rc)
                    + "; see /proc/sys/net/ipv4/tcp_available_congestion_control (modprobe tcp_" + algorithm + ")");
        }
    }

    private static String congestionOf(SocketChannel ch) throws IOException {
        return NativeLibrary.isAvailable() ? Sockets.congestion(Fds.fd(ch)) : null;
    }

    /** Bytes the peer acknowledged on this connection (TCP_INFO), or -1 where that cannot be read. */
    private static long bytesAcked(SocketChannel ch) {
        if (!NativeLibrary.isAvailable()) {
            return -1;
        }
        try {
            long n = Sockets.tcpBytesAcked(Fds.fd(ch));
            return n < 0 ? -1 : n;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * What a stall does to the connection: aborted (a reset; the send queue purged), so that a wait inside the kernel on
     * data the peer will never acknowledge ends too: io_uring's SEND_ZC notifications come only when those buffers are
     * released, and a shutdown leaves them queued. Then shut down both ways, which wakes blocked reads and writes.
     */
    private static void shutdownQuietly(SocketChannel ch) {
        if (NativeLibrary.isAvailable()) {
            try {
                Sockets.abortConnection(Fds.fd(ch));
            } catch (IOException | RuntimeException ignored) {
                // closed meanwhile: nothing waits on it
            }
        }
        try {
            ch.shutdownOutput();
        } catch (IOException ignored) {
            // already closed
        }
        try {
            ch.shutdownInput();
        } catch (IOException ignored) {
            // already closed
        }
    }

    public SocketChannel channel() {
        return channel;
    }

    public InetSocketAddress peer() {
        return peer;
    }

    public ReceiveMethod drain() {
        return drain;
    }

    /** Whether the sink opened its receiving thread's counters for this connection (asked for at the greeting). */
    public boolean receiverCounts() {
        return receiverCounts;
    }

    /** Whether the sink times every transfer's receiving on its thread (a sink before it does not). */
    public boolean receiverTimed() {
        return receiverTimed;
    }

    /** The receive low-water mark the sink set on its end of this connection (SO_RCVLOWAT, bytes), 0 for none. */
    public int lowWater() {
        return lowWater;
    }

    /** The TCP congestion control in use on this socket, or {@code null} when it cannot be read. */
    public String congestion() {
        return congestion;
    }

    /** Announces a transfer of {@code size} bytes; the payload follows on {@link #channel()}. */
    public void begin(long size, boolean checksum) throws IOException {
        begin(size, checksum ? SinkProtocol.FLAG_CHECKSUM : 0);
    }

    /** As {@link #begin(long, boolean)} with the header's flags ({@link SinkProtocol#FLAG_VERIFY} among them). */
    public void begin(long size, int flags) throws IOException {
        expected = size;
        header.clear();
        header.putInt(SinkProtocol.XFER).putInt(flags).putLong(size).clear();
        guard.arm("sending to the sink");
        try {
            while (header.hasRemaining()) {
                channel.write(header);
            }
        } catch (IOException e) {
            throw failure(e, 0);
        }
    }

    /** Whether the watchdog gave up on the sink (no progress for the timeout): the connection is aborted. */
    public boolean stalled() {
        return guard.fired() != null;
    }

    /** A heartbeat from the path's loop: bytes are moving. */
    public void progress() {
        guard.tick();
    }

    /**
     * Turns a failure during the payload into a message that names the cause, with how far the transfer got by the
     * kernel's own count (the bytes of this transfer the peer acknowledged, TCP_INFO), whatever the path counted itself
     * (a path that hands the kernel whole mappings, or a framework's loop, knows no partial count).
     */
    public IOException failure(IOException e, long sent) {
        String where = HostPort.format(peer);
        String got = progressText(sent);
        if (guard.fired() != null) {
            return new SinkException("sink " + where + " made no progress for " + guard.stallSeconds() + " s while "
                    + guard.fired() + " (" + got + "); is it stalled? (--timeout)", e);
        }
        return new SinkException("sink " + where + " broke off the transfer after " + got + ": " + e.getMessage(), e);
    }

    /** "3932160 of 8388608 bytes acknowledged by the sink" from TCP_INFO; the path's own count where that is unreadable. */
    private String progressText(long sent) {
        long acked = guard.fired() != null ? ackedAtStall.get() : bytesAcked(channel);
        if (acked < 0) {
            return sent + " of " + expected + " bytes sent (the path's own count; TCP_INFO unreadable)";
        }
        long ofThis = Math.max(0, Math.min(expected, acked - wireBefore - SinkProtocol.FRAME));
        return ofThis + " of " + expected + " bytes acknowledged by the sink";
    }

    /** Waits for the sink's count of what it received. */
    public Reply awaitReply(long sent) throws IOException {
        String where = HostPort.format(peer);
        reply.clear();
        guard.arm("waiting for the sink's reply");
        try {
            while (reply.hasRemaining()) {
                if (channel.read(reply) < 0) {
                    throw new SinkException("sink " + where + " closed the connection before confirming the transfer ("
                            + progressText(sent) + ")");
                }
                guard.tick();
            }
        } catch (SinkException e) {
            throw e;
        } catch (IOException e) {
            throw failure(e, sent);
        } finally {
            guard.disarm();
        }
        if (reply.getInt(0) != SinkProtocol.REPLY) {
            throw new SinkException("sink " + where + " sent a malformed reply ('"
                    + SinkProtocol.printable(bytes(reply), 16) + "')");
        }
        int status = reply.getInt(4);
        long bytes = reply.getLong(8);
        if (status != SinkProtocol.STATUS_OK) {
            throw new SinkException("sink " + where + " reported an error after receiving " + bytes + " of " + expected
                    + " bytes (status " + status + "; see the sink's log)");
        }
        int flags = reply.getInt(24);
        boolean crcValid = (flags & SinkProtocol.FLAG_CHECKSUM) != 0;
        long cpuNs = -1;
        long wallNs = -1;
        if ((flags & SinkProtocol.REPLY_TIMED) != 0) {
            times.clear();
            readFully(times, where, "the sink's times", "inside its times");
            cpuNs = times.getLong(0);
            wallNs = times.getLong(8);
        }
        ReceiverFigures figures = (flags & SinkProtocol.REPLY_FIGURES) != 0 ? readFigures(reply.getInt(28), where) : null;
        wireBefore += SinkProtocol.FRAME + expected;
        return new Reply(bytes, crcValid ? reply.getLong(16) : null, figures, cpuNs, wallNs);
    }

    /** Reads what follows a reply's frame ({@code what}) to the end of {@code b}; where the sink closed, said with {@code inside}. */
    private void readFully(ByteBuffer b, String where, String what, String inside) throws IOException {
        guard.arm("reading " + what);
        try {
            while (b.hasRemaining()) {
                if (channel.read(b) < 0) {
                    throw new SinkException("sink " + where + " closed the connection " + inside);
                }
                guard.tick();
            }
        } finally {
            guard.disarm();
        }
    }

    private ReceiverFigures readFigures(int length, String where) throws IOException {
        if (length <= 0 || length > SinkProtocol.MAX_FIGURES) {
            throw new SinkException("sink " + where + " announced " + length + " bytes of figures; a zcbench sink sends at most "
                    + SinkProtocol.MAX_FIGURES);
        }
        ByteBuffer b = ByteBuffer.allocate(length);
        readFully(b, where, "the sink's figures", "in the middle of its figures");
        return ReceiverFigures.fromBytes(b.array());
    }

    private static byte[] bytes(ByteBuffer buf) {
        byte[] b = new byte[buf.capacity()];
        buf.duplicate().clear().get(b);
        return b;
    }

    @Override
    public void close() throws IOException {
        guard.close();
        channel.close();
    }
}
