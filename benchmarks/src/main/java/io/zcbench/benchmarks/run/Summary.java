package io.zcbench.benchmarks.run;

import io.zcbench.harness.fixture.Sizes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The end-of-run table on the console, one line per path: GB/s with JMH's 99.9% error, its native twin's GB/s and
 * Java ÷ native, the Java path's syscalls, voluntary switches and system CPU per op, and what was skipped.
 */
final class Summary {
    private Summary() {
    }

    static void print(PrintStream out, List<RunResult> results, Path outcomes) {
        out.println();
        out.printf(Locale.ROOT, "%-6s %-22s %-6s %-5s %3s %18s %10s %9s %11s %9s %10s%n", "dest", "path", "size", "cache",
                "thr", "GB/s (99.9% CI)", "twin GB/s", "Java/twin", "syscalls/op", "vol.cs/op", "sys ns/KiB");
        Map<String, RunResult> twins = new LinkedHashMap<>();
        results.stream().filter(r -> "native".equals(impl(r))).forEach(r -> twins.put(key(r), r));
        for (RunResult r : results) {
            boolean twinOnly = "native".equals(impl(r));
            if (twinOnly && results.stream().anyMatch(o -> !"native".equals(impl(o)) && key(o).equals(key(r)))) {
                continue; // printed on its Java path's line
            }
            RunResult twin = twinOnly ? null : twins.get(key(r));
            @SuppressWarnings("rawtypes") // JMH's own signature
            Map<String, Result> sec = r.getSecondaryResults();
            double gbs = gbs(r);
            double err = gbs * r.getPrimaryResult().getScoreError() / r.getPrimaryResult().getScore();
            double twinGbs = twin == null ? Double.NaN : gbs(twin);
            out.printf(Locale.ROOT, "%-6s %-22s %-6s %-5s %3d %18s %10s %9s %11s %9s %10s%n",
                    r.getParams().getBenchmark().contains("ToFile") ? "file" : "socket", label(r) + (twinOnly ? " (twin)" : ""),
                    r.getParams().getParam("size"), r.getParams().getParam("cache"), r.getParams().getThreads(),
                    Double.isNaN(err) ? String.format(Locale.ROOT, "%.3f (n/a)", gbs) : String.format(Locale.ROOT, "%.3f ± %.3f", gbs, err),
                    twin == null ? "-" : String.format(Locale.ROOT, "%.3f", twinGbs),
                    twin == null ? "-" : String.format(Locale.ROOT, "%.2fx", gbs / twinGbs),
                    fmt(sec.get("zc.syscalls")), fmt(sec.get("zc.ctxsw.voluntary")), fmt(sec.get("zc.cpu.sys.perKiB")));
        }
        if (Files.exists(outcomes)) {
            try {
                ObjectMapper json = new ObjectMapper();
                for (String line : Files.readAllLines(outcomes)) {
                    JsonNode n = json.readTree(line);
                    out.printf(Locale.ROOT, "%-9s %-23s %-7s %-5s %s: %s%n",
                            n.get("benchmark").asText().contains("ToFile") ? "file" : "socket",
                            n.get("params").path("path").asText(), n.get("params").path("size").asText(),
                            n.get("params").path("cache").asText(), n.get("outcome").asText(), n.get("reason").asText());
                }
            } catch (IOException e) {
                out.println("(cannot read " + outcomes + ": " + e.getMessage() + ")");
            }
        }
    }

    /** The path id, plus the counters setting for the overhead benchmark. */
    private static String label(RunResult r) {
        String counters = r.getParams().getParamsKeys().contains("counters") ? r.getParams().getParam("counters") : null;
        String limit = r.getParams().getParamsKeys().contains("limit") ? r.getParams().getParam("limit") : null;
        return r.getParams().getParam("path") + (counters == null ? "" : " ctr=" + counters)
                + (limit == null ? "" : " limit=" + limit);
    }

    private static String impl(RunResult r) {
        return r.getParams().getParamsKeys().contains("impl") ? r.getParams().getParam("impl") : "java";
    }

    /** A benchmark and its parameters without impl: a Java path and its native twin share it. */
    private static String key(RunResult r) {
        StringBuilder k = new StringBuilder(r.getParams().getBenchmark()).append('|').append(r.getParams().getThreads());
        for (String p : r.getParams().getParamsKeys()) {
            if (!p.equals("impl")) {
                k.append('|').append(p).append('=').append(r.getParams().getParam(p));
            }
        }
        return k.toString();
    }

    private static double gbs(RunResult r) {
        Result<?> p = r.getPrimaryResult();
        return bytes(r) / (p.getScore() * seconds(p.getScoreUnit())) / 1e9;
    }

    private static String fmt(Result<?> r) {
        if (r == null) {
            return "-";
        }
        return Double.isNaN(r.getScore()) ? "n/a" : String.format(Locale.ROOT, "%.1f", r.getScore());
    }

    /** The result's bytes per operation from its size parameter. */
    private static long bytes(RunResult r) {
        String size = r.getParams().getParam("size");
        return size == null ? 0 : Sizes.parse(size);
    }

    /** Seconds in one unit of a JMH time-per-op score unit ("us/op"). */
    static double seconds(String unit) {
        String u = unit.substring(0, unit.indexOf('/'));
        return switch (u) {
            case "s" -> 1;
            case "ms" -> 1e-3;
            case "us" -> 1e-6;
            case "ns" -> 1e-9;
            case "min" -> 60;
            default -> TimeUnit.SECONDS.toSeconds(1);
        };
    }
}
