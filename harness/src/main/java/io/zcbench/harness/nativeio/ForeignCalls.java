package io.zcbench.harness.nativeio;

/**
 * The FFM downcalls of {@link KernelCalls}: this is the class a JDK before 22 loads, which has none. The build puts
 * the real one, compiled for release 22, under META-INF/versions/22 of the jar (a multi-release jar), so a JDK 22+
 * fork running the jar loads that one instead, and the JDK 17 build and its forks stay as they were.
 */
final class ForeignCalls {
    private ForeignCalls() {
    }

    static KernelCalls open() {
        throw new IllegalStateException(unavailable());
    }

    static String unavailable() {
        return Runtime.version().feature() < 22
                ? "the FFM API (java.lang.foreign) needs JDK 22 or later; this JVM is " + System.getProperty("java.runtime.version")
                : "this JVM did not load the FFM classes: they exist only in the packaged jars (a multi-release part, "
                        + "compiled when the build finds a JDK 22+ compiler, -Dzcbench.jdk22=JDK_HOME)";
    }
}
