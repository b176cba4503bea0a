package io.zcbench.harness.path;

import io.zcbench.harness.endpoint.Destination;
import io.zcbench.harness.endpoint.Source;
import io.zcbench.harness.endpoint.Target;
import io.zcbench.harness.nativeio.Fds;
import io.zcbench.harness.nativeio.KernelCalls;
import io.zcbench.harness.path.mechanism.ChunkedTransfer;
import io.zcbench.harness.path.mechanism.TwinLoop;

import java.io.IOException;
import java.util.EnumSet;

/**
 * {@code copy_file_range(2)} file → file, called directly (JDK 17's transferTo uses sendfile there; newer
 * JDKs try copy_file_range first). The kernel copies page cache to page cache, one CPU copy in the kernel,
 * or none where the file system shares extents (reflink: XFS, Btrfs). A socket cannot be its destination.
 */
public final class CopyFileRangePath implements ForeignView.Capable {
    public static final PathInfo INFO = new PathInfo("copy-file-range",
            "copy_file_range(file→file) until the file is copied, through libzcbench",
            "the same copy_file_range loop in C", true, false, EnumSet.of(Destination.FILE),
            Model.builder().cpuCopies("n/a (files only)", "1 in the kernel (0 with reflink)").syscalls("1", "2")
                    .calls("copy_file_range").chunkless().count(0, 0, Model.MAX_RW_COUNT)
                    .note("page cache to page cache inside the kernel; file systems that share extents (XFS, Btrfs) "
                            + "copy nothing").build(),
            (options, source, target) -> new CopyFileRangePath());

    @Override
    public PathInfo info() {
        return INFO;
    }

    private final TwinLoop twin = new TwinLoop("copy-file-range");
    /** What the Java loop's calls go through: JNI, or FFM for one transfer under impl=ffm. */
    private KernelCalls calls = KernelCalls.JNI;
    private final ChunkedTransfer.Step step = (source, target, pos, remaining) ->
            Fds.check(calls.copyFileRange(source.fd(), pos, target.fd(), Math.min(remaining, 0x7ffff000L)), "copy_file_range");

    @Override
    public long transfer(Source source, Target target) throws IOException {
        return ChunkedTransfer.run("copy_file_range", source, target, step);
    }

    @Override
    public long transfer(Source source, Target target, KernelCalls api) throws IOException {
        calls = api;
        try {
            return ChunkedTransfer.run("copy_file_range", source, target, step);
        } finally {
            calls = KernelCalls.JNI;
        }
    }

    @Override
    public long transferNative(Source source, Target target) throws IOException {
        twin.args.in = source.fd();
        return twin.run(target, source.size());
    }

    @Override
    public void close() {
        // nothing held
    }
}
