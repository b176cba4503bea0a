package io.zcbench.harness.path.mechanism;

import io.zcbench.harness.Capabilities;
import io.zcbench.harness.ProcFiles;
import io.zcbench.harness.endpoint.Destination;
import io.zcbench.harness.endpoint.Source;
import io.zcbench.harness.endpoint.Target;
import io.zcbench.harness.fixture.Sizes;
import io.zcbench.harness.nativeio.Fds;
import io.zcbench.harness.nativeio.KernelCalls;
import io.zcbench.harness.nativeio.Pipes;
import io.zcbench.harness.path.PathOptions;
import io.zcbench.harness.path.UnsupportedPathException;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The pipe of the paths that move pages through one (splice, vmsplice, io-uring-splice): sized with
 * F_SETPIPE_SZ (the kernel rounds up to a power-of-two number of pages), replaced after a failure that may
 * have left bytes in it.
 */
public final class PathPipe implements AutoCloseable {
    private final String pathId;
    private final int requested;
    private int read = -1;
    private int write = -1;
    private int capacity;

    private PathPipe(String pathId, int requested) {
        this.pathId = pathId;
        this.requested = requested;
    }

    public static PathPipe open(String pathId, PathOptions options) throws IOException {
        PathPipe p = new PathPipe(pathId, options.effectivePipeSize());
        p.openPipe();
        return p;
    }

    private void openPipe() throws IOException {
        long fds = Fds.check(Pipes.pipe(), "pipe2");
        read = (int) (fds >>> 32);
        write = (int) fds;
        int rc = Pipes.setPipeSize(write, requested);
        if (rc < 0) {
            String err = Fds.errnoText(-rc);
            close();
            String why = sizeProblem(requested);
            throw new UnsupportedPathException(pathId, "F_SETPIPE_SZ(" + Sizes.format(requested) + ") failed: " + err
                    + (why != null ? ": " + why : ""), why != null ? "lower --pipe-size (or --chunk)"
                    : "lower --pipe-size (or --chunk); the kernel also limits the pages all pipes of a user may hold "
                    + "(/proc/sys/fs/pipe-user-pages-hard)");
        }
        capacity = rc;
    }

    /**
     * Why a pipe of {@code bytes} cannot be had here, known before asking: above fs.pipe-max-size without
     * CAP_SYS_RESOURCE (as root too, when that capability was dropped); {@code null} when nothing speaks against it.
     */
    public static String sizeProblem(long bytes) {
        String max = ProcFiles.read(Path.of("/proc/sys/fs/pipe-max-size"));
        long limit;
        try {
            limit = Long.parseLong(max);
        } catch (NumberFormatException | NullPointerException e) {
            return null;
        }
        if (bytes > limit && !Capabilities.has(Capabilities.CAP_SYS_RESOURCE)) {
            return "a " + Sizes.format(bytes) + " pipe is above fs.pipe-max-size (" + Sizes.format(limit) + ") and this "
                    + "process lacks CAP_SYS_RESOURCE; ask for at most " + Sizes.format(limit)
                    + ", or raise the sysctl fs.pipe-max-size";
        }
        return null;
    }

    public int read() {
        return read;
    }

    public int write() {
        return write;
    }

    public int capacity() {
        return capacity;
    }

    /** What was asked and granted, and what one call moves. */
    String note(int perCall, String what) {
        return "pipe: asked " + Sizes.format(requested) + ", the kernel granted " + Sizes.format(capacity)
                + " (F_SETPIPE_SZ rounds up to a power-of-two number of pages); " + Sizes.format(perCall) + " per " + what;
    }

    /**
     * Splices the {@code n} bytes in the pipe on to the destination until the pipe is empty (a socket may take less
     * per call); {@code more} adds SPLICE_F_MORE (more to come). Names the failing call.
     */
    public void drainTo(Target target, long n, boolean more) throws IOException {
        drainTo(target, n, more, KernelCalls.JNI);
    }

    /** {@link #drainTo(Target, long, boolean)} with the splice calls made through {@code calls}. */
    public void drainTo(Target target, long n, boolean more, KernelCalls calls) throws IOException {
        int flags = Pipes.SPLICE_F_MOVE | (more ? Pipes.SPLICE_F_MORE : 0);
        String call = target.destination() == Destination.SOCKET ? "splice(pipe->socket)" : "splice(pipe->file)";
        for (long left = n; left > 0; ) {
            long rc = calls.splice(read, -1, target.fd(), -1, left, flags);
            if (rc == Fds.EAGAIN) {
                // a socket the JDK made non-blocking (it does for a virtual thread's socket I/O): wait in poll(2),
                // in native code, holding the carrier, as a JNI call on a virtual thread does
                Fds.check(Fds.waitWritable(target.fd()), "poll(POLLOUT) of the destination");
                continue;
            }
            long moved = Fds.check(rc, call);
            if (moved == 0) { // would loop for ever: the pipe ran dry, or the destination takes nothing more
                throw new IOException(call + " moved no bytes with " + left + " of " + n + " still to move");
            }
            left -= moved;
        }
    }

    /** A transfer through this pipe; paths keep theirs in fields, so an operation allocates nothing. */
    @FunctionalInterface
    interface Move {
        long run(Source source, Target target) throws IOException;
    }

    /** Runs {@code move}; when it fails, the pipe is replaced (bytes may be left in it) before the failure goes on. */
    long guard(Move move, Source source, Target target) throws IOException {
        try {
            return move.run(source, target);
        } catch (IOException | RuntimeException e) {
            fresh(e);
            throw e;
        }
    }

    /** Bytes may be left in the pipe after a failure: the next transfer starts with an empty one. */
    void fresh(Exception failure) {
        close();
        try {
            openPipe();
        } catch (IOException | RuntimeException again) {
            failure.addSuppressed(again);
        }
    }

    @Override
    public void close() {
        if (read >= 0) {
            Fds.close(read);
            read = -1;
        }
        if (write >= 0) {
            Fds.close(write);
            write = -1;
        }
    }
}
