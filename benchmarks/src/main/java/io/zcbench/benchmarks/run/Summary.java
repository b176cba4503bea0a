package io.zcbench.benchmarks.run;

import io.zcbench.harness.endpoint.Destination;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What did not run, and why, on the console. The summary table itself is the report's (its estimators: the median
 * of the forks' values, Java ÷ native from paired iterations), printed by the report step.
 */
final class Summary {
    private Summary() {
    }

    /** The skipped, failed and crashed benchmarks the forks and the runner recorded. */
    static void outcomes(PrintStream out, Path outcomes) {
        if (!Files.exists(outcomes)) {
            return;
        }
        try {
            ObjectMapper json = new ObjectMapper();
            for (String line : Files.readAllLines(outcomes)) {
                JsonNode n = json.readTree(line);
                out.printf(Locale.ROOT, "%-9s %-23s %-7s %-5s %s: %s%n",
                        Destination.ofBenchmark(n.get("benchmark").asText()).id(),
                        n.get("params").path("path").asText(), n.get("params").path("size").asText(),
                        n.get("params").path("cache").asText(), n.get("outcome").asText(), n.get("reason").asText());
            }
        } catch (IOException e) {
            out.println("(cannot read " + outcomes + ": " + e.getMessage() + ")");
        }
    }
}
