package io.zcbench.harness;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads small /proc and /sys files in one read(2). {@code Files.readString} sees size 0, probes with a
 * one-byte read and then reads at offset 1, where /proc/sys integer handlers return end of file: it
 * returns "4" for a tcp_rmem of "4096 131072 6291456".
 */
public final class ProcFiles {
    private ProcFiles() {
    }

    /** The trimmed content, or {@code null} when the file cannot be read. */
    public static String read(Path p) {
        try (InputStream in = Files.newInputStream(p)) {
            return new String(in.readNBytes(1 << 16), StandardCharsets.UTF_8).trim();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
