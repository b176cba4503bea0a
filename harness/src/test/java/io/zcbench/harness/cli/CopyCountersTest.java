package io.zcbench.harness.cli;

import io.zcbench.harness.testing.CliRun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CopyCountersTest {
    @TempDir
    Path dir;

    final ObjectMapper json = new ObjectMapper();

    private JsonNode copy(String path, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("copy", "--path", path, "--to", "socket", "--size", "8MiB",
                "--dir", dir.toString(), "--sink-in-process", "--counters", "--json"));
        args.addAll(List.of(extra));
        CliRun r = CliRun.of(args.toArray(new String[0]));
        assertEquals(0, r.exit(), r::toString);
        return json.readTree(r.out()).get("counters");
    }

    @Test
    void jsonCarriesEveryCounterOrItsReason() throws Exception {
        JsonNode c = copy("traditional");
        for (String field : List.of("syscalls", "syscallsByName", "voluntaryContextSwitches", "involuntaryContextSwitches",
                "cpuUserNs", "cpuSystemNs", "minorFaults", "majorFaults", "cyclesUser", "cyclesKernel", "unavailable")) {
            assertTrue(c.has(field), field + " in " + c);
        }
        for (String field : List.of("cyclesUser", "cyclesKernel")) {
            assertTrue(c.get(field).isNull() ? c.get("unavailable").has(field) : c.get(field).asLong() > 0,
                    field + ": a value or a reason, never 0: " + c);
        }
        if (!c.get("syscalls").isNull()) {
            assertEquals(128, c.get("syscallsByName").get("read").asLong(), c.toString());
            assertEquals(128, c.get("syscallsByName").get("write").asLong(), c.toString());
            assertEquals(2 * c.get("syscalls").asLong(), c.get("modeSwitches").asLong());
        }
    }

    /**
     * A long transfer shows its progress as the kernel counts it (bytes the sink acknowledged), from its own thread;
     * never asked for (no terminal here, --progress auto), nothing is printed.
     */
    @Test
    void longTransfersShowProgressWhenAskedAndOnlyThen() throws Exception {
        // 256 KiB one byte per write: a few seconds of system calls
        List<String> args = List.of("copy", "--path", "traditional", "--to", "socket", "--size", "256KiB", "--chunk", "1",
                "--warmup", "0", "--dir", dir.toString(), "--sink-in-process");
        CliRun r = CliRun.of(Stream.concat(args.stream(), Stream.of("--progress", "always"))
                .toArray(String[]::new));
        assertEquals(0, r.exit(), r::toString);
        Matcher m = Pattern.compile(
                "traditional -> socket: ([0-9.]+) KiB of 256 KiB \\((\\d+)%\\), [0-9.]+ [kMG]B/s so far, \\d+ s").matcher(r.err());
        double last = -1;
        int lines = 0;
        while (m.find()) {
            double kib = Double.parseDouble(m.group(1));
            assertTrue(kib >= last && kib <= 256, "bytes only grow and stay within the file: " + r.err());
            last = kib;
            lines++;
        }
        assertTrue(lines >= 1, "a progress line after the first second: " + r.err());
        CliRun quiet = CliRun.of(args.toArray(new String[0]));
        assertEquals(0, quiet.exit(), quiet::toString);
        assertFalse(quiet.err().contains(" so far, "), "no terminal, not asked: no progress: " + quiet.err());
        CliRun bad = CliRun.of("copy", "--path", "traditional", "--to", "socket", "--size", "1MiB", "--dir", dir.toString(),
                "--progress", "sometimes");
        assertEquals(2, bad.exit(), bad::toString);
        assertTrue(bad.err().contains("--progress sometimes: expected auto, always or never"), bad.err());
    }

    @Test
    void transferToSaysWhichRouteItTook() throws Exception {
        CliRun r = CliRun.of("copy", "--path", "transfer-to", "--to", "file", "--size", "1MiB", "--dir", dir.toString(),
                "--counters");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("transfer-to used sendfile on this JDK")
                || r.out().contains("transfer-to used copy_file_range on this JDK"), r.out());
    }

    @Test
    void forcedFallbackNamesTheMissingCounters() throws Exception {
        System.setProperty("zcbench.counters", "rusage");
        try {
            JsonNode c = copy("splice");
            assertTrue(c.get("syscalls").isNull(), "unknown is null, never 0: " + c);
            assertTrue(c.get("unavailable").get("syscalls").asText().contains("perf counting switched off"), c.toString());
            assertTrue(c.get("source").asText().startsWith("getrusage"), c.toString());
            assertTrue(c.get("voluntaryContextSwitches").isNumber());
            assertTrue(c.get("cpuSystemNs").isNumber());
        } finally {
            System.clearProperty("zcbench.counters");
        }
    }

    @Test
    void textOutputShowsCountersWithUnits() {
        CliRun r = CliRun.of("copy", "--path", "mmap-write", "--to", "socket", "--size", "4MiB", "--dir", dir.toString(),
                "--sink-in-process", "--counters");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("mode switches") && r.out().contains("ns/KiB") && r.out().contains("ctx switches"), r.out());
    }

    @Test
    void hwCountersNeedCounters() {
        CliRun r = CliRun.of("copy", "--path", "traditional", "--to", "socket", "--size", "1", "--dir", dir.toString(),
                "--hw-counters");
        CopyCommandErrorsTest.assertOneLineError(r, 2, "--hw-counters needs --counters");
    }
}
