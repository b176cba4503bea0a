package io.zcbench.harness.endpoint;

import io.zcbench.harness.Ids;
import io.zcbench.harness.metrics.BenchmarkNames;

/** Where a copy path sends the file: a TCP sink or a new file in a directory. */
public enum Destination implements Ids.Id {
    SOCKET,
    FILE;

    /** Where a zcbench benchmark writes, from its JMH name or short class name ({@link BenchmarkNames}). */
    public static Destination ofBenchmark(String benchmark) {
        return parse(BenchmarkNames.destinationOf(benchmark));
    }

    public static Destination parse(String text) {
        return Ids.parse(Destination.class, text, "destination");
    }
}
