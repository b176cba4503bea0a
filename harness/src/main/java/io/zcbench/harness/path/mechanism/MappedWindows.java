package io.zcbench.harness.path.mechanism;

import io.zcbench.harness.endpoint.Source;
import io.zcbench.harness.endpoint.Target;
import io.zcbench.harness.nativeio.Zerocopy;
import io.zcbench.harness.path.MmapWritePath;

import java.io.IOException;

/**
 * The loop of the paths that send from the file's mapped pages through libzcbench (msg-zerocopy, vmsplice):
 * the JDK maps 1 GiB windows (FileChannel.map), the path moves each window's bytes from their address a piece
 * (its chunk) at a time, and the window is unmapped once the path says its pages are no longer referenced.
 */
public final class MappedWindows {
    /** Moves some of the {@code left} bytes of the window at {@code address} (file offset {@code pos}); bytes moved. */
    @FunctionalInterface
    public interface Step {
        long move(Target target, long address, long pos, long left) throws IOException;
    }

    /** Called before a window is unmapped: wait until nothing references its pages any more. */
    @FunctionalInterface
    public interface ReceiveMethod {
        void drain(Target target) throws IOException;
    }

    private MappedWindows() {
    }

    public static long run(Source source, Target target, Step step, ReceiveMethod drain) throws IOException {
        long size = source.size();
        long pos = 0;
        try {
            while (pos < size) {
                long window = Math.min(MmapWritePath.WINDOW, size - pos);
                try (Unmapper.Mapping mapping = Unmapper.map(source.channel(), pos, window)) {
                    long base = Zerocopy.address(mapping.buffer());
                    long off = 0;
                    while (off < window) {
                        long n = step.move(target, base + off, pos + off, window - off);
                        off += n;
                        target.progress(pos + off);
                    }
                    // On a failure the mapping goes at once: the kernel holds its own page references.
                    drain.drain(target);
                }
                pos += window;
            }
        } catch (IOException e) {
            throw target.failure(e, pos);
        }
        return pos;
    }
}
