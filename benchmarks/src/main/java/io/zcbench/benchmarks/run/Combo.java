package io.zcbench.benchmarks.run;

import java.util.Map;
import java.util.stream.Collectors;

/** One JMH run: a benchmark, one value per parameter, a thread count. */
record Combo(String benchmark, Map<String, String> params, int threads) {
    String describe() {
        return benchmark + " " + params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" ")) + (threads > 1 ? " threads=" + threads : "");
    }

    long sizeBytes() {
        String s = params.get("size");
        try {
            return s == null ? 64L << 20 : io.zcbench.harness.fixture.Sizes.parse(s);
        } catch (IllegalArgumentException e) {
            return 0;
        }
    }
}
