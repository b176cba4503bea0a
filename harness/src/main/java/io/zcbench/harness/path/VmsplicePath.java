package io.zcbench.harness.path;

import io.zcbench.harness.endpoint.Destination;
import io.zcbench.harness.endpoint.Source;
import io.zcbench.harness.endpoint.Target;
import io.zcbench.harness.nativeio.Fds;
import io.zcbench.harness.nativeio.Zerocopy;
import io.zcbench.harness.path.mechanism.MappedWindows;
import io.zcbench.harness.path.mechanism.PathPipe;
import io.zcbench.harness.path.mechanism.PipedPath;
import io.zcbench.harness.path.mechanism.TwinLoop;
import io.zcbench.harness.path.mechanism.Unmapper;

import java.io.IOException;
import java.util.EnumSet;

/**
 * {@code vmsplice} of the file's mapped pages into a pipe, then {@code splice(pipe → dest)}, per chunk: the
 * pipe takes references to the pages (no SPLICE_F_GIFT: they stay the page cache's), so no CPU copy on the
 * way to a socket; to a file, splicing out of the pipe copies into the destination's page cache.
 */
public final class VmsplicePath extends PipedPath implements ForeignView.Capable {
    public static final PathInfo INFO = new PathInfo("vmsplice",
            "mmap(file) per GiB, vmsplice(mapped pages → pipe) + splice(pipe → dest) per chunk, through libzcbench",
            "the same vmsplice + splice per chunk from its own mmap(2) per GiB, through the same pipe, in C", true, false,
            EnumSet.allOf(Destination.class),
            Model.builder().cpuCopies("0", "1 (pipe → destination's page cache)").syscalls("2 per chunk", "4 per chunk")
                    .calls("mmap", "vmsplice", "splice").perChunk("vmsplice", "splice").count(1, 2, 0).pipe()
                    .note("user pages into a pipe by reference, then on by reference").build(),
            VmsplicePath::open);

    private final TwinLoop twin = new TwinLoop("vmsplice");
    private final MappedWindows.Step step = this::move;
    private static final MappedWindows.ReceiveMethod NOTHING = t -> { };

    private VmsplicePath(PathPipe pipe, int chunk) {
        super(pipe, chunk, "vmsplice");
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

    /** Pages into the pipe, then the pipe emptied into the destination: every page leaves before the next. */
    private long move(Target target, long address, long pos, long left) throws IOException {
        long n = Fds.check(calls.vmsplice(pipe.write(), address, Math.min(perCall, left)), "vmsplice");
        pipe.drainTo(target, n, n < left, calls); // as the twin: more to come until the window's last bytes
        return n;
    }


    @Override
    protected long javaLoop(Source source, Target target) throws IOException {
        return MappedWindows.run(source, target, step, NOTHING);
    }

    @Override
    protected long nativeLoop(Source source, Target target) throws IOException {
        twin.args.in = source.fd();
        twin.args.chunk = perCall;
        twin.args.pipeRead = pipe.read();
        twin.args.pipeWrite = pipe.write();
        return twin.run(target, source.size());
    }

    @Override
    public String whenSourceShrinks() {
        return "the mapping's pages past the new end of file are gone, so vmsplice() from them fails with EFAULT";
    }
}
