package io.zcbench.harness.sink;

import io.zcbench.harness.Capabilities;
import io.zcbench.harness.ProcFiles;
import io.zcbench.harness.UsageException;
import io.zcbench.harness.nativeio.NativeLibrary;

import java.nio.file.Path;
import java.util.List;

/**
 * Which TCP congestion control a transfer uses, and why. To a sink zcbench starts on this host the
 * default ({@code auto}) is one that does not pace inside TCP: BBR (the default on many machines)
 * paces from a timer when the device has no qdisc, as {@code lo} has none, and then the figures
 * measure the pacing (thousands of timers and runt segments per transfer), not the path. The choice
 * comes from what the kernel lets this process set: cubic when it is loaded and either listed in
 * {@code tcp_allowed_congestion_control} or the process has CAP_NET_ADMIN, else reno, which every
 * kernel allows and which behaves like cubic on loopback. {@code system} keeps the system default on
 * purpose; to a remote sink {@code auto} means the system default. Never silent: every choice
 * carries its reason.
 */
public record Congestion(String requested, String name, String why) {
    public static final String AUTO = "auto";
    public static final String SYSTEM = "system";
    private static final List<String> PACING = List.of("bbr", "bbr2", "bbr3");

    /** The algorithm to set on sockets, or {@code null} for the system default. */
    public String setting() {
        return name;
    }

    /** What is in force: the algorithm's name, with "(system default)" when none is set. */
    public String inForce() {
        return name != null ? name : systemDefault() + " (system default)";
    }

    /** Parses {@code auto}, {@code system} (or "" from old runs: auto) or an algorithm name. */
    public static Congestion choose(String param, boolean localSink) {
        String p = param == null || param.isEmpty() ? AUTO : param;
        if (p.equals(SYSTEM)) {
            return new Congestion(p, null, "cc=system: the system default (" + systemDefault() + ") on purpose");
        }
        if (!p.equals(AUTO)) {
            if (!p.matches("[a-z0-9_]{1,15}")) {
                throw new UsageException("not a congestion control name: '" + p + "' (use auto, system, or e.g. cubic, reno, bbr)");
            }
            if (!available().contains(p)) {
                throw new UsageException("congestion control '" + p + "' is not loaded (available: " + String.join(" ", available())
                        + "); try modprobe tcp_" + p);
            }
            if (!allowed().contains(p) && !netAdmin()) {
                throw new UsageException("congestion control '" + p + "' needs CAP_NET_ADMIN here (allowed without it: "
                        + String.join(" ", allowed()) + ", from net.ipv4.tcp_allowed_congestion_control)");
            }
            return new Congestion(p, p, "asked for cc=" + p);
        }
        String def = systemDefault();
        if (!localSink) {
            return new Congestion(p, null, "remote sink: the system default (" + def + "), as the real path would use");
        }
        if (!PACING.contains(def)) {
            return new Congestion(p, def, def + " is the system default and does not pace inside TCP; set per socket");
        }
        if (!NativeLibrary.isAvailable()) {
            return new Congestion(p, null, "the system default " + def + " paces inside TCP, but a socket's algorithm can "
                    + "only be set through libzcbench, which is unavailable (" + NativeLibrary
                    .unavailableReason() + "): the socket figures include pacing");
        }
        boolean admin = netAdmin();
        if (available().contains("cubic") && (allowed().contains("cubic") || admin)) {
            return new Congestion(p, "cubic", "the system default " + def + " paces inside TCP (lo has no qdisc), so the local "
                    + "sink's figures would measure pacing; cubic does not, set per socket on both ends"
                    + (allowed().contains("cubic") ? "" : " (this process has CAP_NET_ADMIN)"));
        }
        if (available().contains("reno") || allowed().contains("reno")) {
            return new Congestion(p, "reno", "the system default " + def + " paces inside TCP (lo has no qdisc); cubic needs "
                    + "CAP_NET_ADMIN here, reno is allowed and does not pace, set per socket on both ends");
        }
        return new Congestion(p, null, "the system default " + def + " paces inside TCP, and no non-pacing algorithm is "
                + "available to this process: figures include pacing");
    }

    /** Whether the algorithm in force paces inside TCP (BBR and its successors). */
    public boolean pacing() {
        String n = name != null ? name : systemDefault();
        return PACING.contains(n);
    }

    public static String systemDefault() {
        String v = ProcFiles.read(Path.of("/proc/sys/net/ipv4/tcp_congestion_control"));
        return v == null ? "unknown" : v.trim();
    }

    static List<String> available() {
        return words("/proc/sys/net/ipv4/tcp_available_congestion_control");
    }

    static List<String> allowed() {
        return words("/proc/sys/net/ipv4/tcp_allowed_congestion_control");
    }

    private static List<String> words(String file) {
        String v = ProcFiles.read(Path.of(file));
        return v == null ? List.of() : List.of(v.trim().split("\\s+"));
    }

    /** CAP_NET_ADMIN in this process's effective capabilities. */
    static boolean netAdmin() {
        return Capabilities.has(Capabilities.CAP_NET_ADMIN);
    }
}
