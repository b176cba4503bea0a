package io.zcbench.harness;

import java.nio.file.Path;

/** This process's effective Linux capabilities, from /proc/self/status. */
public final class Capabilities {
    public static final int CAP_NET_ADMIN = 12;
    public static final int CAP_SYS_RESOURCE = 24;

    private Capabilities() {
    }

    public static boolean has(int bit) {
        String status = ProcFiles.read(Path.of("/proc/self/status"));
        if (status == null) {
            return false;
        }
        for (String line : status.split("\n")) {
            if (line.startsWith("CapEff:")) {
                try {
                    return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << bit)) != 0;
                } catch (NumberFormatException e) {
                    return false;
                }
            }
        }
        return false;
    }
}
