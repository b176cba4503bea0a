package io.zcbench.harness.nativeio;

import java.io.IOException;

/**
 * libzcbench's natives for descriptors (the fd behind a JDK channel, flags, dup, close, read leases), errno texts and
 * the check every call result goes through, and the calling thread (its tid, CPU pinning), the page size (zc_fd.c),
 * registered by {@code JNI_OnLoad}. Calls return {@code >= 0} or {@code -errno} unless they say otherwise; {@link
 * Fds#check} turns a negative result into an {@link java.io.IOException} naming the call and the errno. Call {@link
 * NativeLibrary#require(String)} before touching any method here.
 */
public final class Fds {
    static {
        // Registers the natives (JNI_OnLoad) the first time any of them is reached. JNI_OnLoad's FindClass initializes
        // this class while NativeLibrary is still initializing, so only touch it.
        NativeLibrary.touch();
    }

    private Fds() {
    }

    public static native int fdOf(Object channelOrFileDescriptor);

    public static native String errnoText(int errno);

    public static native int gettid();

    public static native int pageSize();

    public static native int close(int fd);

    public static native int openFlags(int fd);

    /** fcntl(F_SETFL): 0 or -errno. */
    public static native int setOpenFlags(int fd, int flags);

    /** A second descriptor for the same open file (F_DUPFD_CLOEXEC), or -errno. */
    public static native int dup(int fd);

    /** poll(2) until {@code fd} takes more bytes (after EAGAIN on a non-blocking socket); 0 or -errno. */
    public static native int waitWritable(int fd);

    /** EAGAIN as the natives return it (-errno). */
    public static final int EAGAIN = -11;

    /** O_NONBLOCK on Linux (every architecture zcbench builds for). */
    public static final int O_NONBLOCK = 04000;

    public static native int oDirectFlag();

    /** Takes (true) or releases (false) a read lease on fd (F_SETLEASE); 0 or -errno. */
    public static native int setReadLease(int fd, boolean read);

    /** 1 when a writer waits for the read lease on fd to be released, 0 while it holds, or -errno. */
    public static native int leaseBroken(int fd);

    /** sched_setaffinity of the calling thread to one CPU; 0 or -errno. */
    public static native int pinThisThread(int cpu);

    /** sched_setaffinity of every thread of this process to one CPU; threads pinned, or -errno. */
    public static native int pinAllThreads(int cpu);

    /** Returns {@code rc} when it is not negative, else throws "CALL failed: EXXX (text)". */
    public static long check(long rc, String call) throws IOException {
        if (rc < 0) {
            throw new IOException(call + " failed: " + errnoText((int) -rc));
        }
        return rc;
    }

    /** The file descriptor behind a JDK channel or {@link java.io.FileDescriptor}. */
    public static int fd(Object channel) throws IOException {
        return (int) check(fdOf(channel), "fd of " + channel.getClass().getSimpleName());
    }
}
