package io.zcbench.harness.nativeio;

/**
 * libzcbench's natives for the page cache: posix_fadvise(2) and mincore(2) residency (zc_cache.c), registered by {@code
 * JNI_OnLoad}. Calls return {@code >= 0} or {@code -errno} unless they say otherwise; {@link Fds#check} turns a
 * negative result into an {@link java.io.IOException} naming the call and the errno. Call {@link
 * NativeLibrary#require(String)} before touching any method here.
 */
public final class Cache {
    static {
        // Registers the natives (JNI_OnLoad) the first time any of them is reached. JNI_OnLoad's FindClass initializes
        // this class while NativeLibrary is still initializing, so only touch it.
        NativeLibrary.touch();
    }

    private Cache() {
    }

    public static final int POSIX_FADV_WILLNEED = 3;
    public static final int POSIX_FADV_DONTNEED = 4;

    public static native int fadvise(int fd, long offset, long len, int advice);

    public static native long residentPages(int fd, long length);
}
