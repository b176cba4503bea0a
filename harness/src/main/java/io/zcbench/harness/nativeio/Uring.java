package io.zcbench.harness.nativeio;

import java.io.IOException;

/**
 * libzcbench's natives for io_uring without liburing: a ring, its registered buffers, and each io_uring path's state
 * machine (zc_uring.c and zc_uring_*.c), registered by {@code JNI_OnLoad}. Calls return {@code >= 0} or {@code -errno}
 * unless they say otherwise; {@link Fds#check} turns a negative result into an {@link java.io.IOException} naming the
 * call and the errno. Call {@link NativeLibrary#require(String)} before touching any method here.
 */
public final class Uring {
    static {
        // Registers the natives (JNI_OnLoad) the first time any of them is reached. JNI_OnLoad's FindClass initializes
        // this class while NativeLibrary is still initializing, so only touch it.
        NativeLibrary.touch();
    }

    private Uring() {
    }

    private static native long uringOpen0(int entries, int buffers, int bufferSize, int[] info);

    private static native void uringClose0(long handle);

    private static native int uringMode0(String name);

    private static native int uringBegin0(long handle, int mode, Twins.TwinArgs args);

    private static native long uringStep0(long handle, int chunk, Twins.TwinArgs args);

    private static native void uringCounts0(long handle, long[] out);

    private static native long uringFinishedFlag0();

    /** Bit set in {@link #uringStep}'s result when the transfer is finished; read from C. */
    private static final class Flags {
        static final long FINISHED = uringFinishedFlag0();
    }

    /**
     * An io_uring of {@code entries} with {@code buffers} registered buffers of {@code bufferSize} bytes (none
     * when 0); a handle, or an IOException naming the stage the kernel refused ("io_uring_setup failed: ...").
     */
    public static long uringOpen(int entries, int buffers, int bufferSize) throws IOException {
        int[] info = new int[2];
        long h = uringOpen0(entries, buffers, bufferSize, info);
        if (h == 0) {
            String stage = switch (info[0]) {
                case 1 -> "io_uring_setup";
                case 2 -> "mmap of the io_uring rings";
                case 3 -> "allocating the registered buffers";
                case 4 -> "io_uring_register(IORING_REGISTER_BUFFERS)";
                default -> "io_uring";
            };
            throw new IOException(stage + " failed: " + Fds.errnoText(info[1]));
        }
        return h;
    }

    public static void uringClose(long handle) {
        uringClose0(handle);
    }

    /** An io_uring path's state machine registered in libzcbench under {@code name} ("splice", "send-zc", "direct"). */
    public static int uringMode(String name) {
        int id = uringMode0(name);
        if (id < 0) {
            throw new IllegalStateException("libzcbench has no io_uring mode named '" + name + "'");
        }
        return id;
    }

    /** Starts a transfer on the ring in {@code mode} with the descriptors, size, pipe and read block of {@code args}. */
    public static void uringBegin(long handle, int mode, Twins.TwinArgs args) {
        if (uringBegin0(handle, mode, args) < 0) {
            throw new IllegalStateException("io_uring mode " + mode + " is not registered in libzcbench");
        }
    }

    /** One io_uring_enter of the transfer: bytes sent so far, flagged as {@link #uringFinished} at the end. */
    public static long uringStep(long handle, int chunk, Twins.TwinArgs args) throws Twins.TwinFailure {
        long s = uringStep0(handle, chunk, args);
        if (s < 0) {
            throw Twins.failure("io_uring", args);
        }
        return s;
    }

    /** Whether a {@link #uringStep} result says the transfer is finished (every byte sent, every notification in). */
    public static boolean uringFinished(long step) {
        return (step & Flags.FINISHED) != 0;
    }

    /** Bytes sent in a {@link #uringStep} result. */
    public static long uringSent(long step) {
        return step & ~Flags.FINISHED;
    }

    /** Since the ring was opened: [0] SEND_ZC notifications, [1] of them copied, [2] io_uring_enter calls. */
    public static void uringCounts(long handle, long[] out) {
        uringCounts0(handle, out);
    }
}
