package io.zcbench.reports.testing;

import io.zcbench.reports.cli.ReportsMain;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Runs the reports CLI in-process; copies test-resource runs into a folder. */
public final class Reports {
    public record Run(int exit, String out, String err) {
        public String errLine() {
            return err.strip();
        }
    }

    private Reports() {
    }

    public static Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ReportsMain.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Copies resource folder {@code name} (files listed) into {@code dir}, un-gzipping *.gz. */
    /** One of the real runs made for the comparison tests (compare-three/NAME: default, cc-reno, jdk25, pin-0-0), in {@code dir}. */
    public static Path comparedRun(String name, Path dir) throws IOException {
        return resourceRun("compare-three/" + name, dir, "jmh.json.gz", "env.json", "paths.json", "metrics.json");
    }

    public static Path resourceRun(String name, Path dir, String... files) throws IOException {
        Files.createDirectories(dir);
        for (String f : files) {
            try (InputStream raw = Reports.class.getResourceAsStream("/fixtures/" + name + "/" + f)) {
                if (raw == null) {
                    throw new IOException("test resource /fixtures/" + name + "/" + f + " missing");
                }
                InputStream in = f.endsWith(".gz") ? new GZIPInputStream(raw) : raw;
                Files.copy(in, dir.resolve(f.endsWith(".gz") ? f.substring(0, f.length() - 3) : f));
            }
        }
        return dir;
    }
}
