package io.zcbench.harness.endpoint;

import io.zcbench.harness.sink.ReceiverFigures;

/**
 * What the destination confirms after one transfer: bytes it holds and, where it could compute one,
 * their CRC32C ({@code null} otherwise, with {@code checksumNote} saying why); for a counted transfer to a sink, what
 * receiving it cost the sink's thread ({@code receiver}, null otherwise); and, from a sink that times its transfers, its
 * receiving thread's CPU and wall ns for the payload (-1 otherwise).
 */
public record Delivery(long bytesReceived, Long crc32c, String checksumNote, ReceiverFigures receiver, long receiverCpuNs,
                       long receiverWallNs) {
    public Delivery(long bytesReceived, Long crc32c, String checksumNote) {
        this(bytesReceived, crc32c, checksumNote, null, -1, -1);
    }
}
