package io.zcbench.harness.env;

import io.zcbench.harness.testing.Mounts;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnvironmentTest {
    @TempDir
    Path dir;

    @Test
    void everyTopLevelFactIsPresent() {
        JsonNode env = Environment.capture(dir, null, null);
        for (String key : Environment.topLevelKeys()) {
            assertTrue(env.has(key), key);
        }
        assertEquals("not run from a git checkout", env.at("/git/commit/unknown").asText());
        assertEquals("4.2.18.Final", env.at("/frameworks/netty/version").asText(), "the Netty the framework paths run");
        assertEquals("available", env.at("/frameworks/netty/epoll").asText(), env.at("/frameworks").toString());
        assertTrue(env.at("/frameworks/netty/ioUringSplice").isBoolean(), env.at("/frameworks").toString());
        assertTrue(env.at("/kernel/release").asText().matches("\\d+\\.\\d+.*"), env.at("/kernel").toString());
        assertTrue(env.at("/memory/totalBytes").asLong() > 0);
    }

    @Test
    void aFileSystemWithoutADeviceSaysSoInsteadOfInventingOne() throws Exception {
        try (Mounts tmpfs = Mounts.mount("tmpfs", "size=1m")) {
            JsonNode s = Environment.storage(tmpfs.dir());
            assertEquals("tmpfs", s.get("fileSystem").asText());
            assertTrue(s.at("/blockDevice/unknown").asText().contains("tmpfs has no block device behind it"), s.toString());
        }
    }

    @Test
    void loopbackRouteIsLoAndIntegerSysctlsAreReadWhole() {
        JsonNode n = NetworkFacts.network(new InetSocketAddress("127.0.0.1", 7077));
        assertEquals("lo", n.at("/interface/name").asText());
        assertEquals("loopback (no device)", n.at("/interface/driver").asText());
        String rmem = n.at("/tcp/rmem").asText();
        assertTrue(rmem.matches("\\d+ \\d+ \\d+"), "three numbers, not the first digit: " + rmem);
        JsonNode offloads = n.at("/interface/offloads");
        assertFalse(offloads.get("source").asText().isEmpty());
        assertTrue(offloads.get("scatterGather").isBoolean() || offloads.get("scatterGather").has("unknown"), offloads.toString());
    }

    @Test
    void runIdNamesHostKernelAndTime() {
        String id = Environment.runId(Instant.parse("2026-11-22T04:15:00Z"));
        assertTrue(id.matches("[A-Za-z0-9._-]+_[A-Za-z0-9._-]+_\\d{8}-\\d{6}"), id);
    }
}
