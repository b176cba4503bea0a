package io.zcbench.harness.path;

import io.zcbench.harness.UsageException;
import io.zcbench.harness.fixture.Sizes;
import io.zcbench.harness.path.mechanism.PathPipe;

/**
 * Per-path settings. {@code chunk}: bytes per read/write (or per splice pair); {@code pipeSize}:
 * the splice pipe's size asked with F_SETPIPE_SZ, 0 meaning "the chunk size"; {@code lease}: mmap-write
 * holds a read lease on the source during each transfer (see {@link MmapWritePath}); {@code depth}: reads in flight
 * for io-uring-direct (registered buffers of one chunk each), 0 meaning its default.
 */
public record PathOptions(int chunk, int pipeSize, boolean lease, int depth) {
    public static final int DEFAULT_CHUNK = 64 * 1024;
    public static final long MAX_CHUNK = 1L << 30;
    public static final int DEFAULT_DEPTH = 8;
    public static final int MAX_DEPTH = 64;

    public PathOptions(int chunk, int pipeSize) {
        this(chunk, pipeSize, false, 0);
    }

    /** The same options with mmap-write's read lease on or off. */
    public PathOptions withLease(boolean on) {
        return new PathOptions(chunk, pipeSize, on, depth);
    }

    /** The same options with io-uring-direct's depth (0: its default). */
    public PathOptions withDepth(int d) {
        return new PathOptions(chunk, pipeSize, lease, d);
    }

    /** Reads in flight for io-uring-direct. */
    public int effectiveDepth() {
        return depth == 0 ? DEFAULT_DEPTH : depth;
    }

    public PathOptions {
        if (chunk <= 0) {
            throw new UsageException("chunk size must be at least 1 byte, got " + chunk);
        }
        if (pipeSize < 0) {
            throw new UsageException("pipe size must not be negative, got " + pipeSize);
        }
        if (depth < 0 || depth > MAX_DEPTH) {
            throw new UsageException("depth must be 1 to " + MAX_DEPTH + " reads in flight (0: the default " + DEFAULT_DEPTH
                    + "), got " + depth);
        }
    }

    public static PathOptions of(long chunk, long pipeSize) {
        if (chunk > MAX_CHUNK) {
            throw new UsageException("chunk size " + Sizes.format(chunk) + " is too large; at most " + Sizes.format(MAX_CHUNK));
        }
        if (pipeSize > MAX_CHUNK) {
            throw new UsageException("pipe size " + Sizes.format(pipeSize) + " is too large; at most " + Sizes.format(MAX_CHUNK));
        }
        return new PathOptions((int) chunk, (int) pipeSize);
    }

    public int effectivePipeSize() {
        return pipeSize == 0 ? chunk : pipeSize;
    }

    /**
     * Why a pipe of {@code bytes} cannot be had here, known before asking (above fs.pipe-max-size without
     * CAP_SYS_RESOURCE); {@code null} when nothing speaks against it. For every path whose model uses a pipe.
     */
    public static String pipeSizeProblem(long bytes) {
        return PathPipe.sizeProblem(bytes);
    }
}
