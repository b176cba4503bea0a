package io.zcbench.harness.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Java's newer I/O as zcbench measures it, run as a user runs it: the packaged CLI jar on a JDK 22+ (Temurin 25 on
 * this project's machines; -Dzcbench.jdk22=JDK_HOME elsewhere), the transfer's thread traced with strace -f.
 */
class JavaNextIT {
    static final Path JDK = Path.of(System.getProperty("zcbench.jdk22", "/usr/lib/jvm/temurin-25-jdk-amd64"));
    private static final Pattern LINE = Pattern.compile("^(\\d+)\\s+([a-z_0-9]+)\\((.*)$");
    final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;

    static String java() {
        Path j = JDK.resolve("bin").resolve("java");
        Assumptions.assumeTrue(Files.isExecutable(j), "no JDK 22+ at " + JDK + " (set -Dzcbench.jdk22=JDK_HOME)");
        return j.toString();
    }

    /** What the sending thread of one traced copy did: its calls by name, the EAGAINs it got, its result line. */
    record Traced(Map<String, Integer> calls, int eagain, Map<String, Integer> eagainByCall, int pollerRegistrations,
                  JsonNode result) {
    }

    /** The calls that carry a path's bytes to the socket, by which its sending thread is found in the trace. */
    private static boolean sends(String path, String call, String args) {
        return switch (path) {
            case "transfer-to" -> call.equals("sendfile");
            case "splice" -> call.equals("splice");
            default -> call.equals("write") && args.contains(", 65536)");
        };
    }

    private Traced trace(String path, String thread) throws IOException, InterruptedException {
        Assumptions.assumeTrue(onPath("strace"), "strace is not installed (scripts/test.sh installs it)");
        Path out = dir.resolve("strace-" + path + "-" + thread + ".txt");
        List<String> cmd = new ArrayList<>(List.of("strace", "-f", "-o", out.toString(), "-s", "0", "-e",
                "trace=sendfile,splice,read,write,poll,epoll_ctl,epoll_wait,epoll_pwait,fcntl", java(),
                "--enable-native-access=ALL-UNNAMED", "-jar", PackagedJarIT.JAR.toString(), "copy", "--path", path, "--to",
                "socket", "--size", "8MiB", "--receive", "copy", "--thread", thread, "--dir", dir.toString(), "--json"));
        PackagedJarIT.Run r = PackagedJarIT.run(cmd);
        assertEquals(0, r.exit(), path + " on a " + thread + " thread:\n" + r.err());
        List<String> lines = Files.readAllLines(out);
        Map<String, Integer> sendsByTid = new TreeMap<>();
        for (String l : lines) {
            Matcher m = LINE.matcher(l);
            if (m.find() && sends(path, m.group(2), m.group(3))) {
                sendsByTid.merge(m.group(1), 1, Integer::sum);
            }
        }
        assertTrue(!sendsByTid.isEmpty(), "no " + path + " sending call in the trace");
        String sender = sendsByTid.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        Map<String, Integer> calls = new TreeMap<>();
        int eagain = 0;
        Map<String, Integer> eagainByCall = new TreeMap<>();
        int registrations = 0;
        for (String l : lines) {
            Matcher m = LINE.matcher(l);
            if (!m.find() || !m.group(1).equals(sender)) {
                continue;
            }
            calls.merge(m.group(2), 1, Integer::sum);
            if (l.contains("EAGAIN")) {
                eagain++;
                eagainByCall.merge(m.group(2), 1, Integer::sum);
            }
            if (m.group(2).equals("epoll_ctl") && (l.contains("EPOLL_CTL_ADD") || l.contains("EPOLL_CTL_MOD"))
                    && !l.contains("ENOENT")) {
                registrations++;
            }
        }
        System.out.println("[JavaNextIT] " + path + " on a " + thread + " thread, sending tid " + sender + ": " + calls
                + ", EAGAIN " + eagainByCall + ", poller registrations " + registrations);
        return new Traced(calls, eagain, eagainByCall, registrations, json.readTree(r.out()));
    }

    /**
     * On a virtual thread the JDK makes the socket non-blocking and parks the thread on its poller: the sending thread
     * gets EAGAIN from its sends or registers the socket with the poller (epoll_ctl) to wait for the sink's reply. A
     * platform thread's blocking socket does neither, so a path that silently ran on a platform thread fails here.
     */
    @ParameterizedTest
    @ValueSource(strings = {"transfer-to", "traditional", "splice"})
    void onAVirtualThreadTheSendingThreadWaitsAsAVirtualThreadDoes(String path) throws Exception {
        Traced platform = trace(path, "platform");
        Traced virtual = trace(path, "virtual");
        assertEquals("platform", platform.result().get("thread").asText(), "the thread said what it was");
        assertEquals("virtual", virtual.result().get("thread").asText(), "the thread said what it was");
        assertTrue(platform.result().get("checksumOk").asBoolean(), platform.result().toString());
        assertTrue(virtual.result().get("checksumOk").asBoolean(), virtual.result().toString());
        assertEquals(0, platform.eagain() + platform.pollerRegistrations(),
                "a platform thread's blocking socket: no EAGAIN, no poller: " + platform.calls());
        assertTrue(virtual.eagain() + virtual.pollerRegistrations() > 0,
                "a virtual thread's socket is non-blocking: EAGAIN or a poller registration expected: " + virtual.calls());
        int spliceEagain = virtual.eagainByCall().getOrDefault("splice", 0);
        if (path.equals("splice") && spliceEagain > 0) {
            // the JNI splice holds the carrier: after EAGAIN it waits in poll(2) (one more than the connect's), not on
            // the JDK's poller
            assertTrue(virtual.calls().getOrDefault("poll", 0) >= spliceEagain + platform.calls().getOrDefault("poll", 0),
                    virtual.calls() + ", EAGAIN " + virtual.eagainByCall());
        }
    }

    @Test
    void aPathOnAThreadKindItIsNotMeasuredOnIsRefusedInOneLine() throws Exception {
        PackagedJarIT.Run r = PackagedJarIT.run(List.of(java(), "-jar", PackagedJarIT.JAR.toString(), "copy", "--path",
                "msg-zerocopy", "--to", "socket", "--size", "1MiB", "--thread", "virtual", "--dir", dir.toString()));
        assertEquals(2, r.exit(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("--thread virtual with --path msg-zerocopy"), r.err());
    }

    /** impl=ffm: the bytes arrive intact, and the run linked FFM downcalls (the JDK 22 class of the multi-release jar). */
    @ParameterizedTest
    @CsvSource({"splice,socket", "vmsplice,socket", "copy-file-range,file"})
    void ffmCallsDeliverEveryByteThroughDowncalls(String path, String to) throws Exception {
        Path log = dir.resolve("classes-" + path + ".log");
        PackagedJarIT.Run r = PackagedJarIT.run(List.of(java(), "-Xlog:class+load=info:file=" + log,
                "--enable-native-access=ALL-UNNAMED", "-jar", PackagedJarIT.JAR.toString(), "copy", "--path", path, "--to", to,
                "--size", "4MiB", "--impl", "ffm", "--dir", dir.toString(), "--json"));
        assertEquals(0, r.exit(), r.err());
        JsonNode n = json.readTree(r.out());
        assertTrue(n.get("checksumOk").asBoolean(), r.out());
        assertEquals("ffm", n.get("impl").asText(), r.out());
        String classes = Files.readString(log);
        assertTrue(classes.contains("io.zcbench.harness.nativeio.ForeignCalls "), "the FFM calls class loaded");
        assertTrue(classes.contains("jdk.internal.foreign.abi.DowncallLinker "), "FFM downcall handles were linked");
    }

    /** On the JDK 17 the build runs on, impl=ffm is refused with its reason, exit 3 (unsupported), no stack trace. */
    @Test
    void ffmOnJdk17SaysWhy() throws Exception {
        Assumptions.assumeTrue(Runtime.version().feature() < 22, "this test JVM has FFM");
        PackagedJarIT.Run r = PackagedJarIT.run(PackagedJarIT.java("-jar", PackagedJarIT.JAR.toString(), "copy", "--path",
                "splice", "--to", "socket", "--size", "1MiB", "--impl", "ffm", "--dir", dir.toString()));
        assertEquals(3, r.exit(), r.err());
        assertTrue(r.err().contains("needs JDK 22 or later"), r.err());
        assertTrue(!r.err().contains("\tat "), r.err());
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }
}
