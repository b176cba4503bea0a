package io.zcbench.benchmarks.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The end-of-run table on the console: GB/s with its error, syscalls and CPU per op, and what was skipped. */
final class Summary {
    private Summary() {
    }

    static void print(PrintStream out, List<RunResult> results, Path outcomes) {
        out.println();
        out.printf(Locale.ROOT, "%-9s %-23s %-7s %-5s %3s %18s %12s %12s %14s%n", "dest", "path", "size", "cache", "thr",
                "GB/s (99.9% CI)", "syscalls/op", "vol.cs/op", "sys ns/KiB");
        for (RunResult r : results) {
            Result<?> p = r.getPrimaryResult();
            long bytes = RunMain.bytes(r);
            double secondsPerOp = p.getScore() * seconds(p.getScoreUnit());
            double gbs = bytes / secondsPerOp / 1e9;
            double rel = p.getScoreError() / p.getScore();
            Map<String, Result> sec = r.getSecondaryResults();
            out.printf(Locale.ROOT, "%-9s %-23s %-7s %-5s %3d %10.3f ± %5.3f %12s %12s %14s%n",
                    r.getParams().getBenchmark().contains("ToFile") ? "file" : "socket", label(r),
                    r.getParams().getParam("size"), r.getParams().getParam("cache"), r.getParams().getThreads(), gbs,
                    Double.isNaN(rel) ? 0 : gbs * rel, fmt(sec.get("zc.syscalls")), fmt(sec.get("zc.ctxsw.voluntary")),
                    fmt(sec.get("zc.cpu.sys.perKiB")));
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
        String impl = r.getParams().getParam("impl");
        return r.getParams().getParam("path") + ("native".equals(impl) ? " (twin)" : "") + (counters == null ? "" : " ctr=" + counters);
    }

    private static String fmt(Result<?> r) {
        if (r == null) {
            return "-";
        }
        return Double.isNaN(r.getScore()) ? "n/a" : String.format(Locale.ROOT, "%.1f", r.getScore());
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
