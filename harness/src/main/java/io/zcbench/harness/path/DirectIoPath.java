package io.zcbench.harness.path;

import io.zcbench.harness.UsageException;
import io.zcbench.harness.endpoint.Destination;
import io.zcbench.harness.endpoint.FileTarget;
import io.zcbench.harness.endpoint.Source;
import io.zcbench.harness.endpoint.Target;
import io.zcbench.harness.nativeio.Fds;
import io.zcbench.harness.path.mechanism.Buffers;
import io.zcbench.harness.path.mechanism.TwinLoop;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.util.EnumSet;

/**
 * {@code O_DIRECT} read (pread64: positional, so the JDK does not lseek to check alignment) into an
 * aligned buffer, then write: the disk DMAs into user memory and the page cache is bypassed. For
 * file → file the destination is O_DIRECT too (pwrite64); the file's unaligned tail is written as
 * a padded block and the file is then truncated to its exact size.
 */
public final class DirectIoPath implements CopyPath {
    public static final PathInfo INFO = new PathInfo("o-direct",
            "O_DIRECT pread into an aligned buffer, then write (O_DIRECT pwrite for file→file)",
            "pread(2) from the same O_DIRECT descriptor into the same aligned buffer, then write(2) (file→file: "
                    + "O_DIRECT pwrite(2) of the padded block, ftruncate(2) for the tail), in C", false, true,
            EnumSet.allOf(Destination.class),
            Model.builder().cpuCopies("1", "0 (O_DIRECT write)").syscalls("2 per chunk", "4 per chunk").calls("pread64")
                    .callsTo(Destination.SOCKET, "write").callsTo(Destination.FILE, "pwrite64")
                    .perChunk("pread64", "write", "pwrite64").count(0, 2, 0).bypassesPageCache()
                    .note("bypasses the page cache: the device reads into user memory").build(),
            DirectIoPath::open);

    private final ByteBuffer buf;
    private final int chunk;
    private final int alignment;
    private final boolean directDestination;
    private final TwinLoop twin = new TwinLoop("o-direct");

    private DirectIoPath(int chunk, int alignment, boolean directDestination) {
        this.chunk = chunk;
        this.alignment = alignment;
        this.directDestination = directDestination;
        this.buf = Buffers.preTouch(ByteBuffer.allocateDirect(chunk + alignment).alignedSlice(alignment));
    }

    private static CopyPath open(PathOptions options, Source source, Target target) throws IOException {
        boolean toFile = target.destination() == Destination.FILE;
        int alignment = Math.max(source.blockSize(), toFile ? target.alignment() : 1);
        requireDirectSource(INFO.id(), options.chunk(), alignment, source);
        if (toFile) {
            FileTarget ft = (FileTarget) target;
            try {
                ft.probeDirect();
            } catch (IOException e) {
                throw refused(INFO.id(), ft.fileSystem().type(), "the destination", e);
            }
        }
        return new DirectIoPath(options.chunk(), alignment, toFile);
    }

    /**
     * What every O_DIRECT path needs of its source: a chunk that is whole blocks of {@code alignment} (else one line
     * saying so) and a file system that opens the file with O_DIRECT (else unsupported, with the reason).
     */
    static void requireDirectSource(String pathId, int chunk, int alignment, Source source) {
        if (chunk % alignment != 0) {
            throw new UsageException(pathId + " needs --chunk to be a multiple of the file system block size ("
                    + alignment + " B for " + source.fsType() + "); got " + chunk + " B");
        }
        try {
            source.directChannel();
        } catch (IOException e) {
            throw refused(pathId, source.fsType(), "the source", e);
        }
    }

    private static UnsupportedPathException refused(String pathId, String fsType, String which, IOException e) {
        String why = e.getMessage() == null ? e.toString() : e.getMessage();
        if (why.contains("Invalid argument") || why.contains("not supported")) {
            return new UnsupportedPathException(pathId, fsType + " refuses O_DIRECT (" + which + ")",
                    "use a disk-backed --dir");
        }
        return new UnsupportedPathException(pathId, "opening " + which + " with O_DIRECT failed on " + fsType
                + ": " + why, "use a disk-backed --dir");
    }

    @Override
    public PathInfo info() {
        return INFO;
    }

    /** Reads of less than a block in a row after which a transfer gives up. */
    static final int MAX_STALLS = 100;

    /**
     * Of {@code got} bytes read at {@code pos}, those to use: all of them at the end of the file, else only whole blocks,
     * so the next O_DIRECT read starts aligned (a short read inside the file leaves the rest to be read again).
     */
    static int wholeBlocks(int got, long pos, long size, int alignment) {
        return pos + got >= size ? got : got - got % alignment;
    }

    @Override
    public boolean directDestination() {
        return directDestination;
    }

    @Override
    public long transfer(Source source, Target target) throws IOException {
        FileChannel in = source.directChannel();
        WritableByteChannel out = target.channel();
        FileChannel outFile = directDestination ? (FileChannel) out : null;
        long size = source.size();
        long pos = 0;
        try {
            int stalls = 0;
            while (pos < size) {
                buf.clear().limit(chunk);
                int got = in.read(buf, pos);
                if (got <= 0) {
                    throw new EOFException("source ended at " + pos + " of " + size + " bytes");
                }
                int n = wholeBlocks(got, pos, size, alignment);
                if (n == 0) { // less than a block, not at the end: read again from the same (aligned) offset
                    if (++stalls > MAX_STALLS) {
                        throw new IOException("O_DIRECT reads at " + pos + " returned less than a block " + MAX_STALLS + " times");
                    }
                    continue;
                }
                stalls = 0;
                buf.flip().limit(n);
                if (outFile != null) {
                    // The padded tail block goes out whole; truncate() below trims the file to size.
                    buf.limit((int) Buffers.roundUp(n, alignment));
                    long at = pos;
                    while (buf.hasRemaining()) {
                        int w = outFile.write(buf, at);
                        int partial = w % alignment; // a write that ended inside a block: write that block again
                        buf.position(buf.position() - partial);
                        at += w - partial;
                    }
                } else {
                    Buffers.writeFully(out, buf);
                }
                pos += n;
                target.progress(pos);
            }
            if (outFile != null && size % alignment != 0) {
                outFile.truncate(size);
            }
        } catch (IOException e) {
            throw target.failure(e, pos);
        }
        return pos;
    }

    @Override
    public long transferNative(Source source, Target target) throws IOException {
        twin.args.in = Fds.fd(source.directChannel());
        twin.args.buffer = buf;
        twin.args.chunk = chunk;
        twin.args.directBlock = directDestination ? alignment : 0;
        twin.args.readBlock = alignment;
        return twin.run(target, source.size());
    }

    @Override
    public void close() {
        // the aligned buffer is freed with this object
    }
}
