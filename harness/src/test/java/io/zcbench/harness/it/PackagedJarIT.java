package io.zcbench.harness.it;

import io.zcbench.harness.endpoint.Destination;
import io.zcbench.harness.path.CopyPaths;
import io.zcbench.harness.path.PathInfo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The packaged CLI jar and scripts/zcbench, run as a user runs them, each in its own JVM. */
class PackagedJarIT {
    static final Path JAR = Path.of(System.getProperty("zcbench.cliJar", "target/zcbench.jar"));
    static final Path ROOT = Path.of(System.getProperty("zcbench.projectRoot", "..")).toAbsolutePath().normalize();
    final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    static Run run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "finished: " + cmd);
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    static List<String> java(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    @Test
    void nativeLibraryLoadsFromTheJarAndLeavesNoTempFile() throws Exception {
        long before = tempLibraries();
        // splice needs libzcbench; java.library.path does not hold it, so it must come out of the jar.
        Run r = run(java("-Djava.library.path=/nonexistent", "-jar", JAR.toString(), "copy", "--path", "splice",
                "--to", "socket", "--size", "1MiB", "--dir", dir.toString(), "--json"));
        assertEquals(0, r.exit(), r.err());
        JsonNode n = json.readTree(r.out());
        assertTrue(n.get("checksumOk").asBoolean(), r.out());
        assertEquals(before, tempLibraries(), "the extracted library is deleted once loaded");
    }

    private static long tempLibraries() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("libzcbench-")).count();
        }
    }

    @Test
    void withoutTheNativeLibraryPathsThatNeedItSayWhyAndOthersRun() throws Exception {
        Run r = run(java("-Dzcbench.native.disable=true", "-jar", JAR.toString(), "copy", "--path", "all", "--to", "socket",
                "--size", "256KiB", "--dir", dir.toString(), "--json", "--drain", "copy"));
        assertEquals(3, r.exit(), "exit 3: some paths are unsupported here\n" + r.err());
        List<JsonNode> rows = r.out().lines().map(l -> {
            try {
                return json.readTree(l);
            } catch (IOException e) {
                throw new AssertionError(l, e);
            }
        }).toList();
        List<PathInfo> toSocket = CopyPaths.all().stream()
                .filter(p -> p.destinations().contains(Destination.SOCKET)).toList();
        assertEquals(toSocket.size(), rows.size(), "one line per path that writes to a socket:\n" + r.out());
        for (JsonNode row : rows) {
            String path = row.get("path").asText();
            if (CopyPaths.byId(path).needsNative()) {
                assertTrue(row.get("skipped").asText().contains("needs libzcbench, which is unavailable: disabled by"),
                        row.toString());
                assertFalse(row.has("gbPerSecond"), "a skipped path has no figure: " + row);
            } else {
                assertTrue(row.get("checksumOk").asBoolean(), "runs without the native library: " + row);
            }
        }
        Run cold = run(java("-Dzcbench.native.disable=true", "-jar", JAR.toString(), "copy", "--path", "traditional",
                "--to", "file", "--size", "4KiB", "--cache", "cold", "--dir", dir.toString()));
        assertEquals(3, cold.exit());
        assertEquals(1, cold.err().lines().count(), cold.err());
        assertTrue(cold.err().contains("cache=cold (posix_fadvise and mincore) needs libzcbench"), cold.err());
    }

    @Test
    void scriptRunsEveryPathToEveryDestination() throws Exception {
        Run r = run(List.of(ROOT.resolve("scripts/zcbench").toString(), "copy", "--path", "all", "--to", "all",
                "--size", "2MiB", "--dir", dir.toString(), "--json"));
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        long pairs = CopyPaths.all().stream().mapToLong(p -> p.destinations().size()).sum();
        assertEquals(pairs, lines.size(), "every pair the catalogue declares:\n" + r.out());
        for (String l : lines) {
            JsonNode n = json.readTree(l);
            for (String field : List.of("path", "destination", "size", "bytesSent", "bytesReceived", "checksumOk",
                    "seconds", "gbPerSecond")) {
                assertNotNull(n.get(field), field + " in " + l);
            }
            assertEquals(2 << 20, n.get("bytesReceived").asLong());
            assertTrue(n.get("checksumOk").asBoolean(), l);
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(0, s.count(), "fixtures deleted");
        }
    }

    @Test
    void scriptRejectsAnUnknownCommandInOneLine() throws Exception {
        Run r = run(List.of(ROOT.resolve("scripts/zcbench").toString(), "frobnicate"));
        assertEquals(2, r.exit());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("unknown command 'frobnicate'"), r.err());
    }
}
