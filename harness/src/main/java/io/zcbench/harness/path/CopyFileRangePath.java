package io.zcbench.harness.path;

import io.zcbench.harness.nativeio.NativeIo;

import java.io.IOException;
import java.util.EnumSet;

/**
 * {@code copy_file_range(2)} file → file, called directly (JDK 17's transferTo uses sendfile there; newer
 * JDKs try copy_file_range first). The kernel copies page cache to page cache, one CPU copy in the kernel,
 * or none where the file system shares extents (reflink: XFS, Btrfs). A socket cannot be its destination.
 */
public final class CopyFileRangePath implements CopyPath {
    public static final PathInfo INFO = new PathInfo("copy-file-range",
            "copy_file_range(file→file) until the file is copied, through libzcbench",
            "the same copy_file_range loop in C", true, false, EnumSet.of(Destination.FILE),
            (options, source, target) -> new CopyFileRangePath());

    @Override
    public PathInfo info() {
        return INFO;
    }

    @Override
    public long transfer(Source source, Target target) throws IOException {
        int in = source.fd();
        int out = target.fd();
        long size = source.size();
        long pos = 0;
        try {
            while (pos < size) {
                long n = NativeIo.copyFileRange(in, pos, out, Math.min(size - pos, 0x7ffff000L));
                if (n == 0) {
                    throw new IOException("copy_file_range hit end of file at " + pos + " of " + size + " bytes");
                }
                pos += n;
                target.progress(pos);
            }
        } catch (IOException e) {
            throw target.failure(e, pos);
        }
        return pos;
    }

    @Override
    public long transferNative(Source source, Target target) throws IOException {
        return NativeTwin.run(NativeIo.TwinKind.COPY_FILE_RANGE, source.fd(), target, source.size(), 0, null, null, -1, -1, 1);
    }

    @Override
    public void close() {
        // nothing held
    }
}
