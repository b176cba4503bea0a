package io.zcbench.harness.path.mechanism;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/** Buffer helpers shared by the paths. */
public final class Buffers {
    private static final int PAGE = 4096;

    private Buffers() {
    }

    /**
     * Writes one byte per page so the buffer's memory is backed before the first measurement: on this
     * kind of VM, memory freed back to the host is slow to touch again and would split results in two.
     */
    public static ByteBuffer preTouch(ByteBuffer buf) {
        for (int i = 0; i < buf.capacity(); i += PAGE) {
            buf.put(i, (byte) 0);
        }
        return buf;
    }

    /** Writes everything remaining; a blocking channel may still accept less than asked per call. */
    public static void writeFully(WritableByteChannel out, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            out.write(buf);
        }
    }

    public static long roundUp(long value, long alignment) {
        return (value + alignment - 1) / alignment * alignment;
    }
}
