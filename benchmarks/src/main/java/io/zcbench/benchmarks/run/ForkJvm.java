package io.zcbench.benchmarks.run;

import io.zcbench.harness.UsageException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVM a run's forks start on when it is not the runner's ({@code run --jvm PATH}, or JMH's {@code -jvm PATH}):
 * checked before any fork (an executable Java launcher of release 17 or later, which the benchmarks are built for) and
 * recorded in env.json ({@code run.forkJvm}); JMH records each result's JDK beside it in jmh.json.
 */
record ForkJvm(String path, String version, int feature) {
    private static final Pattern VERSION = Pattern.compile("version \"([^\"]+)\"");

    /** The launcher at {@code path}, asked for its version; one line naming what is wrong otherwise. */
    static ForkJvm check(String path) {
        Path p = Path.of(path);
        if (!Files.isRegularFile(p) || !Files.isExecutable(p)) {
            throw new UsageException("--jvm " + path + ": not an executable file; give a Java launcher such as "
                    + "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
        }
        String out;
        try {
            Process proc = new ProcessBuilder(path, "-version").redirectErrorStream(true).start();
            out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!proc.waitFor(30, TimeUnit.SECONDS) || proc.exitValue() != 0) {
                throw new UsageException("--jvm " + path + ": '" + path + " -version' failed: " + firstLine(out));
            }
        } catch (IOException e) {
            throw new UsageException("--jvm " + path + ": cannot start it: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UsageException("--jvm " + path + ": interrupted while asking its version");
        }
        Matcher m = VERSION.matcher(out);
        if (!m.find()) {
            throw new UsageException("--jvm " + path + ": not a Java launcher ('-version' printed: " + firstLine(out) + ")");
        }
        String v = m.group(1);
        String[] parts = v.split("[.+-]");
        int feature = parts[0].equals("1") && parts.length > 1 ? Integer.parseInt(parts[1]) : parseOr(parts[0]);
        if (feature < 17) {
            throw new UsageException("--jvm " + path + " is Java " + v + ": the benchmarks are built for 17 or later");
        }
        return new ForkJvm(path, v, feature);
    }

    /** The runner's own JVM, where forks start without --jvm. */
    static ForkJvm runners() {
        return new ForkJvm(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                System.getProperty("java.runtime.version"), Runtime.version().feature());
    }

    private static int parseOr(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }
}
