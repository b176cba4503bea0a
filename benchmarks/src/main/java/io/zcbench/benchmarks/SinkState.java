package io.zcbench.benchmarks;

import io.zcbench.harness.sink.Congestion;
import io.zcbench.harness.sink.Drain;
import io.zcbench.harness.sink.SinkProcess;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The sink: by default a separate process on 127.0.0.1 started for the trial (so the measured JVM
 * holds only senders), draining with splice to /dev/null so it never sets the ceiling; or a sink
 * already running elsewhere ({@code sink=HOST:PORT}, e.g. across a real NIC).
 */
@State(Scope.Benchmark)
public class SinkState {
    /** "" = start a local sink process; HOST:PORT = a running 'zcbench sink'. */
    @Param({""})
    public String sink;

    /** How the sink consumes bytes: splice (to /dev/null) or copy (recv into a 1 MiB buffer). */
    @Param({"splice"})
    public String drain;

    /**
     * TCP congestion control for sender and sink: auto (a local sink: one that does not pace inside TCP,
     * from what the kernel allows; a remote sink: the system default), system, or a name.
     */
    @Param({"auto"})
    public String cc;

    SinkProcess process;
    InetSocketAddress address;
    Drain expectedDrain;
    String congestion;

    @Setup(Level.Trial)
    public void start(PinState pin) throws IOException {
        expectedDrain = Params.drain(drain);
        InetSocketAddress remote = Params.sink(sink);
        Congestion choice = Params.cc(cc, remote == null);
        congestion = choice.setting();
        System.out.println("[zcbench] congestion control " + choice.inForce() + ": " + choice.why());
        if (remote != null) {
            address = remote;
        } else {
            process = SinkProcess.start(expectedDrain, congestion, pin.sinkCpu, Duration.ofSeconds(60), System.err);
            address = process.address();
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        if (process != null) {
            process.close();
        }
    }
}
