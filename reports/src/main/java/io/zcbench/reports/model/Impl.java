package io.zcbench.reports.model;

import java.util.Locale;

/**
 * Which implementation of a path a row measured, from its {@code impl} parameter: zcbench's Java path, its native twin
 * alone (the loop in C), both alternating in the same forks, or the Java path's kernel calls through FFM alternating
 * with the same path through JNI (ffm). Runs from before the parameter are Java.
 */
public enum Impl {
    JAVA, NATIVE, PAIRED, FFM;

    /** The parameter's value: java, native or paired. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The value of an impl parameter; absent (older runs) is java. An unknown value is refused. */
    public static Impl of(String param) {
        if (param == null) {
            return JAVA;
        }
        for (Impl i : values()) {
            if (i.id().equals(param)) {
                return i;
            }
        }
        throw new IllegalArgumentException("impl=" + param + " is not java, native, paired or ffm");
    }

    @Override
    public String toString() {
        return id();
    }
}
