package io.zcbench.harness.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Mounts a scratch file system (ramfs, tmpfs) on a temp directory; root only, else the test is skipped. */
public final class Mounts implements AutoCloseable {
    private final Path dir;

    private Mounts(Path dir) {
        this.dir = dir;
    }

    public static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    public static Mounts mount(String type, String options) throws IOException, InterruptedException {
        Assumptions.assumeTrue(isRoot(), "mounting " + type + " needs root");
        Path dir = Files.createTempDirectory("zcbench-" + type + "-");
        String out = run("mount", "-t", type, "-o", options, type, dir.toString());
        if (out != null) {
            Files.deleteIfExists(dir);
            Assumptions.abort("cannot mount " + type + ": " + out);
        }
        return new Mounts(dir);
    }

    public Path dir() {
        return dir;
    }

    /** Runs a command; returns null on success, its output on failure. */
    static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "timed out";
        }
        return p.exitValue() == 0 ? null : out + " (exit " + p.exitValue() + ")";
    }

    @Override
    public void close() throws IOException, InterruptedException {
        String out = run("umount", dir.toString());
        if (out == null) {
            Files.deleteIfExists(dir);
        }
    }
}
