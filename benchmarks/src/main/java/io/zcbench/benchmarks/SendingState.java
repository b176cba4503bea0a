package io.zcbench.benchmarks;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;

/**
 * What every benchmark thread that sends files shares: the path parameters and the per-iteration
 * and per-operation lifecycle around its {@link Sender}. Subclasses open the sender for their
 * destination and declare the {@code @Benchmark} method.
 */
@State(Scope.Thread)
public abstract class SendingState {
    @Param({"traditional", "traditional-heap", "mmap-write", "transfer-to", "splice", "o-direct"})
    public String path;

    /** Bytes per read/write or per splice pair (transfer-to sends the whole file per call). */
    @Param({"64KiB"})
    public String chunk;

    /** splice only: F_SETPIPE_SZ request, "0" = the chunk size. */
    @Param({"0"})
    public String pipeSize;

    protected final Sender sender = new Sender();

    @Setup(Level.Iteration)
    public void beginIteration(PinState pin) {
        pin.pinSender();
        sender.beginIteration();
        iterationStarted();
    }

    /** Hook for subclasses, after the iteration's setup. */
    protected void iterationStarted() {
    }

    /** Outside the timed region: rewind, create or truncate the destination file, evict for cold. */
    @Setup(Level.Invocation)
    public void prepare() throws IOException {
        sender.prepare();
    }

    /** With the zc profiler on: the counted operations, untimed. */
    @TearDown(Level.Iteration)
    public void endIteration() throws IOException {
        iterationEnding();
    }

    /** What ends an iteration; by default the zc profiler's counted operations. */
    protected void iterationEnding() throws IOException {
        sender.endIteration();
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        sender.close();
    }
}
