package io.zcbench.benchmarks.run;

import io.zcbench.benchmarks.Outcomes;
import io.zcbench.benchmarks.PinState;
import io.zcbench.benchmarks.SourceState;
import io.zcbench.harness.env.Environment;
import io.zcbench.harness.metrics.Metrics;
import io.zcbench.harness.nativeio.NativeLibrary;
import io.zcbench.harness.path.ThreadKind;
import io.zcbench.harness.path.CopyPaths;
import io.zcbench.harness.path.PathInfo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.util.Version;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The run folder of {@code zcbench run}: results/&lt;run-id&gt;/ with env.json, paths.json, metrics.json, jmh.json written
 * atomically after every benchmark (an interrupted run keeps what finished), the outcomes the forks and the runner
 * recorded, and the run's status at its end.
 */
final class RunFolder {
    private RunFolder() {
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    static long lines(Path file) {
        try (Stream<String> s = Files.lines(file)) {
            return s.count();
        } catch (IOException e) {
            return 0;
        }
    }

    /** The outcomes recorded after the first {@code skip} lines of {@code file}, as "failed: reason" (unreadable lines skipped). */
    static List<String> outcomesAfter(Path file, long skip) {
        List<String> out = new ArrayList<>();
        try (Stream<String> s = Files.lines(file)) {
            s.skip(skip).forEach(line -> {
                try {
                    JsonNode n = JSON.readTree(line);
                    out.add(n.path("outcome").asText("?") + ": " + n.path("reason").asText(""));
                } catch (IOException | RuntimeException e) {
                    // a line cut by a crash: the file keeps it, the console does not repeat it
                }
            });
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    /** How many outcomes of each kind (skipped, failed, crashed) the forks and the runner recorded. */
    static Map<String, Integer> outcomeCounts(Path file) {
        Map<String, Integer> m = new TreeMap<>();
        if (!Files.exists(file)) {
            return m;
        }
        try {
            for (String line : Files.readAllLines(file)) {
                String kind = JSON.readTree(line).path("outcome").asText("?");
                m.merge(kind, 1, Integer::sum);
            }
        } catch (IOException e) {
            m.merge("unreadable", 1, Integer::sum);
        }
        return m;
    }

    private static Path projectRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve(".git"))) {
            p = p.getParent();
        }
        return p;
    }

    /**
     * Starts the run folder: env.json (the machine, and what this run is: preset, arguments, fork flags, pinning,
     * congestion control, start, estimate), paths.json and metrics.json (what the report renders paths and metrics
     * from). Returns env.json's content, which {@link #finish} completes.
     */
    static ObjectNode create(Path dir, Path dataDir, String[] argv, Preset preset, CommandLineOptions user, List<Combo> combos,
                             Instant start, Duration estimate, PrintStream out) throws IOException {
        ObjectNode env = Environment.capture(dataDir, Plan.sinkOf(combos), projectRoot());
        ObjectNode run = env.putObject("run");
        run.put("preset", preset.name());
        run.put("presetDescription", preset.description());
        ArrayNode argList = run.putArray("arguments");
        for (String a : argv) {
            argList.add(a);
        }
        run.put("jmhVersion", Version.getPlainVersion());
        ForkJvm jvm = user.getJvm().hasValue() ? ForkJvm.check(user.getJvm().get()) : ForkJvm.runners();
        run.putObject("forkJvm").put("path", jvm.path()).put("version", jvm.version());
        ArrayNode forkFlags = run.putArray("forkJvmFlags");
        // Without the run's own outcomes path, which differs in every run and would show in every comparison.
        Stream.concat(Execution.forkBaseArgs(user, preset).stream(), Execution.forkJvmFlags(user, dir, dataDir).stream()).filter(f -> !f.startsWith("-D" + Outcomes.PROPERTY + "=")
                        && !f.startsWith("-D" + SourceState.SHARED_FIXTURES + "="))
                .forEach(forkFlags::add);
        if (combos.stream().anyMatch(c -> ThreadKind.VIRTUAL.id().equals(c.params().get("thread")))) {
            // added to the thread=virtual forks only: their benchmark thread virtual, on one carrier
            ArrayNode virtual = run.putArray("virtualThreadForkFlags");
            ThreadKind.FORK_FLAGS.forEach(virtual::add);
        }
        run.put("benchmarks", combos.size());
        Combo first = combos.get(0);
        run.put("pinning", PinState.decide(first.params().getOrDefault("pin", "auto"), first.threads(),
                Runtime.getRuntime().availableProcessors(), NativeLibrary.isAvailable()).text());
        run.put("interleavedForks", Plan.rounds(preset, user));
        ObjectNode cc = Plan.congestionFacts(combos);
        if (cc != null) {
            run.set("congestion", cc);
            out.println("zcbench run: TCP congestion control " + cc.get("inForce").asText() + ": " + cc.get("why").asText());
        }
        run.put("start", start.toString());
        run.put("estimatedSeconds", estimate.toSeconds());
        writeJson(dir.resolve("env.json"), env);
        List<PathInfo> measured = combos.stream().map(c -> c.params().get("path")).filter(Objects::nonNull).distinct()
                .map(CopyPaths::byId).sorted(Comparator.comparingInt(p -> CopyPaths.ids().indexOf(p.id()))).toList();
        writeJson(dir.resolve("paths.json"), CopyPaths.describe(measured));
        writeJson(dir.resolve("metrics.json"), Metrics.describe());
        return env;
    }

    /** Whether the run is being stopped (the interrupt hook ran): no fork starts after it. */
    static boolean stopping() {
        return stopping;
    }

    /** From now on nothing is written, and no half-written file stays (the interrupt hook, as the JVM exits). */
    static void stopWriting(Path dir) {
        synchronized (WRITING) {
            stopping = true; // no write after this one: a SIGTERM mid-write must not leave a .tmp behind
            deleteQuietly(dir.resolve("jmh.json.tmp"));
            deleteQuietly(dir.resolve("jmh-hw.json.tmp"));
        }
    }

    private static final Object WRITING = new Object();
    private static volatile boolean stopping;

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort while the JVM exits
        }
    }

    /**
     * A results file the run could not write in its folder: the run stops. The message names the file, why, and where
     * the finished results are now (a copy in the temp directory, or that none could be made).
     */
    static final class ResultsUnwritable extends IOException {
        ResultsUnwritable(String message) {
            super(message);
        }
    }

    /** Bytes of the last jmh.json written: what the next write needs room for (the log keeps out of its way). */
    static long resultsBytes() {
        return resultsBytes;
    }

    private static volatile long resultsBytes;

    /**
     * Rewrites {@code target} (jmh.json) with every finished result, atomically. When that fails (a full disk), the
     * results go to a rescue folder in the temp directory with the run's other files, and {@link ResultsUnwritable}
     * stops the run naming both.
     */
    static void writeResults(Path target, List<RunResult> results) throws IOException {
        publishResults(target, results, results);
    }

    /**
     * How long finished results may wait in memory before jmh.json is rewritten: rewriting it after every fork cost the
     * runner up to half a second a fork by the end of a main job (JMH's JSON writer, on the runner's C1), between forks
     * that could have been measuring. An interrupt writes what waits ({@link #stopWritingAndCount}); only a runner killed
     * outright (SIGKILL) loses the forks of the last {@value} ms.
     */
    static final long WRITE_EVERY_MS = 20_000;

    /** What waits to be written: the file and the results that belong in it (null when the file holds them). */
    private static Path pendingTarget;
    private static List<RunResult> pendingResults;
    private static long lastWrite;

    /**
     * Makes {@code results} (what the interrupt handler reports as kept) equal to {@code fresh} and writes them to
     * {@code target} when the last write is {@link #WRITE_EVERY_MS} old or {@code now} asks, under the lock the interrupt
     * handler takes, which writes what still waits: every result in the list reaches the file. False when the run is
     * stopping (nothing changed).
     */
    static boolean publishResults(Path target, List<RunResult> results, List<RunResult> fresh, boolean now) throws IOException {
        synchronized (WRITING) {
            if (stopping) {
                return false;
            }
            if (results != fresh) {
                results.clear();
                results.addAll(fresh);
            }
            pendingTarget = target;
            pendingResults = results;
            if (now || System.nanoTime() - lastWrite >= WRITE_EVERY_MS * 1_000_000) {
                publishResults(target, results, results);
            }
            return true;
        }
    }

    /**
     * Writes {@code fresh} to {@code target} and then makes {@code results} (what the interrupt handler reports as kept)
     * equal to it, both under the lock the interrupt handler takes: the list it counts is always what is on disk. False
     * when the run is stopping (nothing written, the list unchanged).
     */
    static boolean publishResults(Path target, List<RunResult> results, List<RunResult> fresh) throws IOException {
        synchronized (WRITING) {
            if (stopping) {
                return false;
            }
            List<RunResult> snapshot = new ArrayList<>(fresh);
            // JMH's writer prints to a PrintStream, which swallows write errors (a 0 B jmh.json on a full disk): it
            // writes to memory here, and the file is written by a call that throws.
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (PrintStream ps = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
                ResultFormatFactory.getInstance(ResultFormatType.JSON, ps).writeOut(snapshot);
            }
            try {
                writeAtomically(target, bytes.toByteArray());
                resultsBytes = bytes.size();
            } catch (IOException e) {
                throw new ResultsUnwritable("cannot write " + target + " (" + reason(e) + "): " + rescue(target, bytes.toByteArray(),
                        snapshot.size()));
            }
            if (results != fresh) {
                results.clear();
                results.addAll(snapshot);
            }
            pendingTarget = null;
            lastWrite = System.nanoTime();
            return true;
        }
    }

    /**
     * Stops every later write (as {@link #stopWriting}) and says, under the same lock, how many results the file holds:
     * the count the interrupt handler reports is what is on disk.
     */
    static int stopWritingAndCount(Path dir, List<RunResult> results) {
        synchronized (WRITING) {
            if (pendingTarget != null && !stopping) {
                try {
                    publishResults(pendingTarget, pendingResults, pendingResults);
                } catch (IOException e) {
                    System.err.println("zcbench run: " + e.getMessage());
                }
            }
            stopWriting(dir);
            return results.size();
        }
    }

    /** Copies the run folder's small files and {@code target}'s content to $TMPDIR/zcbench-rescue-RUN-ID/; says where. */
    private static String rescue(Path target, byte[] content, int finished) {
        Path dir = target.getParent();
        Path rescue = Path.of(System.getProperty("java.io.tmpdir"), "zcbench-rescue-" + dir.getFileName());
        try {
            rescue = newFolder(rescue); // one of its own: never into a folder someone else made
            for (String f : List.of("env.json", "paths.json", "metrics.json", "outcomes.jsonl", "jmh.json")) {
                if (Files.isRegularFile(dir.resolve(f)) && !f.equals(target.getFileName().toString())) {
                    Files.copy(dir.resolve(f), rescue.resolve(f), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            writeAtomically(rescue.resolve(target.getFileName()), content);
            return "the " + finished + " finished benchmark(s) are in " + rescue.resolve(target.getFileName())
                    + " (zcbench report " + rescue + " reports them); stopped";
        } catch (IOException e) {
            return "a copy in " + rescue + " failed too (" + reason(e) + "): the " + finished
                    + " finished benchmark(s) of this run are lost; stopped";
        }
    }

    /** Creates {@code want}, or want-2, want-3, ... when it exists; returns the folder created. */
    static Path newFolder(Path want) throws IOException {
        Files.createDirectories(want.getParent());
        for (int i = 1; ; i++) {
            Path p = i == 1 ? want : want.resolveSibling(want.getFileName() + "-" + i);
            try {
                return Files.createDirectory(p);
            } catch (FileAlreadyExistsException taken) {
                // someone's folder, or an earlier rescue: the next name
            }
        }
    }

    private static String reason(IOException e) {
        return e.getMessage() != null && e.getMessage().contains("No space left") ? "no space left on the device"
                : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    /** Records the run's end in env.json; false (and said on stderr) when it cannot be written. */
    static boolean finish(ObjectNode env, Path dir, int done, int total, String status) {
        ObjectNode run = (ObjectNode) env.get("run");
        run.put("end", Instant.now().toString());
        run.put("status", status);
        run.put("benchmarksFinished", done);
        run.put("benchmarksPlanned", total);
        try {
            writeJson(dir.resolve("env.json"), env);
            return true;
        } catch (IOException e) {
            System.err.println("zcbench run: cannot update " + dir.resolve("env.json") + " (" + reason(e) + "): it does not "
                    + "record how the run ended (" + status + ")");
            return false;
        }
    }

    static void writeJson(Path target, ObjectNode node) throws IOException {
        writeAtomically(target, (JSON.writeValueAsString(node) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Writes beside {@code target} and moves into place; on failure the temporary file is removed, the old file kept. */
    private static void writeAtomically(Path target, byte[] content) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            Files.write(tmp, content);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw e;
        }
    }
}
