package io.zcbench.harness.path.mechanism;

import io.zcbench.harness.endpoint.Source;
import io.zcbench.harness.endpoint.Target;

import java.io.EOFException;
import java.io.IOException;

/**
 * The loop chunked paths share (fio's {@code fio_io_end} habit): position, end of file, progress and
 * failure, written once; a path supplies one step. Paths keep their step in a field, so an operation
 * allocates nothing here.
 */
public final class ChunkedTransfer {
    /** Moves the next piece starting at {@code pos}: bytes moved, or 0 at end of file. */
    @FunctionalInterface
    public interface Step {
        long move(Source source, Target target, long pos, long remaining) throws IOException;
    }

    private ChunkedTransfer() {
    }

    /** Runs {@code step} until the source is sent; {@code call} names the step's reading call in errors. */
    public static long run(String call, Source source, Target target, Step step) throws IOException {
        long size = source.size();
        long pos = 0;
        try {
            while (pos < size) {
                long n = step.move(source, target, pos, size - pos);
                if (n <= 0) {
                    throw new EOFException(call + " hit end of file at " + pos + " of " + size
                            + " bytes: the source is shorter than when it was opened");
                }
                pos += n;
                target.progress(pos);
            }
        } catch (IOException e) {
            throw target.failure(e, pos);
        }
        return pos;
    }
}
