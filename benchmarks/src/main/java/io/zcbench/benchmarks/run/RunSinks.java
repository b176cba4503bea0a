package io.zcbench.benchmarks.run;

import io.zcbench.benchmarks.Params;
import io.zcbench.benchmarks.PinState;
import io.zcbench.benchmarks.SinkState;
import io.zcbench.harness.nativeio.NativeLibrary;
import io.zcbench.harness.sink.Congestion;
import io.zcbench.harness.sink.HostPort;
import io.zcbench.harness.sink.SinkProcess;

import com.fasterxml.jackson.databind.node.ArrayNode;

import io.zcbench.harness.sink.SinkConnection;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The local sinks of a run: one sink process per receive method, congestion control and sink CPU the socket benchmarks ask for,
 * started by the runner before the first fork and shared by every fork (each fork makes its own connection). A fork then
 * pays neither a sink JVM's start nor its JIT warming up beside the measured operations. A sink found dead before a fork
 * is started again, and the run says so.
 */
final class RunSinks implements AutoCloseable {
    private final Map<String, SinkProcess> sinks = new LinkedHashMap<>();
    private final Map<String, String[]> wanted = new LinkedHashMap<>();
    private final PrintStream out;

    RunSinks(List<Combo> combos, PrintStream out) {
        this.out = out;
        for (Combo c : combos) {
            Map<String, String> p = c.params();
            if (!c.benchmark().contains("ToSocket") && !c.benchmark().contains("LargeFile")
                    && !c.benchmark().contains("CountersOverhead") || Params.sink(p.get("sink")) != null) {
                continue;
            }
            String drain = p.getOrDefault("receive", "splice");
            if (Params.receive(drain).unsupportedReason() != null) {
                continue; // its benchmarks are skipped with the reason; there is no sink to start
            }
            String cc = Params.cc(p.getOrDefault("cc", Congestion.AUTO), true).setting();
            int cpu = PinState.decide(p.getOrDefault("pin", "auto"), c.threads(), Runtime.getRuntime().availableProcessors(),
                    NativeLibrary.isAvailable()).sinkCpu();
            wanted.put(SinkState.sharedKey(drain, cc, cpu), new String[] {drain, cc, Integer.toString(cpu)});
        }
    }

    /** Starts every sink not running; the system properties that tell the forks where they are. */
    List<String> ensureStarted() throws IOException {
        List<String> flags = new ArrayList<>();
        for (Map.Entry<String, String[]> w : wanted.entrySet()) {
            SinkProcess s = sinks.get(w.getKey());
            if (s != null && !s.isAlive()) {
                out.println("zcbench run: the shared sink (" + w.getKey() + ") died; starting another");
                s = null;
            }
            if (s == null) {
                String[] v = w.getValue();
                s = SinkProcess.start(Params.receive(v[0]), v[1], Integer.parseInt(v[2]), Duration.ofSeconds(60), null);
                sinks.put(w.getKey(), s);
                warm(w.getKey(), s, v[1]);
            }
            flags.add("-D" + SinkState.SHARED_SINK + w.getKey() + "=" + HostPort.format(s.address()));
        }
        return flags;
    }

    /** How long each sink is fed before its first fork. */
    static final Duration WARM = Duration.ofMillis(500);
    private static final long WARM_TRANSFER = 64L << 20;
    private final Map<String, String> warmed = new LinkedHashMap<>();

    /**
     * Feeds a new sink for {@link #WARM} over a connection of its own, opened as the forks open theirs (the receiver's
     * counters on), before any fork connects: the first such connection a sink serves pays a one-time cost, and without
     * this the first fork of each receive method measured it. In two main jobs here, the first fork to a new copy sink
     * ran at 1.4-2.4 GB/s against 5-7 in every later one (zerocopy-receive: 1.8-2.6 against 3-4), which made that
     * benchmark's interval ±180-260%; the sink's first counted transfer here took 0.2 s for 64 MiB, and after it the
     * first fork ran as the later ones (6.3-7.3 GB/s). Fed without the counters, the sink still slowed the first fork.
     * What each sink was fed is in env.json (run.sharedSinks).
     */
    private void warm(String key, SinkProcess s, String cc) {
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
        long end = System.nanoTime() + WARM.toNanos();
        long bytes = 0;
        int transfers = 0;
        long t0 = System.nanoTime();
        // connected as the forks connect (the receiver's counters opened where they can be)
        try (SinkConnection c = SinkConnection.connect(s.address(), Duration.ofSeconds(30), cc, NativeLibrary.isAvailable())) {
            do {
                c.begin(WARM_TRANSFER, 0);
                long sent = 0;
                while (sent < WARM_TRANSFER) {
                    buf.clear().limit((int) Math.min(buf.capacity(), WARM_TRANSFER - sent));
                    sent += c.channel().write(buf);
                    c.progress();
                }
                c.awaitReply(sent);
                bytes += sent;
                transfers++;
            } while (System.nanoTime() < end);
            warmed.put(key, String.format(Locale.ROOT, "%d transfers of %d MiB (%.1f s) before the first fork", transfers,
                    WARM_TRANSFER >> 20, (System.nanoTime() - t0) / 1e9));
        } catch (IOException | RuntimeException e) {
            warmed.put(key, "not warmed: " + e.getMessage());
            out.println("zcbench run: could not warm the shared sink (" + key + ") before its first fork: " + e.getMessage()
                    + "; that fork measures the sink's JIT warming up too");
        }
    }

    /** What env.json says about them. */
    void describe(ArrayNode into) {
        sinks.forEach((key, s) -> into.addObject().put("key", key).put("address", HostPort.format(s.address()))
                .put("pid", s.pid()).put("warmed", warmed.getOrDefault(key, "no")));
    }

    @Override
    public void close() {
        sinks.values().forEach(SinkProcess::close);
        sinks.clear();
    }
}
