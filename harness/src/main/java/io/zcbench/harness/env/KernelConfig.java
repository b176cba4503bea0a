package io.zcbench.harness.env;

import io.zcbench.harness.ProcFiles;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/** The running kernel's build configuration, from /proc/config.gz or /boot/config-RELEASE. */
record KernelConfig(Map<String, String> values, String source, String reason) {

    String get(String key) {
        return values.get(key);
    }

    static KernelConfig load() {
        Path gz = Path.of("/proc/config.gz");
        String release = ProcFiles.read(Path.of("/proc/sys/kernel/osrelease"));
        Path boot = Path.of("/boot/config-" + (release == null ? "" : release));
        try {
            if (Files.isReadable(gz)) {
                try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
                    return new KernelConfig(parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)), gz.toString(), null);
                }
            }
            if (release != null && Files.isReadable(boot)) {
                return new KernelConfig(parse(Files.readString(boot)), boot.toString(), null);
            }
        } catch (IOException e) {
            return new KernelConfig(Map.of(), null, "reading the kernel config failed: " + e.getMessage());
        }
        return new KernelConfig(Map.of(), null, "no kernel config: neither /proc/config.gz nor " + boot + " exists");
    }

    private static Map<String, String> parse(String text) {
        Map<String, String> m = new HashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (line.startsWith("CONFIG_") && eq > 0) {
                m.put(line.substring(0, eq), line.substring(eq + 1).replace("\"", ""));
            }
        }
        return m;
    }
}
