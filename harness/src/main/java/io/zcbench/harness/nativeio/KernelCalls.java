package io.zcbench.harness.nativeio;

/**
 * The kernel calls the JNI paths make per chunk, through one of two Java APIs: libzcbench's JNI natives (the paths'
 * own), or downcalls of the Foreign Function &amp; Memory API (JDK 22+, impl=ffm) straight into the C library's
 * wrappers. Each returns what the JNI natives return: bytes moved, or -errno; EINTR is retried by both. An instance
 * holds the memory its calls pass by pointer (offsets, the iovec) and serves one thread.
 */
public interface KernelCalls {
    /** "JNI" or "FFM", for labels. */
    String api();

    /** splice(2); an offset below 0 passes NULL (the fd's own position). */
    long splice(int fdIn, long offIn, int fdOut, long offOut, long len, int flags);

    /** vmsplice(2) of one iovec of {@code len} bytes at {@code address}, flags 0. */
    long vmsplice(int pipeWrite, long address, long len);

    /** copy_file_range(2) from {@code offIn}, to the output's own position, flags 0. */
    long copyFileRange(int in, long offIn, int out, long len);

    /** libzcbench's JNI natives: what the paths call unless impl=ffm. */
    KernelCalls JNI = new KernelCalls() {
        @Override
        public String api() {
            return "JNI";
        }

        @Override
        public long splice(int fdIn, long offIn, int fdOut, long offOut, long len, int flags) {
            return Pipes.splice(fdIn, offIn, fdOut, offOut, len, flags);
        }

        @Override
        public long vmsplice(int pipeWrite, long address, long len) {
            return Zerocopy.vmsplice0(pipeWrite, address, len);
        }

        @Override
        public long copyFileRange(int in, long offIn, int out, long len) {
            return Twins.copyFileRange0(in, offIn, out, len);
        }
    };

    /** New FFM downcalls for one thread; {@link IllegalStateException} with the reason where there are none. */
    static KernelCalls ffm() {
        return ForeignCalls.open();
    }

    /** Why FFM downcalls cannot be had in this JVM and build, or null. */
    static String ffmUnavailable() {
        return ForeignCalls.unavailable();
    }
}
