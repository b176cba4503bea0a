package io.zcbench.harness.path.mechanism;

import io.zcbench.harness.ProcFiles;
import io.zcbench.harness.counters.Counter;
import io.zcbench.harness.endpoint.Target;
import io.zcbench.harness.nativeio.Twins;
import io.zcbench.harness.nativeio.Uring;
import io.zcbench.harness.path.UnsupportedPathException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * What the io_uring paths share: a ring from libzcbench (io_uring_setup/io_uring_enter, no liburing), refused
 * with the reason where io_uring is missing or disabled; the Java loop of one JNI call per io_uring_enter (the
 * state machine that fills SQEs and reaps CQEs is C); the twin that loops in C; and the counts of what the
 * ring's notifications and io-wq workers did.
 */
public final class UringTransfer implements AutoCloseable {
    private final String pathId;
    private final int entries;
    private final int buffers;
    private final int bufferSize;
    private final String mode;
    private final int chunk;
    private long ring;
    /** The ring's transfer arguments (zc_twin.h), shared by the Java loop and the twin ("io-uring" in zc_uring.c). */
    private final TwinLoop twin = new TwinLoop("io-uring");
    private int modeId = -1;
    private final long[] ringCounts = new long[3];
    private final long[] closedCounts = new long[3];
    private final IoWorkers workers = new IoWorkers();

    private UringTransfer(String pathId, int entries, int buffers, int bufferSize, String mode, int chunk) {
        this.pathId = pathId;
        this.entries = entries;
        this.buffers = buffers;
        this.bufferSize = bufferSize;
        this.mode = mode;
        this.chunk = chunk;
    }

    public int chunk() {
        return chunk;
    }

    /**
     * A ring for io-uring-splice ({@code buffers} 0), io-uring-send-zc or io-uring-direct ({@code buffers} registered
     * buffers); {@code mode} the path's state machine as libzcbench registered it (zc_uring_*.c: "splice", "send-zc",
     * "direct").
     */
    public static UringTransfer open(String pathId, int entries, int buffers, int bufferSize, String mode, int chunk) {
        requireEnabled(pathId);
        UringTransfer u = new UringTransfer(pathId, entries, buffers, bufferSize, mode, chunk);
        u.openRing();
        return u;
    }

    /** UnsupportedPathException with the reason where the sysctl kernel.io_uring_disabled forbids rings. */
    public static void requireEnabled(String pathId) {
        String disabled = ProcFiles.read(Path.of("/proc/sys/kernel/io_uring_disabled"));
        if (disabled != null && !disabled.equals("0")) {
            throw new UnsupportedPathException(pathId, "io_uring is disabled here (kernel.io_uring_disabled = " + disabled
                    + (disabled.equals("1") ? ": only members of kernel.io_uring_group may create rings" : "") + ")",
                    "set the sysctl kernel.io_uring_disabled=0 (or add this user to kernel.io_uring_group)");
        }
    }

    private void openRing() {
        try {
            ring = Uring.uringOpen(entries, buffers, bufferSize);
        } catch (IOException e) {
            String hint = switch (e.getMessage().contains("register") ? "register" : "setup") {
                case "register" -> "registered buffers count against RLIMIT_MEMLOCK: raise it (ulimit -l) or lower --chunk";
                default -> "io_uring needs Linux 5.1+ (SEND_ZC 6.0+, its usage report 6.2+) built with CONFIG_IO_URING, "
                        + "and no seccomp filter that blocks io_uring_setup";
            };
            throw new UnsupportedPathException(pathId, e.getMessage(), hint);
        }
    }

    /** The arguments every transfer on this ring uses: set the pipe (io-uring-splice) or the read block (io-uring-direct). */
    public Twins.TwinArgs args() {
        return twin.args;
    }

    private void begin(int in, long size, Target target) throws IOException {
        if (modeId < 0) {
            modeId = Uring.uringMode(mode);
        }
        Twins.TwinArgs a = twin.args;
        a.in = in;
        a.out = target.fd();
        a.size = size;
        a.ring = ring;
        a.chunk = chunk;
        Uring.uringBegin(ring, modeId, a);
    }

    /** The Java path: its loop here, one JNI call per io_uring_enter. {@code in}: the source's descriptor to read. */
    public long transfer(int in, long size, Target target) throws IOException {
        begin(in, size, target);
        long sent = 0;
        try {
            long s;
            do {
                s = Uring.uringStep(ring, chunk, twin.args);
                long now = Uring.uringSent(s);
                if (now != sent) {
                    sent = now;
                    target.progress(sent);
                }
            } while (!Uring.uringFinished(s));
        } catch (Twins.TwinFailure e) {
            fresh(e);
            throw target.failure(new IOException(pathId + ": " + e.getMessage(), e), e.bytesDone());
        }
        return sent;
    }

    /** The native twin: the same state machine looped in C, in one JNI call. */
    public long transferNative(int in, long size, Target target) throws IOException {
        begin(in, size, target);
        try {
            return twin.run(target, size);
        } catch (IOException e) {
            fresh(e);
            throw e;
        }
    }

    /** After a failure requests may still be in flight on the ring: the next transfer gets a new one. */
    private void fresh(Exception failure) {
        closeRing();
        try {
            openRing();
        } catch (RuntimeException again) {
            failure.addSuppressed(again);
        }
    }

    /** Notifications (send-zc), copied ones, and the io-wq workers' CPU and switches, cumulative. */
    public Map<Counter, Long> counts() {
        Map<Counter, Long> m = new EnumMap<>(Counter.class);
        if (mode.equals("send-zc")) {
            Uring.uringCounts(ring, ringCounts);
            m.put(Counter.ZEROCOPY_COMPLETIONS, closedCounts[0] + ringCounts[0]);
            m.put(Counter.ZEROCOPY_COPIED, closedCounts[1] + ringCounts[1]);
        }
        m.putAll(workers.counts());
        return m;
    }

    private void closeRing() {
        if (ring != 0) {
            Uring.uringCounts(ring, ringCounts);
            for (int i = 0; i < 3; i++) {
                closedCounts[i] += ringCounts[i];
                ringCounts[i] = 0;
            }
            Uring.uringClose(ring);
            ring = 0;
        }
    }

    @Override
    public void close() {
        closeRing();
    }
}
