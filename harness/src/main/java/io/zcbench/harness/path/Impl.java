package io.zcbench.harness.path;

import io.zcbench.harness.UsageException;

/** Which implementation of a path runs: the Java path, or its native twin (the same loop in C). */
public enum Impl {
    JAVA("java"), NATIVE("native");

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
        throw new UsageException("unknown impl '" + text + "'; choose java or native");
    }
}
