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
            SinkConnection c = SinkConnection.connect(sink.address, timeout, sink.congestion, NativeLibrary.isAvailable());
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
     * What to expect, per path (64 KiB chunks): traditional makes 2 syscalls per chunk and two CPU
     * copies; traditional-heap the same syscalls but more user CPU (the JDK's hidden copies);
     * mmap-write one write per chunk plus mmap/munmap, with page faults instead of reads;
     * transfer-to about one sendfile per file and the least CPU per byte on a warm cache; splice 2
     * syscalls per chunk and no user-space copy; o-direct reads from the disk every time, so it
     * is bounded by the device, even on a warm cache, with one voluntary context switch per read.
     * On loopback the receiving side copies once more (not counted: it is another process).
     */
    @Benchmark
    public long transfer() throws IOException {
        return sender.transfer();
    }

}
