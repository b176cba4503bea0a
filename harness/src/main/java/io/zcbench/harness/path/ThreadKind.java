package io.zcbench.harness.path;

import io.zcbench.harness.Ids;
import io.zcbench.harness.UsageException;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import java.util.Set;

/**
 * The kind of thread a path's operations run on: a platform thread (the default), or a virtual thread (JDK 21+) on a
 * scheduler of exactly one carrier, so that the per-thread counters, which follow a kernel thread, follow the carrier
 * and nothing else runs there but the benchmark's virtual thread and the JDK's own pollers. Built for Java 17: the
 * virtual-thread API is reached through method handles, and refused with the reason on a JDK before 21.
 */
public enum ThreadKind implements Ids.Id {
    PLATFORM, VIRTUAL;

    /**
     * What a JVM needs so that its benchmark threads are virtual on one carrier: JMH's virtual executor, one carrier,
     * and no compensating carrier for blocking file calls either (maxPoolSize 1), so the carrier's thread id never
     * changes under the counters.
     */
    public static final List<String> FORK_FLAGS = List.of("-Djmh.executor=VIRTUAL",
            "-Djdk.virtualThreadScheduler.parallelism=1", "-Djdk.virtualThreadScheduler.maxPoolSize=1");

    /** The paths measured on virtual threads: the JDK's own I/O, and splice as the JNI path. */
    private static final Set<String> ON_VIRTUAL = Set.of("traditional", "traditional-heap", "mmap-write", "transfer-to",
            "splice");

    private static final MethodHandle IS_VIRTUAL = isVirtualHandle();

    public static ThreadKind parse(String text) {
        return Ids.parse(ThreadKind.class, text, "thread kind");
    }

    /** Why virtual threads cannot run in this JVM (a JDK before 21), or null. */
    public static String virtualUnavailable() {
        return IS_VIRTUAL == null ? "virtual threads need JDK 21 or later; this JVM is " + System.getProperty("java.runtime.version")
                : null;
    }

    /** Whether the calling thread is a virtual thread (never on a JDK before 21). */
    public static boolean currentIsVirtual() {
        if (IS_VIRTUAL == null) {
            return false;
        }
        try {
            return (boolean) IS_VIRTUAL.invokeExact(Thread.currentThread());
        } catch (Throwable t) {
            throw new IllegalStateException("Thread.isVirtual failed", t);
        }
    }

    /** Why {@code path} is not measured on this kind of thread, or null. */
    public String refusal(PathInfo path) {
        if (this == PLATFORM || ON_VIRTUAL.contains(path.id())) {
            return null;
        }
        if (path.framework() != null) {
            return "thread=virtual: " + path.framework().name() + " makes " + path.id()
                    + "'s calls on its own event loop, a platform thread, whatever thread asks for the transfer";
        }
        return "thread=virtual is measured for " + String.join(", ", ON_VIRTUAL.stream().sorted().toList())
                + "; " + path.id() + "'s calls through libzcbench would hold the carrier in native code as splice's do";
    }

    /**
     * Starts {@code task} on a new virtual thread of the default scheduler (for {@code copy --thread virtual}; set
     * {@link #FORK_FLAGS}' scheduler properties before the first virtual thread of the JVM for one carrier).
     */
    public static Thread startVirtual(String name, Runnable task) {
        String why = virtualUnavailable();
        if (why != null) {
            throw new UsageException(why);
        }
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            Class<?> ofVirtual = Class.forName("java.lang.Thread$Builder$OfVirtual");
            builder = ofVirtual.getMethod("name", String.class).invoke(builder, name);
            return (Thread) ofVirtual.getMethod("start", Runnable.class).invoke(builder, task);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot start a virtual thread: " + e, e);
        }
    }

    private static MethodHandle isVirtualHandle() {
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null; // JDK 17-20
        }
    }
}
