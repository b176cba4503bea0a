package io.zcbench.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.openjdk.jmh.infra.BenchmarkParams;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Benchmarks that did not produce a figure, and why: a path unsupported here (skipped, with the
 * reason) or a failed operation (data loss, a broken sink). Appended as JSON lines to the file
 * named by {@code -Dzcbench.outcomes} (the preset runner sets it), so results record the gap
 * instead of silently lacking a row.
 */
public final class Outcomes {
    public static final String PROPERTY = "zcbench.outcomes";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Outcomes() {
    }

    public static void skipped(BenchmarkParams params, String reason) {
        write(params, "skipped", reason);
    }

    public static void failed(BenchmarkParams params, Throwable error) {
        write(params, "failed", error.getClass().getSimpleName() + ": " + error.getMessage());
    }

    /**
     * Records what the runner saw from outside a fork (a JVM that died before it could say anything) in
     * {@code file}; the same line format as the forks write.
     */
    public static synchronized void record(Path file, String benchmark, int threads, Map<String, String> params,
                                           String kind, String reason) {
        ObjectNode n = JSON.createObjectNode();
        n.put("benchmark", benchmark);
        n.put("threads", threads);
        ObjectNode p = n.putObject("params");
        params.forEach(p::put);
        n.put("outcome", kind);
        n.put("reason", reason);
        try {
            Files.writeString(file, JSON.writeValueAsString(n) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("zcbench run: cannot record the outcome in " + file + ": " + e.getMessage());
        }
    }

    private static synchronized void write(BenchmarkParams params, String kind, String reason) {
        System.out.println("[zcbench] " + kind + ": " + reason);
        String file = System.getProperty(PROPERTY);
        if (file == null || params == null) {
            return;
        }
        ObjectNode n = JSON.createObjectNode();
        n.put("benchmark", params.getBenchmark());
        n.put("threads", params.getThreads());
        ObjectNode p = n.putObject("params");
        for (String k : params.getParamsKeys()) {
            p.put(k, params.getParam(k));
        }
        n.put("outcome", kind);
        n.put("reason", reason);
        try {
            Files.writeString(Path.of(file), JSON.writeValueAsString(n) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("[zcbench] cannot record the outcome in " + file + ": " + e.getMessage());
        }
    }
}
