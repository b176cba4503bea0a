package io.zcbench.harness.nativeio;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * libzcbench's natives for MSG_ZEROCOPY sends and their completions, vmsplice(2), and a direct buffer's address
 * (zc_zerocopy.c), registered by {@code JNI_OnLoad}. Calls return {@code >= 0} or {@code -errno} unless they say
 * otherwise; {@link Fds#check} turns a negative result into an {@link java.io.IOException} naming the call and the
 * errno. Call {@link NativeLibrary#require(String)} before touching any method here.
 */
public final class Zerocopy {
    static {
        // Registers the natives (JNI_OnLoad) the first time any of them is reached. JNI_OnLoad's FindClass initializes
        // this class while NativeLibrary is still initializing, so only touch it.
        NativeLibrary.touch();
    }

    private Zerocopy() {
    }

    private static native int enableZerocopy0(int fd);

    private static native long sendZerocopy0(int fd, long address, long len, long[] done);

    private static native int reapZerocopy0(int fd, boolean wait, long[] done);

    static native long vmsplice0(int pipeWrite, long address, long len);

    private static native long bufferAddress0(ByteBuffer buffer);

    /** setsockopt(SO_ZEROCOPY, 1) on a socket; 0 or -errno (the caller says what the refusal means). */
    public static int enableZerocopy(int fd) {
        return enableZerocopy0(fd);
    }

    /**
     * One send(MSG_ZEROCOPY) of {@code len} bytes at {@code address}: bytes sent. When too many sends are in
     * flight (ENOBUFS), first waits for completions, added to {@code done} as {@link #reapZerocopy} does.
     */
    public static long sendZerocopy(int fd, long address, long len, long[] done) throws IOException {
        return Fds.check(sendZerocopy0(fd, address, len, done), "send(MSG_ZEROCOPY)");
    }

    /**
     * Reads every MSG_ZEROCOPY notification waiting on the socket's error queue (first waiting for one with
     * {@code wait}), adding completed send ids to {@code done[0]} and those the kernel copied to {@code done[1]};
     * throws when the error queue holds a socket error instead.
     */
    public static int reapZerocopy(int fd, boolean wait, long[] done) throws IOException {
        return (int) Fds.check(reapZerocopy0(fd, wait, done), "recvmsg(MSG_ERRQUEUE)");
    }

    /** One vmsplice(2) of {@code len} bytes at {@code address} into a pipe; throws naming the call. */
    public static long vmsplice(int pipeWrite, long address, long len) throws IOException {
        return Fds.check(vmsplice0(pipeWrite, address, len), "vmsplice");
    }

    /** The address of a direct or mapped buffer's memory. */
    public static long address(ByteBuffer buffer) {
        long a = bufferAddress0(buffer);
        if (a == 0) {
            throw new IllegalArgumentException("not a direct buffer");
        }
        return a;
    }
}
