package io.zcbench.benchmarks;

import io.zcbench.benchmarks.profile.ZcProfiler;
import io.zcbench.harness.UsageException;
import io.zcbench.harness.counters.CounterConfig;
import io.zcbench.harness.endpoint.SocketTarget;
import io.zcbench.harness.sink.SinkConnection;

import org.openjdk.jmh.annotations.Benchmark;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Does counting change what is counted? The same file → socket transfer with the default counter
 * set (syscall tracepoints, sched_switch, software events, getrusage) on and off, in one JMH run,
 * so both figures come from the same conditions. Run it with {@code --preset overhead}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 3, jvmArgsAppend = {"-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 8, time = 1)
public class CountersOverhead extends SendingState {
    /**
     * off: the bare operation, nothing read around it; on: zcbench's default (the thread's clocks around each timed
     * operation, and 2 extra counted operations after each iteration, untimed); all: every timed operation counted.
     */
    @Param({"off", "on", "all"})
    public String counters;

    private CounterConfig config;

    @Setup(Level.Trial)
    public void open(BenchmarkParams params, SourceState src, SinkState sink) throws IOException {
        if (!List.of("off", "on", "all").contains(counters)) {
            throw new UsageException("parameter counters=" + counters + ": choose off, on or all");
        }
        config = counters.equals("off") ? null : CounterConfig.DEFAULT;
        if (counters.equals("off")) {
            sender.unclocked(); // the bare operation: no clock around it, nothing counted
        }
        sender.open(params, path, impl, chunk, pipeSize, src,
                () -> new SocketTarget(SinkConnection.connect(sink.address, Duration.ofSeconds(60), sink.congestion), false));
    }

    @Override
    protected void iterationStarted() throws IOException {
        if (counters.equals("all")) {
            sender.countInline(config);
        }
    }

    /* Expect on within the noise of off: the timed operations pay for the clock reads around them (a few system
     * calls, about a microsecond against milliseconds) and for registered but disabled tracepoints (~0.08 us per
     * system call: 2048 per op for traditional at 64 MiB, 2 for transfer-to). all (every timed operation counted)
     * shows what counting inline costs: about 20% on this kind of VM. */
    @Benchmark
    public long transfer() throws IOException {
        return sender.transfer();
    }

    @Override
    protected void iterationEnding() throws IOException {
        sender.endIteration(counters.equals("on") ? config : null, ZcProfiler.DEFAULT_OPS);
    }
}
