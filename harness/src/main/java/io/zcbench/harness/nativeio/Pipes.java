package io.zcbench.harness.nativeio;

/**
 * libzcbench's natives for pipes and splice(2), and /dev/null for a sink that splices to nowhere (zc_splice.c),
 * registered by {@code JNI_OnLoad}. Calls return {@code >= 0} or {@code -errno} unless they say otherwise; {@link
 * Fds#check} turns a negative result into an {@link java.io.IOException} naming the call and the errno. Call {@link
 * NativeLibrary#require(String)} before touching any method here.
 */
public final class Pipes {
    static {
        // Registers the natives (JNI_OnLoad) the first time any of them is reached. JNI_OnLoad's FindClass initializes
        // this class while NativeLibrary is still initializing, so only touch it.
        NativeLibrary.touch();
    }

    private Pipes() {
    }

    public static final int SPLICE_F_MOVE = 1;
    public static final int SPLICE_F_NONBLOCK = 2;
    public static final int SPLICE_F_MORE = 4;

    public static native long pipe();

    public static native int setPipeSize(int fd, int size);

    public static native int pipeSize(int fd);

    public static native long splice(int fdIn, long offIn, int fdOut, long offOut, long len, int flags);

    public static native int openDevNull();
}
