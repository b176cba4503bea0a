package io.zcbench.harness.path.mechanism;

import io.zcbench.harness.nativeio.KernelCalls;
import io.zcbench.harness.endpoint.Source;
import io.zcbench.harness.endpoint.Target;
import io.zcbench.harness.path.CopyPath;

import java.io.IOException;

/**
 * What the paths that move data through a pipe share (splice, vmsplice, io-uring-splice): the pipe, its size note,
 * and both loops — the Java path and the native twin — run through {@link PathPipe#guard}, so a failure that may
 * have left bytes in the pipe gets a fresh one. A path supplies its two loops and says what one call moves.
 */
public abstract class PipedPath implements CopyPath {
    protected final PathPipe pipe;
    /** Bytes one call moves at most: the chunk, or less when the kernel granted a smaller pipe. */
    protected final int perCall;
    /** What the Java loop's kernel calls go through: JNI, or FFM for one transfer under impl=ffm. */
    protected KernelCalls calls = KernelCalls.JNI;
    private final String perWhat;
    private final PathPipe.Move javaLoop = this::javaLoop;
    private final PathPipe.Move nativeLoop = this::nativeLoop;

    public PipedPath(PathPipe pipe, int chunk, String perWhat) {
        this.pipe = pipe;
        this.perCall = Math.min(pipe.capacity(), chunk);
        this.perWhat = perWhat;
    }

    /** The Java path's whole transfer through the pipe. */
    protected abstract long javaLoop(Source source, Target target) throws IOException;

    /** The native twin's whole transfer through the same pipe. */
    protected abstract long nativeLoop(Source source, Target target) throws IOException;

    @Override
    public final long transfer(Source source, Target target) throws IOException {
        return pipe.guard(javaLoop, source, target);
    }

    /** The Java loop with its kernel calls made through {@code api} (impl=ffm: FFM downcalls) for this transfer. */
    public final long transfer(Source source, Target target, KernelCalls api) throws IOException {
        calls = api;
        try {
            return pipe.guard(javaLoop, source, target);
        } finally {
            calls = KernelCalls.JNI;
        }
    }

    @Override
    public final long transferNative(Source source, Target target) throws IOException {
        return pipe.guard(nativeLoop, source, target);
    }

    @Override
    public String setupNote() {
        return pipe.note(perCall, perWhat);
    }

    /** The pipe capacity the kernel granted. */
    public int pipeCapacity() {
        return pipe.capacity();
    }

    @Override
    public void close() {
        pipe.close();
    }
}
