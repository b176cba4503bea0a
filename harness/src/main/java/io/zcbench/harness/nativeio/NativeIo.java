package io.zcbench.harness.nativeio;

import java.io.IOException;

/**
 * The natives of libzcbench, registered by {@code JNI_OnLoad}. Hot-path calls return {@code >= 0}
 * or {@code -errno}; {@link #check} turns a negative result into an {@link IOException} naming the
 * call and the errno. Call {@link NativeLibrary#require(String)} before touching any method here.
 */
public final class NativeIo {
    public static final int SPLICE_F_MOVE = 1;
    public static final int SPLICE_F_NONBLOCK = 2;
    public static final int SPLICE_F_MORE = 4;

    public static final int POSIX_FADV_WILLNEED = 3;
    public static final int POSIX_FADV_DONTNEED = 4;

    public static final int PERF_EXCLUDE_USER = 1;
    public static final int PERF_EXCLUDE_KERNEL = 2;
    public static final int PERF_EXCLUDE_HV = 4;

    static {
        // Registers the natives (JNI_OnLoad) the first time any of them is reached. JNI_OnLoad's
        // FindClass initializes this class while NativeLibrary is still initializing, so only touch it.
        NativeLibrary.touch();
    }

    private NativeIo() {
    }

    // zc_fd.c
    public static native int fdOf(Object channelOrFileDescriptor);

    public static native String errnoText(int errno);

    public static native int gettid();

    public static native int pageSize();

    public static native int close(int fd);

    public static native int openFlags(int fd);

    public static native int oDirectFlag();

    /** Takes (true) or releases (false) a read lease on fd (F_SETLEASE); 0 or -errno. */
    public static native int setReadLease(int fd, boolean read);

    /** 1 when a writer waits for the read lease on fd to be released, 0 while it holds, or -errno. */
    public static native int leaseBroken(int fd);

    /** sched_setaffinity of the calling thread to one CPU; 0 or -errno. */
    public static native int pinThisThread(int cpu);

    /** sched_setaffinity of every thread of this process to one CPU; threads pinned, or -errno. */
    public static native int pinAllThreads(int cpu);

    // zc_splice.c
    public static native long pipe();

    public static native int setPipeSize(int fd, int size);

    public static native int pipeSize(int fd);

    public static native long splice(int fdIn, long offIn, int fdOut, long offOut, long len, int flags);

    public static native int openDevNull();

    // zc_cache.c
    public static native int fadvise(int fd, long offset, long len, int advice);

    public static native long residentPages(int fd, long length);

    // zc_socket.c
    public static native int setCongestion(int fd, String algorithm);

    public static native String congestion(int fd);

    /** Fills {@code out} with scatter-gather, TSO, GSO, GRO, tx-csum, rx-csum: 0/1 or -errno each. */
    public static native int ethtoolOffloads(String ifname, int[] out);

    /** The interface's driver (ETHTOOL_GDRVINFO), or null when it reports none. */
    public static native String ethtoolDriver(String ifname);

    // zc_counters.c
    public static native int perfOpen(int type, long config, int groupFd, int flags);

    public static native int perfSetFilter(int fd, String filter);

    public static native int perfReadGroup(int leaderFd, long[] out);

    /** Enables or disables a whole perf group (PERF_IOC_FLAG_GROUP). */
    public static native int perfEnable(int leaderFd, boolean on);

    public static native int rusageThread(long[] out);

    // zc_twin.c: raw natives stay private; the wrapper below names the failing call and the bytes done.
    private static native long twin0(int kind, int in, int out, long size, int chunk, java.nio.ByteBuffer buf,
                                     byte[] heap, int pipeRead, int pipeWrite, int alignment, long[] result);

    private static native int[] twinKinds0();

    private static native long copyFileRange0(int in, long offIn, int out, long len);

    /** One copy_file_range(2) from {@code in} at {@code offIn} to {@code out} at its position; throws naming the call. */
    public static long copyFileRange(int in, long offIn, int out, long len) throws IOException {
        return check(copyFileRange0(in, offIn, out, len), "copy_file_range");
    }

    private static native String twinCallName0(int call);

    /** The twin loops libzcbench implements, in the order of {@link TwinKind}; read from C, never retyped. */
    public enum TwinKind {
        READ_WRITE, READ_COPY2_WRITE, MMAP_WRITE, SENDFILE, SPLICE, O_DIRECT, COPY_FILE_RANGE;

        private int code() {
            return Kinds.CODES[ordinal()];
        }
    }

    /** Read from C on first use (not while JNI_OnLoad initializes this class). */
    private static final class Kinds {
        static final int[] CODES = twinKinds0();
    }

    /** A native twin failed: which call, how many bytes had moved. */
    public static final class TwinFailure extends IOException {
        private final long bytesDone;

        TwinFailure(String message, long bytesDone) {
            super(message);
            this.bytesDone = bytesDone;
        }

        public long bytesDone() {
            return bytesDone;
        }
    }

    /**
     * Runs one path's whole transfer loop in C. {@code alignment} > 1 marks an O_DIRECT destination file
     * (padded pwrite, then ftruncate). Returns the bytes moved; throws {@link TwinFailure} naming the call.
     */
    public static long twin(TwinKind kind, int in, int out, long size, int chunk, java.nio.ByteBuffer buf,
                            byte[] heap, int pipeRead, int pipeWrite, int alignment) throws TwinFailure {
        long[] r = TWIN_RESULT.get(); // no allocation per operation on the measured path
        long rc = twin0(kind.code(), in, out, size, chunk, buf, heap, pipeRead, pipeWrite, alignment, r);
        if (rc < 0 || r[0] != size) {
            String call = twinCallName0((int) r[1]);
            String what = r[2] != 0 ? call + " failed: " + errnoText((int) r[2]) : call + " at " + r[0] + " of " + size + " bytes";
            throw new TwinFailure("native twin (" + kind.name().toLowerCase(java.util.Locale.ROOT) + "): " + what, r[0]);
        }
        return r[0];
    }

    private static final ThreadLocal<long[]> TWIN_RESULT = ThreadLocal.withInitial(() -> new long[3]);

    // zc_cpusplit.c
    private static native long cpuSplitOpen0(int groupFd, int[] tracepointIds, int pages);

    private static native long cpuSplitDrain0(long handle, long[] out);

    private static native void cpuSplitClose0(long handle);

    private static native int cpuSplitOutLength0();

    /** Opens the CPU-split events as members of {@code groupFd}; a handle, or -errno. */
    public static long cpuSplitOpen(int groupFd, int[] tracepointIds, int pages) {
        return cpuSplitOpen0(groupFd, tracepointIds, pages);
    }

    /** Adds the records since the last drain to {@code out}; records read, or -errno. */
    public static long cpuSplitDrain(long handle, long[] out) {
        if (out.length < cpuSplitOutLength0()) {
            throw new IllegalArgumentException("cpu split needs " + cpuSplitOutLength0() + " longs");
        }
        return cpuSplitDrain0(handle, out);
    }

    public static void cpuSplitClose(long handle) {
        cpuSplitClose0(handle);
    }

    /** The calling thread's scheduler runtime (sum_exec_runtime) in ns, up to date; or -errno. */
    public static native long threadCpuNs();

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
