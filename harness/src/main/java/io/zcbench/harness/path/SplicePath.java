package io.zcbench.harness.path;

import io.zcbench.harness.ProcFiles;
import io.zcbench.harness.fixture.Sizes;
import io.zcbench.harness.nativeio.NativeIo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;

/**
 * JNI {@code splice(file → pipe)} + {@code splice(pipe → dest)} per chunk: pages move by reference,
 * no CPU copy in user space. The pipe is sized with F_SETPIPE_SZ (default: the chunk size; the
 * kernel rounds up to a power-of-two number of pages) and each splice pair moves at most one pipe-full.
 */
public final class SplicePath implements CopyPath {
    public static final PathInfo INFO = new PathInfo("splice",
            "splice(file→pipe) + splice(pipe→dest) per chunk, through libzcbench",
            "the same splice pair per chunk, the loop in C, through the same pipe", true, false,
            EnumSet.allOf(Destination.class),
            Model.builder().cpuCopies("0", "0").syscalls("2 per chunk", "4 per chunk").calls("splice").perChunk("splice").pipe()
                    .count(0, 2, 0).note("file to pipe to destination; pages move by reference").build(),
            SplicePath::open);

    private final int requested;
    private int pipeRead = -1;
    private int pipeWrite = -1;
    private int capacity;
    private int perCall;
    private final int chunk;

    private SplicePath(int requested, int chunk) {
        this.requested = requested;
        this.chunk = chunk;
    }

    private static CopyPath open(PathOptions options, Source source, Target target) throws IOException {
        SplicePath p = new SplicePath(options.effectivePipeSize(), options.chunk());
        p.openPipe();
        return p;
    }

    private void openPipe() throws IOException {
        long fds = NativeIo.check(NativeIo.pipe(), "pipe2");
        pipeRead = (int) (fds >>> 32);
        pipeWrite = (int) fds;
        int rc = NativeIo.setPipeSize(pipeWrite, requested);
        if (rc < 0) {
            String err = NativeIo.errnoText(-rc);
            closePipe();
            String why = pipeSizeProblem(requested);
            throw new UnsupportedPathException(INFO.id(), "F_SETPIPE_SZ(" + Sizes.format(requested) + ") failed: " + err
                    + (why != null ? ": " + why : ""), why != null ? "lower --pipe-size (or --chunk)"
                    : "lower --pipe-size (or --chunk); the kernel also limits the pages all pipes of a user may hold "
                    + "(/proc/sys/fs/pipe-user-pages-hard)");
        }
        capacity = rc;
        perCall = Math.min(capacity, chunk);
    }

    /**
     * Why a pipe of {@code bytes} cannot be had here, known before asking: above fs.pipe-max-size without
     * CAP_SYS_RESOURCE (as root too, when that capability was dropped); {@code null} when nothing speaks against it.
     */
    public static String pipeSizeProblem(long bytes) {
        String max = ProcFiles.read(Path.of("/proc/sys/fs/pipe-max-size"));
        long limit;
        try {
            limit = Long.parseLong(max);
        } catch (NumberFormatException | NullPointerException e) {
            return null;
        }
        if (bytes > limit && !io.zcbench.harness.Capabilities.has(io.zcbench.harness.Capabilities.CAP_SYS_RESOURCE)) {
            return "a " + Sizes.format(bytes) + " pipe is above fs.pipe-max-size (" + Sizes.format(limit) + ") and this "
                    + "process lacks CAP_SYS_RESOURCE; ask for at most " + Sizes.format(limit)
                    + ", or raise the sysctl fs.pipe-max-size";
        }
        return null;
    }

    @Override
    public String setupNote() {
        return "pipe: asked " + Sizes.format(requested) + ", the kernel granted " + Sizes.format(capacity)
                + " (F_SETPIPE_SZ rounds up to a power-of-two number of pages); " + Sizes.format(perCall) + " per splice pair";
    }

    /** The pipe capacity the kernel granted. */
    public int pipeCapacity() {
        return capacity;
    }

    @Override
    public PathInfo info() {
        return INFO;
    }

    /** One pipe-full: file → pipe, then pipe → destination until the pipe is empty. */
    private final ChunkedTransfer.Step step = (source, target, pos, remaining) -> {
        long n = NativeIo.check(NativeIo.splice(source.fd(), pos, pipeWrite, -1, Math.min(perCall, remaining),
                NativeIo.SPLICE_F_MOVE), "splice(file->pipe)");
        int more = n < remaining ? NativeIo.SPLICE_F_MORE : 0;
        for (long left = n; left > 0; ) {
            left -= NativeIo.check(NativeIo.splice(pipeRead, -1, target.fd(), -1, left, NativeIo.SPLICE_F_MOVE | more),
                    target.destination() == Destination.SOCKET ? "splice(pipe->socket)" : "splice(pipe->file)");
        }
        return n;
    };

    @Override
    public long transfer(Source source, Target target) throws IOException {
        try {
            return ChunkedTransfer.run("splice(file->pipe)", source, target, step);
        } catch (IOException | RuntimeException e) {
            freshPipe(e);
            throw e;
        }
    }

    @Override
    public long transferNative(Source source, Target target) throws IOException {
        try {
            return NativeTwin.run(NativeIo.TwinKind.SPLICE, source.fd(), target, source.size(), perCall, null, null,
                    pipeRead, pipeWrite, 1);
        } catch (IOException | RuntimeException e) {
            freshPipe(e);
            throw e;
        }
    }

    /** Bytes may be left in the pipe after a failure: the next transfer starts with an empty one. */
    private void freshPipe(Exception failure) {
        closePipe();
        try {
            openPipe();
        } catch (IOException | RuntimeException again) {
            failure.addSuppressed(again);
        }
    }

    private void closePipe() {
        if (pipeRead >= 0) {
            NativeIo.close(pipeRead);
            pipeRead = -1;
        }
        if (pipeWrite >= 0) {
            NativeIo.close(pipeWrite);
            pipeWrite = -1;
        }
    }

    @Override
    public void close() {
        closePipe();
    }
}
