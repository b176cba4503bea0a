package io.zcbench.harness.counters;

import io.zcbench.harness.ProcFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds tracepoint ids (perf_event_open needs them for syscall and scheduler tracepoints). On a
 * fresh machine tracefs is often not mounted; as root zcbench mounts it at /sys/kernel/tracing,
 * exactly as {@code perf} does, and says so.
 */
public final class Tracefs {
    private static final List<Path> CANDIDATES = List.of(Path.of("/sys/kernel/tracing"), Path.of("/sys/kernel/debug/tracing"));
    private static final Object LOCK = new Object();
    private static volatile Path root;
    private static volatile String reason;
    private static volatile boolean mountedByUs;

    private Tracefs() {
    }

    /** The events directory, or {@code null} with {@link #unavailableReason()} set. */
    public static Path events() {
        synchronized (LOCK) {
            if (root == null && reason == null) {
                locate();
            }
            return root;
        }
    }

    public static String unavailableReason() {
        events();
        return reason;
    }

    /** True when this process mounted tracefs (recorded in the run's environment). */
    public static boolean mountedByZcbench() {
        return mountedByUs;
    }

    private static void locate() {
        for (Path p : CANDIDATES) {
            if (Files.isDirectory(p.resolve("events/raw_syscalls"))) {
                root = p.resolve("events");
                return;
            }
        }
        Path target = CANDIDATES.get(0);
        if (!"root".equals(System.getProperty("user.name"))) {
            reason = "tracefs is not mounted at " + target + " (needed for syscall tracepoints); run as root, or: "
                    + "mount -t tracefs nodev " + target;
            return;
        }
        String out = mount(target);
        if (out == null && Files.isDirectory(target.resolve("events/raw_syscalls"))) {
            root = target.resolve("events");
            mountedByUs = true;
            System.err.println("zcbench: mounted tracefs at " + target + " for syscall tracepoints (as perf does)");
        } else {
            reason = "tracefs is not mounted at " + target + " and mounting it failed: " + out;
        }
    }

    private static String mount(Path target) {
        try {
            Process p = new ProcessBuilder("mount", "-t", "tracefs", "nodev", target.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "mount timed out";
            }
            return p.exitValue() == 0 ? null : out;
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** The id of tracepoint {@code category:name}, or -1 when this kernel has no such tracepoint. */
    public static int id(String category, String name) {
        Path ev = events();
        if (ev == null) {
            return -1;
        }
        String id = ProcFiles.read(ev.resolve(category).resolve(name).resolve("id"));
        try {
            return id == null ? -1 : Integer.parseInt(id);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * The id of tracepoint {@code category:name} and the offset of {@code field} in its raw record, from its
     * format file; throws with the reason when the tracepoint or the field is not there.
     */
    public static int[] fieldOffset(String category, String name, String field) {
        int id = id(category, name);
        Path ev = events();
        String format = ev == null ? null : ProcFiles.read(ev.resolve(category).resolve(name).resolve("format"));
        if (id < 0 || format == null) {
            throw new IllegalStateException("no tracepoint " + category + ":" + name + " here"
                    + (unavailableReason() != null ? " (" + unavailableReason() + ")" : ""));
        }
        Matcher m = Pattern.compile("field:[^;]*\\b" + field + ";\\s*offset:(\\d+);")
                .matcher(format);
        if (!m.find()) {
            throw new IllegalStateException("tracepoint " + category + ":" + name + " has no field " + field);
        }
        return new int[] {id, Integer.parseInt(m.group(1))};
    }
}
