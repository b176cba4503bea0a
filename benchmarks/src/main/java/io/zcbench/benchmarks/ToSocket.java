package io.zcbench.benchmarks;

import io.zcbench.harness.UsageException;
import io.zcbench.harness.endpoint.SocketTarget;
import io.zcbench.harness.fixture.Sizes;
import io.zcbench.harness.nativeio.NativeLibrary;
import io.zcbench.harness.path.UnsupportedPathException;
import io.zcbench.harness.sink.HostPort;
import io.zcbench.harness.sink.SinkConnection;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.BenchmarkParams;

import java.io.IOException;
import java.time.Duration;

/** File → TCP socket, one whole file per operation, over one persistent connection per thread. */
@State(Scope.Thread)
public class ToSocket extends SendingState {

    @Setup(Level.Trial)
    public void open(BenchmarkParams params, SourceState src, SinkState sink) throws IOException {
        Duration timeout = Duration.ofSeconds(Long.getLong("zcbench.timeout", 60));
        sender.open(params, path, impl, chunk, pipeSize, src, () -> {
            if (sink.unsupported != null) {
                throw new UnsupportedPathException(path, "receive method " + sink.expectedDrain.id() + ": " + sink.unsupported, null);
            }
            // the sink counts its receiving thread in the counted operations (asked now: opening its counters takes a while)
            SinkConnection c = SinkConnection.connect(sink.address, timeout, sink.congestion, NativeLibrary.isAvailable(),
                    sink.lowWater);
            if (c.drain() != sink.expectedDrain) {
                c.close();
                throw new UsageException("parameter receive=" + sink.expectedDrain.id() + ": the sink at "
                        + HostPort.format(sink.address) + " receives with " + c.drain().id()
                        + "; restart it with --receive " + sink.expectedDrain.id() + " or pass -p receive=" + c.drain().id());
            }
            return new SocketTarget(c, false);
        });
        System.out.println("[zcbench] " + path + " (" + impl + ") → socket " + HostPort.format(sink.address) + ", "
                + Sizes.format(src.bytes) + " per operation");
    }


    /*
     * What to expect of each path is its own model, declared in its class (Model) and written into paths.json, which
     * the report puts beside what was measured: CPU and DMA copies per destination, system calls per chunk, the calls it
     * makes, who else works for it. The sending thread is counted by the zc profiler (zc.*); the receiving end by the
     * sink on its receiving thread, in the same counted operations (zc.receiver.*: calls, switches, CPU, copies per
     * byte), receiving with the method -p receive chooses.
     */
    @Benchmark
    public long transfer() throws IOException {
        return sender.transfer();
    }

}
