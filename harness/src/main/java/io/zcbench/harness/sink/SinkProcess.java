package io.zcbench.harness.sink;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A sink in its own JVM on loopback, so the measured process contains only the sender. It is
 * started with this JVM's class path and exits when its stdin closes, so it cannot outlive us.
 */
public final class SinkProcess implements AutoCloseable {
    public static final String MAIN_CLASS = "io.zcbench.harness.cli.Main";
    private static final Pattern LISTENING = Pattern.compile("listening on (\\S+)");

    private final Process process;
    private final InetSocketAddress address;

    private SinkProcess(Process process, InetSocketAddress address) {
        this.process = process;
        this.address = address;
    }

    /** Starts {@code zcbench sink --listen 127.0.0.1:0} and waits (at most {@code startTimeout}) for its address. */
    public static SinkProcess start(ReceiveMethod drain, String congestion, Duration startTimeout, PrintStream log) throws IOException {
        return start(drain, congestion, -1, startTimeout, log);
    }

    /** As above, with the sink's connection threads pinned to {@code cpu} (-1: not pinned). */
    public static SinkProcess start(ReceiveMethod drain, String congestion, int cpu, Duration startTimeout, PrintStream log)
            throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC",
                // The splice drain is a loop of calls into splice: C1 is enough, and C2 would only add compile bursts
                // on the sink's CPU. The copy drain checksums in Java (CRC32C), which needs C2.
                drain == ReceiveMethod.SPLICE ? "-XX:TieredStopAtLevel=1" : "-XX:+TieredCompilation", "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), MAIN_CLASS,
                "sink", "--listen", "127.0.0.1:0", "--receive", drain.id(), "--exit-on-stdin-eof"));
        if (congestion != null) {
            cmd.add("--cc");
            cmd.add(congestion);
        }
        if (cpu >= 0) {
            cmd.add("--cpu");
            cmd.add(Integer.toString(cpu));
        }
        Process p = new ProcessBuilder(cmd).start();
        CompletableFuture<String> firstLine = new CompletableFuture<>();
        pump(p.getInputStream(), log, firstLine, "zcbench-sink-stdout");
        CompletableFuture<String> errors = new CompletableFuture<>();
        pump(p.getErrorStream(), log, errors, "zcbench-sink-stderr");
        try {
            String line = firstLine.get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
            Matcher m = line == null ? null : LISTENING.matcher(line);
            if (m == null || !m.find()) {
                throw new SinkException("the sink process did not start: " + describeExit(p, errors, line));
            }
            return new SinkProcess(p, HostPort.parse(m.group(1), "sink address"));
        } catch (TimeoutException e) {
            p.destroyForcibly();
            throw new SinkException("the sink process did not report its address within " + startTimeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new SinkException("interrupted while starting the sink process");
        } catch (ExecutionException | SinkException e) {
            p.destroyForcibly();
            throw e instanceof SinkException se ? se : new SinkException("the sink process failed: " + e.getCause());
        }
    }

    private static String describeExit(Process p, CompletableFuture<String> errors, String line) {
        try {
            p.waitFor(2, TimeUnit.SECONDS);
            String err = errors.getNow(null);
            return (err != null ? err : line != null ? line : "no output")
                    + (p.isAlive() ? "" : " (exit code " + p.exitValue() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** Completes {@code first} with the first line, then copies the rest to {@code log} as "[sink] ...". */
    private static void pump(InputStream in, PrintStream log, CompletableFuture<String> first, String name) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (!first.isDone()) {
                        first.complete(line);
                    } else if (log != null) {
                        log.println("[sink] " + line);
                    }
                }
            } catch (IOException ignored) {
                // the process went away
            } finally {
                first.complete(null);
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }

    public InetSocketAddress address() {
        return address;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
