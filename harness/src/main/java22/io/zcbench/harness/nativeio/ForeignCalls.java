package io.zcbench.harness.nativeio;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@link KernelCalls} as FFM downcalls (JDK 22+, from META-INF/versions/22 of the jar): the C library's splice,
 * vmsplice and copy_file_range, found by the native linker's default lookup, each handle capturing errno after the
 * call (Linker.Option.captureCallState), as a Java program moving off JNI would write them. The pointers the calls
 * take (offsets, the iovec) are one segment per instance, allocated once: an operation allocates nothing.
 */
final class ForeignCalls implements KernelCalls {
    private static final int EINTR = 4;
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle SPLICE = downcall("splice",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle VMSPLICE = downcall("vmsplice",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle COPY_FILE_RANGE = downcall("copy_file_range",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));

    private final MemorySegment state;
    private final MemorySegment offIn;
    private final MemorySegment offOut;
    private final MemorySegment iov;

    private ForeignCalls() {
        Arena arena = Arena.ofAuto();
        state = arena.allocate(STATE);
        offIn = arena.allocate(JAVA_LONG);
        offOut = arena.allocate(JAVA_LONG);
        iov = arena.allocate(16, 8); // struct iovec { void *iov_base; size_t iov_len; }
    }

    static KernelCalls open() {
        return new ForeignCalls();
    }

    static String unavailable() {
        return null;
    }

    private static MethodHandle downcall(String name, FunctionDescriptor fd) {
        MemorySegment symbol = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new IllegalStateException("the C library has no " + name + " for an FFM downcall"));
        return LINKER.downcallHandle(symbol, fd, Linker.Option.captureCallState("errno"));
    }

    private int errno() {
        return (int) ERRNO.get(state, 0L);
    }

    @Override
    public String api() {
        return "FFM";
    }

    @Override
    public long splice(int fdIn, long offsetIn, int fdOut, long offsetOut, long len, int flags) {
        MemorySegment in = MemorySegment.NULL;
        MemorySegment out = MemorySegment.NULL;
        if (offsetIn >= 0) {
            offIn.set(JAVA_LONG, 0, offsetIn);
            in = offIn;
        }
        if (offsetOut >= 0) {
            offOut.set(JAVA_LONG, 0, offsetOut);
            out = offOut;
        }
        try {
            long n;
            do {
                n = (long) SPLICE.invokeExact(state, fdIn, in, fdOut, out, len, flags);
            } while (n < 0 && errno() == EINTR);
            return n < 0 ? -errno() : n;
        } catch (Throwable t) {
            throw new IllegalStateException("FFM downcall of splice failed", t);
        }
    }

    @Override
    public long vmsplice(int pipeWrite, long address, long len) {
        iov.set(JAVA_LONG, 0, address);
        iov.set(JAVA_LONG, 8, len);
        try {
            long n;
            do {
                n = (long) VMSPLICE.invokeExact(state, pipeWrite, iov, 1L, 0);
            } while (n < 0 && errno() == EINTR);
            return n < 0 ? -errno() : n;
        } catch (Throwable t) {
            throw new IllegalStateException("FFM downcall of vmsplice failed", t);
        }
    }

    @Override
    public long copyFileRange(int in, long offsetIn, int out, long len) {
        offIn.set(JAVA_LONG, 0, offsetIn);
        try {
            long n;
            do {
                n = (long) COPY_FILE_RANGE.invokeExact(state, in, offIn, out, MemorySegment.NULL, len, 0);
            } while (n < 0 && errno() == EINTR);
            return n < 0 ? -errno() : n;
        } catch (Throwable t) {
            throw new IllegalStateException("FFM downcall of copy_file_range failed", t);
        }
    }
}
