package io.zcbench.benchmarks.run;

import io.zcbench.harness.UsageException;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.options.CommandLineOptions;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunMainTest {
    private static String runError(String... args) {
        RunMain m = new RunMain(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        return assertThrows(UsageException.class, () -> m.run(args)).getMessage();
    }

    @Test
    void wrongParameterValuesNameTheParameter() {
        assertTrue(runError("-p", "path=sendfile").startsWith("parameter path=sendfile: unknown path 'sendfile'; choose one of: traditional"));
        assertTrue(runError("-p", "size=12XB").startsWith("parameter size=12XB: bad size '12XB'"));
        assertTrue(runError("-p", "chunk=1.5M").startsWith("parameter chunk=1.5M: bad size"));
        assertTrue(runError("-p", "cache=tepid").startsWith("parameter cache=tepid: unknown cache state"));
        assertTrue(runError("-p", "drain=bucket").startsWith("parameter drain=bucket: unknown drain"));
        assertTrue(runError("-p", "sink=nowhere").startsWith("parameter sink=nowhere: sink 'nowhere' has no port"));
        assertTrue(runError("-p", "dir=/nonexistent/zc").contains("does not exist"));
        assertTrue(runError("-p", "sizes=1MiB").startsWith("unknown parameter -p sizes; the benchmarks take: path, size"));
        assertTrue(runError("--preset", "huge").startsWith("unknown preset 'huge'"));
        assertTrue(runError("--frobnicate").startsWith("unknown option --frobnicate"));
        assertTrue(runError("NoSuchBenchmark").startsWith("nothing to run"));
    }

    @Test
    void quickPresetCoversEveryPathToEveryDestinationAtTheAskedSizes() throws Exception {
        List<Combo> combos = RunMain.combos(Preset.named("quick"), new CommandLineOptions());
        assertEquals(36, combos.size());
        Set<String> pairs = combos.stream().map(c -> c.benchmark() + "/" + c.params().get("path")).collect(Collectors.toSet());
        assertEquals(12, pairs.size());
        Set<String> sizeCache = combos.stream().map(c -> c.params().get("size") + "/" + c.params().get("cache"))
                .collect(Collectors.toSet());
        assertEquals(Set.of("1MiB/warm", "64MiB/warm", "64MiB/cold"), sizeCache);
        assertTrue(RunMain.estimate(Preset.named("quick"), new CommandLineOptions(), combos).toSeconds() <= 300,
                "the quick preset is planned to fit in 5 minutes");
    }

    @Test
    void userOptionsRestrictAndOverrideThePreset() throws Exception {
        CommandLineOptions user = new CommandLineOptions("-p", "path=splice,transfer-to", "-t", "2", "ToFile");
        List<Combo> combos = RunMain.combos(Preset.named("quick"), user);
        assertEquals(6, combos.size(), combos.toString());
        assertTrue(combos.stream().allMatch(c -> c.threads() == 2 && c.benchmark().endsWith("ToFile.transfer")));
        assertTrue(combos.stream().noneMatch(c -> c.params().containsKey("drain")), "socket-only params stay off ToFile");
    }

    @Test
    void fullPresetSpansSizesChunksCacheStatesAndThreads() throws Exception {
        List<Combo> combos = RunMain.combos(Preset.named("full"), new CommandLineOptions());
        Set<String> sizes = combos.stream().map(c -> c.params().get("size")).collect(Collectors.toSet());
        assertTrue(sizes.containsAll(Set.of("4KiB", "1GiB")), sizes.toString());
        assertTrue(combos.stream().anyMatch(c -> "1MiB".equals(c.params().get("chunk"))));
        assertEquals(Set.of(1, 2), combos.stream().map(Combo::threads).collect(Collectors.toSet()));
    }

    @Test
    void helpNamesEveryOption() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        assertEquals(0, new RunMain(new PrintStream(buf, true, StandardCharsets.UTF_8)).run(new String[] {"--help"}));
        String help = buf.toString(StandardCharsets.UTF_8);
        for (String o : List.of("--preset", "--results", "--hw", "--dry-run", "-p", "-prof")) {
            assertTrue(help.contains(o), o);
        }
    }
}
