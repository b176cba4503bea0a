package io.zcbench.harness.env;

import io.zcbench.harness.ProcFiles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A fact about the machine is either its value or {@code {"unknown": "why"}}: never invented,
 * never silently empty.
 */
final class Facts {
    static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Facts() {
    }

    static ObjectNode unknown(String why) {
        return F.objectNode().put("unknown", why);
    }

    static JsonNode text(String value, String whyMissing) {
        return value == null || value.isBlank() ? unknown(whyMissing) : F.textNode(value.trim());
    }

    /** A small file's trimmed content, or {@code null}. */
    static String read(Path p) {
        return ProcFiles.read(p);
    }

    static JsonNode file(Path p) {
        String v = read(p);
        return v == null ? unknown(p + " is not readable here") : F.textNode(v.replaceAll("[ \t]+", " "));
    }

    /** Runs a command; its stdout, or {@code null} when it is missing or fails. */
    static String run(List<String> cmd, Path dir) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(false);
            if (dir != null) {
                pb.directory(dir.toFile());
            }
            Process p = pb.start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            p.getErrorStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8).trim() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", tool)) || Files.isExecutable(Path.of("/sbin", tool));
    }
}
