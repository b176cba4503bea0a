package io.zcbench.benchmarks.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * thread=virtual and impl=ffm through the runner and JMH, forks on a JDK 22+ (Temurin 25 on this project's machines;
 * -Dzcbench.jdk22=JDK_HOME elsewhere), the smoke schedule: each benchmark ran on what it names, paired with what it
 * names, and says so in its figures.
 */
class JavaNextRunIT {
    static final Path JDK = Path.of(System.getProperty("zcbench.jdk22", "/usr/lib/jvm/temurin-25-jdk-amd64"));
    final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path results;

    @TempDir
    Path data;

    @Test
    void virtualThreadAndFfmBenchmarksRunPairedAndCounted() throws Exception {
        Path java = JDK.resolve("bin").resolve("java");
        Assumptions.assumeTrue(Files.isExecutable(java), "no JDK 22+ at " + JDK + " (set -Dzcbench.jdk22=JDK_HOME)");
        SmokeIT.Run r = SmokeIT.run(List.of("--preset", "smoke", "--jvm", java.toString(), "--results", results.toString(),
                "-p", "dir=" + data, "-p", "path=transfer-to,splice,vmsplice,msg-zerocopy", "-p", "impl=paired,ffm",
                "-p", "thread=platform,virtual", "-p", "receive=copy", "ToSocket"));
        Path dir = SmokeIT.runDir(results);
        JsonNode jmh = json.readTree(dir.resolve("jmh.json").toFile());
        List<String> ran = new ArrayList<>();
        for (JsonNode b : jmh) {
            JsonNode p = b.get("params");
            String what = p.get("path").asText() + " " + p.get("impl").asText() + " " + p.get("thread").asText();
            ran.add(what);
            JsonNode sec = b.get("secondaryMetrics");
            assertTrue(sec.path("zc.syscalls").path("score").asDouble() > 0, what + ": counted");
            boolean ffm = p.get("impl").asText().equals("ffm");
            String partner = ffm ? "zc.jni.time" : "zc.twin.time";
            assertTrue(sec.path(partner).path("score").asDouble() > 0, what + ": paired with " + partner);
            boolean virtual = p.get("thread").asText().equals("virtual");
            assertEquals(virtual, sec.has("zc.vthread.pinned"), what + ": JFR's pinned events only on a virtual thread");
            if (virtual) {
                assertEquals(0, sec.get("zc.vthread.pinned").get("score").asDouble(), 1e-9,
                        what + ": no path here parks while pinned");
            }
        }
        // what runs: every path and impl on a platform thread where it has them, transfer-to and splice on a virtual one
        for (String want : List.of("transfer-to paired platform", "transfer-to paired virtual", "splice paired virtual",
                "splice ffm platform", "splice ffm virtual", "vmsplice ffm platform", "msg-zerocopy paired platform")) {
            assertTrue(ran.contains(want), want + " ran: " + ran);
        }
        // what is refused, each with its reason: FFM for a path without JNI calls, a virtual thread for msg-zerocopy
        String outcomes = Files.readString(dir.resolve("outcomes.jsonl"));
        assertTrue(outcomes.contains("impl=ffm is built for splice, vmsplice and copy-file-range"), outcomes);
        assertTrue(outcomes.contains("thread=virtual is measured for") && outcomes.contains("msg-zerocopy"), outcomes);
        assertFalse(ran.contains("transfer-to ffm platform") || ran.contains("msg-zerocopy paired virtual"), ran.toString());
        JsonNode run = json.readTree(dir.resolve("env.json").toFile()).get("run");
        assertEquals(java.toString(), run.get("forkJvm").get("path").asText());
        assertEquals("[\"-Djmh.executor=VIRTUAL\",\"-Djdk.virtualThreadScheduler.parallelism=1\","
                + "\"-Djdk.virtualThreadScheduler.maxPoolSize=1\"]", run.get("virtualThreadForkFlags").toString(),
                "what the virtual forks started with is recorded");
        assertEquals(3, r.exit(), "some benchmarks are unsupported here: exit 3\n" + r.out() + r.err());
    }
}
