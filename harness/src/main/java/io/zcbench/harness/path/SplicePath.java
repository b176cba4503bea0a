package io.zcbench.harness.path;

import io.zcbench.harness.endpoint.Destination;
import io.zcbench.harness.endpoint.Source;
import io.zcbench.harness.endpoint.Target;
import io.zcbench.harness.nativeio.Fds;
import io.zcbench.harness.nativeio.Pipes;
import io.zcbench.harness.path.mechanism.ChunkedTransfer;
import io.zcbench.harness.path.mechanism.PathPipe;
import io.zcbench.harness.path.mechanism.PipedPath;
import io.zcbench.harness.path.mechanism.TwinLoop;

import java.io.IOException;
import java.util.EnumSet;

/**
 * JNI {@code splice(file → pipe)} + {@code splice(pipe → dest)} per chunk: pages move by reference,
 * no CPU copy in user space. The pipe is sized with F_SETPIPE_SZ (default: the chunk size; the
 * kernel rounds up to a power-of-two number of pages) and each splice pair moves at most one pipe-full.
 */
public final class SplicePath extends PipedPath implements ForeignView.Capable {
    public static final PathInfo INFO = new PathInfo("splice",
            "splice(file→pipe) + splice(pipe→dest) per chunk, through libzcbench",
            "the same splice pair per chunk, the loop in C, through the same pipe", true, false,
            EnumSet.allOf(Destination.class),
            Model.builder().cpuCopies("0", "0").syscalls("2 per chunk", "4 per chunk").calls("splice").perChunk("splice").pipe()
                    .count(0, 2, 0).note("file to pipe to destination; pages move by reference")
                    .copiesNote("splicing into a file copies the pipe's pages into the destination's page cache "
                            + "(iter_file_splice_write, generic_perform_write)").build(),
            SplicePath::open);

    private final TwinLoop twin = new TwinLoop("splice");
    private final ChunkedTransfer.Step step = this::move;

    private SplicePath(PathPipe pipe, int chunk) {
        super(pipe, chunk, "splice pair");
    }

    private static CopyPath open(PathOptions options, Source source, Target target) throws IOException {
        return new SplicePath(PathPipe.open(INFO.id(), options), options.chunk());
    }

    @Override
    public PathInfo info() {
        return INFO;
    }

    /** One pipe-full: file → pipe, then pipe → destination until the pipe is empty. */
    private long move(Source source, Target target, long pos, long remaining) throws IOException {
        long n = Fds.check(calls.splice(source.fd(), pos, pipe.write(), -1, Math.min(perCall, remaining),
                Pipes.SPLICE_F_MOVE), "splice(file->pipe)");
        pipe.drainTo(target, n, n < remaining, calls);
        return n;
    }

    @Override
    protected long javaLoop(Source source, Target target) throws IOException {
        return ChunkedTransfer.run("splice(file->pipe)", source, target, step);
    }

    @Override
    protected long nativeLoop(Source source, Target target) throws IOException {
        twin.args.in = source.fd();
        twin.args.chunk = perCall;
        twin.args.pipeRead = pipe.read();
        twin.args.pipeWrite = pipe.write();
        return twin.run(target, source.size());
    }
}
