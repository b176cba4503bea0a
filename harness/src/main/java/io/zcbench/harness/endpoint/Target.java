package io.zcbench.harness.endpoint;

import java.io.IOException;
import java.nio.channels.WritableByteChannel;

/** The destination side of a transfer: a connection to a sink, or a file in a directory. */
public interface Target extends AutoCloseable {
    Destination destination();

    /** Readies the destination for the next transfer, outside the timed window (a file is created or truncated here). */
    void prepare(boolean directIo) throws IOException;

    /** Starts one transfer of {@code size} bytes: timed, but outside the counted window (the sink's header frame). */
    void begin(long size) throws IOException;

    /** The channel paths write to during the transfer begun last. */
    WritableByteChannel channel();

    /** The file descriptor behind {@link #channel()} (needs libzcbench). */
    int fd() throws IOException;

    /** File-system block size a direct write must be aligned to; 1 where there is none. */
    default int alignment() {
        return 1;
    }

    /**
     * Turns a failure while sending into the error to report, naming the peer and the bytes sent
     * where the destination knows more than the exception (a sink that stalled or hung up).
     */
    default IOException failure(IOException e, long sent) {
        return e;
    }

    /** Whether the destination's watchdog gave up on the peer (no progress for its timeout): a waiting path stops. */
    default boolean stalled() {
        return false;
    }

    /** Paths call this as bytes leave, so a stalled peer is detected without a clock call per chunk. */
    void progress(long bytesSoFar);

    /**
     * How many bytes the destination holds so far as the kernel sees it (a file's size, the bytes a TCP peer
     * acknowledged), read from another thread for a progress line; -1 where it cannot tell. Cumulative for a
     * connection: callers take differences.
     */
    default long bytesHeld() {
        return -1;
    }

    /** Ends the transfer and returns what the destination confirms holding. */
    Delivery finish(long bytesSent) throws IOException;

    /** Whether this destination's ordinary transfers have their bytes checked end to end (a file read back; a copy sink). */
    default boolean checksums() {
        return true;
    }

    /** Asks that the next transfer be checked end to end even where ordinary ones are not (a splice-drain sink). */
    default void verifyNextTransfer() {
    }

    /** Asks that the receiving end count the next transfer and report it in its delivery (a sink; a file has no receiver). */
    default void countNextTransfer() {
    }

    /** Completes a delivery's checksum where that needs more work (reading a file back), outside the timed window. */
    default Delivery verify(Delivery delivery) throws IOException {
        return delivery;
    }

    String describe();

    @Override
    void close() throws IOException;
}
