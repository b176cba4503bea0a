package io.zcbench.harness.path;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.MappedByteBuffer;

/**
 * Unmaps a {@link MappedByteBuffer} now (munmap) instead of at some later GC, through
 * {@code sun.misc.Unsafe.invokeCleaner} (module jdk.unsupported), as Netty and Lucene do on JDK 17.
 * Without it thousands of transfers would pile up mappings until the collector ran.
 */
final class Unmapper {
    private static final Object UNSAFE;
    private static final Method INVOKE_CLEANER;
    private static final String REASON;

    static {
        Object unsafe = null;
        Method m = null;
        String reason = null;
        try {
            Class<?> cls = Class.forName("sun.misc.Unsafe");
            Field f = cls.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            unsafe = f.get(null);
            m = cls.getMethod("invokeCleaner", java.nio.ByteBuffer.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            reason = "sun.misc.Unsafe.invokeCleaner unavailable: " + e;
        }
        UNSAFE = unsafe;
        INVOKE_CLEANER = m;
        REASON = reason;
    }

    private Unmapper() {
    }

    /** Why buffers cannot be unmapped promptly, or {@code null} when they can. */
    static String unavailableReason() {
        return REASON;
    }

    static void unmap(MappedByteBuffer buffer) {
        if (INVOKE_CLEANER == null) {
            throw new IllegalStateException(REASON);
        }
        try {
            INVOKE_CLEANER.invoke(UNSAFE, buffer);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("munmap through invokeCleaner failed: " + e.getCause(), e);
        }
    }
}
