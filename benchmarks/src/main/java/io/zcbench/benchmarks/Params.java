package io.zcbench.benchmarks;

import io.zcbench.harness.UsageException;
import io.zcbench.harness.sink.SinkServer;
import io.zcbench.harness.endpoint.FileTarget;
import io.zcbench.harness.fixture.CacheState;
import io.zcbench.harness.fixture.Sizes;
import io.zcbench.harness.path.CopyPaths;
import io.zcbench.harness.path.Impl;
import io.zcbench.harness.path.PathInfo;
import io.zcbench.harness.path.ThreadKind;
import io.zcbench.harness.sink.Congestion;
import io.zcbench.harness.sink.ReceiveMethod;
import io.zcbench.harness.sink.HostPort;

import java.net.InetSocketAddress;
import java.util.function.Supplier;

/**
 * Reads JMH {@code @Param} strings; a bad value fails with a message naming the parameter
 * ({@code parameter size=12XB: bad size ...}). The preset runner calls the same checks before any
 * JVM is forked, so a typo costs one line, not a run.
 */
public final class Params {
    private Params() {
    }

    public static PathInfo path(String v) {
        return named("path", v, () -> CopyPaths.byId(v));
    }

    public static long size(String name, String v) {
        return named(name, v, () -> {
            try {
                return Sizes.parse(v);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        });
    }

    /** The rcvlowat parameter: 0, or a size from 1 byte up to the 1 MiB every receive method asks for per call. */
    public static int lowWater(String v) {
        long b = size("rcvlowat", v);
        if (b < 0 || b > SinkServer.RECEIVE_CALL) {
            throw new UsageException("parameter rcvlowat=" + v + ": expected 0 (the kernel's default) or a size up to "
                    + Sizes.format(SinkServer.RECEIVE_CALL) + ", what every receive method asks for per call");
        }
        return (int) b;
    }

    /** A whole number parameter (depth): one line naming it when it is not one. */
    public static int count(String name, String v) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("parameter " + name + "=" + v + ": expected a whole number");
        }
    }

    public static CacheState cache(String v) {
        return named("cache", v, () -> CacheState.parse(v));
    }

    public static ReceiveMethod receive(String v) {
        return named("receive", v, () -> ReceiveMethod.parse(v));
    }

    public static FileTarget.Sync sync(String v) {
        return named("sync", v, () -> FileTarget.Sync.parse(v));
    }

    /** {@code null} for "" (start a local sink process). */
    public static InetSocketAddress sink(String v) {
        return v == null || v.isEmpty() ? null : named("sink", v, () -> {
            InetSocketAddress a = HostPort.parse(v, "sink");
            if (a.getPort() == 0) {
                throw new UsageException("port 0 is no sink's port (it means 'any free port' only when listening); "
                        + "give the port 'zcbench sink' printed");
            }
            return a;
        });
    }

    /** The congestion control for {@code cc=v} (auto, system or a name) and why; see {@link Congestion}. */
    public static Congestion cc(String v, boolean localSink) {
        return named("cc", v, () -> Congestion.choose(v, localSink));
    }

    /**
     * java, native, paired (the Java path measured, its native twin alternating with it in the same fork), or ffm (the
     * Java path with its kernel calls through FFM, the same path through JNI alternating with it).
     */
    public static Impl impl(String v) {
        return PAIRED.equals(v) ? Impl.JAVA : named("impl", v, () -> {
            try {
                return Impl.parse(v);
            } catch (UsageException e) {
                throw new UsageException("unknown impl '" + v + "'; choose java, native, paired or ffm");
            }
        });
    }

    public static ThreadKind thread(String v) {
        return named("thread", v, () -> ThreadKind.parse(v));
    }

    /** impl=paired: the Java path, and its native twin one operation before each of its own, in the same fork. */
    public static final String PAIRED = "paired";

    public static boolean paired(String impl) {
        return PAIRED.equals(impl) || Impl.FFM.id().equals(impl);
    }

    private static <T> T named(String param, String value, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (UsageException e) {
            throw new UsageException("parameter " + param + "=" + value + ": " + e.getMessage());
        }
    }
}
