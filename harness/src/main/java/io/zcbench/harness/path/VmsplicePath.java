package io.zcbench.harness.path;

import io.zcbench.harness.nativeio.NativeIo;

import java.io.IOException;
import java.util.EnumSet;

/**
 * {@code vmsplice} of the file's mapped pages into a pipe, then {@code splice(pipe → dest)}, per chunk: the
 * pipe takes references to the pages (no SPLICE_F_GIFT: they stay the page cache's), so no CPU copy on the
 * way to a socket; to a file, splicing out of the pipe copies into the destination's page cache.
 */
public final class VmsplicePath implements CopyPath {
    public static final PathInfo INFO = new PathInfo("vmsplice",
            "mmap(file) per GiB, vmsplice(mapped pages → pipe) + splice(pipe → dest) per chunk, through libzcbench",
            "the same vmsplice + splice per chunk from its own mmap(2) per GiB, through the same pipe, in C", true, false,
            EnumSet.allOf(Destination.class),
            Model.builder().cpuCopies("0", "1 (pipe → destination's page cache)").syscalls("2 per chunk", "4 per chunk")
                    .calls("mmap", "vmsplice", "splice").perChunk("vmsplice", "splice").count(1, 2, 0).pipe()
                    .note("user pages into a pipe by reference, then on by reference").build(),
            VmsplicePath::open);

    private final PathPipe pipe;
    private final PathPipe.Move javaLoop;
    private final PathPipe.Move nativeLoop;
    private final int perCall;
    private final MappedWindows.Step step = this::move;
    private static final MappedWindows.Drain NOTHING = t -> { };

    private VmsplicePath(PathPipe pipe, int chunk) {
        this.pipe = pipe;
        this.perCall = Math.min(pipe.capacity(), chunk);
        this.javaLoop = (source, target) -> MappedWindows.run(source, target, this.step, NOTHING);
        this.nativeLoop = (source, target) -> NativeTwin.run(NativeIo.TwinKind.VMSPLICE, source.fd(),
            target, source.size(), perCall, null, null, pipe.read(), pipe.write(), 1);
    }

    private static CopyPath open(PathOptions options, Source source, Target target) throws IOException {
        if (Unmapper.unavailableReason() != null) {
            throw new UnsupportedPathException(INFO.id(), Unmapper.unavailableReason(),
                    "run on JDK 22+ (FFM) or a JDK that ships jdk.unsupported");
        }
        return new VmsplicePath(PathPipe.open(INFO.id(), options), options.chunk());
    }

    @Override
    public PathInfo info() {
        return INFO;
    }

    @Override
    public String setupNote() {
        return pipe.note(perCall, "vmsplice");
    }

    /** Pages into the pipe, then the pipe emptied into the destination: every page leaves before the next. */
    private long move(Target target, long address, long pos, long left) throws IOException {
        long n = NativeIo.vmsplice(pipe.write(), address, Math.min(perCall, left));
        int more = n < left ? NativeIo.SPLICE_F_MORE : 0; // as the twin: more to come until the window's last bytes
        for (long inPipe = n; inPipe > 0; ) {
            inPipe -= NativeIo.check(NativeIo.splice(pipe.read(), -1, target.fd(), -1, inPipe, NativeIo.SPLICE_F_MOVE | more),
                    target.destination() == Destination.SOCKET ? "splice(pipe->socket)" : "splice(pipe->file)");
        }
        return n;
    }


    @Override
    public long transfer(Source source, Target target) throws IOException {
        return pipe.guard(javaLoop, source, target);
    }

    @Override
    public long transferNative(Source source, Target target) throws IOException {
        return pipe.guard(nativeLoop, source, target);
    }

    @Override
    public String whenSourceShrinks() {
        return "the mapping's pages past the new end of file are gone, so vmsplice() from them fails with EFAULT";
    }

    @Override
    public void close() {
        pipe.close();
    }
}
