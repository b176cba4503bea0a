package io.zcbench.harness.path;

import io.zcbench.harness.UsageException;

/**
 * Which implementation of a path runs: the Java path, its native twin (the same loop in C), or the Java path with its
 * kernel calls made through FFM downcalls instead of JNI (JDK 22+).
 */
public enum Impl {
    JAVA("java"), NATIVE("native"), FFM("ffm");

    private final String id;

    Impl(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Impl parse(String text) {
        for (Impl i : values()) {
            if (i.id.equals(text)) {
                return i;
            }
        }
        throw new UsageException("unknown impl '" + text + "'; choose java, native or ffm");
    }
}
