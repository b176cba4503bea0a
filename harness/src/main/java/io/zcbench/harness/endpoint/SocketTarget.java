package io.zcbench.harness.endpoint;

import io.zcbench.harness.nativeio.Fds;
import io.zcbench.harness.nativeio.Sockets;
import io.zcbench.harness.nativeio.NativeLibrary;
import io.zcbench.harness.sink.HostPort;
import io.zcbench.harness.sink.ReceiveMethod;
import io.zcbench.harness.sink.SinkConnection;
import io.zcbench.harness.sink.SinkProtocol;

import java.io.IOException;
import java.nio.channels.WritableByteChannel;

/** A persistent TCP connection to a sink; one header and one reply frame around each transfer. */
public final class SocketTarget implements Target {
    private final SinkConnection connection;
    private final boolean checksum;
    private int fd = -1;

    /** {@code checksum}: ask the sink for the CRC32C of what it received (copy drain only). */
    public SocketTarget(SinkConnection connection, boolean checksum) {
        this.connection = connection;
        this.checksum = checksum;
    }

    public SinkConnection connection() {
        return connection;
    }

    @Override
    public Destination destination() {
        return Destination.SOCKET;
    }

    @Override
    public void prepare(boolean directIo) {
        // the connection persists across transfers
    }

    private boolean verifyNext;
    private boolean verifying;
    private boolean countNext;

    @Override
    public void begin(long size) throws IOException {
        verifying = verifyNext;
        verifyNext = false;
        boolean counting = countNext;
        countNext = false;
        connection.begin(size, (checksum ? SinkProtocol.FLAG_CHECKSUM : 0) | (verifying ? SinkProtocol.FLAG_VERIFY : 0)
                | (counting ? SinkProtocol.FLAG_COUNT : 0));
    }

    /** Checksummed at the sink only with the copy drain: a splice drain never sees the bytes. */
    @Override
    public boolean checksums() {
        return checksum && connection.drain() == ReceiveMethod.COPY;
    }

    @Override
    public void verifyNextTransfer() {
        verifyNext = true;
    }

    /** The sink counts the next transfer on its receiving thread and sends its figures back with the reply. */
    @Override
    public void countNextTransfer() {
        countNext = true;
    }

    @Override
    public WritableByteChannel channel() {
        return connection.channel();
    }

    @Override
    public int fd() throws IOException {
        if (fd < 0) {
            NativeLibrary.require("reading the socket's file descriptor");
            fd = Fds.fd(connection.channel());
        }
        return fd;
    }

    @Override
    public void progress(long bytesSoFar) {
        connection.progress();
    }

    @Override
    public long bytesHeld() {
        if (!NativeLibrary.isAvailable()) {
            return -1;
        }
        try {
            long acked = Sockets.tcpBytesAcked(fd());
            return acked < 0 ? -1 : acked;
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public boolean stalled() {
        return connection.stalled();
    }

    /** Wraps a failure while sending into a message naming the sink, the bytes sent and whether it stalled. */
    @Override
    public IOException failure(IOException e, long sent) {
        return connection.failure(e, sent);
    }

    @Override
    public Delivery finish(long bytesSent) throws IOException {
        SinkConnection.Reply r = connection.awaitReply(bytesSent);
        String note = r.crc32c() != null ? (verifying && connection.drain() != ReceiveMethod.COPY
                ? "verified by one more transfer the sink read and checksummed (its " + connection.drain().id()
                + (connection.drain().modelCopies() > 0 ? " receive method does not checksum what it receives)"
                : " receive method does not see the bytes)") : null)
                : verifying ? "the sink did not checksum the verification transfer (a zcbench sink older than this one?)"
                : checksum ? "not checked: the sink receives with " + connection.drain().id() + " and cannot see the bytes"
                : "not checked (checksums off)";
        return new Delivery(r.bytes(), r.crc32c(), note, r.receiver(), r.receiverCpuNs(), r.receiverWallNs());
    }

    @Override
    public String describe() {
        return "socket to sink " + HostPort.format(connection.peer()) + " (receive " + connection.drain().id()
                + (connection.congestion() != null ? ", cc " + connection.congestion() : "")
                + (connection.lowWater() > 0 ? ", SO_RCVLOWAT " + connection.lowWater() + " B" : "") + ")";
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }
}
