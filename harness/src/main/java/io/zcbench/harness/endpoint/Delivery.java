package io.zcbench.harness.endpoint;

/**
 * What the destination confirms after one transfer: bytes it holds and, where it could compute one,
 * their CRC32C ({@code null} otherwise, with {@code checksumNote} saying why).
 */
public record Delivery(long bytesReceived, Long crc32c, String checksumNote) {
}
