package io.zcbench.harness.sink;

import io.zcbench.harness.UsageException;

import java.net.InetSocketAddress;

/** {@code HOST:PORT} or {@code [v6]:PORT} as typed by users. */
public final class HostPort {
    private HostPort() {
    }

    public static InetSocketAddress parse(String text, String flag) {
        String hint = "; use HOST:PORT, e.g. 127.0.0.1:7077";
        if (text == null || text.isBlank()) {
            throw new UsageException(flag + " is empty" + hint);
        }
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new UsageException(flag + " '" + text + "' has no port" + hint);
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " '" + text + "' has a bad port" + hint);
        }
        if (port < 0 || port > 65535) {
            throw new UsageException(flag + " '" + text + "': port must be 0-65535");
        }
        InetSocketAddress addr = new InetSocketAddress(host, port);
        if (addr.isUnresolved()) {
            throw new UsageException(flag + " '" + text + "': cannot resolve host '" + host + "'");
        }
        return addr;
    }

    public static String format(InetSocketAddress addr) {
        String host = addr.getAddress() != null ? addr.getAddress().getHostAddress() : addr.getHostString();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + addr.getPort();
    }
}
