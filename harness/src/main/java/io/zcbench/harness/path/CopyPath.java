package io.zcbench.harness.path;

import io.zcbench.harness.counters.Counter;
import io.zcbench.harness.counters.Window;
import io.zcbench.harness.endpoint.Source;
import io.zcbench.harness.endpoint.Target;

import java.io.IOException;
import java.util.Map;

/**
 * One copy path: moves a whole {@link Source} into a {@link Target} with exactly the mechanism its
 * id names, never another. An instance owns its buffers and pipes and is reused for many transfers.
 */
public interface CopyPath extends AutoCloseable {
    PathInfo info();

    /** Whether the destination file must be opened with O_DIRECT (o-direct writing to a file). */
    default boolean directDestination() {
        return false;
    }

    /**
     * Sends {@code source.size()} bytes from offset 0 into the target, which {@link Target#begin}
     * has prepared, and returns the number of file bytes written. Throws when fewer could be sent.
     */
    long transfer(Source source, Target target) throws IOException;

    /**
     * {@link #transfer} with {@code window} around the path's own calls, on the thread that makes them: the calling
     * thread here; a path whose {@link #workThread} is another thread opens and closes the window there.
     */
    default long transfer(Source source, Target target, Window window) throws IOException {
        window.begin();
        try {
            return transfer(source, target);
        } finally {
            window.end();
        }
    }

    /**
     * The thread that makes this path's system calls when it is not the calling thread (a framework's event loop), or
     * null: every zcbench path makes its calls on the calling thread.
     */
    default WorkThread workThread() {
        return null;
    }

    /**
     * The native twin: the same transfer as {@link #transfer}, its whole loop in C in one JNI call, with
     * this instance's fds, buffers, chunk and pipe, so the JVM's own cost is a measured ratio.
     */
    long transferNative(Source source, Target target) throws IOException;

    /** How this path's mechanism fails when the source shrinks under it, in words for the error. */
    default String whenSourceShrinks() {
        return "the path read past the new end of file";
    }

    /** What the kernel granted this instance that differs from what was asked (e.g. the pipe size), or null. */
    default String setupNote() {
        return null;
    }

    /**
     * Counts only the path itself can give, cumulative since it was opened (zerocopy completions, io_uring
     * workers' CPU); empty for most paths. Read before and after each counted operation, never inside it.
     */
    default Map<Counter, Long> counts() {
        return Map.of();
    }

    /**
     * This path run as {@code impl}: itself for java, a view whose transfer is the native twin for native, a view whose
     * kernel calls go through FFM for ffm (refused, closing this path, where the path has none to make so).
     */
    default CopyPath as(Impl impl) {
        return switch (impl) {
            case JAVA -> this;
            case NATIVE -> new NativeTwin(this);
            case FFM -> {
                if (this instanceof ForeignView.Capable c) {
                    yield new ForeignView(c);
                }
                throw ForeignView.refuse(this);
            }
        };
    }

    /**
     * What this path alternates with under impl=paired, over the same source, destination and options: its native
     * twin for zcbench's own paths; for a framework path, the raw path making the same kernel calls without the
     * framework ({@link PathInfo#baseline}). Opened on first use; closed with this path.
     */
    default CopyPath partner() throws IOException {
        return as(Impl.NATIVE);
    }

    @Override
    void close();
}
