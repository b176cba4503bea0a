package io.zcbench.harness.endpoint;

import io.zcbench.harness.UsageException;
import io.zcbench.harness.metrics.BenchmarkNames;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where a copy path sends the file: a TCP sink or a new file in a directory. */
public enum Destination {
    SOCKET("socket"),
    FILE("file");

    private final String id;

    Destination(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** Where a zcbench benchmark writes, from its JMH name or short class name ({@link BenchmarkNames}). */
    public static Destination ofBenchmark(String benchmark) {
        return parse(BenchmarkNames.destinationOf(benchmark));
    }

    public static Destination parse(String text) {
        for (Destination d : values()) {
            if (d.id.equals(text.toLowerCase(Locale.ROOT))) {
                return d;
            }
        }
        throw new UsageException("unknown destination '" + text + "'; choose one of: "
                + Arrays.stream(values()).map(Destination::id).collect(Collectors.joining(", ")));
    }
}
