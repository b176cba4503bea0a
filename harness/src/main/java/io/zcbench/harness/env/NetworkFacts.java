package io.zcbench.harness.env;

import io.zcbench.harness.nativeio.Fds;
import io.zcbench.harness.nativeio.Sockets;
import io.zcbench.harness.nativeio.NativeLibrary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.zcbench.harness.env.Facts.F;
import static io.zcbench.harness.env.Facts.file;
import static io.zcbench.harness.env.Facts.read;
import static io.zcbench.harness.env.Facts.text;
import static io.zcbench.harness.env.Facts.unknown;

/**
 * What env.json records about the network a run sends through: the route to the sink, its interface's driver, speed,
 * MTU, offloads (scatter-gather, TSO, GSO, GRO, checksums, from ethtool -k or the SIOCETHTOOL ioctl) and root qdisc,
 * and the TCP settings that decide socket figures.
 */
public final class NetworkFacts {
    private static final Pattern ROUTE_DEV = Pattern.compile("\\bdev\\s+(\\S+)");

    private NetworkFacts() {
    }

    /** The route to the sink and its interface; loopback when no sink address is given. */
    public static ObjectNode network(InetSocketAddress sink) {
        ObjectNode n = F.objectNode();
        String target = sink == null ? "127.0.0.1" : sink.getAddress() == null ? sink.getHostString() : sink.getAddress().getHostAddress();
        n.put("sinkAddress", target);
        String iface = null;
        String how;
        InetAddress addr = sink == null ? InetAddress.getLoopbackAddress() : sink.getAddress();
        if (addr != null && addr.isLoopbackAddress()) {
            iface = "lo";
            how = "loopback address";
        } else if (Facts.onPath("ip")) {
            String out = Facts.run(List.of("ip", "-o", "route", "get", target), null);
            Matcher m = out == null ? null : ROUTE_DEV.matcher(out);
            iface = m != null && m.find() ? m.group(1) : null;
            how = "ip route get " + target;
        } else {
            how = "no 'ip' command to ask the routing table";
        }
        n.put("routeFrom", how);
        n.set("interface", iface == null ? unknown("cannot tell the interface to " + target + " (" + how + ")") : nic(iface));
        ObjectNode tcp = n.putObject("tcp");
        tcp.set("congestionControlDefault", file(Path.of("/proc/sys/net/ipv4/tcp_congestion_control")));
        tcp.set("congestionControlAvailable", file(Path.of("/proc/sys/net/ipv4/tcp_available_congestion_control")));
        tcp.set("congestionControlAllowed", file(Path.of("/proc/sys/net/ipv4/tcp_allowed_congestion_control")));
        tcp.set("defaultQdisc", file(Path.of("/proc/sys/net/core/default_qdisc")));
        tcp.set("autocorking", file(Path.of("/proc/sys/net/ipv4/tcp_autocorking")));
        tcp.set("limitOutputBytes", file(Path.of("/proc/sys/net/ipv4/tcp_limit_output_bytes")));
        tcp.set("rmem", file(Path.of("/proc/sys/net/ipv4/tcp_rmem")));
        tcp.set("wmem", file(Path.of("/proc/sys/net/ipv4/tcp_wmem")));
        tcp.set("coreRmemMax", file(Path.of("/proc/sys/net/core/rmem_max")));
        tcp.set("coreWmemMax", file(Path.of("/proc/sys/net/core/wmem_max")));
        return n;
    }

    /** Driver, speed, MTU and offloads of one interface. */
    public static ObjectNode nic(String iface) {
        ObjectNode i = F.objectNode();
        Path sys = Path.of("/sys/class/net", iface);
        i.put("name", iface);
        String driver = null;
        String driverSource = null;
        try {
            driver = sys.resolve("device/driver").toRealPath().getFileName().toString();
            driverSource = "sysfs";
        } catch (IOException e) {
            // virtual interfaces (veth, bridges, lo) have no device; ask the driver itself
        }
        if (driver == null && NativeLibrary.isAvailable()) {
            driver = Sockets.ethtoolDriver(iface);
            driverSource = driver == null ? null : "ETHTOOL_GDRVINFO";
        }
        if (driver == null && "lo".equals(iface)) {
            i.put("driver", "loopback (no device)");
        } else if (driver == null) {
            i.set("driver", unknown("no device/driver link under " + sys + " and the interface does not answer ETHTOOL_GDRVINFO"));
        } else {
            i.put("driver", driver);
            i.put("driverSource", driverSource);
        }
        String speed = read(sys.resolve("speed"));
        if (speed != null && !speed.startsWith("-")) {
            i.put("speedMbps", Long.parseLong(speed));
        } else {
            i.set("speedMbps", unknown("the driver reports no link speed (" + sys.resolve("speed") + ")"));
        }
        String mtu = read(sys.resolve("mtu"));
        i.set("mtu", mtu == null ? unknown("mtu not readable") : F.numberNode(Long.parseLong(mtu)));
        i.set("offloads", offloads(iface));
        i.set("qdisc", qdisc(iface));
        return i;
    }

    /** The root queueing discipline of an interface, from {@code tc qdisc show dev IFACE}. */
    static JsonNode qdisc(String iface) {
        if (!Facts.onPath("tc")) {
            return unknown("the tc command (iproute2) is not installed");
        }
        String out = Facts.run(List.of("tc", "qdisc", "show", "dev", iface), null);
        if (out == null) {
            return unknown("tc qdisc show dev " + iface + " failed");
        }
        for (String line : out.split("\n")) {
            Matcher m = Pattern.compile("^qdisc\\s+(\\S+)\\s+\\S+\\s+root\\b").matcher(line.trim());
            if (m.find()) {
                return F.textNode(m.group(1));
            }
        }
        return unknown("tc qdisc show dev " + iface + " names no root qdisc: " + out.trim());
    }

    static final String[] OFFLOADS = {"scatterGather", "tso", "gso", "gro", "txChecksum", "rxChecksum"};
    /**
     * ethtool -k lines per offload, the actual sub-feature first: the summary line can say
     * "tcp-segmentation-offload: on" while every tx-tcp-segmentation feature is "off [requested on]"
     * (seen on a veth with scatter-gather off).
     */
    private static final String[][] ETHTOOL_K = {{"tx-scatter-gather", "scatter-gather"},
        {"tx-tcp-segmentation", "tcp-segmentation-offload"}, {"tx-generic-segmentation", "generic-segmentation-offload"},
        {"rx-gro", "generic-receive-offload"}, {"tx-checksumming"}, {"rx-checksumming"}};

    /** From {@code ethtool -k} when installed, else the same flags through the SIOCETHTOOL ioctl. */
    static ObjectNode offloads(String iface) {
        ObjectNode o = F.objectNode();
        String out = Facts.onPath("ethtool") ? Facts.run(List.of("ethtool", "-k", iface), null) : null;
        if (out != null) {
            o.put("source", "ethtool -k");
            for (int k = 0; k < OFFLOADS.length; k++) {
                Boolean value = null;
                for (String line : ETHTOOL_K[k]) {
                    Matcher m = Pattern.compile("^\\s*" + Pattern.quote(line) + ":\\s*(on|off)", Pattern.MULTILINE).matcher(out);
                    if (m.find()) {
                        value = "on".equals(m.group(1));
                        break;
                    }
                }
                if (value != null) {
                    o.put(OFFLOADS[k], value);
                } else {
                    o.set(OFFLOADS[k], unknown("ethtool -k does not list " + String.join(" or ", ETHTOOL_K[k])));
                }
            }
            return o;
        }
        if (!NativeLibrary.isAvailable()) {
            o.set("source", unknown("ethtool is not installed and libzcbench (SIOCETHTOOL) is unavailable"));
            return o;
        }
        int[] v = new int[OFFLOADS.length];
        int rc = Sockets.ethtoolOffloads(iface, v);
        o.put("source", "SIOCETHTOOL ioctl (ethtool not installed)");
        for (int k = 0; k < OFFLOADS.length; k++) {
            if (rc < 0) {
                o.set(OFFLOADS[k], unknown("SIOCETHTOOL failed: " + Fds.errnoText(-rc)));
            } else if (v[k] < 0) {
                o.set(OFFLOADS[k], unknown("the driver does not answer this query: " + Fds.errnoText(-v[k])));
            } else {
                o.put(OFFLOADS[k], v[k] == 1);
            }
        }
        return o;
    }
}
