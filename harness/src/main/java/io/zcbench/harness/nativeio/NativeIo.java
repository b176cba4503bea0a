package io.zcbench.harness.nativeio;

import java.io.IOException;
import java.nio.ByteBuffer;

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

    /** fcntl(F_SETFL): 0 or -errno. */
    public static native int setOpenFlags(int fd, int flags);

    /** A second descriptor for the same open file (F_DUPFD_CLOEXEC), or -errno. */
    public static native int dup(int fd);

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

    // zc_progress.c
    /** Bytes the TCP peer acknowledged on this socket since it connected (TCP_INFO), or -errno. */
    public static native long tcpBytesAcked(int fd);

    /**
     * Aborts a TCP connection, keeping its descriptor (connect(AF_UNSPEC): a reset, the send queue purged, pending
     * zero-copy notifications posted); 0 or -errno.
     */
    public static native int abortConnection(int fd);

    /** Bytes a TCP socket has received since it connected (TCP_INFO tcpi_bytes_received), or -errno. */
    public static native long tcpBytesReceived(int fd);

    private static native int tcpState0(int fd, long[] out);

    /**
     * A TCP connection's state as TCP_INFO and SO_SNDBUF have it: [0] congestion window (segments), [1] smoothed RTT (us),
     * [2] delivery rate (B/s), [3] send buffer (B), [4] send MSS (B), [5] retransmissions, [6] pacing rate (B/s). 0 or -errno.
     */
    public static int tcpState(int fd, long[] out) {
        if (out.length < 7) {
            throw new IllegalArgumentException("tcpState needs 7 longs");
        }
        return tcpState0(fd, out);
    }

    // zc_recv.c: the sink's receive methods

    /** Discards {@code length} bytes from a TCP socket with recv(MSG_TRUNC), no copy; the bytes discarded, or -errno. */
    public static native long recvTrunc(int fd, long length);

    /** Maps {@code mapLen} bytes of a TCP socket for TCP_ZEROCOPY_RECEIVE; a handle, or -errno. */
    public static native long zerocopyRxOpen(int fd, int mapLen);

    /**
     * Receives {@code length} bytes with TCP_ZEROCOPY_RECEIVE into the handle's mapping, reading what the kernel will
     * not map (its recv_skip_hint); out: [0] bytes mapped, [1] bytes copied. The bytes received, or -errno.
     */
    public static native long zerocopyRx(long handle, int fd, long length, long[] out);

    public static native void zerocopyRxClose(long handle);

    /** TCP_MAXSEG on a socket (on a listener: the MSS its connections advertise); 0 or -errno. */
    public static native int setMaxSegment(int fd, int mss);

    // zc_counters.c
    public static native int perfOpen(int type, long config, int groupFd, int flags);

    public static native int perfSetFilter(int fd, String filter);

    public static native int perfReadGroup(int leaderFd, long[] out);

    /** Enables or disables a whole perf group (PERF_IOC_FLAG_GROUP). */
    public static native int perfEnable(int leaderFd, boolean on);

    public static native int rusageThread(long[] out);

    // zc_twin.c and zc_twin_*.c: raw natives stay private; the wrappers below name the failing call and the bytes done.
    private static native long copyFileRange0(int in, long offIn, int out, long len);

    private static native int twinId0(String name);

    private static native long twinRun0(int id, TwinArgs args);

    /** One copy_file_range(2) from {@code in} at {@code offIn} to {@code out} at its position; throws naming the call. */
    public static long copyFileRange(int in, long offIn, int out, long len) throws IOException {
        return check(copyFileRange0(in, offIn, out, len), "copy_file_range");
    }

    /**
     * The arguments of one transfer loop in C, as its {@code zc_twin_args} struct has them (zc_twin.h): a path fills the
     * fields its loop reads, once, and sets {@link #out} and {@link #size} per transfer; C writes the outcome back.
     */
    public static final class TwinArgs {
        public int in = -1;
        public int out = -1;
        public long size;
        public int chunk;
        /** The path's direct (or O_DIRECT-aligned) buffer. */
        public ByteBuffer buffer;
        /** traditional-heap's heap array. */
        public byte[] heap;
        public int pipeRead = -1;
        public int pipeWrite = -1;
        /** > 0: the destination is an O_DIRECT file written in whole blocks of this size. */
        public int directBlock;
        /** > 0: the source is read in whole blocks of this size (io-uring-direct). */
        public int readBlock;
        /** The io_uring the "io-uring" twin steps. */
        public long ring;
        /** Counts a path keeps across transfers (msg-zerocopy: sends, completed, copied), cumulative. */
        public final long[] counts = new long[3];
        /** Set by C: bytes moved, the call that failed (null: none) and its errno. */
        public long done;
        public String failedCall;
        public int errno;
    }

    /** A native twin registered in libzcbench under {@code name} ("splice", "read-write", ...); an id for {@link #twin}. */
    public static int twinId(String name) {
        int id = twinId0(name);
        if (id < 0) {
            throw new IllegalStateException("libzcbench has no native twin named '" + name + "'");
        }
        return id;
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
     * Runs twin {@code id}'s whole transfer loop in C with {@code args}; returns the bytes moved, or throws
     * {@link TwinFailure} naming the call that failed ("native twin (splice): splice(pipe->dest) failed: EPIPE ...").
     */
    public static long twin(int id, String name, TwinArgs args) throws TwinFailure {
        long rc = twinRun0(id, args);
        if (rc < 0 || args.done != args.size) {
            throw failure("native twin (" + name + ")", args);
        }
        return args.done;
    }

    private static TwinFailure failure(String who, TwinArgs a) {
        String call = a.failedCall == null ? "the loop" : a.failedCall;
        String what = a.errno != 0 ? call + " failed: " + errnoText(a.errno) : call + " at " + a.done + " of " + a.size + " bytes";
        return new TwinFailure(who + ": " + what, a.done);
    }

    // zc_zerocopy.c: MSG_ZEROCOPY and vmsplice
    private static native int enableZerocopy0(int fd);

    private static native long sendZerocopy0(int fd, long address, long len, long[] done);

    private static native int reapZerocopy0(int fd, boolean wait, long[] done);

    private static native long vmsplice0(int pipeWrite, long address, long len);

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
        return check(sendZerocopy0(fd, address, len, done), "send(MSG_ZEROCOPY)");
    }

    /**
     * Reads every MSG_ZEROCOPY notification waiting on the socket's error queue (first waiting for one with
     * {@code wait}), adding completed send ids to {@code done[0]} and those the kernel copied to {@code done[1]};
     * throws when the error queue holds a socket error instead.
     */
    public static int reapZerocopy(int fd, boolean wait, long[] done) throws IOException {
        return (int) check(reapZerocopy0(fd, wait, done), "recvmsg(MSG_ERRQUEUE)");
    }

    /** One vmsplice(2) of {@code len} bytes at {@code address} into a pipe; throws naming the call. */
    public static long vmsplice(int pipeWrite, long address, long len) throws IOException {
        return check(vmsplice0(pipeWrite, address, len), "vmsplice");
    }

    /** The address of a direct or mapped buffer's memory. */
    public static long address(ByteBuffer buffer) {
        long a = bufferAddress0(buffer);
        if (a == 0) {
            throw new IllegalArgumentException("not a direct buffer");
        }
        return a;
    }

    // zc_uring.c and zc_uring_*.c: io_uring without liburing
    private static native long uringOpen0(int entries, int buffers, int bufferSize, int[] info);

    private static native void uringClose0(long handle);

    private static native int uringMode0(String name);

    private static native int uringBegin0(long handle, int mode, TwinArgs args);

    private static native long uringStep0(long handle, int chunk, TwinArgs args);

    private static native void uringCounts0(long handle, long[] out);

    private static native long uringFinishedFlag0();

    /** Bit set in {@link #uringStep}'s result when the transfer is finished; read from C. */
    private static final class Uring {
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
            throw new IOException(stage + " failed: " + errnoText(info[1]));
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
    public static void uringBegin(long handle, int mode, TwinArgs args) {
        if (uringBegin0(handle, mode, args) < 0) {
            throw new IllegalStateException("io_uring mode " + mode + " is not registered in libzcbench");
        }
    }

    /** One io_uring_enter of the transfer: bytes sent so far, flagged as {@link #uringFinished} at the end. */
    public static long uringStep(long handle, int chunk, TwinArgs args) throws TwinFailure {
        long s = uringStep0(handle, chunk, args);
        if (s < 0) {
            throw failure("io_uring", args);
        }
        return s;
    }

    /** Whether a {@link #uringStep} result says the transfer is finished (every byte sent, every notification in). */
    public static boolean uringFinished(long step) {
        return (step & Uring.FINISHED) != 0;
    }

    /** Bytes sent in a {@link #uringStep} result. */
    public static long uringSent(long step) {
        return step & ~Uring.FINISHED;
    }

    /** Since the ring was opened: [0] SEND_ZC notifications, [1] of them copied, [2] io_uring_enter calls. */
    public static void uringCounts(long handle, long[] out) {
        uringCounts0(handle, out);
    }

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

    // zc_ledger.c: the copy ledger
    private static native int ledgerLoadSymbols0(String[] copyRoutines, String[] helpers);

    private static native String ledgerSymbolName0(int index);

    private static native long ledgerOpen0(int tid, int groupFd, long periodNs, int tracepointId, int lenOffset, int pages);

    private static native int ledgerEnable0(long handle, boolean on);

    private static native long ledgerDrain0(long handle, long[] out);

    private static native void ledgerClose0(long handle);

    private static native int ledgerOutLength0();

    /**
     * Has libzcbench read the kernel's text symbols from /proc/kallsyms (once per process) and class them: symbols,
     * -EPERM when the addresses read as 0 (kernel.kptr_restrict), or -errno.
     */
    public static int ledgerLoadSymbols(String[] copyRoutines, String[] helpers) {
        return ledgerLoadSymbols0(copyRoutines, helpers);
    }

    /** The name of a symbol a ledger drain reported, or null. */
    public static String ledgerSymbolName(int index) {
        return ledgerSymbolName0(index);
    }

    /** Opens a ledger's sampling events on {@code tid} (0: this thread), in {@code groupFd}'s group or their own; handle or -errno. */
    public static long ledgerOpen(int tid, int groupFd, long periodNs, int tracepointId, int lenOffset, int pages) {
        return ledgerOpen0(tid, groupFd, periodNs, tracepointId, lenOffset, pages);
    }

    /** Switches a ledger with a group of its own; 0 or -errno. */
    public static int ledgerEnable(long handle, boolean on) {
        return ledgerEnable0(handle, on);
    }

    /** Adds the records since the last drain to {@code out} ({@link #ledgerOutLength} longs); records or -errno. */
    public static long ledgerDrain(long handle, long[] out) {
        if (out.length < ledgerOutLength0()) {
            throw new IllegalArgumentException("a ledger drain needs " + ledgerOutLength0() + " longs");
        }
        return ledgerDrain0(handle, out);
    }

    public static int ledgerOutLength() {
        return ledgerOutLength0();
    }

    public static void ledgerClose(long handle) {
        ledgerClose0(handle);
    }

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
