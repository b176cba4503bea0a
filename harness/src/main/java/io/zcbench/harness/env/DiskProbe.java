package io.zcbench.harness.env;

import com.sun.nio.file.ExtendedOpenOption;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * How fast the disk under the data directory reads now, beside the memory probes: O_DIRECT reads of 64 KiB from a file
 * (the run's source file) at offsets that step through it, outside timed operations (a few ms an iteration). The
 * host's evidence for the paths the disk bounds (O_DIRECT reads, fdatasync'ed writes), whose figures move with the VM's
 * disk regime as the memory-bound paths' move with the memory probes. On tmpfs (memory, though it takes O_DIRECT),
 * where O_DIRECT is refused, or where the file is smaller than one read, it says why and measures nothing.
 */
public final class DiskProbe implements AutoCloseable {
    private static final int READ = 64 * 1024;
    private static final java.util.Set<String> MEMORY_FS = java.util.Set.of("tmpfs", "ramfs");
    private static final int READS = 4;
    /** Steps of 1 MiB plus one read, so consecutive reads and iterations land on different extents. */
    private static final long STRIDE = (1 << 20) + READ;

    private final FileChannel channel;
    private final ByteBuffer buffer;
    private final long span;
    private final String unavailable;
    private long next;
    private String failed;

    public DiskProbe(Path file) {
        FileChannel ch = null;
        String why = null;
        long size = 0;
        try {
            String fs = Files.getFileStore(file).type();
            if (MEMORY_FS.contains(fs)) {
                why = file.getParent() + " is on " + fs + ": memory, no disk to probe (it takes O_DIRECT since Linux 6.6)";
            } else {
                ch = FileChannel.open(file, StandardOpenOption.READ, ExtendedOpenOption.DIRECT);
                size = ch.size();
                if (size < READ) {
                    why = "the file is smaller than one 64 KiB read";
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            why = "O_DIRECT refused on " + file.getParent() + " (" + e.getMessage() + ")";
        }
        if (why != null && ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing was read
            }
            ch = null;
        }
        channel = ch;
        unavailable = why;
        span = size - size % READ - READ;
        buffer = why == null ? ByteBuffer.allocateDirect(READ + 4096).alignedSlice(4096).limit(READ) : null;
    }

    /** Why this probe measures nothing here (or why its last reading failed), or null. */
    public String unavailable() {
        return unavailable != null ? unavailable : failed;
    }

    /** Microseconds per 64 KiB O_DIRECT read: the median of four; NaN where {@link #unavailable()} says why. */
    public double readMicros() {
        if (unavailable != null) {
            return Double.NaN;
        }
        double[] us = new double[READS];
        try {
            for (int i = 0; i < READS; i++) {
                long at = next;
                next = span <= 0 ? 0 : (next + STRIDE) % span / READ * READ;
                buffer.clear().limit(READ);
                long t0 = System.nanoTime();
                channel.read(buffer, at);
                us[i] = (System.nanoTime() - t0) / 1e3;
            }
        } catch (IOException e) {
            failed = "an O_DIRECT read failed: " + e.getMessage();
            return Double.NaN;
        }
        failed = null;
        Arrays.sort(us);
        return (us[READS / 2 - 1] + us[READS / 2]) / 2;
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
    }
}
