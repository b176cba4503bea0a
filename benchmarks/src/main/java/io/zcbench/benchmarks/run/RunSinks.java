package io.zcbench.benchmarks.run;

import io.zcbench.benchmarks.Params;
import io.zcbench.benchmarks.PinState;
import io.zcbench.benchmarks.SinkState;
import io.zcbench.harness.nativeio.NativeLibrary;
import io.zcbench.harness.sink.Congestion;
import io.zcbench.harness.sink.HostPort;
import io.zcbench.harness.sink.SinkProcess;

import com.fasterxml.jackson.databind.node.ArrayNode;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
            }
            flags.add("-D" + SinkState.SHARED_SINK + w.getKey() + "=" + HostPort.format(s.address()));
        }
        return flags;
    }

    /** What env.json says about them. */
    void describe(ArrayNode into) {
        sinks.forEach((key, s) -> into.addObject().put("key", key).put("address", HostPort.format(s.address()))
                .put("pid", s.pid()));
    }

    @Override
    public void close() {
        sinks.values().forEach(SinkProcess::close);
        sinks.clear();
    }
}
