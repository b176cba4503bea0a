package io.zcbench.benchmarks;

import io.zcbench.harness.UsageException;
import io.zcbench.harness.nativeio.Fds;
import io.zcbench.harness.nativeio.NativeLibrary;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Where the sending threads and the local sink run. On this kind of 2-vCPU VM, sender and sink
 * landing on the same CPU or not splits results into two clusters (seen: 17 vs 20.5 ms per 64 MiB
 * operation between forks); pinning them apart removes most of that spread.
 * {@code auto}: with one sender thread and at least two CPUs, the benchmark JVM (sender, JIT, GC) on
 * CPU 0 and the local sink process on the last CPU; otherwise nothing is pinned.
 * {@code none}: never pin. {@code S:R}: the benchmark JVM on CPU S, the sink process on CPU R.
 */
@State(Scope.Benchmark)
public class PinState {
    @Param({"auto"})
    public String pin;

    int senderCpu = -1;
    int sinkCpu = -1;
    String decision;

    /** What pinning does for a parameter value: CPUs (-1: not pinned) and a sentence for the results. */
    public record Decision(int senderCpu, int sinkCpu, String text) {
    }

    /**
     * {@code auto}, {@code none}, or {@code S:R} (S,R also works where JMH does not split the value):
     * the benchmark JVM on CPU S, the local sink on CPU R.
     */
    public static Decision decide(String pin, int threads, int cpus, boolean nativeAvailable) {
        switch (pin) {
            case "none" -> {
                return new Decision(-1, -1, "not pinned (pin=none)");
            }
            case "auto" -> {
                if (!nativeAvailable) {
                    return new Decision(-1, -1, "not pinned (pin=auto, libzcbench unavailable)");
                } else if (threads == 1 && cpus >= 2) {
                    return new Decision(0, cpus - 1, "benchmark JVM on CPU 0, local sink on CPU " + (cpus - 1) + " (pin=auto)");
                }
                return new Decision(-1, -1, "not pinned (pin=auto: " + threads + " sender threads on " + cpus + " CPUs)");
            }
            default -> {
                String[] p = pin.split("[,:]", -1);
                int s;
                int r;
                try {
                    if (p.length > 2) {
                        throw new NumberFormatException();
                    }
                    s = Integer.parseInt(p[0].trim());
                    r = p.length > 1 ? Integer.parseInt(p[1].trim()) : -1;
                } catch (NumberFormatException e) {
                    throw new UsageException("parameter pin=" + pin + ": use auto, none, or SENDER_CPU:SINK_CPU (e.g. 0:1)");
                }
                if (s >= cpus || r >= cpus || s < 0) {
                    throw new UsageException("parameter pin=" + pin + ": this machine has CPUs 0-" + (cpus - 1));
                }
                return new Decision(s, r, "benchmark JVM on CPU " + s + (r >= 0 ? ", local sink on CPU " + r : "")
                        + " (pin=" + pin + ")");
            }
        }
    }

    @Setup(Level.Trial)
    public void decide(BenchmarkParams params) {
        Decision d = decide(pin, params.getThreads(), Runtime.getRuntime().availableProcessors(), NativeLibrary.isAvailable());
        senderCpu = d.senderCpu();
        sinkCpu = d.sinkCpu();
        decision = d.text();
        if (senderCpu >= 0) {
            // Every thread of this fork; JMH's worker threads, created later, inherit it.
            int rc = Fds.pinAllThreads(senderCpu);
            if (rc < 0) {
                throw new IllegalStateException("sched_setaffinity(CPU " + senderCpu + ") failed: " + Fds.errnoText(-rc));
            }
        }
        System.out.println("[zcbench] " + decision);
    }

    /** Pins the calling (sending) thread, if the decision says so. Runs outside the timed region. */
    void pinSender() {
        if (senderCpu >= 0) {
            int rc = Fds.pinThisThread(senderCpu);
            if (rc < 0) {
                throw new IllegalStateException("sched_setaffinity(CPU " + senderCpu + ") failed: " + Fds.errnoText(-rc));
            }
        }
    }
}
