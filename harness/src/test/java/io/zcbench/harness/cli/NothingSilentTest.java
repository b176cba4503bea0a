package io.zcbench.harness.cli;

import io.zcbench.harness.counters.Window;
import io.zcbench.harness.endpoint.FileTarget;
import io.zcbench.harness.endpoint.Source;
import io.zcbench.harness.fixture.FileSystemInfo;
import io.zcbench.harness.fixture.Leftovers;
import io.zcbench.harness.fixture.SourceFile;
import io.zcbench.harness.path.CopyPaths;
import io.zcbench.harness.path.PathOptions;
import io.zcbench.harness.testing.CliRun;
import io.zcbench.harness.testing.Mounts;
import io.zcbench.harness.transfer.Transfer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

import static io.zcbench.harness.cli.CopyCommandErrorsTest.assertOneLineError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Errors name what failed, where, and what to do; nothing is silent, nothing listens unasked. */
class NothingSilentTest {
    @TempDir
    Path dir;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void enospcWhileWritingTheDestinationSaysWhichFileAndHowFar() throws Exception {
        Assumptions.assumeTrue(Mounts.isRoot(), "mounting a small tmpfs needs root");
        try (Mounts small = Mounts.mount("tmpfs", "size=1m")) {
            var fs = FileSystemInfo.of(small.dir(), "--dir");
            var src = SourceFile.create(FileSystemInfo.of(dir, "--dir"),
                    3L << 20, 7, 0, null, null);
            try (src;
                 var source = Source.open(src.path(), src.crc32c());
                 var target = new FileTarget(fs, FileTarget.Sync.NONE, false);
                 var path = CopyPaths.byId("traditional")
                         .open(new PathOptions(64 * 1024, 0), source, target)) {
                IOException e = Assertions.assertThrows(IOException.class,
                        () -> Transfer.runVerified(path, source, target,
                                Window.NONE));
                String m = e.getMessage();
                assertTrue(m.startsWith("writing " + small.dir()), m);
                assertTrue(m.matches(".* failed after \\d+ bytes: .*No space left on device.*"), m);
                assertTrue(m.contains("is full: free space there or choose another --dir"), m);
            }
        }
    }

    @Test
    void copyJsonPrintsOneObjectForASkippedSinglePairAndVerifiesASpliceDrainedTransfer() throws Exception {
        if (Mounts.isRoot()) {
            try (Mounts ramfs = Mounts.mount("ramfs", "mode=0755")) {
                CliRun skipped = CliRun.of("copy", "--path", "o-direct", "--to", "file", "--size", "4KiB", "--dir",
                        ramfs.dir().toString(), "--json");
                assertEquals(3, skipped.exit(), skipped::toString);
                List<String> lines = skipped.out().lines().toList();
                assertEquals(1, lines.size(), "one JSON object for the one pair: " + skipped);
                JsonNode o = JSON.readTree(lines.get(0));
                assertTrue(o.get("skipped").asText().contains("ramfs refuses O_DIRECT"), o.toString());
                assertTrue(o.has("checksumOk") && o.get("checksumOk").isNull(), o.toString());
            }
        }
        // A sink that drains with splice never sees the bytes: one more transfer it reads and checksums verifies them.
        CliRun spliced = CliRun.of("copy", "--path", "traditional", "--to", "socket", "--size", "64KiB", "--dir",
                dir.toString(), "--json", "--drain", "splice");
        assertEquals(0, spliced.exit(), spliced::toString);
        JsonNode n = JSON.readTree(spliced.out().lines().findFirst().orElseThrow());
        assertTrue(n.get("checksumOk").asBoolean(), n.toString());
        assertEquals(n.get("crc32cExpected"), n.get("crc32cReceived"), n.toString());
        assertTrue(n.get("checksumNote").asText().contains("verified by one more transfer the sink read and checksummed (its "
                + "splice receive method does not see the bytes)"), n.toString());
        CliRun empty = CliRun.of("copy", "--path", "traditional", "--to", "file", "--size", "0", "--dir", dir.toString());
        assertEquals(0, empty.exit(), empty::toString);
        assertTrue(empty.out().contains("n/a (nothing to move: the file is empty)"), empty.out());
        assertFalse(empty.out().contains("0.000 GB/s"), empty.out());
    }

    @Test
    void theRealPipeSizeIsShown() {
        CliRun r = CliRun.of("copy", "--path", "splice", "--to", "file", "--size", "64KiB", "--dir", dir.toString(),
                "--pipe-size", "1");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("pipe: asked 1 B, the kernel granted 4 KiB"), r.out());
    }

    @Test
    void sinkRefusesAWildcardAddressABadCpuAndAnUnknownCc() {
        assertOneLineError(CliRun.of("sink", "--listen", "0:7098"), 2, "every interface", "--all-interfaces");
        assertOneLineError(CliRun.of("sink", "--listen", "0.0.0.0:7098"), 2, "every interface");
        assertOneLineError(CliRun.of("sink", "--listen", "127.0.0.1:0", "--cpu", "-1"), 2, "--cpu -1", "start at 0");
        assertOneLineError(CliRun.of("sink", "--listen", "127.0.0.1:0", "--cc", "nope9"), 2, "--cc nope9", "not loaded");
    }

    @Test
    void envOfAMissingFolderSaysSoInsteadOfDescribingRoot() {
        assertOneLineError(CliRun.of("env", "--dir", dir.resolve("gone").toString()), 2, "does not exist");
    }

    @Test
    void aDeletedDirIsNamedWithWhatHappened() {
        IOException e = new NoSuchFileException(dir.resolve("gone/x.bin").toString());
        String line = Main.describe(e);
        assertTrue(line.contains("does not exist") && line.contains("--dir"), line);
    }

    @Test
    void fixtureFilesOfADeadProcessAreRemovedAndSaid() throws Exception {
        // A pid that cannot be alive: above pid_max.
        Path stale = dir.resolve("zcbench-src-99999999-1MiB-123.bin");
        Files.write(stale, new byte[4096]);
        Path live = dir.resolve(Leftovers.prefix("dst") + "1.bin");
        Files.write(live, new byte[10]);
        Path foreign = dir.resolve("notes.txt");
        Files.writeString(foreign, "mine");
        List<String> said = Leftovers.clean(dir, new PrintStream(
                OutputStream.nullOutputStream()));
        assertFalse(Files.exists(stale), "the dead process's file is gone");
        assertTrue(Files.exists(live) && Files.exists(foreign), "a live process's file and other files stay");
        assertEquals(1, said.size(), said.toString());
        assertTrue(said.get(0).contains("removed 1 fixture file(s), 4 KiB") && said.get(0).contains("99999999"), said.get(0));
    }
}
