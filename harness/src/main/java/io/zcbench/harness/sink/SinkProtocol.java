package io.zcbench.harness.sink;

/**
 * The sender ↔ sink wire protocol: fixed 32-byte big-endian frames around raw payload bytes.
 * <pre>
 * HELLO  sender→sink  'ZCBH' u32 version, u32 flags (bit 0: the sender will ask for the receiver's counts: open the
 *                      receiving thread's counters now, before any transfer; bit 1: time every transfer's receiving
 *                      on the receiving thread and send the times back), u32 receive low-water mark in bytes
 *                      (SO_RCVLOWAT on the sink's socket; 0: the kernel's default), zeros
 * ACK    sink→sender  'ZCBA' u32 version, u32 drain (0 copy, 1 splice, 2 trunc, 3 zerocopy-receive), u32 status (0 ok,
 *                      1 version mismatch), u32 flags (bit 0: the receiver's counters are open), u32 the low-water mark
 *                      in force (0: none; a sink before it always says 0), zeros
 * XFER   sender→sink  'ZCBT' u32 flags (bit 0: compute CRC32C; bit 1: read this transfer into memory and checksum
 *                      it whatever the drain, to verify a drain that never sees the bytes; bit 2: count this transfer
 *                      on the receiving thread and send the figures back), u64 length; then the payload
 * REPLY  sink→sender  'ZCBR' u32 status (0 ok, 2 sink error, 3 invalid header: a negative length), u64 bytes received, u64 crc32c, u32 flags (bit 0: crc
 *                      valid; bit 1: the receiver's figures follow; bit 2: its times follow), u32 the figures' length;
 *                      then, with bit 2, u64 the receiving thread's CPU ns and u64 its wall ns for the payload; then the
 *                      figures (ReceiverFigures' wire form)
 * </pre>
 * The reply lets the sender learn what the sink really received, so delivery is verified end to end, and with bit 2
 * what receiving it cost the sink's thread (its CPU, system calls, switches and copies), so a run has both ends.
 */
public final class SinkProtocol {
    public static final int VERSION = 2;
    public static final int FRAME = 32;

    public static final int HELLO = magic("ZCBH");
    public static final int ACK = magic("ZCBA");
    public static final int XFER = magic("ZCBT");
    public static final int REPLY = magic("ZCBR");

    public static final int FLAG_CHECKSUM = 1;
    /** Verify this transfer: the sink reads it (recv + CRC32C) even when it drains with splice. */
    public static final int FLAG_VERIFY = 2;
    /** Count this transfer on the sink's receiving thread; the reply carries the figures. */
    public static final int FLAG_COUNT = 4;
    /** HELLO: the sender will ask for counts; ACK: the receiving thread's counters are open. */
    public static final int HELLO_COUNTS = 1;
    /** REPLY: the receiver's figures follow the frame. */
    public static final int REPLY_FIGURES = 2;
    /** HELLO: time every transfer's receiving; ACK: it will. */
    public static final int HELLO_TIMED = 2;
    /** REPLY: the receiving thread's CPU and wall ns for the payload follow the frame (16 bytes, before any figures). */
    public static final int REPLY_TIMED = 4;
    /** The most figure bytes a reply may carry (a malformed length is not believed). */
    public static final int MAX_FIGURES = 1 << 20;
    public static final int STATUS_OK = 0;
    public static final int STATUS_VERSION_MISMATCH = 1;
    public static final int STATUS_SINK_ERROR = 2;
    /** REPLY: the transfer's header was invalid (a negative length): rejected, the connection closed. */
    public static final int STATUS_BAD_FRAME = 3;

    private SinkProtocol() {
    }

    static int magic(String four) {
        return (four.charAt(0) << 24) | (four.charAt(1) << 16) | (four.charAt(2) << 8) | four.charAt(3);
    }

    /** Printable form of the first bytes a peer sent, for "this is not a zcbench sink" messages. */
    static String printable(byte[] bytes, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n && i < 16; i++) {
            int b = bytes[i] & 0xff;
            sb.append(b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02x", b));
        }
        return sb.toString();
    }
}
