package io.zcbench.harness.path.mechanism;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Maps a file region and unmaps it as soon as the transfer is done (munmap), instead of at some
 * later GC: thousands of transfers would otherwise pile up mappings. On JDK 22+ through the FFM API
 * ({@code FileChannel.map(mode, pos, size, Arena)}, closing the arena unmaps); on older JDKs through
 * {@code sun.misc.Unsafe.invokeCleaner}, as Netty and Lucene do (JDK 24+ warns that it will be
 * removed, so it is only the fallback). The Java 17 build reaches the FFM API by method handles.
 * Both routes make the same system calls: mmap, then munmap.
 */
public final class Unmapper {
    /** A mapped region; closing it unmaps. */
    public record Mapping(ByteBuffer buffer, Runnable unmap) implements AutoCloseable {
        @Override
        public void close() {
            unmap.run();
        }
    }

    private static final String ROUTE;
    private static final String REASON;
    // FFM (JDK 22+)
    private static final MethodHandle OF_CONFINED;
    private static final MethodHandle MAP_ARENA;
    private static final MethodHandle AS_BYTE_BUFFER;
    private static final MethodHandle CLOSE_ARENA;
    // Unsafe (JDK 17-21)
    private static final Object UNSAFE;
    private static final Method INVOKE_CLEANER;

    static {
        MethodHandle ofConfined = null;
        MethodHandle mapArena = null;
        MethodHandle asByteBuffer = null;
        MethodHandle closeArena = null;
        Object unsafe = null;
        Method cleaner = null;
        String route;
        String reason = null;
        if (Runtime.version().feature() >= 22) {
            try {
                MethodHandles.Lookup l = MethodHandles.publicLookup();
                Class<?> arena = Class.forName("java.lang.foreign.Arena");
                Class<?> segment = Class.forName("java.lang.foreign.MemorySegment");
                ofConfined = l.findStatic(arena, "ofConfined", MethodType.methodType(arena));
                mapArena = l.findVirtual(FileChannel.class, "map",
                        MethodType.methodType(segment, FileChannel.MapMode.class, long.class, long.class, arena));
                asByteBuffer = l.findVirtual(segment, "asByteBuffer", MethodType.methodType(ByteBuffer.class));
                closeArena = l.findVirtual(arena, "close", MethodType.methodType(void.class));
            } catch (ReflectiveOperationException e) {
                ofConfined = null;
            }
        }
        if (ofConfined != null) {
            route = "FileChannel.map with a confined Arena (FFM)";
        } else {
            try {
                Class<?> cls = Class.forName("sun.misc.Unsafe");
                Field f = cls.getDeclaredField("theUnsafe");
                f.setAccessible(true);
                unsafe = f.get(null);
                cleaner = cls.getMethod("invokeCleaner", ByteBuffer.class);
                route = "FileChannel.map + sun.misc.Unsafe.invokeCleaner";
            } catch (ReflectiveOperationException | RuntimeException e) {
                route = null;
                reason = "no way to unmap promptly on this JDK: sun.misc.Unsafe.invokeCleaner unavailable (" + e + ")";
            }
        }
        OF_CONFINED = ofConfined;
        MAP_ARENA = mapArena;
        AS_BYTE_BUFFER = asByteBuffer;
        CLOSE_ARENA = closeArena;
        UNSAFE = unsafe;
        INVOKE_CLEANER = cleaner;
        ROUTE = route;
        REASON = reason;
    }

    private Unmapper() {
    }

    /** Why regions cannot be unmapped promptly here, or {@code null} when they can. */
    public static String unavailableReason() {
        return REASON;
    }

    public static Mapping map(FileChannel channel, long position, long size) throws IOException {
        if (OF_CONFINED != null) {
            try {
                Object arena = OF_CONFINED.invoke();
                try {
                    Object segment = MAP_ARENA.invoke(channel, FileChannel.MapMode.READ_ONLY, position, size, arena);
                    return new Mapping((ByteBuffer) AS_BYTE_BUFFER.invoke(segment), () -> invokeClose(arena));
                } catch (Throwable t) {
                    invokeClose(arena);
                    throw t;
                }
            } catch (IOException | RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException("FileChannel.map with an Arena failed: " + t, t);
            }
        }
        if (INVOKE_CLEANER == null) {
            throw new IllegalStateException(REASON);
        }
        MappedByteBuffer buffer = channel.map(FileChannel.MapMode.READ_ONLY, position, size);
        return new Mapping(buffer, () -> {
            try {
                INVOKE_CLEANER.invoke(UNSAFE, buffer);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("munmap through invokeCleaner failed: " + e.getCause(), e);
            }
        });
    }

    private static void invokeClose(Object arena) {
        try {
            CLOSE_ARENA.invoke(arena);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("closing the mapping's arena failed: " + t, t);
        }
    }
}
