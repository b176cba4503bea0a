package io.zcbench.benchmarks.run;

import io.zcbench.harness.fixture.Sizes;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** One JMH run: a benchmark, one value per parameter, a thread count; {@code forks} its own fork count (0: the preset's). */
record Combo(String benchmark, Map<String, String> params, int threads, int forks) {
    Combo(String benchmark, Map<String, String> params, int threads) {
        this(benchmark, params, threads, 0);
    }

    /** The same benchmark, parameters and threads (whatever the fork count). */
    boolean sameAs(Combo o) {
        return benchmark.equals(o.benchmark) && params.equals(o.params) && threads == o.threads;
    }

    /** Forks of this combo in a run of {@code rounds} rounds. */
    int forksIn(int rounds) {
        return forks > 0 ? Math.min(forks, rounds) : rounds;
    }

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
