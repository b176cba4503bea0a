package io.zcbench.harness.it;

import io.zcbench.harness.counters.Counter;
import io.zcbench.harness.counters.CounterConfig;
import io.zcbench.harness.counters.CounterTotals;
import io.zcbench.harness.counters.ThreadCounters;
import io.zcbench.harness.counters.Window;
import io.zcbench.harness.endpoint.SocketTarget;
import io.zcbench.harness.endpoint.Source;
import io.zcbench.harness.env.NetworkFacts;
import io.zcbench.harness.fixture.FileSystemInfo;
import io.zcbench.harness.fixture.PageCache;
import io.zcbench.harness.fixture.SourceFile;
import io.zcbench.harness.path.CopyPath;
import io.zcbench.harness.path.CopyPaths;
import io.zcbench.harness.path.PathOptions;
import io.zcbench.harness.sink.HostPort;
import io.zcbench.harness.sink.SinkConnection;
import io.zcbench.harness.testing.CliRun;
import io.zcbench.harness.transfer.Transfer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A second host in a network namespace (scripts/netns-peer.sh): the sink over a veth pair, with
 * scatter-gather on the host end on and off. Without SG the kernel cannot send file pages by
 * reference, so sendfile must copy: kernel CPU per byte of transfer-to rises. Root only.
 */
class NetnsPeerIT {
    static final Path ROOT = Path.of(System.getProperty("zcbench.projectRoot", "..")).toAbsolutePath().normalize();
    static final Path SCRIPT = ROOT.resolve("scripts/netns-peer.sh");

    @TempDir
    static Path dir;

    record Run(int exit, String out, String err) {
        String lastLine() {
            List<String> l = out.strip().lines().toList();
            return l.isEmpty() ? "" : l.get(l.size() - 1);
        }
    }

    static Run script(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(SCRIPT.toString()));
        cmd.addAll(Arrays.asList(args));
        return run(cmd);
    }

    static Run run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        var err = new CompletableFuture<String>();
        new Thread(() -> {
            try {
                err.complete(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                err.complete("");
            }
        }).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "finished: " + cmd);
        return new Run(p.exitValue(), out, err.join());
    }

    static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    @BeforeAll
    static void clean() throws Exception {
        Assumptions.assumeTrue(root(), "network namespaces need root");
        Run down = script("down");
        Assumptions.assumeTrue(down.exit() == 0, "netns-peer.sh cannot run here: " + down.err());
    }

    @AfterAll
    static void teardown() throws Exception {
        if (root()) {
            script("down");
        }
    }

    @Test
    void upIsIdempotentDownTwiceIsHarmlessAndNonRootIsRefused() throws Exception {
        Run up = script("up");
        Assumptions.assumeFalse(up.err().contains("Operation not permitted"), "no network namespaces in this sandbox: " + up.err());
        assertEquals(0, up.exit(), up.err());
        assertEquals("198.18.0.2:7077", up.lastLine());
        Run again = script("up", "--sg", "on");
        assertEquals(0, again.exit(), again.err());
        assertEquals(up.lastLine(), again.lastLine(), "the second up prints the same address");
        assertTrue(run(List.of("ip", "netns", "list")).out().contains("zc-peer"));
        assertEquals(0, script("down").exit());
        assertEquals(0, script("down").exit(), "down twice is harmless");
        assertFalse(run(List.of("ip", "netns", "list")).out().contains("zc-peer"));
        assertFalse(run(List.of("ip", "link", "show", "zc-host")).exit() == 0, "the veth pair is gone");
        Run bad = script("up", "--sg", "maybe");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("--sg takes on or off"), bad.err());
        if (Files.isExecutable(Path.of("/usr/sbin/runuser"))) {
            Run nobody = run(List.of("/usr/sbin/runuser", "-u", "nobody", "--", SCRIPT.toString(), "up"));
            assertEquals(2, nobody.exit());
            assertTrue(nobody.err().contains("needs root"), nobody.err());
        }
    }

    @Test
    void copyToThePeerReportsAVerifiedChecksumAndTheReceiversFigures() throws Exception {
        Run up = script("up");
        Assumptions.assumeFalse(up.err().contains("Operation not permitted"), "no network namespaces here: " + up.err());
        assertEquals(0, up.exit(), up.err());
        CliRun r = CliRun.of("copy", "--path", "transfer-to,splice", "--to", "socket", "--size", "4MiB", "--dir",
                dir.toString(), "--sink", up.lastLine(), "--counters", "--json");
        assertEquals(0, r.exit(), r.toString());
        List<String> lines = r.out().lines().toList();
        assertEquals(2, lines.size(), r.toString());
        for (String line : lines) {
            JsonNode n = new ObjectMapper().readTree(line);
            assertTrue(n.get("checksumOk").asBoolean(), "verified end to end: " + n);
            assertEquals(n.get("crc32cExpected"), n.get("crc32cReceived"), n.toString());
            assertTrue(n.get("checksumNote").asText().contains("splice receive method does not see the bytes"), n.toString());
            JsonNode receiver = n.get("receiver"); // counted by the peer's sink on itself and sent back with its reply
            assertTrue(receiver != null && receiver.get("method").asText().equals("splice")
                    && receiver.get("onCpuNsPerKiB").asDouble() > 0 && receiver.get("copiesPerByte").asDouble() == 0.0,
                    "the receiving end's figures from the other namespace: " + n);
        }
    }

    @Test
    void withoutScatterGatherSendfileCostsTheKernelMoreCpuPerByte() throws Exception {
        FileSystemInfo fs = FileSystemInfo.of(dir, "--dir");
        try (SourceFile file = SourceFile.create(fs, 64L << 20, 3, 0, null, null);
             Source src = Source.open(file.path(), file.crc32c())) {
            PageCache.warm(src.channel(), src.size());
            double[] sgOn = null;
            double[] sgOff = null;
            for (String sg : List.of("on", "off")) {
                Run up = script("up", "--sg", sg);
                Assumptions.assumeFalse(up.err().contains("Operation not permitted"), "no network namespaces here: " + up.err());
                assertEquals(0, up.exit(), up.err());
                InetSocketAddress sink = HostPort.parse(up.lastLine(), "sink");
                JsonNode nic = NetworkFacts.network(sink).get("interface");
                assertEquals("zc-host", nic.get("name").asText(), nic.toString());
                assertEquals("veth", nic.get("driver").asText(), nic.toString());
                assertEquals(sg.equals("on"), nic.at("/offloads/scatterGather").asBoolean(), "env records SG " + sg + ": " + nic);
                double[] transferTo = kernelNsPerKiB("transfer-to", src, sink, 7);
                double[] traditional = kernelNsPerKiB("traditional", src, sink, 3);
                System.out.printf(Locale.ROOT, "veth, scatter-gather %s: transfer-to system CPU %s ns/KiB (median %.0f); "
                        + "traditional %s ns/KiB (median %.0f)%n", sg, Arrays.toString(round(transferTo)), median(transferTo),
                        Arrays.toString(round(traditional)), median(traditional));
                if (sg.equals("on")) {
                    sgOn = transferTo;
                } else {
                    sgOff = transferTo;
                }
            }
            assertTrue(median(sgOff) > 1.3 * median(sgOn), String.format(Locale.ROOT,
                    "transfer-to kernel CPU per KiB should rise without scatter-gather: on %.0f, off %.0f ns/KiB",
                    median(sgOn), median(sgOff)));
        }
    }

    /** System CPU of the sending thread per KiB, one value per transfer (after one uncounted warm-up). */
    static double[] kernelNsPerKiB(String path, Source src, InetSocketAddress sink, int n) throws IOException {
        try (SocketTarget target = new SocketTarget(SinkConnection.connect(sink, Duration.ofSeconds(30), null), false);
             CopyPath p = CopyPaths.byId(path).open(new PathOptions(64 * 1024, 0), src, target)) {
            Transfer.runVerified(p, src, target, Window.NONE);
            ThreadCounters c = ThreadCounters.forThisThread(CounterConfig.DEFAULT);
            double[] out = new double[n];
            for (int i = 0; i < n; i++) {
                c.reset();
                Transfer.prepare(p, src, target);
                Transfer.Outcome o = Transfer.execute(p, src, target, c);
                assertEquals(src.size(), o.delivery().bytesReceived(), "every byte reached the peer");
                CounterTotals t = c.totals();
                out[i] = t.values().get(Counter.CPU_SYSTEM_NS) / (src.size() / 1024.0);
            }
            return out;
        }
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    static long[] round(double[] v) {
        return Arrays.stream(v).mapToLong(Math::round).toArray();
    }
}
