package io.zcbench.harness.metrics;

/**
 * How a run's files name what ran, read the same way by the runner and the report: JMH's results name a benchmark
 * (io.zcbench.benchmarks.ToFile.transfer), not its destination. ToFile writes to a file; every other zcbench benchmark
 * (ToSocket, CountersOverhead, LargeFile) to a socket.
 */
public final class BenchmarkNames {
    private BenchmarkNames() {
    }

    /** "file" or "socket", from a JMH benchmark name or its short class name. */
    public static String destinationOf(String benchmark) {
        String[] parts = benchmark.split("\\.");
        String cls = parts.length >= 2 && parts[parts.length - 1].equals("transfer") ? parts[parts.length - 2]
                : parts[parts.length - 1];
        return cls.equals("ToFile") ? "file" : "socket";
    }
}
