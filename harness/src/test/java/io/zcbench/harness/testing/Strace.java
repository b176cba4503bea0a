package io.zcbench.harness.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Records the system calls of one thread of this JVM with {@code strace -p TID}: attach, let the
 * caller do its work on that thread, detach, read the calls. Skips the test (with the reason) where
 * strace is missing or ptrace is not permitted.
 */
public final class Strace implements AutoCloseable {
    private static final Pattern CALL = Pattern.compile("^(?:\\d+\\s+)?([a-z_0-9]+)\\((.*)");

    private final Process process;
    private final Path output;
    private List<String> lines;

    private Strace(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /** Attaches to thread {@code tid} and returns once strace reports the attach. */
    public static Strace attach(int tid) throws IOException, InterruptedException {
        Assumptions.assumeTrue(onPath("strace"), "strace is not installed (scripts/test.sh installs it)");
        Path out = Files.createTempFile("zcbench-strace-", ".txt");
        Process p = new ProcessBuilder("strace", "-p", Integer.toString(tid), "-o", out.toString(), "-s", "0", "-e",
                "trace=all").redirectErrorStream(true).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = r.readLine();
        if (line == null || !line.contains("attached")) {
            p.destroyForcibly();
            Files.deleteIfExists(out);
            Assumptions.abort("strace cannot attach here: " + line);
        }
        Thread drain = new Thread(() -> {
            try {
                while (r.readLine() != null) {
                    // keep strace's stderr from filling up
                }
            } catch (IOException ignored) {
                // strace exited
            }
        }, "strace-drain");
        drain.setDaemon(true);
        drain.start();
        return new Strace(p, out);
    }

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Detaches (SIGTERM makes strace detach cleanly) and returns the recorded lines. */
    public List<String> stop() throws IOException, InterruptedException {
        if (lines == null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            lines = Files.readAllLines(output);
            Files.deleteIfExists(output);
        }
        return lines;
    }

    /** Calls by name (completed calls and "resumed" halves are counted once, at their start). */
    public static Map<String, Integer> countByName(List<String> lines) {
        Map<String, Integer> counts = new TreeMap<>();
        for (String l : lines) {
            Matcher m = CALL.matcher(l.trim());
            if (m.find() && !l.contains("resumed>")) {
                counts.merge(m.group(1), 1, Integer::sum);
            }
        }
        return counts;
    }

    /**
     * The JVM's own code-cache commits: an anonymous executable mapping, made on whichever thread needs the code
     * cache to grow (a stub or wrapper the JVM generates on first use). No copy path maps executable memory, so such
     * a line in a path's trace is the JVM's, not the path's.
     */
    public static boolean jvmCodeCache(String line) {
        Matcher m = CALL.matcher(line.trim());
        return m.find() && m.group(1).equals("mmap") && line.contains("PROT_EXEC") && line.contains("MAP_ANONYMOUS");
    }

    public static List<String> callsNamed(List<String> lines, String name) {
        return lines.stream().filter(l -> l.trim().matches("^(?:\\d+\\s+)?" + name + "\\(.*")).toList();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        stop();
    }
}
