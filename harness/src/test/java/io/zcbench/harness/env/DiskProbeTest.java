package io.zcbench.harness.env;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The disk read probe reads a file with O_DIRECT where it can, and says why where it cannot: never a made-up figure. */
class DiskProbeTest {
    @TempDir
    Path dir;

    @Test
    void readsAFileOnADiskAndSaysWhyWhereItCannot() throws Exception {
        Path file = Files.write(dir.resolve("probe"), new byte[4 << 20]);
        try (DiskProbe p = new DiskProbe(file)) {
            if (p.unavailable() != null) {
                // this temp directory is memory or refuses O_DIRECT: the reason names it, and the reading is NaN
                assertTrue(p.unavailable().startsWith(dir.toString()) || p.unavailable().startsWith("O_DIRECT refused on " + dir),
                        p.unavailable());
                assertTrue(Double.isNaN(p.readMicros()));
            } else {
                for (int i = 0; i < 3; i++) {
                    double us = p.readMicros();
                    assertTrue(us > 0 && us < 1e6, "µs per 64 KiB read: " + us);
                }
                assertNull(p.unavailable());
            }
        }
        Path small = Files.write(dir.resolve("small"), new byte[4096]);
        try (DiskProbe p = new DiskProbe(small)) {
            assertTrue(p.unavailable() != null, "smaller than one read, or O_DIRECT refused: said either way");
            assertTrue(Double.isNaN(p.readMicros()));
        }
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            Path onTmpfs = Files.write(Files.createTempFile(shm, "zcbench-probe", ""), new byte[1 << 20]);
            try (DiskProbe p = new DiskProbe(onTmpfs)) {
                assertTrue(p.unavailable() != null && p.unavailable().startsWith("/dev/shm is on tmpfs: memory, no disk"),
                        String.valueOf(p.unavailable()));
                assertEquals(Double.NaN, p.readMicros());
            } finally {
                Files.delete(onTmpfs);
            }
        }
    }
}
