package io.zcbench.harness.nativeio;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * libzcbench's natives for the native twins: each path's whole transfer loop in C, and copy_file_range(2) (zc_twin.c
 * and zc_twin_*.c), registered by {@code JNI_OnLoad}. Calls return {@code >= 0} or {@code -errno} unless they say
 * otherwise; {@link Fds#check} turns a negative result into an {@link java.io.IOException} naming the call and the
 * errno. Call {@link NativeLibrary#require(String)} before touching any method here.
 */
public final class Twins {
    static {
        // Registers the natives (JNI_OnLoad) the first time any of them is reached. JNI_OnLoad's FindClass initializes
        // this class while NativeLibrary is still initializing, so only touch it.
        NativeLibrary.touch();
    }

    private Twins() {
    }

    static native long copyFileRange0(int in, long offIn, int out, long len);

    private static native int twinId0(String name);

    private static native long twinRun0(int id, TwinArgs args);

    /** One copy_file_range(2) from {@code in} at {@code offIn} to {@code out} at its position; throws naming the call. */
    public static long copyFileRange(int in, long offIn, int out, long len) throws IOException {
        return Fds.check(copyFileRange0(in, offIn, out, len), "copy_file_range");
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
     * {@link TwinFailure} naming the call that failed ("native twin (splice): Pipes.splice(pipe->dest) failed: EPIPE ...").
     */
    public static long twin(int id, String name, TwinArgs args) throws TwinFailure {
        long rc = twinRun0(id, args);
        if (rc < 0 || args.done != args.size) {
            throw failure("native twin (" + name + ")", args);
        }
        return args.done;
    }

    /** A failure of a loop in C (a twin's, or an io_uring path's step): the call that failed, or how far it got. */
    static TwinFailure failure(String who, TwinArgs a) {
        String call = a.failedCall == null ? "the loop" : a.failedCall;
        String what = a.errno != 0 ? call + " failed: " + Fds.errnoText(a.errno) : call + " at " + a.done + " of " + a.size + " bytes";
        return new TwinFailure(who + ": " + what, a.done);
    }
}
