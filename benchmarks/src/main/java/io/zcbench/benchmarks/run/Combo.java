package io.zcbench.benchmarks.run;

import io.zcbench.harness.fixture.Sizes;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** One JMH run: a benchmark, one value per parameter, a thread count. */
record Combo(String benchmark, Map<String, String> params, int threads) {
    String describe() {
        return benchmark + " " + params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" ")) + (threads > 1 ? " threads=" + threads : "");
    }

    /** Short, for the one console line per finished fork: the benchmark's class, path, impl and destination-specific params. */
    String brief() {
        String bench = benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1)
                .replace(".transfer", "");
        return bench + " " + params.getOrDefault("path", "?") + (params.containsKey("impl") ? " " + params.get("impl") : "")
                + " " + params.entrySet().stream().filter(e -> !List.of("path", "impl").contains(e.getKey()))
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "))
                + (threads > 1 ? " threads=" + threads : "");
    }

    long sizeBytes() {
        String s = params.get("size");
        try {
            return s == null ? 64L << 20 : Sizes.parse(s);
        } catch (IllegalArgumentException e) {
            return 0;
        }
    }
}
