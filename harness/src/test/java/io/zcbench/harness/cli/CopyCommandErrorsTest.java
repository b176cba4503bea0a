package io.zcbench.harness.cli;

import io.zcbench.harness.endpoint.Destination;
import io.zcbench.harness.path.CopyPaths;
import io.zcbench.harness.path.PathInfo;
import io.zcbench.harness.testing.CliRun;
import io.zcbench.harness.testing.FakePeer;
import io.zcbench.harness.testing.Mounts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static java.time.Duration.ofSeconds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input and broken peers: one clear line on stderr, a non-zero exit, no stack trace, nothing left behind. */
class CopyCommandErrorsTest {
    @TempDir
    Path dir;

    private CliRun copy(String... extra) {
        List<String> args = new ArrayList<>(List.of("copy", "--dir", dir.toString()));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(new String[0]));
    }

    static void assertOneLineError(CliRun r, int exit, String... fragments) {
        assertEquals(exit, r.exit(), r::toString);
        assertEquals(1, r.errLines().size(), "exactly one line on stderr:\n" + r);
        String line = r.errLines().get(0);
        assertTrue(line.startsWith("zcbench"), line);
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception in"), "no stack trace:\n" + r);
        for (String f : fragments) {
            assertTrue(line.contains(f), "'" + f + "' in: " + line);
        }
    }

    private void assertNothingLeftIn(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            assertEquals(List.of(), s.toList(), "no files left behind in " + d);
        }
    }

    @Test
    void unknownPathIdNamesTheValidIds() throws IOException {
        CliRun r = copy("--path", "sendfile", "--to", "socket", "--size", "4KiB");
        assertOneLineError(r, 2, "unknown path 'sendfile'", String.join(", ", CopyPaths.ids()));
        assertEquals("", r.out());
        assertNothingLeftIn(dir);
    }

    @ParameterizedTest
    @ValueSource(strings = {"12XB", "1.5G", "-4", "lots"})
    void badSizeStringExplainsTheFormat(String size) {
        CliRun r = copy("--path", "traditional", "--to", "file", "--size", size);
        assertOneLineError(r, 2, "--size", "64KiB");
    }

    @Test
    void decimalUnitIsRejectedAsAmbiguous() {
        CliRun r = copy("--path", "traditional", "--to", "file", "--size", "64KB");
        assertOneLineError(r, 2, "ambiguous size '64KB'", "64KiB");
    }

    @Test
    void unknownDestinationAndCacheState() {
        assertOneLineError(copy("--path", "traditional", "--to", "pigeon", "--size", "1"), 2, "unknown destination 'pigeon'");
        assertOneLineError(copy("--path", "traditional", "--to", "file", "--size", "1", "--cache", "tepid"), 2,
                "unknown cache state 'tepid'");
    }

    @Test
    void missingDirIsNamed() {
        CliRun r = CliRun.of("copy", "--path", "traditional", "--to", "file", "--size", "4KiB", "--dir", dir.resolve("nope").toString());
        assertOneLineError(r, 2, "--dir", "nope", "does not exist");
    }

    @Test
    void unwritableDirIsNamed() throws Exception {
        try (Mounts ro = Mounts.mount("tmpfs", "ro,size=1m")) {
            CliRun r = CliRun.of("copy", "--path", "traditional", "--to", "file", "--size", "4KiB", "--dir", ro.dir().toString());
            assertOneLineError(r, 2, "--dir", "is not writable", "Read-only file system");
        }
    }

    @Test
    void notEnoughFreeSpaceIsCaughtBeforeWriting() throws Exception {
        CliRun huge = copy("--path", "traditional", "--to", "file", "--size", "64TiB");
        assertOneLineError(huge, 2, "not enough free space", "need 128 TiB", "free");
        assertNothingLeftIn(dir);
        try (Mounts small = Mounts.mount("tmpfs", "size=4m")) {
            CliRun r = CliRun.of("copy", "--path", "traditional", "--to", "socket", "--size", "8MiB", "--dir",
                    small.dir().toString(), "--sink-in-process");
            assertOneLineError(r, 2, "not enough free space in " + small.dir(), "need 8 MiB", "choose another --dir");
            assertNothingLeftIn(small.dir());
        }
    }

    @Test
    void oDirectOnRamfsIsUnsupportedWithAHint() throws Exception {
        try (Mounts ramfs = Mounts.mount("ramfs", "size=16m")) {
            for (String to : List.of("socket", "file")) {
                CliRun r = CliRun.of("copy", "--path", "o-direct", "--to", to, "--size", "64KiB", "--dir",
                        ramfs.dir().toString(), "--sink-in-process");
                assertOneLineError(r, 3, "unsupported: ramfs refuses O_DIRECT", "use a disk-backed --dir");
                assertEquals("", r.out());
                assertNothingLeftIn(ramfs.dir());
            }
            CliRun r = CliRun.of("copy", "--path", "io-uring-direct", "--to", "socket", "--size", "64KiB", "--dir",
                    ramfs.dir().toString(), "--sink-in-process");
            assertOneLineError(r, 3, "unsupported: ramfs refuses O_DIRECT", "use a disk-backed --dir");
            assertNothingLeftIn(ramfs.dir());
            CliRun depth = CliRun.of("copy", "--path", "io-uring-direct", "--to", "socket", "--size", "64KiB", "--depth", "65");
            assertOneLineError(depth, 2, "depth must be 1 to 64 reads in flight", "got 65");
        }
    }

    @Test
    void oDirectOnTmpfsRunsAndSaysItIsNotADiskFigure() throws Exception {
        try (Mounts tmpfs = Mounts.mount("tmpfs", "size=16m")) {
            CliRun r = CliRun.of("copy", "--path", "o-direct", "--to", "file", "--size", "64KiB", "--dir",
                    tmpfs.dir().toString(), "--json");
            assertEquals(0, r.exit(), r::toString);
            assertTrue(r.out().contains("\"checksumOk\":true"), r.out());
            assertTrue(r.out().contains("tmpfs accepts O_DIRECT on this kernel but has no device behind it: this is not a disk figure"),
                    r.out());
            assertNothingLeftIn(tmpfs.dir());
        }
    }

    @Test
    void sinkNotListeningIsNamedWithHowToStartOne() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        CliRun r = copy("--path", "traditional", "--to", "socket", "--size", "4KiB", "--sink", "127.0.0.1:" + port);
        assertOneLineError(r, 1, "cannot connect to sink 127.0.0.1:" + port, "Connection refused",
                "scripts/zcbench sink --listen");
        assertNothingLeftIn(dir);
    }

    @ParameterizedTest
    @ValueSource(strings = {"traditional", "traditional-heap", "mmap-write", "transfer-to", "splice", "o-direct"})
    void sinkThatHangsUpMidTransferIsAnErrorNotAHang(String path) throws IOException {
        try (FakePeer peer = FakePeer.start(FakePeer.hangUpAfter(100_000))) {
            CliRun r = assertTimeoutPreemptively(ofSeconds(20), () -> copy("--path", path, "--to", "socket",
                    "--size", "32MiB", "--sink", peer.address(), "--timeout", "5"));
            assertOneLineError(r, 1, "sink " + peer.address(), "of 33554432 bytes");
            assertTrue(r.errLines().get(0).contains("broke off") || r.errLines().get(0).contains("closed the connection"),
                    r::toString);
            assertFalse(r.out().contains("broke off") || r.out().contains("closed the connection"),
                    "said once, on stderr; the result lines only say it failed: " + r.out());
            assertTrue(r.out().contains("FAILED (why: on stderr)"), r::toString);
        }
        assertNothingLeftIn(dir);
    }

    @Test
    void aFailedPairStillPrintsItsJsonObjectWithTheError() throws Exception {
        try (FakePeer peer = FakePeer.start(FakePeer.hangUpAfter(100_000))) {
            CliRun r = assertTimeoutPreemptively(ofSeconds(20), () -> copy("--path", "traditional", "--to", "socket",
                    "--size", "32MiB", "--sink", peer.address(), "--timeout", "5", "--json"));
            assertEquals(1, r.exit(), r::toString);
            List<String> lines = r.out().lines().toList();
            assertEquals(1, lines.size(), "one object for the one pair:\n" + r);
            JsonNode o = new ObjectMapper().readTree(lines.get(0));
            assertEquals("traditional", o.get("path").asText());
            assertTrue(o.get("error").asText().contains("sink " + peer.address()), o.toString());
            assertTrue(o.has("checksumOk") && o.get("checksumOk").isNull(), o.toString());
        }
        assertNothingLeftIn(dir);
    }

    @Test
    void stalledSinkTimesOut() throws IOException {
        try (FakePeer peer = FakePeer.start(FakePeer.stalled())) {
            long t0 = System.nanoTime();
            CliRun r = assertTimeoutPreemptively(ofSeconds(20), () -> copy("--path", "transfer-to", "--to", "socket",
                    "--size", "64MiB", "--sink", peer.address(), "--timeout", "2"));
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertOneLineError(r, 1, "made no progress for 2 s", "is it stalled?");
            assertTrue(seconds < 10, "gave up in " + seconds + " s");
        }
    }

    /**
     * Every socket path gives up on a peer that greets and then never reads, within --timeout + 2 s (io-uring-send-zc
     * waited forever for SEND_ZC notifications that come only when the peer acknowledges), and says how far the transfer
     * got by the kernel's count of acknowledged bytes (some paths said "0 of 8388608 bytes sent" for lack of a count).
     */
    @Test
    void everySocketPathGivesUpOnAStalledPeerWithinItsTimeout() throws IOException {
        List<String> slow = new ArrayList<>();
        for (PathInfo p : CopyPaths.all()) {
            if (!p.destinations().contains(Destination.SOCKET)) {
                continue;
            }
            try (FakePeer peer = FakePeer.start(FakePeer.stalled())) {
                long t0 = System.nanoTime();
                CliRun r = assertTimeoutPreemptively(ofSeconds(30), () -> copy("--path", p.id(), "--to", "socket",
                        "--size", "8MiB", "--sink", peer.address(), "--timeout", "2", "--warmup", "0"));
                double seconds = (System.nanoTime() - t0) / 1e9;
                assertOneLineError(r, 1, "made no progress for 2 s", "is it stalled?");
                Matcher m = Pattern.compile("\\((\\d+) of 8388608 bytes acknowledged by the sink\\)").matcher(r.err());
                assertTrue(m.find() && Long.parseLong(m.group(1)) > 0, p.id() + ": how far it got, by the kernel: " + r.err());
                if (seconds > 4.0) {
                    slow.add(p.id() + " " + seconds + " s");
                }
            }
        }
        assertEquals(List.of(), slow, "every socket path gives up within --timeout + 2 s");
    }

    @Test
    void somethingElseOnThePortIsNotASink() throws IOException {
        try (FakePeer peer = FakePeer.start(FakePeer.http())) {
            CliRun r = copy("--path", "traditional", "--to", "socket", "--size", "4KiB", "--sink", peer.address());
            assertOneLineError(r, 1, peer.address() + " is not a zcbench sink", "HTTP/1.0 400");
        }
        try (FakePeer peer = FakePeer.start(FakePeer.silent())) {
            CliRun r = assertTimeoutPreemptively(ofSeconds(20), () -> copy("--path", "traditional", "--to", "socket",
                    "--size", "4KiB", "--sink", peer.address(), "--timeout", "1"));
            assertOneLineError(r, 1, "is not a zcbench sink", "did not answer the greeting within 1 s");
        }
    }

    @Test
    void sinkOfAnotherProtocolVersionIsNamed() throws IOException {
        try (FakePeer peer = FakePeer.start(FakePeer.version(99))) {
            CliRun r = copy("--path", "traditional", "--to", "socket", "--size", "4KiB", "--sink", peer.address());
            assertOneLineError(r, 1, "speaks protocol v99", "needs v2");
        }
    }

    @Test
    void helpDocumentsEveryOption() {
        CliRun top = CliRun.of("--help");
        assertEquals(0, top.exit());
        assertTrue(top.out().contains("copy") && top.out().contains("sink"), top.out());
        CliRun r = CliRun.of("copy", "--help");
        assertEquals(0, r.exit());
        for (String opt : List.of("--path", "--to", "--size", "--chunk", "--cache", "--dir", "--sink", "--json",
                "--receive", "--pipe-size", "--sync", "--cc", "--timeout", "--seed")) {
            assertTrue(r.out().contains(opt), opt + " documented:\n" + r.out());
        }
    }

    @Test
    void unknownOptionIsOneLine() {
        CliRun r = CliRun.of("copy", "--path", "traditional", "--to", "file", "--size", "1", "--frobnicate");
        assertOneLineError(r, 2, "--frobnicate");
    }
}
