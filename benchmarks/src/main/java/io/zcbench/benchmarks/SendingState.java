package io.zcbench.benchmarks;

import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * What every benchmark thread that sends files shares: the path parameters and the per-iteration
 * and per-operation lifecycle around its {@link Sender}. Subclasses open the sender for their
 * destination and declare the {@code @Benchmark} method. JMH reads the run settings below from the
 * superclass when a benchmark class does not set its own.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class SendingState {
    @Param({"traditional", "traditional-heap", "mmap-write", "transfer-to", "splice", "o-direct", "copy-file-range",
            "msg-zerocopy", "io-uring-send-zc", "io-uring-splice", "vmsplice", "io-uring-direct", "netty-epoll-fileregion",
            "netty-io-uring-fileregion", "netty-epoll-bytebuf"})
    public String path;

    /** Bytes per read/write or per splice pair (transfer-to sends the whole file per call). */
    @Param({"64KiB"})
    public String chunk;

    /** splice only: F_SETPIPE_SZ request, "0" = the chunk size. */
    @Param({"0"})
    public String pipeSize;

    /** io-uring-direct only: O_DIRECT reads in flight, "0" = its default (8). */
    @Param({"0"})
    public String depth;

    /**
     * java: the path as zcbench implements it; native: its twin, the same loop in C in one JNI call; paired: the Java
     * path measured, its twin's operations alternating with it in the same fork (Java ÷ native from neighbours).
     */
    @Param({"paired"})
    public String impl;

    /**
     * platform: the operations run on JMH's platform thread; virtual: on a virtual thread (JDK 21+, a fork started with
     * {@code ThreadKind.FORK_FLAGS}: JMH's virtual executor on one carrier, which the counters follow).
     */
    @Param({"platform"})
    public String thread;

    protected final Sender sender = new Sender();

    @Setup(Level.Iteration)
    public void beginIteration(PinState pin) throws IOException {
        pin.pinSender();
        sender.beginIteration();
        iterationStarted();
    }

    /** Hook for subclasses, after the iteration's setup. */
    protected void iterationStarted() throws IOException {
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

    /** Every fork's transfers are checked end to end once, whatever the destination and the sink's drain. */
    @TearDown(Level.Trial)
    public void close() throws IOException {
        try {
            sender.verifyOnce();
        } finally {
            sender.close();
        }
    }
}
