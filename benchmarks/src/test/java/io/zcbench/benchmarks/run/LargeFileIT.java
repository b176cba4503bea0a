package io.zcbench.benchmarks.run;

import io.zcbench.harness.fixture.MemoryCgroup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The large-file scenario at test scale, run by the runner as its preset runs it: a 128 MiB cold file through a
 * 48 MiB memory cgroup beside a 16 MiB hot set. transfer-to (sendfile) evicts part of the hot set; the same path without
 * the cgroup (the control: the file fits) leaves it whole; io-uring-direct leaves it whole and caches nothing;
 * and every cgroup the forks made is gone afterwards.
 */
class LargeFileIT {
    @TempDir
    Path results;

    @TempDir
    Path data;

    @Test
    void theHotSetMovesWhenTheFileOutgrowsTheCgroupAndOnlyThen() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "memory cgroups need root (CI runs as root)");
        Path cgroups = MemoryCgroup.parentFolder();
        SmokeIT.Run r = SmokeIT.run(List.of("--preset", "large", "--results", results.toString(), "-p", "dir=" + data,
                "-p", "path=transfer-to,io-uring-direct", "-p", "size=128MiB", "-p", "limit=48MiB,none", "-p", "hot=16MiB",
                "-p", "hotRate=100", "-i", "2"));
        assertEquals(0, r.exit(), r.out() + r.err());
        Path dir = SmokeIT.runDir(results);
        Map<String, JsonNode> by = new HashMap<>();
        for (JsonNode b : new ObjectMapper().readTree(dir.resolve("jmh.json").toFile())) {
            by.put(b.get("params").get("path").asText() + "@" + b.get("params").get("limit").asText(), b.get("secondaryMetrics"));
        }
        assertEquals(4, by.size(), by.keySet().toString());

        JsonNode squeezed = by.get("transfer-to@48MiB");
        assertEquals(100, score(squeezed, "hot.residentBefore"), 0.5, "each operation starts with the hot set cached");
        assertTrue(score(squeezed, "hot.residentAfter") < 95 || score(squeezed, "hot.majorFaults") > 0,
                "sendfile of a 128 MiB file through 48 MiB evicts hot pages: " + squeezed);
        assertTrue(score(squeezed, "cgroup.cacheMiB") <= 48.5, "the cgroup holds its page cache at its limit: " + squeezed);

        JsonNode control = by.get("transfer-to@none");
        assertEquals(100, score(control, "hot.residentAfter"), 0.01, "the control (the file fits): hot set whole: " + control);
        assertEquals(0, score(control, "hot.majorFaults"), "the control: no major faults: " + control);
        assertTrue(score(control, "footprintMiB") > 100, "the control: the file stays cached: " + control);
        assertTrue(control.get("zc.large.cgroup.cacheMiB").get("scoreUnit").asText().contains("n/a"), "no cgroup, said so");

        JsonNode direct = by.get("io-uring-direct@48MiB");
        assertEquals(100, score(direct, "hot.residentAfter"), 0.01, "O_DIRECT leaves the hot set alone: " + direct);
        assertEquals(0, score(direct, "footprintMiB"), 0.01, "and caches nothing of the file: " + direct);
        assertEquals(128, score(direct, "device.readMiB"), 2, "it reads the file from the device once: " + direct);

        try (Stream<Path> s = Files.list(cgroups)) {
            List<Path> left = s.filter(p -> p.getFileName().toString().startsWith(MemoryCgroup.PREFIX)).toList();
            assertEquals(List.of(), left, "every memory cgroup the forks made is removed");
        }
    }

    private static double score(JsonNode metrics, String name) {
        JsonNode m = metrics.get("zc.large." + name);
        assertTrue(m != null, "zc.large." + name + " in " + metrics.fieldNames());
        return m.get("score").asDouble();
    }
}
