package io.zcbench.harness.path;

import io.zcbench.harness.Ids;

/**
 * Which implementation of a path runs: the Java path, its native twin (the same loop in C), or the Java path with its
 * kernel calls made through FFM downcalls instead of JNI (JDK 22+).
 */
public enum Impl implements Ids.Id {
    JAVA, NATIVE, FFM;

    public static Impl parse(String text) {
        return Ids.parse(Impl.class, text, "impl");
    }
}
