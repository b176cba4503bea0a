package io.zcbench.benchmarks;

import io.zcbench.harness.sink.Congestion;
import io.zcbench.harness.sink.ReceiveMethod;
import io.zcbench.harness.sink.HostPort;
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

    /**
     * How the sink receives: splice (to /dev/null), copy (recv into a 1 MiB buffer), trunc (recv with MSG_TRUNC),
     * zerocopy-receive (TCP_ZEROCOPY_RECEIVE) or io-uring-zcrx (where a NIC queue allows; skipped with the reason elsewhere).
     */
    @Param({"splice"})
    public String receive;

    /**
     * TCP congestion control for sender and sink: auto (a local sink: one that does not pace inside TCP,
     * from what the kernel allows; a remote sink: the system default), system, or a name.
     */
    @Param({"auto"})
    public String cc;

    /**
     * The receive low-water mark the sink sets on the benchmark's connection (SO_RCVLOWAT: its receive calls return, and
     * TCP wakes it, only once this many bytes are queued), as a size (256KiB); 0 leaves the kernel's default of 1 byte.
     * Every receive method asks for at most 1 MiB per call; this decides how little a call may return.
     */
    @Param({"0"})
    public String rcvlowat;

    /** Prefix of the property the runner sets for each sink it started for the whole run ({@link #sharedKey}). */
    public static final String SHARED_SINK = "zcbench.sharedSink.";

    /** The key of a shared local sink: the receive method, the congestion control (null: system default) and its CPU. */
    public static String sharedKey(String drain, String congestion, int cpu) {
        return drain + "." + (congestion == null ? "system" : congestion) + "." + (cpu < 0 ? "any" : Integer.toString(cpu));
    }

    SinkProcess process;
    InetSocketAddress address;
    ReceiveMethod expectedDrain;
    String congestion;
    /** The receive low-water mark asked for, bytes (0: the kernel's default). */
    int lowWater;
    /** Why this receive method cannot run here (the benchmark is skipped with it), or null. */
    String unsupported;

    @Setup(Level.Trial)
    public void start(PinState pin) throws IOException {
        expectedDrain = Params.receive(receive);
        lowWater = Params.lowWater(rcvlowat);
        unsupported = expectedDrain.unsupportedReason();
        InetSocketAddress remote = Params.sink(sink);
        Congestion choice = Params.cc(cc, remote == null);
        congestion = choice.setting();
        System.out.println("[zcbench] congestion control " + choice.inForce() + ": " + choice.why());
        String shared = System.getProperty(SHARED_SINK + sharedKey(expectedDrain.id(), congestion, pin.sinkCpu));
        if (remote != null) {
            address = remote;
        } else if (unsupported != null) {
            address = null; // nothing to start: the sending state skips the benchmark with the reason
        } else if (shared != null) {
            address = HostPort.parse(shared, "shared sink"); // started by the runner for the whole run
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
